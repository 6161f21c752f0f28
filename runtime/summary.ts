// The typed summary of one finished match, shared by `sim --json`, the lab's results and the tests.
import { networkMetrics, type SeatScore } from "../shared/index.ts";
import type { MatchOutcome } from "./match.ts";
import { networkBlocks } from "./network-attacks.ts";
import { median } from "./stats.ts";

function coins(milli: number): number {
  return milli / 1000;
}

function seatJson(score: SeatScore) {
  return {
    id: score.id,
    role: score.role,
    strategy: score.strategy,
    background: score.background,
    score: coins(score.score),
    breakdown: Object.fromEntries(Object.entries(score.breakdown).map(([key, value]) => [key, coins(value)])),
  };
}

/** A match as data: the `sim --json` object and each lab result (everything a script or a test needs). */
export function summarizeMatch(seed: string, outcome: MatchOutcome) {
  const { state, metrics } = outcome;
  const blocks = networkBlocks(outcome.events, state);
  return {
    seed,
    slots: state.slot,
    stateRoot: outcome.stateRoot,
    l1: {
      justifiedEpoch: state.currentJustified.epoch,
      finalizedEpoch: state.finalized.epoch,
      slashedValidators: state.validators.filter((v) => v.slashed).map((v) => v.index),
    },
    seats: outcome.scores.map(seatJson),
    statuses: outcome.statuses,
    metrics: {
      ...metrics,
      l1Attacks: undefined,
      batches: undefined,
      stakeSlashed: coins(metrics.stakeSlashed),
      inactivityPenalties: coins(metrics.inactivityPenalties),
      minted: coins(metrics.minted),
      burned: coins(metrics.burned),
    },
    refusals: outcome.refusalsByCode,
    rollups: state.l2.rollups.map((rollup) => ({
      id: rollup.id,
      kind: rollup.kind,
      batchesPosted: metrics.batches[rollup.id]?.posted ?? 0,
      batchesFinalized: metrics.batches[rollup.id]?.finalized ?? 0,
      batchesReverted: metrics.batches[rollup.id]?.reverted ?? 0,
      txsFinalized: rollup.txsFinalized,
      txsFinalizedPerSlot: rollup.txsFinalized / state.slot,
      finalityLagSlots: median(rollup.finalityLags),
    })),
    network: networkMetrics(state),
    shards: {
      blobsPosted: metrics.blobsPosted,
      blobsUnavailable: metrics.blobsUnavailable,
      blobFeeFinal: coins(Math.max(...state.l2.shards.map((shard) => shard.fee))),
    },
    /** Each seat's blocks: proposed, kept, orphaned as late, withheld (docs/network.md, "Network attacks"). */
    blocksBySeat: blocks.bySeat,
    attacks: [
      ...metrics.l1Attacks,
      ...blocks.attacks,
      ...state.l2.attacks.map((attack) => ({
        kind: attack.kind,
        by: attack.by,
        slot: attack.slot,
        outcome: attack.outcome,
        detectedAfterSlots: attack.detectedSlot >= 0 ? attack.detectedSlot - attack.slot : null,
      })),
    ],
  };
}

export type MatchSummary = ReturnType<typeof summarizeMatch>;
