// The arena as the screen shows it (docs/architecture.md, projection): an engine state's recent Layer 1 window, rollups, batches,
// disputes, blobs, shards and attacks, and a slot's events as feed lines. A live room syncs it (server/room-engine.ts
// compacts it for the wire); the replay viewer draws it (client/snapshot.ts).

import type { Hex } from "../hash.ts";
import { networkMetrics } from "../network-metrics.ts";
import { NOT_MEASURED, withheldBlocks } from "../network-state.ts";
import type { Attack, BatchStatus, BlobVerdict, Block, Dispute, EngineEvent, EngineState } from "../types.ts";
import type {
  AttackView,
  BatchView,
  BlobView,
  BlockView,
  DisputeView,
  FeedItem,
  NetworkView,
  RollupView,
  ShardView,
  Synced,
} from "./arena-schema.ts";
import { describeEvent } from "./describe.ts";

/** Slots of history the arena keeps: blocks, batches (and any still pending), resolved disputes, blobs. */
export const ARENA_WINDOW_SLOTS = 32;
/** The latest attacks and feed lines the arena keeps. */
export const ARENA_RECENT_ITEMS = 50;

// Each part is a synced schema item (shared/present/arena-schema.ts) as the screen reads it: with the id its map
// keys it by, and statuses and verdicts as words (the wire sends their index).
export type ArenaBlock = Synced<typeof BlockView> & { id: Hex };
export type ArenaRollup = Synced<typeof RollupView>;
export type ArenaBatch = Omit<Synced<typeof BatchView>, "status"> & { id: Hex; status: BatchStatus };
export type ArenaDispute = Synced<typeof DisputeView> & { id: Hex };
export type ArenaBlob = Omit<Synced<typeof BlobView>, "verdict"> & { id: Hex; verdict: BlobVerdict };
export type ArenaShard = Synced<typeof ShardView>;
/** `id`: `kind/by/slot/subject`, the subject being what was attacked (a batch, block or validator id). */
export type ArenaAttack = Synced<typeof AttackView> & { id: string };
export type FeedLine = Omit<Synced<typeof FeedItem>, "seq">;
export type ArenaNetwork = Synced<typeof NetworkView>;

/** What every role may see of the arena (docs/rules.md, "What each role sees"): judged attacks, released chunks once judged. */
export interface Arena {
  blocks: ArenaBlock[];
  rollups: ArenaRollup[];
  batches: ArenaBatch[];
  disputes: ArenaDispute[];
  blobs: ArenaBlob[];
  shards: ArenaShard[];
  attacks: ArenaAttack[];
  /** Optional for the client's mirror of a room, which may not read it yet (the projection always sets it). */
  network?: ArenaNetwork;
}

const SYNCHRONOUS_NETWORK: ArenaNetwork = {
  enabled: false,
  nodes: 0,
  keepUpShare: 0,
  activeShare: 0,
  nakamoto33: 0,
  nakamoto50: 0,
  gini: 0,
  datacenterShare: 0,
  arrivalP50Ms: -1,
  arrivalP95Ms: -1,
  blocks: 0,
  orphanedBlocks: 0,
  lateBlocks: 0,
  missedHeadVoteShare: 0,
  sampling: false,
  withoutSampling: NOT_MEASURED,
  withSampling: NOT_MEASURED,
  cheapestKeepingUpUsd: -1,
  reorgs: 0,
  maxReorgDepth: 0,
  l1TxPerSecond: 0,
  l2TxPerSecond: 0,
  regions: [],
  sample: [],
};

/** The network's figures, or `enabled: false` with empty figures for a synchronous match. */
function arenaNetwork(state: EngineState): ArenaNetwork {
  const metrics = networkMetrics(state);
  return metrics ? { enabled: true, ...metrics } : SYNCHRONOUS_NETWORK;
}

/** What the referee knows besides (docs/rules.md, "What each role sees"), with full ids. */
export interface ArenaReferee {
  seed: string;
  pendingAttacks: ArenaAttack[];
  /** Chunks released of each blob still waiting for its verdict, by blob id. */
  released: Record<Hex, number>;
  /** Whether each pending batch is valid, by batch id. */
  batchValid: Record<Hex, boolean>;
  /** Every seat's strategy, by seat id. */
  strategies: Record<string, string>;
}

export function projectArena(state: EngineState): Arena {
  const oldest = state.slot - ARENA_WINDOW_SLOTS;
  const finalizedSlot = state.blocks[state.finalized.root]?.slot ?? -1;
  const { l2 } = state;
  const withheld = withheldBlocks(state);
  return {
    blocks: Object.values(state.blocks)
      .filter((block) => block.slot >= oldest && !withheld.has(block.id))
      .sort((a, b) => a.slot - b.slot || (a.id < b.id ? -1 : 1))
      .map((block) => arenaBlock(state, block, finalizedSlot)),
    rollups: l2.rollups.map((rollup) => ({
      id: rollup.id,
      kind: rollup.kind,
      pending: rollup.pending.length,
      txsFinalized: rollup.txsFinalized,
      bonded: [...rollup.bonded],
      ejected: [...rollup.ejected],
    })),
    batches: l2.rollups
      .flatMap((rollup) => rollup.batches)
      .filter((batch) => batch.postedSlot >= oldest || batch.status === "pending")
      .map((batch) => ({
        id: batch.id,
        rollup: batch.rollup,
        seat: batch.seat,
        postedSlot: batch.postedSlot,
        status: batch.status,
        txCount: batch.txCount,
        inBlobs: batch.inBlobs,
        provedSlot: batch.provedSlot,
        finalSlot: batch.finalSlot,
      })),
    disputes: l2.disputes
      .filter((dispute) => dispute.status === "open" || dispute.resolvedSlot >= oldest)
      .map(arenaDispute),
    blobs: l2.blobs
      .filter((blob) => blob.slot >= oldest)
      .map(({ id, shard, slot, batch, txCount, released, verdict }) => ({
        id,
        shard,
        slot,
        batch,
        txCount,
        // Before its verdict, how many chunks a blob lacks is what sampling must find out.
        ...(verdict === "pending" ? {} : { released }),
        verdict,
      })),
    shards: l2.shards.map(({ fee, excess, used }, index) => ({ index, fee, excess, used })),
    attacks: l2.attacks
      .filter((attack) => attack.outcome !== "pending")
      .slice(-ARENA_RECENT_ITEMS)
      .map(arenaAttack),
    network: arenaNetwork(state),
  };
}

/** The referee's part: what is still to be discovered, and the seed and strategies. */
export function projectReferee(state: EngineState): ArenaReferee {
  const oldest = state.slot - ARENA_WINDOW_SLOTS;
  const { l2 } = state;
  const pendingBlobs = l2.blobs.filter((blob) => blob.slot >= oldest && blob.verdict === "pending");
  const pendingBatches = l2.rollups.flatMap((rollup) => rollup.batches).filter((b) => b.status === "pending");
  return {
    seed: state.seed,
    pendingAttacks: l2.attacks
      .filter((attack) => attack.outcome === "pending")
      .slice(-ARENA_RECENT_ITEMS)
      .map(arenaAttack),
    released: Object.fromEntries(pendingBlobs.map((blob) => [blob.id, blob.released])),
    batchValid: Object.fromEntries(pendingBatches.map((batch) => [batch.id, batch.valid])),
    strategies: Object.fromEntries(state.seats.map((seat) => [seat.id, seat.strategy])),
  };
}

function arenaBlock(state: EngineState, block: Block, finalizedSlot: number): ArenaBlock {
  const canonical = block.slot < 0 || state.blockRoots[block.slot] === block.id;
  return {
    id: block.id,
    slot: block.slot,
    proposer: block.proposer,
    parent: block.parent,
    canonical,
    justified: block.id === state.currentJustified.root,
    finalized: canonical && block.slot <= finalizedSlot,
  };
}

function arenaDispute(dispute: Dispute): ArenaDispute {
  return {
    id: dispute.id,
    batch: dispute.batch,
    rollup: dispute.rollup,
    challenger: dispute.challenger,
    defender: dispute.defender,
    openedSlot: dispute.openedSlot,
    lo: dispute.lo,
    hi: dispute.hi,
    turn: dispute.turn,
    clockDefender: dispute.clocks.defender,
    clockChallenger: dispute.clocks.challenger,
    rounds: dispute.rounds,
    status: dispute.status,
  };
}

function arenaAttack({ kind, by, slot, subject, outcome, detectedSlot }: Attack): ArenaAttack {
  return { id: `${kind}/${by}/${slot}/${subject}`, kind, by, slot, outcome, detectedSlot };
}

/** A slot's events worth a sentence (shared/describe.ts), as feed lines. */
export function feedLines(events: EngineEvent[]): FeedLine[] {
  const lines: FeedLine[] = [];
  for (const event of events) {
    const text = describeEvent(event);
    if (text) lines.push({ slot: event.slot, type: event.type, text });
  }
  return lines;
}
