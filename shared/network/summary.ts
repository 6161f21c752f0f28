// The metrics of a run of the network model, as plain numbers for the CLI, the bench and later the engine.
import {
  datacenterShare,
  gini,
  l1TxPerSecond,
  nakamotoCoefficient,
  percentile,
  stakeByOperator,
} from "./metrics.ts";
import type { NetworkParams } from "./params.ts";
import { monthlyCostUsd } from "./population.ts";
import { createNetwork, type EpochOutcome, type Network, runEpoch } from "./simulate.ts";

export interface NetworkMetrics {
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
  downloadP50Mbps: number;
  downloadP90Mbps: number;
  uploadP50Mbps: number;
  uploadP90Mbps: number;
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
    downloadP50Mbps:
      percentile(
        activeLoads.map((l) => l.downBps),
        50,
      ) / 1e6,
    downloadP90Mbps:
      percentile(
        activeLoads.map((l) => l.downBps),
        90,
      ) / 1e6,
    uploadP50Mbps:
      percentile(
        activeLoads.map((l) => l.upBps),
        50,
      ) / 1e6,
    uploadP90Mbps:
      percentile(
        activeLoads.map((l) => l.upBps),
        90,
      ) / 1e6,
    cheapestKeepingUpUsd: cheapestKeepingUp(network, last),
    l1TxPerSecond: l1TxPerSecond(params.blockGas, params.slotMs),
    upgraded: outcomes.reduce((sum, o) => sum + o.changes.upgraded, 0),
    left: outcomes.reduce((sum, o) => sum + o.changes.left, 0),
  };
}

function cheapestKeepingUp(network: Network, last: EpochOutcome): number {
  let cheapest = Number.POSITIVE_INFINITY;
  for (const node of network.population.nodes) {
    if (last.keptUp[node.id])
      cheapest = Math.min(cheapest, monthlyCostUsd(node, network.params.hardwareLifetimeMonths));
  }
  return Number.isFinite(cheapest) ? cheapest : Number.NaN;
}
