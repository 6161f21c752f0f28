// The slot's L1 block (the spec's process_block): proposals, fork choice, and the winner's attestations,
// operations and RANDAO reveal. Operations apply through their action's descriptor.
import type { ProposeAction } from "./action-schemas.ts";
import { ruleOf } from "./actions.ts";
import { processAttestation, proposeBlock, recordHistory } from "./chain.ts";
import { BACKGROUND_SEAT } from "./constants.ts";
import { epochOf, type StepContext } from "./context.ts";
import { getBeaconProposerIndex } from "./duties.ts";
import { getHead } from "./forkchoice.ts";
import { hashParts } from "./hash.ts";
import { heavierSide, inPartition, isCutOff } from "./network-partition.ts";
import { gossipSlot, orphan, type ProposedBlock, settleSlot } from "./network-slot.ts";
import { settleUserTransfers } from "./priority-fees.ts";
import type { Block, NetworkState, Operation, SeatState } from "./types.ts";

export type Proposal = { seat: SeatState; action: ProposeAction };

/** An included operation takes effect through its action's descriptor. */
function processOperation(ctx: StepContext, block: Block, operation: Operation): void {
  const rule = ruleOf(operation.action);
  if (rule.takesEffect === "when-included")
    rule.apply(ctx, { block, seat: operation.seat }, operation.action);
}

/** Applies the canonical block of this slot: attestations, operations, RANDAO reveal. */
export function processBlock(ctx: StepContext, block: Block): void {
  const { state } = ctx;
  const included = new Set(block.attestations);
  for (const id of block.attestations) processAttestation(ctx, block, state.attestations[id]);
  state.attestationPool = state.attestationPool.filter((id) => !included.has(id));
  const operations = new Set(block.operations);
  for (const operation of state.mempool)
    if (operations.has(operation.id)) processOperation(ctx, block, operation);
  state.mempool = state.mempool.filter((operation) => !operations.has(operation.id));
  state.randaoMix = hashParts(
    state.randaoMix,
    hashParts(state.seed, "randao-reveal", block.proposer, block.slot),
  );
}

/** The L1 block of this slot: proposals, their gossip (unless synchronous), fork choice, the winner applied. */
export function processProposals(ctx: StepContext, proposals: Proposal[]): void {
  const { state, slot } = ctx;
  const proposed: ProposedBlock[] = [];
  for (const { seat, action } of proposals) {
    const block = proposeBlock(ctx, seat, action);
    // A block of the side the chain does not follow goes to that side's own fork.
    if (block && isCutOff(state, block.proposer, slot)) state.network?.partition?.fork.push(block.id);
    else if (block) proposed.push({ block, action });
  }
  const { candidates, boosted } = state.network
    ? gossipSlot(ctx, proposed)
    : { candidates: proposed.map((p) => p.block), boosted: proposed[0]?.block.id };
  const settled = state.head;
  const head = getHead(state, settled, candidates, epochOf(ctx.config, slot), boosted);
  if (candidates.length > 1)
    ctx.events.push({ type: "fork", slot, blocks: candidates.map((b) => b.id), winner: head });
  if (state.network) settleSlot(ctx, head, candidates);
  if (head !== settled) processBlock(ctx, state.blocks[head]);
  else {
    const proposer = getBeaconProposerIndex(state, slot);
    const seat = state.validators[proposer]?.seat ?? BACKGROUND_SEAT;
    ctx.events.push({ type: "missed-slot", slot, proposer, seat });
  }
  settleUserTransfers(ctx, head !== settled ? state.blocks[head] : null);
  state.head = head;
  state.blockRoots[slot] = head;
  recordHistory(state, head);
  if (state.network) beginOrHealPartition(ctx, state.network);
}

/**
 * After a slot's block: a partition begins with the next slot (the heavier side's chain is the engine's), or heals
 * with it, when fork choice reunites the sides on that chain and the other side's fork is orphaned, as one reorg.
 */
function beginOrHealPartition(ctx: StepContext, net: NetworkState): void {
  const { state, config, slot } = ctx;
  if (config.partitionSlots > 0 && slot + 1 === config.partitionStartSlot)
    net.partition = { side: heavierSide(state), base: state.head, fork: [] };
  else if (net.partition && !inPartition(config, slot + 1)) {
    const { fork } = net.partition;
    fork.forEach((id, i) => {
      orphan(ctx, net, state.blocks[id], "partition", i === fork.length - 1 ? fork.length : 0);
    });
    net.partition = null;
  }
}
