// The arena as the screen shows it (docs/architecture.md, projection): an engine state's recent Layer 1 window, rollups, batches, disputes,
// blobs, shards and attacks, and a slot's events as feed lines. A live room syncs it (server/room-engine.ts,
// compacted for the wire); the replay viewer draws it (client/snapshot.ts).

import type { Hex } from "../hash.ts";
import type { BatchStatus, BlobVerdict, EngineEvent, EngineState } from "../types.ts";
import { describeEvent } from "./describe.ts";

/** Slots of history the arena keeps: blocks, batches (and any still pending), resolved disputes, blobs. */
export const ARENA_WINDOW_SLOTS = 32;
/** The latest attacks and feed lines the arena keeps. */
export const ARENA_RECENT_ITEMS = 50;

export interface ArenaBlock {
  id: Hex;
  slot: number;
  proposer: number;
  parent: Hex;
  /** On the canonical chain (false: a fork's loser). */
  canonical: boolean;
  /** The root of the current justified checkpoint. */
  justified: boolean;
  /** Canonical and at or before the finalized checkpoint: can never be reverted. */
  finalized: boolean;
}

export interface ArenaRollup {
  id: string;
  kind: string;
  pending: number;
  txsFinalized: number;
  bonded: string[];
  ejected: string[];
}

export interface ArenaBatch {
  id: Hex;
  rollup: string;
  seat: string;
  postedSlot: number;
  status: BatchStatus;
  txCount: number;
  inBlobs: boolean;
  provedSlot: number;
  finalSlot: number;
}

export interface ArenaDispute {
  id: Hex;
  batch: Hex;
  rollup: string;
  challenger: string;
  defender: string;
  openedSlot: number;
  lo: number;
  hi: number;
  turn: string;
  clockDefender: number;
  clockChallenger: number;
  rounds: number;
  status: string;
}

export interface ArenaBlob {
  id: Hex;
  shard: number;
  slot: number;
  batch: Hex;
  txCount: number;
  released: number;
  verdict: BlobVerdict;
}

export interface ArenaShard {
  index: number;
  fee: number;
  excess: number;
  used: number;
}

export interface ArenaAttack {
  kind: string;
  by: string;
  slot: number;
  /** What was attacked (a batch, block or validator id). */
  subject: string;
  outcome: string;
  detectedSlot: number;
}

export interface Arena {
  blocks: ArenaBlock[];
  rollups: ArenaRollup[];
  batches: ArenaBatch[];
  disputes: ArenaDispute[];
  blobs: ArenaBlob[];
  shards: ArenaShard[];
  attacks: ArenaAttack[];
}

export interface FeedLine {
  slot: number;
  /** The engine event type: lets a screen pick an icon. */
  type: string;
  text: string;
}

function arenaBlocks(state: EngineState, oldest: number): ArenaBlock[] {
  const finalizedSlot = state.blocks[state.finalized.root]?.slot ?? -1;
  return Object.values(state.blocks)
    .filter((block) => block.slot >= oldest)
    .sort((a, b) => a.slot - b.slot || (a.id < b.id ? -1 : 1))
    .map((block) => {
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
    });
}

function arenaBatches(state: EngineState, oldest: number): ArenaBatch[] {
  return state.l2.rollups
    .flatMap((rollup) => rollup.batches)
    .filter((batch) => batch.postedSlot >= oldest || batch.status === "pending")
    .map((batch) => ({
      id: batch.id,
      rollup: batch.rollup,
      seat: batch.seat,
      postedSlot: batch.postedSlot,
      status: batch.status,
      txCount: batch.txs.length,
      inBlobs: batch.inBlobs,
      provedSlot: batch.provedSlot,
      finalSlot: batch.finalSlot,
    }));
}

function arenaDisputes(state: EngineState, oldest: number): ArenaDispute[] {
  return state.l2.disputes
    .filter((dispute) => dispute.status === "open" || dispute.resolvedSlot >= oldest)
    .map((dispute) => ({
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
    }));
}

export function projectArena(state: EngineState): Arena {
  const oldest = state.slot - ARENA_WINDOW_SLOTS;
  const { l2 } = state;
  return {
    blocks: arenaBlocks(state, oldest),
    rollups: l2.rollups.map((rollup) => ({
      id: rollup.id,
      kind: rollup.kind,
      pending: rollup.pending.length,
      txsFinalized: rollup.txsFinalized,
      bonded: [...rollup.bonded],
      ejected: [...rollup.ejected],
    })),
    batches: arenaBatches(state, oldest),
    disputes: arenaDisputes(state, oldest),
    blobs: l2.blobs
      .filter((blob) => blob.slot >= oldest)
      .map(({ id, shard, slot, batch, txCount, released, verdict }) => ({
        id,
        shard,
        slot,
        batch,
        txCount,
        released,
        verdict,
      })),
    shards: l2.shards.map(({ fee, excess, used }, index) => ({ index, fee, excess, used })),
    attacks: l2.attacks
      .slice(-ARENA_RECENT_ITEMS)
      .map(({ kind, by, slot, subject, outcome, detectedSlot }) => ({
        kind,
        by,
        slot,
        subject,
        outcome,
        detectedSlot,
      })),
  };
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
