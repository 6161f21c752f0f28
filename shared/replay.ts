// Replays (docs/architecture.md, the data path): enough to re-run a match and check every slot's state root.
import type { MatchConfig } from "./config.ts";
import { advance } from "./engine.ts";
import { createMatch } from "./genesis.ts";
import type { Hex } from "./hash.ts";
import { computeStateRoot } from "./state-root.ts";
import type { EngineState, RefusalCode, SeatSpec, SlotActions, StepResult } from "./types.ts";
import { ENGINE_VERSION } from "./version.ts";

export const REPLAY_FORMAT = "trilemma-replay";

export interface ReplaySlot {
  slot: number;
  /** Every action each seat sent, accepted or not. */
  actions: SlotActions;
  refused: { seat: string; code: RefusalCode; reason: string }[];
  root: Hex;
}

export interface Replay {
  format: typeof REPLAY_FORMAT;
  engineVersion: string;
  config: MatchConfig;
  seed: string;
  /** The match secret when the host gave one (else it follows from the seed); revealed with the replay. */
  secret?: Hex;
  seats: SeatSpec[];
  /** True when the match was stopped before its last slot (a crash or a server shutdown). */
  interrupted: boolean;
  snapshotEvery: number;
  slots: ReplaySlot[];
  /** The state after every `snapshotEvery`-th slot, for viewers that jump. */
  snapshots: { slot: number; state: EngineState }[];
}

/** How many slots and snapshots of a replay: where a part starts, or how much of it was handed out. */
export interface ReplayCount {
  slots: number;
  snapshots: number;
}

/** The count at the end of `parts`. */
export function partsEnd(parts: ReplayParts): ReplayCount {
  return {
    slots: parts.from.slots + parts.slots.length,
    snapshots: parts.from.snapshots + parts.snapshots.length,
  };
}

/**
 * What a recorder holds past a point, as JSON text: its header (the replay's fields before `interrupted`), and
 * the slots and snapshots recorded since `from`. A live match is stored part by part (server/store.ts).
 */
export interface ReplayParts {
  header: string;
  from: ReplayCount;
  slots: string[];
  snapshots: string[];
}

/** The replay's JSON text from its parts (all of them, from 0), the same text as `JSON.stringify` would write. */
export function assembleReplay(
  header: string,
  interrupted: boolean,
  slots: readonly string[],
  snapshots: readonly string[],
): string {
  return `${header.slice(0, -1)},"interrupted":${interrupted},"slots":[${slots.join(",")}],"snapshots":[${snapshots.join(",")}]}`;
}

/** Parts recorded one after another as one: `later` starts where `earlier` ends. */
export function joinParts(earlier: ReplayParts, later: ReplayParts): ReplayParts {
  return {
    header: later.header,
    from: earlier.from,
    slots: [...earlier.slots, ...later.slots],
    snapshots: [...earlier.snapshots, ...later.snapshots],
  };
}

/**
 * Records a match as it plays. Each slot and snapshot is kept as JSON text from the moment it is recorded: a
 * long match holds megabytes of replay, and text is one object to the garbage collector (and a copy no bot
 * can change afterwards). A live room's recorder lets go of what its room has received (`release`), so that it
 * holds an epoch or so rather than the whole match (docs/architecture.md, the soak).
 */
export class ReplayRecorder {
  /** The header's JSON text, written once (the config and seats do not change during a match). */
  private readonly header: string;
  private readonly snapshotEvery: number;
  /** The slots and snapshots recorded after the first `released` ones. */
  private readonly slots: string[] = [];
  private readonly snapshots: string[] = [];
  private released: ReplayCount = { slots: 0, snapshots: 0 };
  private lastRoot: Hex = "";

  constructor(config: MatchConfig, seed: string, seats: SeatSpec[], snapshotEvery = 32, secret?: Hex) {
    const header: Omit<Replay, "slots" | "snapshots" | "interrupted"> = {
      format: REPLAY_FORMAT,
      engineVersion: ENGINE_VERSION,
      config,
      seed,
      ...(secret !== undefined && { secret }),
      seats,
      snapshotEvery,
    };
    this.header = JSON.stringify(header);
    this.snapshotEvery = snapshotEvery;
  }

  record(actions: SlotActions, result: StepResult): void {
    const slot = result.state.slot - 1;
    const refused = result.refusals.map(({ seat, code, reason }) => ({ seat, code, reason }));
    this.slots.push(JSON.stringify({ slot, actions, refused, root: result.stateRoot } satisfies ReplaySlot));
    this.lastRoot = result.stateRoot;
    if ((slot + 1) % this.snapshotEvery === 0)
      this.snapshots.push(JSON.stringify({ slot, state: result.state }));
  }

  /** Slots and snapshots recorded (released ones included), and the last slot's root ("" before the first). */
  get progress(): { slots: number; snapshots: number; lastRoot: Hex } {
    return {
      slots: this.released.slots + this.slots.length,
      snapshots: this.released.snapshots + this.snapshots.length,
      lastRoot: this.lastRoot,
    };
  }

  /** What was recorded after the first `from.slots` slots and `from.snapshots` snapshots. */
  partsSince(from: ReplayCount): ReplayParts {
    if (from.slots < this.released.slots || from.snapshots < this.released.snapshots)
      throw new Error(
        `the replay before slot ${this.released.slots} was released: it cannot be handed out again`,
      );
    return {
      header: this.header,
      from: { slots: from.slots, snapshots: from.snapshots },
      slots: this.slots.slice(from.slots - this.released.slots),
      snapshots: this.snapshots.slice(from.snapshots - this.released.snapshots),
    };
  }

  /** Forgets the first `upTo.slots` slots and `upTo.snapshots` snapshots: someone else keeps them now. */
  release(upTo: ReplayCount): void {
    const slots = Math.min(upTo.slots, this.progress.slots) - this.released.slots;
    const snapshots = Math.min(upTo.snapshots, this.progress.snapshots) - this.released.snapshots;
    if (slots > 0) this.slots.splice(0, slots);
    if (snapshots > 0) this.snapshots.splice(0, snapshots);
    this.released = {
      slots: this.released.slots + Math.max(0, slots),
      snapshots: this.released.snapshots + Math.max(0, snapshots),
    };
  }

  /** The replay as JSON text, written without re-encoding what was recorded (all of it: nothing released). */
  toJson(interrupted = false): string {
    if (this.released.slots > 0 || this.released.snapshots > 0)
      throw new Error("part of this replay was released");
    return assembleReplay(this.header, interrupted, this.slots, this.snapshots);
  }

  finish(interrupted = false): Replay {
    return JSON.parse(this.toJson(interrupted)) as Replay;
  }
}

export type ReplayVerdict =
  | { ok: true; slots: number }
  | { ok: false; reason: string; slot?: number; expected?: Hex; actual?: Hex };

/**
 * Re-runs a replay with this engine and names the first problem: a slot whose root differs, a snapshot that
 * is not the state its slot's root commits to, a slot or snapshot missing (a truncated file).
 */
export function verifyReplay(replay: Replay): ReplayVerdict {
  const problem = checkReplayShape(replay);
  if (problem) return problem;
  const snapshots = new Map<number, EngineState>();
  for (const snapshot of replay.snapshots) {
    const expected = (snapshot.slot + 1) % replay.snapshotEvery === 0 && snapshot.slot < replay.slots.length;
    if (!expected || snapshots.has(snapshot.slot))
      return { ok: false, reason: `unexpected snapshot at slot ${snapshot.slot}`, slot: snapshot.slot };
    snapshots.set(snapshot.slot, snapshot.state);
  }
  return replaySlots(replay, snapshots);
}

/** The file's own claims before any slot is played: its format, its engine, its length. */
function checkReplayShape(replay: Replay): ReplayVerdict | null {
  if (
    !replay ||
    replay.format !== REPLAY_FORMAT ||
    !Array.isArray(replay.slots) ||
    !Array.isArray(replay.snapshots)
  ) {
    return { ok: false, reason: "not a Trilemma replay (format field missing or wrong)" };
  }
  if (replay.engineVersion !== ENGINE_VERSION) {
    return {
      ok: false,
      reason: `recorded with engine version ${replay.engineVersion}; this is engine version ${ENGINE_VERSION}, whose rules may differ`,
    };
  }
  const length = replay.config?.slots;
  if (!replay.interrupted && replay.slots.length !== length) {
    return {
      ok: false,
      reason: `truncated or padded: ${replay.slots.length} of ${length} slots recorded, and the match is not marked interrupted`,
    };
  }
  return null;
}

/** Plays the recorded slots, checking each root and each snapshot against the state reached there. */
function replaySlots(replay: Replay, snapshots: Map<number, EngineState>): ReplayVerdict {
  const state = createMatch({
    config: replay.config,
    seed: replay.seed,
    seats: replay.seats,
    secret: replay.secret,
  });
  for (const recorded of replay.slots) {
    if (state.slot !== recorded.slot)
      return { ok: false, reason: `slot ${recorded.slot} is out of order`, slot: recorded.slot };
    const result = advance(state, recorded.actions);
    if (result.stateRoot !== recorded.root) {
      return {
        ok: false,
        reason: `state root diverges at slot ${recorded.slot}`,
        slot: recorded.slot,
        expected: recorded.root,
        actual: result.stateRoot,
      };
    }
    if ((recorded.slot + 1) % replay.snapshotEvery !== 0) continue;
    const snapshot = snapshots.get(recorded.slot);
    if (!snapshot)
      return { ok: false, reason: `snapshot of slot ${recorded.slot} missing`, slot: recorded.slot };
    // The root checks what it commits to; the whole text also covers the history the root commits by chain.
    const snapshotRoot = computeStateRoot(snapshot);
    if (snapshotRoot !== recorded.root || JSON.stringify(snapshot) !== JSON.stringify(result.state)) {
      return {
        ok: false,
        reason: `snapshot of slot ${recorded.slot} is not the state the replay reaches there`,
        slot: recorded.slot,
        expected: recorded.root,
        actual: snapshotRoot,
      };
    }
  }
  return { ok: true, slots: replay.slots.length };
}
