// A room's slot timer: one slot per tick, never two at once (a tick that finds the last slot still playing
// starts the next one as soon as that is applied, rather than a whole tick later), pausable, with the timings
// `npm run bench:server` reads.

export interface SlotTimings {
  /** performance.now() when each slot began. */
  startedAt: number[];
  /** Time each slot's outcome blocked this thread (applying the projection, sending refusals and views), ms. */
  workMs: number[];
  /** From the tick to the outcome applied, ms: the engine thread's work and its queue included. */
  latencyMs: number[];
  /** Ticks that found the previous slot still playing (their slot started when it was applied). */
  deferred: number;
}

/** The room's side of a slot: play it (in the engine thread), then apply what came back, timed apart. */
export interface SlotPlayer {
  play(): Promise<(() => void) | null>;
  onError(error: unknown): void;
}

type SetInterval = (callback: () => void, ms: number) => { clear(): void };

export class SlotClock {
  readonly timings: SlotTimings = { startedAt: [], workMs: [], latencyMs: [], deferred: 0 };
  private timer: { clear(): void } | null = null;
  private inFlight: Promise<void> | null = null;
  /** A tick came while a slot was playing: the next slot starts once that one is applied. */
  private due = false;
  private paused = false;
  private slotMs = 0;
  private readonly setInterval: SetInterval;
  private readonly player: SlotPlayer;

  constructor(setInterval: SetInterval, player: SlotPlayer) {
    this.setInterval = setInterval;
    this.player = player;
  }

  get running(): boolean {
    return this.timer !== null;
  }

  /** Starts ticking (a new round: its timings start afresh, so a room keeps a bounded record). */
  start(slotMs: number): void {
    this.stop();
    this.slotMs = slotMs;
    this.paused = false;
    this.timings.startedAt.length = 0;
    this.timings.workMs.length = 0;
    this.timings.latencyMs.length = 0;
    this.timings.deferred = 0;
    this.due = false;
    this.timer = this.setInterval(() => this.tick(), slotMs);
  }

  stop(): void {
    this.timer?.clear();
    this.timer = null;
  }

  /** No slot starts from now on; resolves once the slot in flight, if any, is applied. */
  async pause(): Promise<void> {
    this.paused = true;
    await this.inFlight;
  }

  resume(): void {
    this.paused = false;
  }

  /** When the next slot starts (ms since the epoch), for the synced countdown. */
  nextSlotAt(): number {
    return Date.now() + this.slotMs;
  }

  private tick(): void {
    if (this.paused) return;
    if (this.inFlight) {
      if (!this.due) this.timings.deferred += 1;
      this.due = true;
      return;
    }
    const started = performance.now();
    this.timings.startedAt.push(started);
    this.inFlight = this.player
      .play()
      .then((apply) => {
        if (!apply) return;
        const applying = performance.now();
        apply();
        this.timings.workMs.push(performance.now() - applying);
        this.timings.latencyMs.push(performance.now() - started);
      })
      .catch((error) => this.player.onError(error))
      .finally(() => {
        this.inFlight = null;
        if (!this.due) return;
        this.due = false;
        if (this.timer) this.tick();
      });
  }
}
