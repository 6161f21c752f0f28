// The metrics of a run of the network model, as plain numbers for the CLI, the bench and later the engine.
import {
  type BandwidthPercentiles,
  bandwidthPercentiles,
  cheapestKeepingUpUsd,
  datacenterShare,
  gini,
  l1TxPerSecond,
  nakamotoCoefficient,
  percentile,
  stakeByOperator,
} from "./metrics.ts";
import type { NetworkParams } from "./params.ts";
import { createNetwork, type EpochOutcome, type Network, runEpoch } from "./simulate.ts";

export interface NetworkMetrics extends BandwidthPercentiles {
  /** Nodes keeping up at the last epoch, over the whole starting population (gone nodes do not). */
  keepUpShare: number;
  activeShare: number;
  nakamoto33: number;
  nakamoto50: number;
  giniByOperator: number;
  datacenterShare: number;
  blockArrivalP50Ms: number;
  blockArrivalP95Ms: number;
  missedHeadVoteShare: number;
  /** Monthly cost of the cheapest hardware class among nodes keeping up; NaN if none does. */
  cheapestKeepingUpUsd: number;
  l1TxPerSecond: number;
  upgraded: number;
  left: number;
}

/** Runs `epochs` epochs from the seed and summarizes them (arrivals and votes over all slots, load at the end). */
export function runNetwork(params: NetworkParams, seed: string, epochs: number): NetworkMetrics {
  const network = createNetwork(params, seed);
  const outcomes: EpochOutcome[] = [];
  for (let e = 0; e < epochs; e++) outcomes.push(runEpoch(network));
  return summarize(network, outcomes);
}

export function summarize(network: Network, outcomes: readonly EpochOutcome[]): NetworkMetrics {
  const { params, population } = network;
  const last = outcomes[outcomes.length - 1];
  const arrivals: number[] = [];
  let timely = 0;
  let missed = 0;
  for (const outcome of outcomes) {
    for (const slot of outcome.slots) {
      for (let v = 0; v < slot.hadUs.length; v++) if (network.links.online[v]) arrivals.push(slot.hadUs[v]);
      timely += slot.votes.timely;
      missed += slot.votes.missed;
    }
  }
  const active = population.nodes.filter((n) => n.active);
  const activeLoads = last.loads.filter((_, i) => population.nodes[i].active);
  const stakes = stakeByOperator(population.nodes);
  return {
    keepUpShare: last.keptUp.filter(Boolean).length / population.nodes.length,
    activeShare: active.length / population.nodes.length,
    nakamoto33: nakamotoCoefficient(stakes, 1 / 3),
    nakamoto50: nakamotoCoefficient(stakes, 1 / 2),
    giniByOperator: gini(stakes),
    datacenterShare: datacenterShare(population.nodes),
    blockArrivalP50Ms: percentile(arrivals, 50) / 1000,
    blockArrivalP95Ms: percentile(arrivals, 95) / 1000,
    missedHeadVoteShare: timely + missed === 0 ? 0 : missed / (timely + missed),
    ...bandwidthPercentiles(activeLoads),
    cheapestKeepingUpUsd: cheapestKeepingUpUsd(population.nodes, last.keptUp, params.hardwareLifetimeMonths),
    l1TxPerSecond: l1TxPerSecond(params.blockGas, params.slotMs),
    upgraded: outcomes.reduce((sum, o) => sum + o.changes.upgraded, 0),
    left: outcomes.reduce((sum, o) => sum + o.changes.left, 0),
  };
}
