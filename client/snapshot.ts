// The arena as plain data: what the renderer draws, whether it comes from a live room (the synced
// `ArenaState` as JSON) or from a replay re-run in the browser (`snapshotOf` an engine state).
import { describeEvent, type EngineEvent, type EngineState, epochOf, seatScores } from "../shared/index.ts";

export interface BlockSnap {
  id: string;
  slot: number;
  proposer: number;
  parent: string;
  canonical: boolean;
  justified: boolean;
  finalized: boolean;
}
export interface FeedSnap {
  slot: number;
  type: string;
  text: string;
}
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
export interface RollupSnap {
  id: string;
  kind: string;
  pending: number;
  txsFinalized: number;
  bonded: string[];
  ejected: string[];
}
export interface BatchSnap {
  id: string;
  rollup: string;
  seat: string;
  postedSlot: number;
  status: string;
  txCount: number;
  inBlobs: boolean;
  provedSlot: number;
  finalSlot: number;
}
export interface DisputeSnap {
  id: string;
  batch: string;
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
export interface BlobSnap {
  id: string;
  shard: number;
  slot: number;
  batch: string;
  txCount: number;
  released: number;
  verdict: string;
}
export interface ShardSnap {
  index: number;
  fee: number;
  excess: number;
  used: number;
}
export interface AttackSnap {
  kind: string;
  by: string;
  slot: number;
  outcome: string;
  detectedSlot: number;
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

/** How much history a replay shows at once: the same window a live room syncs. */
const RECENT_SLOTS = 32;
const FEED_LENGTH = 50;

/** The arena at an engine state, for the replay viewer; `feed` is the event history up to it. */
export function snapshotOf(state: EngineState, feed: FeedSnap[], phase: string): ArenaSnapshot {
  const oldest = state.slot - RECENT_SLOTS;
  const finalizedSlot = state.blocks[state.finalized.root]?.slot ?? -1;
  const blocks = Object.values(state.blocks)
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
  const { l2 } = state;
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
    blocks,
    seats,
    feed: feed.slice(-FEED_LENGTH),
    rollups: l2.rollups.map((r) => ({
      id: r.id,
      kind: r.kind,
      pending: r.pending.length,
      txsFinalized: r.txsFinalized,
      bonded: [...r.bonded],
      ejected: [...r.ejected],
    })),
    batches: l2.rollups
      .flatMap((r) => r.batches)
      .filter((b) => b.postedSlot >= oldest || b.status === "pending")
      .map((b) => ({
        id: b.id,
        rollup: b.rollup,
        seat: b.seat,
        postedSlot: b.postedSlot,
        status: b.status,
        txCount: b.txs.length,
        inBlobs: b.inBlobs,
        provedSlot: b.provedSlot,
        finalSlot: b.finalSlot,
      })),
    disputes: l2.disputes
      .filter((d) => d.status === "open" || d.resolvedSlot >= oldest)
      .map((d) => ({
        id: d.id,
        batch: d.batch,
        rollup: d.rollup,
        challenger: d.challenger,
        defender: d.defender,
        openedSlot: d.openedSlot,
        lo: d.lo,
        hi: d.hi,
        turn: d.turn,
        clockDefender: d.clocks.defender,
        clockChallenger: d.clocks.challenger,
        rounds: d.rounds,
        status: d.status,
      })),
    blobs: l2.blobs
      .filter((b) => b.slot >= oldest)
      .map((b) => ({
        id: b.id,
        shard: b.shard,
        slot: b.slot,
        batch: b.batch,
        txCount: b.txCount,
        released: b.released,
        verdict: b.verdict,
      })),
    shards: l2.shards.map((s, index) => ({ index, fee: s.fee, excess: s.excess, used: s.used })),
    attacks: l2.attacks.slice(-FEED_LENGTH).map((a) => ({
      kind: a.kind,
      by: a.by,
      slot: a.slot,
      outcome: a.outcome,
      detectedSlot: a.detectedSlot,
    })),
  };
}

/** Feed lines for a slot's events, as the server writes them. */
export function feedOf(events: EngineEvent[]): FeedSnap[] {
  const lines: FeedSnap[] = [];
  for (const event of events) {
    const text = describeEvent(event);
    if (text) lines.push({ slot: event.slot, type: event.type, text });
  }
  return lines;
}
