// What the wired network measured so far, as plain numbers for `sim --json`, the replay and the arena
// (docs/network.md, "Wired"). Bounded: per-node figures for at most NODE_SAMPLE nodes.
import { REGIONS } from "./network/inputs.ts";
import {
  type BandwidthPercentiles,
  cheapestKeepingUpUsd,
  datacenterShare,
  gini,
  l1TxPerSecond,
  nakamotoCoefficient,
  percentile,
  stakeByOperator,
} from "./network/metrics.ts";
import { populationOf } from "./network-state.ts";
import type { EngineState, NetworkState } from "./types.ts";

/** Per-node figures are kept for every ⌈n / NODE_SAMPLE⌉-th node, so 10,000 nodes stay a small message. */
export const NODE_SAMPLE = 256;

export type NodeStatus = "keeping-up" | "lagging" | "gone";
const KIND_NAMES = ["home", "server", "full"] as const;

export interface NodeSample {
  id: number;
  region: number;
  kind: (typeof KIND_NAMES)[number];
  status: NodeStatus;
  /** When it had the latest slot's block and blob data, ms into the slot (-1: never). */
  arrivalMs: number;
}

export interface NetworkMetrics {
  nodes: number;
  keepUpShare: number;
  activeShare: number;
  nakamoto33: number;
  nakamoto50: number;
  gini: number;
  datacenterShare: number;
  arrivalP50Ms: number;
  arrivalP95Ms: number;
  blocks: number;
  orphanedBlocks: number;
  lateBlocks: number;
  missedHeadVoteShare: number;
  /** Whether the match samples blob data (the other mode's bandwidth is what the same nodes would load). */
  sampling: boolean;
  /** The last epoch's per-node bandwidth over active nodes, each mode (-1 before an epoch has ended). */
  withoutSampling: BandwidthPercentiles;
  withSampling: BandwidthPercentiles;
  /** Monthly cost of the cheapest hardware among the nodes keeping up; -1 when none does. */
  cheapestKeepingUpUsd: number;
  reorgs: number;
  maxReorgDepth: number;
  l1TxPerSecond: number;
  l2TxPerSecond: number;
  regions: { region: string; keepingUp: number; lagging: number; gone: number }[];
  sample: NodeSample[];
}

function statusOf(net: NetworkState, id: number): NodeStatus {
  if (!net.active[id]) return "gone";
  return net.lagging[id] ? "lagging" : "keeping-up";
}

function regionCounts(net: NetworkState): NetworkMetrics["regions"] {
  const regions = REGIONS.map((region) => ({ region, keepingUp: 0, lagging: 0, gone: 0 }));
  net.region.forEach((region, id) => {
    const status = statusOf(net, id);
    if (status === "gone") regions[region].gone++;
    else if (status === "lagging") regions[region].lagging++;
    else regions[region].keepingUp++;
  });
  return regions;
}

function nodeSample(net: NetworkState): NodeSample[] {
  const stride = Math.max(1, Math.ceil(net.kind.length / NODE_SAMPLE));
  const sample: NodeSample[] = [];
  for (let id = 0; id < net.kind.length; id += stride) {
    const arrivalMs = net.lastSlot.arrivalMs[id] ?? -1;
    sample.push({
      id,
      region: net.region[id],
      kind: KIND_NAMES[net.kind[id]],
      status: statusOf(net, id),
      arrivalMs,
    });
  }
  return sample;
}

/** The network's figures for a match, or null when it is synchronous. */
export function networkMetrics(state: EngineState): NetworkMetrics | null {
  const net = state.network;
  if (!net) return null;
  const { config } = state;
  const nodes = populationOf(net, config.operators).nodes;
  const stakes = stakeByOperator(nodes);
  const arrivals = net.lastSlot.arrivalMs.filter((ms) => ms >= 0);
  const active = net.active.filter(Boolean).length;
  const keepingUp = net.active.filter((on, id) => on && !net.lagging[id]).length;
  const simulatedSeconds = Math.max(1, state.slot) * (config.networkSlotMs / 1000);
  const l2Txs = state.l2.rollups.reduce((sum, rollup) => sum + rollup.txsFinalized, 0);
  const perSlot = state.slot === 0 ? 0 : net.totals.blocks / state.slot;
  const keepingUpNodes = nodes.map((node) => statusOf(net, node.id) === "keeping-up");
  const cheapest = cheapestKeepingUpUsd(nodes, keepingUpNodes, config.hardwareLifetimeMonths);
  return {
    nodes: nodes.length,
    keepUpShare: keepingUp / nodes.length,
    activeShare: active / nodes.length,
    nakamoto33: nakamotoCoefficient(stakes, 1 / 3),
    nakamoto50: nakamotoCoefficient(stakes, 1 / 2),
    gini: gini(stakes),
    datacenterShare: datacenterShare(nodes),
    arrivalP50Ms: arrivals.length ? percentile(arrivals, 50) : -1,
    arrivalP95Ms: arrivals.length ? percentile(arrivals, 95) : -1,
    blocks: net.totals.blocks,
    orphanedBlocks: net.totals.orphanedBlocks,
    lateBlocks: net.totals.lateBlocks,
    missedHeadVoteShare: net.totals.headVotes === 0 ? 0 : net.totals.missedHeadVotes / net.totals.headVotes,
    sampling: config.sampling,
    withoutSampling: { ...net.bandwidth.withoutSampling },
    withSampling: { ...net.bandwidth.withSampling },
    cheapestKeepingUpUsd: Number.isNaN(cheapest) ? -1 : cheapest,
    reorgs: net.totals.reorgs,
    maxReorgDepth: net.totals.maxReorgDepth,
    l1TxPerSecond: perSlot * l1TxPerSecond(config.blockGas, config.networkSlotMs),
    l2TxPerSecond: l2Txs / simulatedSeconds,
    regions: regionCounts(net),
    sample: nodeSample(net),
  };
}
