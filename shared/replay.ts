// Replays (docs/architecture.md, the data path): enough to re-run a match and check every slot's state root.
import type { MatchConfig } from "./config.ts";
import { advance } from "./engine.ts";
import { createMatch } from "./genesis.ts";
import type { Hex } from "./hash.ts";
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
  seats: SeatSpec[];
  /** True when the match was stopped before its last slot (a crash or a server shutdown). */
  interrupted: boolean;
  snapshotEvery: number;
  slots: ReplaySlot[];
  /** The state after every `snapshotEvery`-th slot, for viewers that jump. */
  snapshots: { slot: number; state: EngineState }[];
}

/**
 * Records a match as it plays. Each slot and snapshot is kept as JSON text from the moment it is recorded: a
 * long match holds megabytes of replay, and text is one object to the garbage collector (and a copy no bot
 * can change afterwards).
 */
export class ReplayRecorder {
  private readonly header: Omit<Replay, "slots" | "snapshots" | "interrupted">;
  private readonly slots: string[] = [];
  private readonly snapshots: string[] = [];
  private lastRoot: Hex = "";

  constructor(config: MatchConfig, seed: string, seats: SeatSpec[], snapshotEvery = 32) {
    this.header = {
      format: REPLAY_FORMAT,
      engineVersion: ENGINE_VERSION,
      config,
      seed,
      seats,
      snapshotEvery,
    };
  }

  record(actions: SlotActions, result: StepResult): void {
    const slot = result.state.slot - 1;
    const refused = result.refusals.map(({ seat, code, reason }) => ({ seat, code, reason }));
    this.slots.push(JSON.stringify({ slot, actions, refused, root: result.stateRoot } satisfies ReplaySlot));
    this.lastRoot = result.stateRoot;
    if ((slot + 1) % this.header.snapshotEvery === 0)
      this.snapshots.push(JSON.stringify({ slot, state: result.state }));
  }

  /** Slots recorded, and the last one's root ("" before the first). */
  get progress(): { slots: number; lastRoot: Hex } {
    return { slots: this.slots.length, lastRoot: this.lastRoot };
  }

  /** The replay as JSON text, written without re-encoding what was recorded. */
  toJson(interrupted = false): string {
    const header = JSON.stringify({ ...this.header, interrupted });
    return `${header.slice(0, -1)},"slots":[${this.slots.join(",")}],"snapshots":[${this.snapshots.join(",")}]}`;
  }

  finish(interrupted = false): Replay {
    return JSON.parse(this.toJson(interrupted)) as Replay;
  }
}

export type ReplayVerdict =
  | { ok: true; slots: number }
  | { ok: false; reason: string; slot?: number; expected?: Hex; actual?: Hex };

/** Re-runs a replay with this engine and names the first slot whose root differs. */
export function verifyReplay(replay: Replay): ReplayVerdict {
  if (!replay || replay.format !== REPLAY_FORMAT || !Array.isArray(replay.slots)) {
    return { ok: false, reason: "not a Trilemma replay (format field missing or wrong)" };
  }
  if (replay.engineVersion !== ENGINE_VERSION) {
    return {
      ok: false,
      reason: `recorded with engine version ${replay.engineVersion}; this is engine version ${ENGINE_VERSION}, whose rules may differ`,
    };
  }
  const state = createMatch({ config: replay.config, seed: replay.seed, seats: replay.seats });
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
  }
  return { ok: true, slots: replay.slots.length };
}
