// The arena as plain data: what the renderer draws, whether it comes from a live room (the synced
// `ArenaState` as JSON) or from a replay re-run in the browser (`snapshotOf` an engine state).
import { type EngineState, epochOf, seatScores } from "../shared/index.ts";
import {
  ARENA_RECENT_ITEMS,
  type ArenaAttack,
  type ArenaBatch,
  type ArenaBlob,
  type ArenaBlock,
  type ArenaDispute,
  type ArenaRollup,
  type ArenaShard,
  type FeedLine,
  projectArena,
} from "../shared/present/arena.ts";

// The arena's parts as shared/arena.ts projects them; a live room's ids are shorter (server/schema.ts).
export type BlockSnap = ArenaBlock;
export type FeedSnap = FeedLine;
export type RollupSnap = ArenaRollup;
export type BatchSnap = ArenaBatch;
export type DisputeSnap = ArenaDispute;
export type BlobSnap = ArenaBlob;
export type ShardSnap = ArenaShard;
/** A live room syncs attacks without their subject. */
export type AttackSnap = Omit<ArenaAttack, "subject">;
export interface SeatPrivateSnap {
  validators: number[];
  proposeSlots: number[];
  attestSlots: number[];
  balance: number;
  locked: number;
}
export interface SeatSnap {
  id: string;
  name: string;
  role: string;
  strategy: string;
  controller: string;
  replacedByBot: boolean;
  autopilot: boolean;
  score: number;
  breakdown: Record<string, number>;
  validatorCount: number;
  private?: SeatPrivateSnap;
}

/** The shape of `ArenaState` (server/schema.ts) as JSON. */
export interface ArenaSnapshot {
  slot: number;
  epoch: number;
  slotsTotal: number;
  slotsPerEpoch: number;
  slotMs: number;
  nextSlotAt: number;
  justifiedEpoch: number;
  finalizedEpoch: number;
  head: string;
  stateRoot: string;
  phase: string;
  seed: string;
  preset: string;
  round: number;
  blocks: BlockSnap[];
  seats: Record<string, SeatSnap>;
  feed: FeedSnap[];
  rollups: RollupSnap[];
  batches: BatchSnap[];
  disputes: DisputeSnap[];
  blobs: BlobSnap[];
  shards: ShardSnap[];
  attacks: AttackSnap[];
}

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
  };
}
