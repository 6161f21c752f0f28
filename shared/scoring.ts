// Scores and match metrics (docs/rules.md, money), folded from the state and the event stream.

import { netWorth } from "./ledger.ts";
import type { Breakdown, EngineEvent, EngineState } from "./types.ts";

export interface SeatScore {
  id: string;
  role: string;
  strategy: string;
  background: boolean;
  /** Net worth now minus at genesis, milli-coins. */
  score: number;
  breakdown: Breakdown;
}

export function seatScores(state: EngineState): SeatScore[] {
  return state.seats.map((seat) => ({
    id: seat.id,
    role: seat.role,
    strategy: seat.strategy,
    background: seat.background,
    score: netWorth(state, seat) - seat.startNetWorth,
    breakdown: { ...seat.breakdown },
  }));
}

/** Counters a match accumulates from its events. */
export interface MatchMetrics {
  blocksProposed: number;
  missedSlots: number;
  forks: number;
  /** Epochs finalized at the end minus epochs elapsed: how far finality trails the chain. */
  finalityLagEpochs: number;
  /** Largest gap, in epochs, between an epoch's end and the finalization of that epoch. */
  maxFinalityLagEpochs: number;
  epochsWithoutFinality: number;
  /** The finalized epoch as each epoch ended: the curve of finality over the match. */
  finalizedByEpoch: number[];
  stakeSlashed: number;
  validatorsSlashed: number;
  slashingsByOffense: Record<string, number>;
  inactivityPenalties: number;
  minted: number;
  burned: number;
  blobsPosted: number;
  blobsUnavailable: number;
  disputesOpened: number;
  /** Batches of each rollup, by id: counted from events, since settled batches age out of the state. */
  batches: Record<string, { posted: number; finalized: number; reverted: number }>;
  /** L1 offenses, as attacks: caught when slashed. */
  l1Attacks: { kind: string; by: string; slot: number; outcome: "caught"; detectedAfterSlots: number }[];
}

export function emptyMetrics(): MatchMetrics {
  return {
    blocksProposed: 0,
    missedSlots: 0,
    forks: 0,
    finalityLagEpochs: 0,
    maxFinalityLagEpochs: 0,
    epochsWithoutFinality: 0,
    finalizedByEpoch: [],
    stakeSlashed: 0,
    validatorsSlashed: 0,
    slashingsByOffense: {},
    inactivityPenalties: 0,
    minted: 0,
    burned: 0,
    blobsPosted: 0,
    blobsUnavailable: 0,
    disputesOpened: 0,
    batches: {},
    l1Attacks: [],
  };
}

function batchCounts(metrics: MatchMetrics, rollup: string) {
  metrics.batches[rollup] ??= { posted: 0, finalized: 0, reverted: 0 };
  return metrics.batches[rollup];
}

/** One event's share of the match metrics. */
function observeEvent(metrics: MatchMetrics, event: EngineEvent): void {
  switch (event.type) {
    case "block":
      metrics.blocksProposed++;
      break;
    case "missed-slot":
      metrics.missedSlots++;
      break;
    case "fork":
      metrics.forks++;
      break;
    case "slashed":
      metrics.validatorsSlashed++;
      metrics.stakeSlashed += event.penalty;
      metrics.slashingsByOffense[event.offense] = (metrics.slashingsByOffense[event.offense] ?? 0) + 1;
      metrics.l1Attacks.push({
        kind: event.offense,
        by: event.seat,
        slot: event.offenseSlot,
        outcome: "caught",
        detectedAfterSlots: event.slot - event.offenseSlot,
      });
      break;
    case "blob-verdict":
      metrics.blobsPosted++;
      if (!event.available) metrics.blobsUnavailable++;
      break;
    case "dispute-opened":
      metrics.disputesOpened++;
      break;
    case "batch-posted":
      batchCounts(metrics, event.rollup).posted++;
      break;
    case "batch-final":
      batchCounts(metrics, event.rollup).finalized++;
      break;
    case "batch-reverted":
      batchCounts(metrics, event.rollup).reverted++;
      break;
    case "correlation-penalty":
      metrics.stakeSlashed += event.penalty;
      break;
    case "epoch-rewards":
      metrics.inactivityPenalties += event.inactivityPenalties;
      break;
    case "finality-stalled":
      metrics.epochsWithoutFinality++;
      break;
    case "supply":
      metrics.minted += event.minted;
      metrics.burned += event.burned;
      break;
  }
}

export function observeEvents(metrics: MatchMetrics, events: EngineEvent[], state: EngineState): void {
  for (const event of events) observeEvent(metrics, event);
  const epoch = Math.floor(state.slot / state.config.slotsPerEpoch);
  if (state.slot % state.config.slotsPerEpoch === 0) metrics.finalizedByEpoch.push(state.finalized.epoch);
  metrics.finalityLagEpochs = Math.max(epoch - 1 - state.finalized.epoch, 0);
  metrics.maxFinalityLagEpochs = Math.max(metrics.maxFinalityLagEpochs, metrics.finalityLagEpochs);
}
