// A partition (docs/network.md, "Network attacks"): for `partitionSlots` slots from `partitionStartSlot`, the
// regions in the `partitionRegions` mask and the rest are two sides whose gossip does not cross. The engine's
// chain is the heavier side's (the fork that fork choice keeps when they reunite); the other side builds its own
// fork, orphaned when the partition heals, and its validators' votes never reach the chain, so finality stalls
// while split unless the heavier side alone holds 2/3 of the stake.
import type { MatchConfig } from "./config.ts";
import { epochOf } from "./context.ts";
import type { Hex } from "./hash.ts";
import type { LinkTable } from "./network/propagation.ts";
import type { EngineState, NetworkState } from "./types.ts";
import { isActiveValidator } from "./validators.ts";

export function inPartition(config: MatchConfig, slot: number): boolean {
  return (
    config.partitionRegions > 0 &&
    slot >= config.partitionStartSlot &&
    slot < config.partitionStartSlot + config.partitionSlots
  );
}

/** 1 for a node in a region of the mask, else 0. */
function sideOf(net: NetworkState, config: MatchConfig, node: number): number {
  return (config.partitionRegions >> net.region[node]) & 1;
}

/** The side with more active stake (ties to side 0): the one the engine's chain follows. */
export function heavierSide(state: EngineState): number {
  const net = state.network!;
  const epoch = epochOf(state.config, state.slot);
  const stake = [0, 0];
  for (const v of state.validators)
    if (!v.slashed && isActiveValidator(v, epoch))
      stake[sideOf(net, state.config, net.validatorNode[v.index])] += v.stake;
  return stake[1] > stake[0] ? 1 : 0;
}

/** Is validator `index`'s node on the side the chain does not follow at `slot`? Its messages never reach the chain. */
export function isCutOff(state: EngineState, index: number, slot: number): boolean {
  const net = state.network;
  if (!net?.partition || !inPartition(state.config, slot)) return false;
  return sideOf(net, state.config, net.validatorNode[index]) !== net.partition.side;
}

/** The links a block published from `node` spreads over: the other side's nodes are out of its reach. */
export function sideLinks(state: EngineState, links: LinkTable, node: number, slot: number): LinkTable {
  const net = state.network!;
  if (!net.partition || !inPartition(state.config, slot)) return links;
  const side = sideOf(net, state.config, node);
  const online = links.online.map((up, id) => (up && sideOf(net, state.config, id) === side ? 1 : 0));
  return { ...links, online };
}

/** The head a cut-off proposer builds on: its side's own fork. */
export function forkHead(state: EngineState): Hex {
  const partition = state.network!.partition!;
  return partition.fork.at(-1) ?? partition.base;
}
