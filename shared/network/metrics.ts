// Decentralization and throughput metrics of the network model (docs/network.md).
import { BYTES_PER_TRANSFER, GAS_PER_TRANSFER, HARDWARE_CLASSES } from "./inputs.ts";
import type { NodeLoad } from "./load.ts";
import { monthlyCostUsd, type NetNode } from "./population.ts";

/** Validators held by each operator (home stakers are operators of one), heaviest first. */
export function stakeByOperator(nodes: readonly NetNode[]): number[] {
  const stakes = new Map<number, number>();
  for (const node of nodes) {
    if (node.active && node.validators > 0)
      stakes.set(node.operator, (stakes.get(node.operator) ?? 0) + node.validators);
  }
  return [...stakes.values()].sort((a, b) => b - a);
}

/** The fewest operators together holding more than `fraction` of the stake (0 if there is none). */
export function nakamotoCoefficient(stakes: readonly number[], fraction: number): number {
  const sorted = [...stakes].sort((a, b) => b - a);
  const total = sorted.reduce((sum, s) => sum + s, 0);
  let held = 0;
  for (let i = 0; i < sorted.length; i++) {
    held += sorted[i];
    if (held > fraction * total) return i + 1;
  }
  return 0;
}

/** Gini coefficient of the stakes: 0 when all equal, towards 1 when one holds everything. */
export function gini(stakes: readonly number[]): number {
  const sorted = [...stakes].sort((a, b) => a - b);
  const n = sorted.length;
  const total = sorted.reduce((sum, s) => sum + s, 0);
  if (n === 0 || total === 0) return 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) weighted += (i + 1) * sorted[i];
  return (2 * weighted) / (n * total) - (n + 1) / n;
}

/** Share of the stake that runs on datacenter hardware. */
export function datacenterShare(nodes: readonly NetNode[]): number {
  let inDatacenters = 0;
  let total = 0;
  for (const node of nodes) {
    if (!node.active) continue;
    total += node.validators;
    if (HARDWARE_CLASSES[node.hardware].datacenter) inDatacenters += node.validators;
  }
  return total === 0 ? 0 : inDatacenters / total;
}

/** The nearest-rank percentile of the finite values (p in 0–100); NaN when there are none. */
export function percentile(values: ArrayLike<number>, p: number): number {
  const finite = Array.from(values)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  return finite[Math.min(finite.length - 1, Math.max(0, Math.ceil((p / 100) * finite.length) - 1))];
}

/** Layer 1's throughput in plain transfers per second. */
export function l1TxPerSecond(blockGas: number, slotMs: number): number {
  return Math.floor(blockGas / GAS_PER_TRANSFER) / (slotMs / 1000);
}

/** A block's bytes: the transfers it carries. */
export function blockBytes(blockGas: number): number {
  return Math.floor(blockGas / GAS_PER_TRANSFER) * BYTES_PER_TRANSFER;
}

/** Per-node bandwidth p50 and p90 over some nodes' loads, Mbit/s; NaN when there are none. */
export interface BandwidthPercentiles {
  downloadP50Mbps: number;
  downloadP90Mbps: number;
  uploadP50Mbps: number;
  uploadP90Mbps: number;
}

export function bandwidthPercentiles(loads: readonly NodeLoad[]): BandwidthPercentiles {
  const down = loads.map((load) => load.downBps);
  const up = loads.map((load) => load.upBps);
  return {
    downloadP50Mbps: percentile(down, 50) / 1e6,
    downloadP90Mbps: percentile(down, 90) / 1e6,
    uploadP50Mbps: percentile(up, 50) / 1e6,
    uploadP90Mbps: percentile(up, 90) / 1e6,
  };
}

/** Monthly cost of the cheapest hardware among the nodes that kept up (by node id); NaN if none did. */
export function cheapestKeepingUpUsd(
  nodes: readonly NetNode[],
  keptUp: readonly boolean[],
  lifetimeMonths: number,
): number {
  let cheapest = Number.POSITIVE_INFINITY;
  for (const node of nodes)
    if (keptUp[node.id]) cheapest = Math.min(cheapest, monthlyCostUsd(node, lifetimeMonths));
  return Number.isFinite(cheapest) ? cheapest : Number.NaN;
}
