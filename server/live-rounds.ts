// A room's rounds, apart from Colyseus and the synced state: each round's match in the engine thread, its slot
// timer, its stored record, the next round's parameters, and restarts one after another (the last request
// wins). The room (server/arena-room.ts) hears of each round started, slot played and round stopped.
import type { EnginePool } from "./engine-pool.ts";
import { MatchSaver } from "./match-saver.ts";
import type { Projection, RoundSpec, SlotOutcome, SlotRequest } from "./room-engine.ts";
import { planRound, type RoundOptions } from "./round-plan.ts";
import type { SeatRegistry } from "./seats.ts";
import { SlotClock } from "./slot-clock.ts";
import type { MatchStore } from "./store.ts";

type Params = Record<string, number | boolean>;
type NextSetup = Pick<RoundOptions, "preset" | "config" | "lineup" | "setup">;

/** What the rounds need from their room: the clock, the seats, and where to report. */
export interface RoundHost {
  roomId: string;
  seats: SeatRegistry;
  setInterval(callback: () => void, ms: number): { clear(): void };
  /** The engine thread's request for the next slot (who plays, intents, views). */
  slotRequest(): SlotRequest;
  started(round: number, spec: RoundSpec, projection: Projection): void;
  played(outcome: SlotOutcome): void;
  stopped(phase: "finished" | "interrupted"): void;
  crashed(error: unknown): void;
}

export class LiveRounds {
  readonly slots: SlotClock;
  engines: EnginePool;
  round = 0;
  preset = "phase0";
  /** The round's seed: never synced while the round plays (docs/rules.md, "What each role sees"). */
  seed = "";
  /** No slot is played: the match is over, interrupted, or not yet started. */
  finished = true;
  private nextRound: Params = {};
  private pendingRestart: { seed?: string; next: NextSetup | null } | null = null;
  private restarting = false;
  private options: RoundOptions;
  private readonly saver: MatchSaver;
  private readonly host: RoundHost;

  constructor(host: RoundHost, engines: EnginePool, store: MatchStore, options: RoundOptions) {
    this.host = host;
    this.engines = engines;
    this.options = options;
    this.saver = new MatchSaver(store, host.roomId);
    this.slots = new SlotClock(host.setInterval, {
      play: () => this.play(),
      onError: (e) => host.crashed(e),
    });
  }

  /** Starts a round; players keep their seats. Slots tick once `tick` is called (someone has joined). */
  async start(round: number, seed: string | undefined, config: Params): Promise<void> {
    const plan = planRound(this.options, config, seed ?? `${this.host.roomId}-${round}-${Date.now()}`);
    const started = await this.engines.start(this.host.roomId, plan.round, this.host.seats.playerSeats());
    this.preset = plan.preset;
    this.seed = plan.round.seed;
    this.round = round;
    this.host.seats.startRound(started.seats, plan.round.lineup);
    this.saver.begin(round, this.preset);
    this.finished = false;
    this.host.started(round, plan.round, started.projection);
  }

  /** Starts the slot timer if a round is on and it is not ticking yet. */
  tick(slotMs: number): void {
    if (!this.finished && !this.slots.running) this.slots.start(slotMs);
  }

  /**
   * Checks parameters for the next round now, as its start will (ranges and live limits): they apply at the next
   * restart, which must not fail on them.
   */
  setParams(config: Params): Params {
    const next = { ...this.nextRound, ...config };
    planRound(this.options, { ...this.options.config, ...next }, this.seed);
    this.nextRound = next;
    return this.nextRound;
  }

  /** The ready setup the room plays now (GET /api/setups), if it was made from one. */
  get setup(): string | undefined {
    return this.options.setup;
  }

  /** `next`: a ready setup whose rules and seats the next round takes; players keep the seat ids it has. */
  restart(seed: string | undefined, next: NextSetup | null = null): void {
    this.pendingRestart = { seed, next };
    if (!this.restarting) void this.runRestarts();
  }

  /** Restarts one after another: requests that come in meanwhile collapse into one, with the last seed asked. */
  private async runRestarts(): Promise<void> {
    this.restarting = true;
    try {
      while (this.pendingRestart) {
        const { seed, next } = this.pendingRestart;
        this.pendingRestart = null;
        const config = { ...(next ?? this.options).config, ...this.nextRound };
        this.nextRound = {};
        // The round stops and is saved as interrupted (unless it had finished), then the next one starts.
        await this.stop("interrupted");
        this.options = { ...this.options, ...next, config };
        await this.start(this.round + 1, seed, config);
      }
    } catch (error) {
      this.host.crashed(error);
    } finally {
      this.restarting = false;
    }
  }

  /** One slot in the engine thread; what to apply once it is back (nothing if the round changed meanwhile). */
  private async play(): Promise<(() => void) | null> {
    if (this.finished) return null;
    const round = this.round;
    const request = { ...this.host.slotRequest(), received: this.saver.held };
    const outcome = await this.engines.playSlot(this.host.roomId, request);
    if (round !== this.round || this.finished) return null;
    return () => {
      this.host.played(outcome);
      if (outcome.checkpoint) this.saver.checkpoint(outcome.checkpoint, this.host.seats);
      if (outcome.finished) void this.stop("finished");
    };
  }

  /** Stops the round's slots and saves its match (once: a finished match is not saved again as interrupted). */
  async stop(phase: "finished" | "interrupted"): Promise<void> {
    if (!this.finished) {
      this.finished = true;
      this.slots.stop();
      this.host.stopped(phase);
    }
    await this.saver.finish(this.engines, this.host.seats, phase === "interrupted");
  }
}
