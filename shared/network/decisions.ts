// Operators' decisions each epoch: overloaded for `patience` epochs → upgrade (pay) or leave; unprofitable →
// leave; a leaving validator's stake moves to a pool with probability `delegateShare`, else it exits.
import type { Rng } from "../random.ts";
import { DATACENTER_LINK_BPS, HARDWARE_CLASSES } from "./inputs.ts";
import type { NetworkParams } from "./params.ts";
import { monthlyCostUsd, type NetNode, type Population } from "./population.ts";

export interface EpochChanges {
  upgraded: number;
  left: number;
  delegatedValidators: number;
  exitedValidators: number;
}

/** Rewards of the node's validators each month, in USD. */
export function monthlyRewardsUsd(node: NetNode, params: NetworkParams): number {
  return node.validators * params.rewardUsdPerValidatorMonth;
}

/** A staking node whose rewards do not cover its costs; a full node earns nothing and is run at a loss. */
export function isUnprofitable(node: NetNode, params: NetworkParams): boolean {
  return (
    node.validators > 0 &&
    monthlyRewardsUsd(node, params) < monthlyCostUsd(node, params.hardwareLifetimeMonths)
  );
}

/** The next hardware class, if its owner can pay for it: a staker out of rewards, a full node never. */
function affordableUpgrade(node: NetNode, params: NetworkParams): number | null {
  const next = node.hardware + 1;
  if (next >= HARDWARE_CLASSES.length || node.validators === 0) return null;
  const upgraded = { ...node, hardware: next };
  return isUnprofitable(upgraded, params) ? null : next;
}

function upgrade(node: NetNode, hardware: number): void {
  node.hardware = hardware;
  node.overloadedEpochs = 0;
  if (HARDWARE_CLASSES[hardware].datacenter) {
    node.downBps = DATACENTER_LINK_BPS;
    node.upBps = DATACENTER_LINK_BPS;
  }
}

/** The active pool servers that can take delegated stake, with their total validators. */
export interface PoolServers {
  servers: NetNode[];
  total: number;
}

export function poolServers(population: Population): PoolServers {
  const servers = population.nodes.filter((n) => n.active && n.kind === "server" && n.validators > 0);
  return { servers, total: servers.reduce((sum, n) => sum + n.validators, 0) };
}

/** A pool server drawn by its stake (stake attracts stake), or null if no pool is left. */
export function drawPoolServer(pools: PoolServers, rng: Rng): NetNode | null {
  if (pools.total === 0) return null;
  let pick = rng.int(pools.total);
  for (const server of pools.servers) {
    pick -= server.validators;
    if (pick < 0) return server;
  }
  return pools.servers[pools.servers.length - 1];
}

function leave(
  node: NetNode,
  pools: PoolServers,
  params: NetworkParams,
  rng: Rng,
  changes: EpochChanges,
): void {
  node.active = false;
  changes.left++;
  if (pools.servers.includes(node)) {
    pools.servers = pools.servers.filter((server) => server !== node);
    pools.total -= node.validators;
  }
  for (let v = 0; v < node.validators; v++) {
    const pool = rng.next() < params.delegateShare ? drawPoolServer(pools, rng) : null;
    if (pool) {
      pool.validators++;
      pools.total++;
      changes.delegatedValidators++;
    } else changes.exitedValidators++;
  }
  node.validators = 0;
}

/** Applies one epoch's decisions, in node order, given which nodes kept up this epoch. */
export function applyEpochDecisions(
  population: Population,
  keptUp: readonly boolean[],
  params: NetworkParams,
  rng: Rng,
): EpochChanges {
  const changes: EpochChanges = { upgraded: 0, left: 0, delegatedValidators: 0, exitedValidators: 0 };
  const pools = poolServers(population);
  for (const node of population.nodes) {
    if (!node.active) continue;
    node.overloadedEpochs = keptUp[node.id] ? 0 : node.overloadedEpochs + 1;
    if (node.overloadedEpochs >= params.patience) {
      const next = affordableUpgrade(node, params);
      if (next === null) leave(node, pools, params, rng, changes);
      else {
        upgrade(node, next);
        changes.upgraded++;
      }
    } else if (isUnprofitable(node, params)) leave(node, pools, params, rng, changes);
  }
  return changes;
}
