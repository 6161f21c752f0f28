// One room's match: the engine, its seats' bots, the replay, and the projection the room syncs. Plain data in and
// out, so that it runs in an engine thread (server/engine-pool.ts) and a slot never blocks the room's patch loop.
import type { Bot } from "../bots/api.ts";
import { botRandom } from "../bots/api.ts";
import { BUILT_IN_BOTS } from "../bots/registry.ts";
import { createSeatRuns, DEFAULT_BUDGET, type SeatRun, takeTurn } from "../runtime/match.ts";
import {
  type Action,
  advance,
  advanceSlot,
  BATCH_STATUSES,
  BLOB_VERDICTS,
  createMatch,
  type EngineEvent,
  type EngineState,
  getPlayerView,
  getSeatView,
  type MatchConfig,
  type RefusalCode,
  type ReplayCount,
  type ReplayParts,
  ReplayRecorder,
  type Role,
  type SeatScore,
  type SeatSpec,
  type SlotActions,
  seatScores,
} from "../shared/index.ts";
import { ARENA_RECENT_ITEMS, feedLines, projectArena, projectReferee } from "../shared/present/arena.ts";
import type { ArenaState, SeatPrivate, SeatView, Synced } from "../shared/present/arena-schema.ts";
import { applyDelta, type DeltaOp, diffView } from "../shared/present/view-delta.ts";

/**
 * Hex ids in the synced state are cut to this many characters (the first ones): unique within its windows and
 * a fifth of the bytes. Actions name the full ids, which a seat's PlayerView carries.
 */
export const SYNCED_ID_LENGTH = 12;

/** The routine a player's seat runs on autopilot (RULES §0). */
const HONEST_ROUTINE: Record<Role, string> = {
  validator: "honest-validator",
  sequencer: "honest-sequencer",
  challenger: "honest-challenger",
  /** A patient attacker plays its validators honestly until it strikes. */
  attacker: "honest-validator",
};

export interface RoundSpec {
  config: MatchConfig;
  seed: string;
  /** The sampling secret (EngineState.secret), kept from the players until the replay reveals it; by default it
   * follows from the seed (tests, benchmarks). */
  secret?: string;
  lineup: SeatSpec[];
}

/** What the room tells the engine about a seat each slot: who plays it and the player's queued intents. */
export interface SeatControl {
  player: boolean;
  autopilot: boolean;
  intents: unknown[];
}

export interface SlotRequest {
  seats: Record<string, SeatControl>;
  /** Seats whose client asked for its PlayerView (`view: true`). */
  viewSeats: string[];
  /** Seats whose client needs its next view whole (it just joined or reconnected). */
  freshViews: string[];
  /** What of the replay the room holds (epochs' records it received): the engine thread lets go of it. */
  received?: ReplayCount;
}

/** A seat's fields the engine knows; `private` only for seats a player holds (shown to that player alone). */
export type SeatFields = Pick<
  Synced<typeof SeatView>,
  "score" | "breakdown" | "validatorCount" | "strategy"
> & {
  private?: Synced<typeof SeatPrivate>;
};

/**
 * The synced state's content after a slot, in the schema's plain form (shared/present/arena-schema.ts): the
 * arena (shared/present/arena.ts) compacted for the wire. Hex ids are cut to SYNCED_ID_LENGTH characters; a
 * batch's status and a blob's verdict are their index in BATCH_STATUSES and BLOB_VERDICTS.
 */
export type Projection = Pick<
  Synced<typeof ArenaState>,
  | "slot"
  | "epoch"
  | "justifiedEpoch"
  | "finalizedEpoch"
  | "head"
  | "stateRoot"
  | "seed"
  | "blocks"
  | "feed"
  | "rollups"
  | "batches"
  | "disputes"
  | "blobs"
  | "shards"
  | "attacks"
  | "referee"
> & { seats: Record<string, SeatFields> };

export interface SlotOutcome {
  projection: Projection;
  /** Refusals of the players' own intents (the bots' refusals go only to the replay). */
  refusals: { seat: string; action: unknown; code: RefusalCode; reason: string }[];
  /** PlayerView deltas for `viewSeats`. */
  views: Record<string, { slot: number; ops: DeltaOp[] }>;
  finished: boolean;
  /** At an epoch's end while the match goes on: the match so far, for the room to store (a crash loses no epoch). */
  checkpoint?: MatchRecord;
}

/** A player's seat on autopilot this slot: what the routine would send, and the player's own intents. */
interface Takeover {
  seat: string;
  routine: Action[];
  intents: unknown[];
}

export interface MatchRecord {
  /**
   * The replay recorded since the last record (RULES §10), as JSON text: appended to the stored parts, never
   * decoded on the rooms' thread, so that an epoch's save costs that epoch only (docs/architecture.md).
   */
  replay: ReplayParts;
  seed: string;
  /** Slots played, and the state root after the last of them. */
  slots: number;
  stateRoot: string;
  scores: SeatScore[];
}

export class RoomEngine {
  private autopilots = new Map<string, Bot>();
  /** Each view-taking seat's copy of the view it was last sent, to send the next as a delta. */
  private lastViews = new Map<string, unknown>();
  private lastScores: SeatScore[] = [];
  /** The latest feed lines by their key (zero-padded sequence number), and the next sequence number. */
  private feed: Projection["feed"] = {};
  private feedSeq = 0;

  private readonly engine: EngineState;
  private readonly runs: Map<string, SeatRun>;
  private readonly recorder: ReplayRecorder;
  /** How much of the replay the epochs' records so far handed out. */
  private recorded: ReplayCount = { slots: 0, snapshots: 0 };

  private constructor(engine: EngineState, runs: Map<string, SeatRun>, recorder: ReplayRecorder) {
    this.engine = engine;
    this.runs = runs;
    this.recorder = recorder;
  }

  static async start(round: RoundSpec): Promise<RoomEngine> {
    const { config, seed, secret, lineup } = round;
    const engine = createMatch({ config, seed, secret, seats: lineup });
    const runs = await createSeatRuns(engine, DEFAULT_BUDGET);
    const room = new RoomEngine(
      engine,
      new Map(runs.map((run) => [run.id, run])),
      new ReplayRecorder(config, seed, lineup, undefined, secret),
    );
    room.lastScores = seatScores(engine);
    return room;
  }

  /** Every seat's id (the background seat's included), in the order the seats were created. */
  seatIds(): string[] {
    return [...this.runs.keys()];
  }

  /** The projection before the first slot. */
  projectStart(players: string[]): Projection {
    return this.project([], "", new Set(players));
  }

  async playSlot(request: SlotRequest): Promise<SlotOutcome> {
    const { engine } = this;
    if (request.received) this.recorder.release(request.received);
    const actions: SlotActions = {};
    const intents = new Set<unknown>();
    const takeovers: Takeover[] = [];
    for (const [id, run] of this.runs) {
      const control = request.seats[id];
      if (!control?.player) {
        this.autopilots.delete(id);
        actions[id] = await takeTurn(run, engine, DEFAULT_BUDGET);
        await otherRoomsTurn();
        continue;
      }
      for (const intent of control.intents) intents.add(intent);
      actions[id] = control.intents;
      if (control.autopilot) {
        const routine = (await this.autopilot(id).act(getPlayerView(engine, id))) as Action[];
        takeovers.push({ seat: id, routine, intents: control.intents });
      }
    }
    this.takeOver(actions, takeovers);
    const result = advance(engine, actions);
    this.recorder.record(actions, result);
    this.lastScores = seatScores(engine);
    const players = new Set(Object.entries(request.seats).flatMap(([id, c]) => (c.player ? [id] : [])));
    const finished = engine.slot >= engine.config.slots;
    const epochEnd = engine.slot % engine.config.slotsPerEpoch === 0;
    return {
      projection: this.project(result.events, result.stateRoot, players),
      refusals: result.refusals
        .filter((refusal) => intents.has(refusal.action))
        .map(({ seat, action, code, reason }) => ({ seat, action, code, reason })),
      views: finished ? {} : this.views(request),
      finished,
      checkpoint: epochEnd && !finished ? this.finish() : undefined,
    };
  }

  /**
   * A player's own action takes its duty over from the autopilot only if the engine accepts it: when an intent
   * would replace a routine action, the slot is first tried on a copy of the state, and the routine keeps each
   * duty whose intent that trial refused (a refused report must not cost the seat the autopilot's report).
   */
  private takeOver(actions: SlotActions, takeovers: Takeover[]): void {
    const merge = (accepted: (intent: unknown) => boolean) => {
      let replaced = false;
      for (const { seat, routine, intents } of takeovers) {
        const duties = new Set(intents.filter(accepted).map(dutyOf));
        const kept = routine.filter((action) => !duties.has(dutyOf(action)));
        replaced ||= kept.length < routine.length;
        actions[seat] = [...kept, ...intents];
      }
      return replaced;
    };
    if (!merge(() => true)) return;
    const trial = advanceSlot(structuredClone(this.engine), actions);
    const refused = new Set(trial.refusals.map((refusal) => refusal.action));
    merge((intent) => !refused.has(intent));
  }

  /**
   * The replay since `since` (by default, since the last epoch's record), and the scores after the last slot
   * that completed. The room asks its last record since what it received: an epoch's record may be dropped.
   */
  finish(since: ReplayCount = this.recorded): MatchRecord {
    const { slots, snapshots, lastRoot } = this.recorder.progress;
    const replay = this.recorder.partsSince(since);
    this.recorded = { slots, snapshots };
    return {
      replay,
      seed: this.engine.seed,
      slots,
      stateRoot: lastRoot,
      scores: this.lastScores,
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.runs.values()].map((run) => run.close?.()));
  }

  private autopilot(seatId: string): Bot {
    let bot = this.autopilots.get(seatId);
    if (!bot) {
      const seat = this.engine.seats.find((s) => s.id === seatId)!;
      bot = BUILT_IN_BOTS.get(HONEST_ROUTINE[seat.role])!.create({
        seatId,
        role: seat.role,
        config: this.engine.config,
        random: botRandom(this.engine.seed, `${seatId}/autopilot`),
      });
      this.autopilots.set(seatId, bot);
    }
    return bot;
  }

  private views(request: SlotRequest): SlotOutcome["views"] {
    for (const seat of request.freshViews) this.lastViews.delete(seat);
    for (const seat of this.lastViews.keys())
      if (!request.viewSeats.includes(seat)) this.lastViews.delete(seat);
    const views: SlotOutcome["views"] = {};
    for (const seat of request.viewSeats) {
      if (!this.runs.has(seat)) continue;
      const view = getPlayerView(this.engine, seat);
      const ops = diffView(this.lastViews.get(seat), view);
      // The copy must not share objects with the engine, which mutates them; the delta is small to clone.
      this.lastViews.set(seat, applyDelta(this.lastViews.get(seat), structuredClone(ops)));
      views[seat] = { slot: view.slot, ops };
    }
    return views;
  }

  private project(events: EngineEvent[], stateRoot: string, players: Set<string>): Projection {
    const { engine } = this;
    const arena = projectArena(engine);
    const referee = projectReferee(engine);
    // What a role must discover is revealed at the match's end (docs/rules.md, "What each role sees").
    const over = engine.slot >= engine.config.slots;
    return compactIds({
      slot: engine.slot,
      epoch: Math.floor(engine.slot / engine.config.slotsPerEpoch),
      justifiedEpoch: engine.currentJustified.epoch,
      finalizedEpoch: engine.finalized.epoch,
      head: engine.head,
      stateRoot,
      seed: over ? engine.seed : "",
      blocks: byId(arena.blocks),
      feed: this.recentFeed(events),
      rollups: Object.fromEntries(arena.rollups.map((rollup) => [rollup.id, rollup])),
      batches: byId(arena.batches.map((b) => ({ ...b, status: BATCH_STATUSES.indexOf(b.status) }))),
      disputes: byId(arena.disputes),
      blobs: byId(arena.blobs.map((b) => ({ ...b, verdict: BLOB_VERDICTS.indexOf(b.verdict) }))),
      shards: arena.shards,
      attacks: byId(arena.attacks),
      network: arena.network,
      referee: { ...referee, pendingAttacks: byId(referee.pendingAttacks) },
      seats: Object.fromEntries(
        this.lastScores.map((score) => [score.id, this.seatFields(score, players.has(score.id), over)]),
      ),
    });
  }

  /** Adds this slot's feed lines and keeps the latest ARENA_RECENT_ITEMS. */
  private recentFeed(events: EngineEvent[]): Projection["feed"] {
    for (const line of feedLines(events)) {
      const seq = this.feedSeq++;
      this.feed[feedKey(seq)] = { seq, ...line };
    }
    const oldestKept = feedKey(this.feedSeq - ARENA_RECENT_ITEMS);
    for (const key of Object.keys(this.feed)) if (key < oldestKept) delete this.feed[key];
    return { ...this.feed };
  }

  private seatFields(score: SeatScore, player: boolean, over: boolean): SeatFields {
    const engineSeat = this.engine.seats.find((s) => s.id === score.id);
    const fields: SeatFields = {
      score: score.score,
      breakdown: score.breakdown,
      validatorCount: engineSeat?.validators.length ?? 0,
      strategy: over ? score.strategy : "",
    };
    if (player) {
      const own = getSeatView(this.engine, score.id);
      fields.private = {
        balance: own.balance,
        locked: own.locked,
        validators: own.validators.map((v) => v.index),
        proposeSlots: own.validators.flatMap((v) => v.proposeSlots),
        attestSlots: own.validators.map((v) => v.attestSlots[0]),
      };
    }
    return fields;
  }
}

/**
 * Lets the engine thread's other rooms go on between this room's seats (server/PROTOCOL.md, "Limits"): a slot of
 * a heavy room holds the thread for one seat's turn at a time, not for all of them.
 */
function otherRoomsTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Map items travel without their id: the map's key is the id. */
function byId<T extends { id: string }>(items: T[]): Record<string, Omit<T, "id">> {
  return Object.fromEntries(items.map(({ id, ...item }) => [id, item]));
}

/**
 * Every hex id in the projection, as a value or a key or inside an attack's key, cut to its first characters.
 * A copy built with plain loops: the projection is rebuilt every slot, and `Object.entries`/`fromEntries` made
 * this walk the largest part of a default room's slot (`npm run bench:room-slot`).
 */
function compactIds<T>(value: T): T {
  if (typeof value === "string") return compactText(value) as T;
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const items = new Array(value.length);
    for (let i = 0; i < value.length; i++) items[i] = compactIds(value[i]);
    return items as T;
  }
  const fields: Record<string, unknown> = {};
  // Keys are ids and field names: a seat may not be named "__proto__" (shared/genesis.ts, isReservedSeatId).
  for (const key of Object.keys(value))
    fields[compactText(key)] = compactIds((value as Record<string, unknown>)[key]);
  return fields as T;
}

const HEX_ID_LENGTH = 64;
const HEX_ID = new RegExp(`[0-9a-f]{${HEX_ID_LENGTH}}`, "g");

/** A text with its hex ids cut; most texts are too short to hold one, and skip the scan (it is a slot's hot path). */
function compactText(text: string): string {
  return text.length < HEX_ID_LENGTH ? text : text.replace(HEX_ID, (id) => id.slice(0, SYNCED_ID_LENGTH));
}

/** Feed keys sort as strings in the order of their sequence numbers. */
function feedKey(seq: number): string {
  return String(seq).padStart(10, "0");
}

/**
 * The duty an action performs: a player's accepted action replaces the autopilot's action for the same duty.
 * A report's duty is its offense (its evidence), an availability vote's its validator and blob.
 */
function dutyOf(action: unknown): string {
  const { type, validator, batch, dispute, rollup, blob, evidence } = action as Record<string, unknown>;
  const subject = Array.isArray(evidence)
    ? [...evidence].sort().join("+")
    : (validator ?? batch ?? dispute ?? rollup);
  return JSON.stringify([type, subject ?? null, blob ?? null]);
}
