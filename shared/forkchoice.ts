// LMD-GHOST with proposer boost (the spec's get_head), over the part of the tree not yet settled.
// Only the blocks of the current slot (and a withheld block released in it) can compete: each extends the
// settled head, and the heaviest (latest messages plus boost) becomes the new head. A late block is left out
// before it competes (shared/network-slot.ts, the next proposer's honest reorg).
import type { Hex } from "./hash.ts";
import type { Block, EngineState } from "./types.ts";
import { getTotalActiveBalance } from "./validators.ts";

/** Stake of the latest messages voting for `root`. */
export function getWeight(state: EngineState, root: Hex): number {
  let weight = 0;
  for (const [index, message] of Object.entries(state.latestMessages)) {
    const validator = state.validators[Number(index)];
    if (message.head === root && !validator.slashed) weight += validator.stake;
  }
  return weight;
}

/**
 * The heaviest child of the settled head among this slot's blocks; the `boosted` block (the first timely
 * one) gets the proposer boost (a share of one slot committee's weight). Ties go to the greater root, as in
 * the spec.
 */
export function getHead(
  state: EngineState,
  settledHead: Hex,
  slotBlocks: Block[],
  epoch: number,
  boosted: Hex | undefined,
): Hex {
  const children = slotBlocks.filter((block) => block.parent === settledHead);
  if (children.length === 0) return settledHead;
  if (children.length === 1) return children[0].id;
  const committeeWeight = Math.floor(getTotalActiveBalance(state, epoch) / state.config.slotsPerEpoch);
  const boost = Math.floor((committeeWeight * state.config.proposerBoost) / 100);
  let best = children[0].id;
  let bestWeight = -1;
  for (const child of children) {
    const weight = getWeight(state, child.id) + (child.id === boosted ? boost : 0);
    if (weight > bestWeight || (weight === bestWeight && child.id > best)) {
      best = child.id;
      bestWeight = weight;
    }
  }
  return best;
}
