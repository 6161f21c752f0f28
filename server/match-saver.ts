// A room's stored matches: one per round, saved at every epoch's end while it is played (so a killed server
// leaves it stored as interrupted, with the slots it had) and once more when it ends, finished or interrupted.
// Each save appends only the replay recorded since the one before (docs/architecture.md, the soak).
import { joinParts, partsEnd, type ReplayCount, type ReplayParts } from "../shared/index.ts";
import type { EnginePool } from "./engine-pool.ts";
import type { MatchRecord } from "./room-engine.ts";
import { creditsOf, type Seat, type SeatRegistry } from "./seats.ts";
import type { MatchStore, StoredMatch } from "./store.ts";

export class MatchSaver {
  private readonly store: MatchStore;
  private readonly room: string;
  private round = 0;
  private preset = "";
  /** The round's match was saved for the last time (finished or interrupted). */
  private saved = true;
  /** Saves are written one after another, so that an epoch's save never lands after the round's last one. */
  private writing: Promise<void> = Promise.resolve();
  /** Replay parts of saves that failed, saved with the next one (so that no slot is left out). */
  private unsaved: ReplayParts | null = null;
  /** How much of the replay the engine thread sent (an epoch's record the room dropped is asked again). */
  private received: ReplayCount = { slots: 0, snapshots: 0 };

  constructor(store: MatchStore, room: string) {
    this.store = store;
    this.room = room;
  }

  /** How much of the replay the room holds: sent by the engine thread, saved or waiting to be. */
  get held(): ReplayCount {
    return this.received;
  }

  get id(): string {
    return `${this.room}-${this.round}`;
  }

  begin(round: number, preset: string): void {
    this.round = round;
    this.preset = preset;
    this.saved = false;
    this.unsaved = null;
    this.received = { slots: 0, snapshots: 0 };
  }

  /** The match so far, as the engine thread sent it at an epoch's end. */
  checkpoint(record: MatchRecord, registry: SeatRegistry): void {
    if (this.saved || record.slots === 0) return;
    this.received = partsEnd(record.replay);
    this.write(this.stored(record, heldNow(registry), { interrupted: true, live: true }), record.replay);
  }

  /** Queues a save after the ones before it; a failed save is logged, and the match goes on. */
  private write(stored: StoredMatch, replay: ReplayParts): Promise<void> {
    this.writing = this.writing.then(async () => {
      const parts = this.unsaved ? joinParts(this.unsaved, replay) : replay;
      try {
        await this.store.save(stored, parts);
        this.unsaved = null;
      } catch (error) {
        this.unsaved = parts;
        console.error(`[room ${this.room}] match ${stored.id} could not be saved:`, error);
      }
    });
    return this.writing;
  }

  /** The round's last save (once); the seats are read now, before any player leaves. */
  async finish(engines: EnginePool, registry: SeatRegistry, interrupted: boolean): Promise<void> {
    if (this.saved) return;
    this.saved = true;
    // Players may leave while the engine thread answers (a shutdown tells them the match ended).
    const seats = heldNow(registry);
    let record: MatchRecord;
    try {
      record = await engines.finish(this.room, this.received);
    } catch (error) {
      console.error(`[room ${this.room}] match ${this.id} could not be saved:`, error);
      return;
    }
    if (record.slots === 0) return;
    await this.write(this.stored(record, seats, { interrupted, live: false }), record.replay);
  }

  private stored(
    record: MatchRecord,
    seats: ReadonlyMap<string, Seat>,
    status: { interrupted: boolean; live: boolean },
  ): StoredMatch {
    return {
      id: this.id,
      room: this.room,
      seed: record.seed,
      preset: this.preset,
      slots: record.slots,
      stateRoot: record.stateRoot,
      ...status,
      finishedAt: new Date().toISOString(),
      seats: record.scores.map((score) => {
        const seat = seats.get(score.id);
        return {
          seat: score.id,
          name: seat?.player || seat?.replacedByBot ? seat.name : score.strategy,
          role: score.role,
          strategy: score.strategy,
          bot: !seat?.player,
          replacedByBot: seat?.replacedByBot ?? false,
          score: score.score,
          breakdown: score.breakdown,
          credits: seat ? creditsOf(seat, score.score, record.slots) : [],
        };
      }),
    };
  }
}

/** Who holds each seat now, copied. */
function heldNow(registry: SeatRegistry): Map<string, Seat> {
  return new Map([...registry.all()].map((seat) => [seat.id, { ...seat, tenures: [...seat.tenures] }]));
}
