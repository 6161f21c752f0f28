// The arena as plain data: what the renderer draws, whether it comes from a live room (the synced `ArenaState`,
// mirrored patch by patch through the SDK's state callbacks) or from a replay re-run in the browser (`snapshotOf`
// an engine state). Its shape is the schema's (shared/present/arena-schema.ts), as shared/present/arena.ts reads it.
import type { getStateCallbacks } from "@colyseus/sdk";
import { BATCH_STATUSES, BLOB_VERDICTS, type EngineState, epochOf, seatScores } from "../shared/index.ts";
import {
  ARENA_RECENT_ITEMS,
  type Arena,
  type ArenaAttack,
  type ArenaBatch,
  type ArenaBlob,
  type ArenaBlock,
  type ArenaDispute,
  type ArenaNetwork,
  type ArenaReferee,
  type ArenaRollup,
  type ArenaShard,
  type FeedLine,
  projectArena,
  projectReferee,
} from "../shared/present/arena.ts";
import type {
  ArenaState,
  ArenaStateType,
  SeatPrivate,
  SeatView,
  Synced,
} from "../shared/present/arena-schema.ts";

export type BlockSnap = ArenaBlock;
export type FeedSnap = FeedLine;
export type RollupSnap = ArenaRollup;
export type BatchSnap = ArenaBatch;
export type DisputeSnap = ArenaDispute;
export type BlobSnap = ArenaBlob;
export type ShardSnap = ArenaShard;
export type AttackSnap = ArenaAttack;
export type SeatPrivateSnap = Synced<typeof SeatPrivate>;
export type SeatSnap = Omit<Synced<typeof SeatView>, "private"> & { private?: SeatPrivateSnap };

/** The synced `ArenaState`, with its maps as lists in display order. */
export type ArenaSnapshot = Omit<
  Synced<typeof ArenaState>,
  keyof Arena | "seats" | "feed" | "config" | "referee"
> &
  Arena & {
    seats: Record<string, SeatSnap>;
    feed: FeedSnap[];
    /** Only for a facilitator who plays no seat (and in a replay): what the roles must discover. */
    referee?: ArenaReferee;
  };

/** The arena at an engine state, for the replay viewer; `feed` is the event history up to it. */
export function snapshotOf(state: EngineState, feed: FeedSnap[], phase: string): ArenaSnapshot {
  const seats: Record<string, SeatSnap> = {};
  for (const score of seatScores(state)) {
    if (score.background) continue;
    const seat = state.seats.find((s) => s.id === score.id)!;
    seats[score.id] = {
      id: score.id,
      name: score.strategy,
      role: score.role,
      strategy: score.strategy,
      controller: "bot",
      replacedByBot: false,
      autopilot: true,
      score: score.score,
      breakdown: score.breakdown,
      validatorCount: seat.validators.length,
    };
  }
  // A replay is watched after its match: the referee's part is no secret any more.
  return {
    slot: state.slot,
    epoch: epochOf(state.config, state.slot),
    slotsTotal: state.config.slots,
    slotsPerEpoch: state.config.slotsPerEpoch,
    slotMs: state.config.slotMs,
    nextSlotAt: 0,
    justifiedEpoch: state.currentJustified.epoch,
    finalizedEpoch: state.finalized.epoch,
    head: state.head,
    stateRoot: "",
    phase,
    seed: state.seed,
    preset: "",
    round: 1,
    ...projectArena(state),
    seats,
    feed: feed.slice(-ARENA_RECENT_ITEMS),
    referee: projectReferee(state),
  };
}

type Callbacks = NonNullable<ReturnType<typeof getStateCallbacks>>;
type Json = Record<string, unknown>;
type Ref = { toJSON(): unknown; constructor: unknown };
/** The collection half of a callback proxy, as `$(state).blocks` gives it. */
type CollectionProxy = {
  onAdd(callback: (item: never, key: never) => void): () => void;
  onRemove(callback: (item: never, key: never) => void): () => void;
  onChange(callback: (item: never, key: never) => void): () => void;
};

/** Calls `touched` whenever a patch changes `ref` or anything below it. */
function watchDeep($: Callbacks, ref: unknown, touched: () => void): void {
  if (ref === null || typeof ref !== "object") return;
  const proxy = $(ref) as unknown as CollectionProxy & {
    listen(field: string, callback: (value: unknown) => void): () => void;
  };
  if (typeof (ref as { forEach?: unknown }).forEach === "function") {
    proxy.onAdd((item: unknown) => {
      touched();
      watchDeep($, item, touched);
    });
    proxy.onRemove(touched);
    proxy.onChange(touched);
    return;
  }
  proxy.onChange(touched);
  const metadata = (
    ref.constructor as { [Symbol.metadata]?: Record<string, { name: string; type: unknown }> }
  )[Symbol.metadata];
  for (const field of Object.values(metadata ?? {}))
    if (typeof field === "object" && typeof field.type !== "string")
      proxy.listen(field.name, (value) => {
        touched();
        watchDeep($, value, touched);
      });
}

/** A synced map (or array) of schemas as plain items: an item is copied again only after a patch touched it. */
class MapMirror<T> {
  private readonly items = new Map<string, { ref: Ref; plain: T | null }>();
  private readonly read: (json: Json, key: string) => T;

  constructor($: Callbacks, collection: unknown, read: (json: Json, key: string) => T) {
    this.read = read;
    const proxy = collection as CollectionProxy;
    proxy.onAdd((ref: Ref, key: string | number) => {
      const entry = { ref, plain: null as T | null };
      this.items.set(String(key), entry);
      watchDeep($, ref, () => {
        entry.plain = null;
      });
    });
    proxy.onRemove((_ref: Ref, key: string | number) => this.items.delete(String(key)));
  }

  list(order?: (a: T, b: T) => number): T[] {
    const items = [...this.items].map(([key, entry]) => {
      entry.plain ??= this.read(entry.ref.toJSON() as Json, key);
      return entry.plain;
    });
    return order ? items.sort(order) : items;
  }
}

/** A synced map of plain values, as a record (onAdd also reports the values there before the mirror). */
function mirrorValues<T>(collection: unknown): Record<string, T> {
  const values: Record<string, T> = {};
  const proxy = collection as CollectionProxy;
  const set = (value: T | undefined, key: string) => {
    if (value === undefined) delete values[key];
    else values[key] = value;
  };
  proxy.onAdd(set);
  proxy.onChange(set);
  proxy.onRemove((_value: T, key: string) => delete values[key]);
  return values;
}

const bySlot = <T extends { slot: number }>(a: T, b: T) => a.slot - b.slot;
const withId = <T>(json: Json, id: string) => ({ id, ...json }) as T;

/** The room's synced state as snapshots, from the SDK's state callbacks (`getStateCallbacks(room)`). */
export function mirrorArena($: Callbacks, state: ArenaStateType): () => ArenaSnapshot {
  const root = $(state);
  const blocks = new MapMirror<BlockSnap>($, root.blocks, withId);
  const seats = new MapMirror<SeatSnap>($, root.seats, (json) => json as SeatSnap);
  const feed = new MapMirror<FeedSnap & { seq: number }>(
    $,
    root.feed,
    (json) => json as FeedSnap & { seq: number },
  );
  const rollups = new MapMirror<RollupSnap>($, root.rollups, (json) => json as RollupSnap);
  // Statuses and verdicts travel as their index in the engine's lists (a byte, not a word).
  const batches = new MapMirror<BatchSnap>($, root.batches, (json, id) =>
    withId({ ...json, status: BATCH_STATUSES[json.status as number] }, id),
  );
  const disputes = new MapMirror<DisputeSnap>($, root.disputes, withId);
  const blobs = new MapMirror<BlobSnap>($, root.blobs, (json, id) =>
    withId({ ...json, verdict: BLOB_VERDICTS[json.verdict as number] }, id),
  );
  const shards = new MapMirror<ShardSnap>($, root.shards, (json) => json as ShardSnap);
  const attacks = new MapMirror<AttackSnap>($, root.attacks, withId);
  // The referee's part reaches a facilitator without a seat only: mirrored once it arrives.
  let referee: (() => ArenaReferee) | undefined;
  root.listen("referee", (value) => {
    referee = value && mirrorReferee($, value);
  });
  return () => ({
    slot: state.slot,
    epoch: state.epoch,
    slotsTotal: state.slotsTotal,
    slotsPerEpoch: state.slotsPerEpoch,
    slotMs: state.slotMs,
    nextSlotAt: state.nextSlotAt,
    justifiedEpoch: state.justifiedEpoch,
    finalizedEpoch: state.finalizedEpoch,
    head: state.head,
    stateRoot: state.stateRoot,
    phase: state.phase,
    seed: state.seed,
    preset: state.preset,
    round: state.round,
    blocks: blocks.list(bySlot),
    seats: Object.fromEntries(seats.list().map((seat) => [seat.id, seat])),
    feed: feed.list((a, b) => a.seq - b.seq),
    rollups: rollups.list(),
    batches: batches.list((a, b) => a.postedSlot - b.postedSlot),
    disputes: disputes.list((a, b) => a.openedSlot - b.openedSlot),
    blobs: blobs.list(bySlot),
    shards: shards.list((a, b) => a.index - b.index),
    attacks: attacks.list(bySlot),
    // The network's figures and node sample, whole: they change together once a slot.
    network: state.network?.enabled ? (state.network.toJSON() as ArenaNetwork) : undefined,
    // Others may hold an empty referee: a referee always has the seed.
    referee: state.referee?.seed ? referee?.() : undefined,
  });
}

function mirrorReferee($: Callbacks, referee: ArenaStateType["referee"]): () => ArenaReferee {
  const proxy = $(referee);
  const pendingAttacks = new MapMirror<AttackSnap>($, proxy.pendingAttacks, withId);
  const released = mirrorValues<number>(proxy.released);
  const batchValid = mirrorValues<boolean>(proxy.batchValid);
  const strategies = mirrorValues<string>(proxy.strategies);
  return () => ({
    seed: referee.seed,
    pendingAttacks: pendingAttacks.list(bySlot),
    released: { ...released },
    batchValid: { ...batchValid },
    strategies: { ...strategies },
  });
}
