// LMD-GHOST with proposer boost (the spec's get_head), over the part of the tree not yet settled.
import type { Hex } from "./hash.ts";
import type { EngineState } from "./types.ts";
import { getTotalActiveBalance } from "./validators.ts";

/** Stake of latest messages that vote for `root` or one of its descendants. */
function getWeight(state: EngineState, root: Hex): number {
  const block = state.blocks[root];
  let weight = 0;
  for (const [index, message] of Object.entries(state.latestMessages)) {
    const validator = state.validators[Number(index)];
    if (validator.slashed) continue;
    let cursor: Hex | undefined = message.head;
    while (cursor !== undefined) {
      if (cursor === root) {
        weight += validator.stake;
        break;
      }
      const b: { slot: number; parent: Hex } | undefined = state.blocks[cursor];
      if (!b || b.slot <= block.slot) break;
      cursor = b.parent;
    }
  }
  return weight;
}

/**
 * Walks down from the settled head choosing the heaviest child; the first timely block of the slot
 * gets the proposer boost (a share of one slot committee's weight). Ties go to the greater root.
 */
export function getHead(state: EngineState, settledHead: Hex, boostedBlock: Hex | null, epoch: number): Hex {
  const committeeWeight = Math.floor(getTotalActiveBalance(state, epoch) / state.config.slotsPerEpoch);
  const boost = Math.floor((committeeWeight * state.config.proposerBoost) / 100);
  const children = new Map<Hex, Hex[]>();
  for (const block of Object.values(state.blocks)) {
    const siblings = children.get(block.parent);
    if (siblings) siblings.push(block.id);
    else children.set(block.parent, [block.id]);
  }
  let head = settledHead;
  for (;;) {
    const candidates = children.get(head);
    if (!candidates || candidates.length === 0) return head;
    if (candidates.length === 1) {
      head = candidates[0];
      continue;
    }
    let best = candidates[0];
    let bestWeight = -1;
    for (const candidate of candidates) {
      let weight = getWeight(state, candidate);
      if (candidate === boostedBlock || isAncestor(state, candidate, boostedBlock)) weight += boost;
      if (weight > bestWeight || (weight === bestWeight && candidate > best)) {
        best = candidate;
        bestWeight = weight;
      }
    }
    head = best;
  }
}

function isAncestor(state: EngineState, ancestor: Hex, descendant: Hex | null): boolean {
  let cursor = descendant ? state.blocks[descendant] : undefined;
  while (cursor) {
    if (cursor.parent === ancestor) return true;
    cursor = state.blocks[cursor.parent];
  }
  return false;
}
