// The network inside the engine's slot and epoch (docs/network.md, "Wired"): each block spreads from its
// proposer's node, a node votes for the head it had by the deadline, the next proposer reorgs a late weak
// block, a withheld block competes when released, and each epoch nodes that cannot keep up upgrade or leave.
import type { ProposeAction } from "./action-schemas.ts";
import { sameCheckpoint } from "./chain.ts";
import { epochOf, type StepContext } from "./context.ts";
import { unrealizedJustification } from "./finality.ts";
import { getWeight } from "./forkchoice.ts";
import type { Hex } from "./hash.ts";
import { applyEpochDecisions, drawPoolServer, poolServers } from "./network/decisions.ts";
import type { NodeLoad } from "./network/load.ts";
import { bandwidthPercentiles } from "./network/metrics.ts";
import { epochLoads, spreadBlock } from "./network/simulate.ts";
import { attestationDeadlineUs, countHeadVotes, shouldReorgLateHead } from "./network/slot.ts";
import { sideLinks } from "./network-partition.ts";
import { isOffline, modelOf, NOT_MEASURED, populationOf, storePopulation } from "./network-state.ts";
import { Rng } from "./random.ts";
import type { Block, EngineState, NetworkState, OrphanReason } from "./types.ts";
import { getTotalActiveBalance, initiateValidatorExit, isActiveValidator } from "./validators.ts";

export interface ProposedBlock {
  block: Block;
  action: ProposeAction;
}

/** The blocks that may become this slot's head, and the one with proposer boost (timely where most stake is). */
export interface SlotCandidates {
  candidates: Block[];
  boosted: Hex | undefined;
}

type Model = ReturnType<typeof modelOf>;

export function orphan(
  ctx: StepContext,
  net: NetworkState,
  block: Block,
  reason: OrphanReason,
  depth: number,
): void {
  net.totals.orphanedBlocks++;
  if (depth > 0) net.totals.reorgs++;
  net.totals.maxReorgDepth = Math.max(net.totals.maxReorgDepth, depth);
  ctx.events.push({
    type: "orphaned",
    slot: ctx.slot,
    block: block.id,
    proposer: block.proposer,
    reason,
    depth,
  });
}

/** Keeps who had each recent block by its deadline, for the heads their validators can vote for. */
function recordReach(
  ctx: StepContext,
  net: NetworkState,
  block: Block,
  publisherNode: number,
  hadUs: Float64Array | null,
): void {
  const deadline = attestationDeadlineUs(ctx.config.networkSlotMs);
  // In node order, ascending: headSeenBy searches it.
  const lateNodes: number[] = [];
  if (hadUs)
    for (let node = 0; node < hadUs.length; node++) if (!(hadUs[node] <= deadline)) lateNodes.push(node);
  net.reach = net.reach.filter((r) => r.slot > ctx.slot - ctx.config.slotsPerEpoch);
  net.reach.push({ slot: block.slot, block: block.id, publisherNode, exclusive: hadUs === null, lateNodes });
}

/** The slot's arrivals and the population's head votes, kept as the latest slot's figures. */
function recordArrivals(
  ctx: StepContext,
  net: NetworkState,
  model: Model,
  node: number,
  publishMs: number,
  hadUs: Float64Array,
  processedUs: Float64Array = hadUs,
): void {
  const votes = countHeadVotes(model.population.nodes, processedUs, model.params.slotMs);
  net.lastSlot = {
    slot: ctx.slot,
    proposerNode: node,
    publishMs,
    arrivalMs: Array.from(hadUs, (us) => (Number.isFinite(us) ? Math.round(us / 1000) : -1)),
    timely: votes.timely,
    missed: votes.missed,
    missedByRegion: votes.missedByRegion,
  };
}

/** A slot where no block spread: only validators on offline nodes miss their head vote. */
function recordEmptySlot(ctx: StepContext, net: NetworkState, model: Model): void {
  const waitedFor = Float64Array.from(model.links.online, (online) =>
    online ? 0 : Number.POSITIVE_INFINITY,
  );
  recordArrivals(ctx, net, model, -1, 0, waitedFor);
  net.lastSlot.arrivalMs.fill(-1);
}

/** The slot's head votes into the match totals; a block most stake missed is a late block. */
function addToTotals(net: NetworkState, spreadBlocks: boolean): void {
  const { timely, missed } = net.lastSlot;
  net.totals.headVotes += timely + missed;
  net.totals.missedHeadVotes += missed;
  if (spreadBlocks && missed > timely) net.totals.lateBlocks++;
}

/** When a proposer publishes without `publishMs`: at the slot's start, as the honest routine does. */
export const DEFAULT_PUBLISH_MS = 0;

/**
 * is_proposing_on_time for the next slot's proposer, decided a slot early: its block cannot be built before
 * its action arrives, so it is taken to publish at the default time (DEFAULT_PUBLISH_MS, before the proposer
 * reorg cutoff): on time unless its node is offline then (a proposer that cannot propose applies no rule).
 * docs/network.md, "Rules per slot".
 */
function nextProposerOnTime(state: EngineState, proposer: number, next: number): boolean {
  const net = state.network!;
  return net.active[net.validatorNode[proposer]] === 1 && !isOffline(state, proposer, next);
}

/**
 * get_proposer_head for the next slot's proposer, from its own node: the head is late there, weak (the slot's
 * committee members whose node had it in time) and its parent strong (the parent's votes plus the whole
 * committee's, which vote for it or its child); FFG-competitive when the block's attestations do not change
 * the unrealized justification its parent has.
 */
function nextProposerReorgs(ctx: StepContext, net: NetworkState, block: Block, hadUs: Float64Array): boolean {
  const { state, config, slot } = ctx;
  const next = slot + 1;
  const nextDuties = state.duties[epochOf(config, next)];
  const parent = state.blocks[block.parent];
  if (!nextDuties || !parent) return false;
  const deadline = attestationDeadlineUs(config.networkSlotMs);
  const nextProposer = nextDuties.proposers[next % config.slotsPerEpoch];
  // A head on time at the next proposer's node is never reorged: the weights and justifications below are
  // worked out only for a late one.
  const headLate = !(hadUs[net.validatorNode[nextProposer]] <= deadline);
  if (!headLate) return false;
  const epoch = epochOf(config, slot);
  const attesterSlot = state.duties[epoch]?.attesterSlot ?? [];
  let headWeight = 0;
  let committeeWeight = 0;
  for (const validator of state.validators) {
    if (attesterSlot[validator.index] !== slot || validator.slashed || !isActiveValidator(validator, epoch))
      continue;
    committeeWeight += validator.stake;
    if (hadUs[net.validatorNode[validator.index]] <= deadline) headWeight += validator.stake;
  }
  return shouldReorgLateHead({
    headLate,
    headWeight,
    parentWeight: getWeight(state, parent.id) + committeeWeight,
    totalStake: getTotalActiveBalance(state, epoch),
    slotsPerEpoch: config.slotsPerEpoch,
    shufflingStable: next % config.slotsPerEpoch !== 0,
    ffgCompetitive: sameCheckpoint(
      unrealizedJustification(state, epoch),
      unrealizedJustification(state, epoch, block),
    ),
    epochsSinceFinalization: epoch - state.finalized.epoch,
    singleSlotReorg: parent.slot === slot - 1,
    proposingOnTime: nextProposerOnTime(state, nextProposer, next),
  });
}

/**
 * A block spreads from its proposer's node at its publish time: when each node can vote for it (never, for a
 * lagging node), or null if the proposer's node is offline.
 */
function spread(
  ctx: StepContext,
  net: NetworkState,
  model: Model,
  block: Block,
  publishMs: number,
  blobs: number,
): Float64Array | null {
  const node = net.validatorNode[block.proposer];
  if (!model.links.online[node]) return null;
  const hadUs = spreadBlock(
    { ...model, links: sideLinks(ctx.state, model.links, node, ctx.slot) },
    node,
    publishMs * 1000,
    blobs,
  );
  // A node that did not keep up last epoch is behind: it has the block, but not in time to vote for it.
  const processedUs = hadUs.map((us, id) => (net.lagging[id] ? Number.POSITIVE_INFINITY : us));
  recordArrivals(ctx, net, model, node, publishMs, hadUs, processedUs);
  recordReach(ctx, net, block, node, processedUs);
  return processedUs;
}

/** Blocks withheld until this slot are published now; each competes if it still extends the head. */
function releaseWithheld(ctx: StepContext, net: NetworkState, model: Model, blobs: number): Block[] {
  const due = net.withheld.filter((w) => w.releaseSlot === ctx.slot);
  net.withheld = net.withheld.filter((w) => w.releaseSlot !== ctx.slot);
  const released: Block[] = [];
  for (const { block: id, publishMs } of due) {
    const block = ctx.state.blocks[id];
    if (!spread(ctx, net, model, block, publishMs, blobs)) orphan(ctx, net, block, "offline", 0);
    else if (block.parent !== ctx.state.head) orphan(ctx, net, block, "outvoted", 0);
    else released.push(block);
  }
  return released;
}

/** The slot's gossip: which of its blocks (and released ones) may become the head, and which has the boost. */
export function gossipSlot(ctx: StepContext, proposed: readonly ProposedBlock[]): SlotCandidates {
  const { state, slot } = ctx;
  const net = state.network!;
  const blobs = state.l2.blobs.filter((blob) => blob.slot === slot - 1).length;
  const model = modelOf(state, net, slot, blobs);
  net.slotsThisEpoch++;
  net.blobsThisEpoch += blobs;
  const released = releaseWithheld(ctx, net, model, blobs);
  const candidates: Block[] = [];
  let boosted: Hex | undefined;
  for (const { block, action } of proposed) {
    if (action.withholdSlots !== undefined) {
      net.withheld.push({
        block: block.id,
        releaseSlot: slot + action.withholdSlots,
        publishMs: action.publishMs ?? DEFAULT_PUBLISH_MS,
      });
      recordReach(ctx, net, block, net.validatorNode[block.proposer], null);
      continue;
    }
    const hadUs = spread(ctx, net, model, block, action.publishMs ?? DEFAULT_PUBLISH_MS, blobs);
    if (!hadUs) orphan(ctx, net, block, "offline", 0);
    else if (nextProposerReorgs(ctx, net, block, hadUs)) orphan(ctx, net, block, "late", 1);
    else {
      candidates.push(block);
      if (boosted === undefined && net.lastSlot.timely >= net.lastSlot.missed) boosted = block.id;
    }
  }
  if (net.lastSlot.slot !== slot) recordEmptySlot(ctx, net, model);
  addToTotals(net, net.lastSlot.proposerNode >= 0);
  net.copiesIn = Array.from(model.copiesIn);
  net.copiesOut = Array.from(model.copiesOut);
  return { candidates: [...candidates, ...released], boosted };
}

/**
 * After fork choice: every candidate that lost is orphaned (this slot's block lost to a released one: a reorg
 * of depth 1); a released block that won stands at its own slot too.
 */
export function settleSlot(ctx: StepContext, head: Hex, candidates: readonly Block[]): void {
  const { state, slot } = ctx;
  const net = state.network!;
  const winner = state.blocks[head];
  if (!candidates.some((block) => block.id === head)) return;
  net.totals.blocks++;
  for (const loser of candidates) {
    if (loser.id === head) continue;
    const depth = loser.slot === slot && winner.slot < slot ? 1 : 0;
    orphan(ctx, net, loser, "outvoted", depth);
  }
  for (let s = winner.slot; s < slot; s++) state.blockRoots[s] = head;
}

/** Engine validators whose node left move to a pool server (delegateShare) or exit through the exit path. */
function relocateValidators(ctx: StepContext, net: NetworkState, epoch: number, rng: Rng): void {
  const pools = poolServers(populationOf(net, ctx.config.operators));
  for (const validator of ctx.state.validators) {
    if (net.active[net.validatorNode[validator.index]] || !isActiveValidator(validator, epoch)) continue;
    const pool = rng.next() < ctx.config.delegateShare ? drawPoolServer(pools, rng) : null;
    if (pool) net.validatorNode[validator.index] = pool.id;
    else initiateValidatorExit(ctx, validator.index, epoch, "voluntary");
  }
}

/** Epoch end: each node's load against its capacity, then its operator's decision (docs/network.md). */
export function processNetworkEpoch(ctx: StepContext, epoch: number): void {
  const net = ctx.state.network;
  if (!net) return;
  const blobs = Math.round(net.blobsThisEpoch / Math.max(1, net.slotsThisEpoch));
  const model = modelOf(ctx.state, net, ctx.slot, blobs);
  const { loads, keptUp } = epochLoads(model);
  // The other mode changes only the blob data each node fetches and forwards (shared/network/load.ts).
  const otherLoads = epochLoads({ ...model, params: { ...model.params, sampling: !model.params.sampling } });
  const rng = new Rng(net);
  applyEpochDecisions(model.population, keptUp, model.params, rng);
  storePopulation(net, model.population);
  const stillActive = (_: unknown, id: number) => net.active[id] === 1;
  const measured = (epoch: NodeLoad[]) => {
    const active = epoch.filter(stillActive);
    return active.length > 0 ? bandwidthPercentiles(active) : { ...NOT_MEASURED };
  };
  const [inPlay, other] = [measured(loads), measured(otherLoads.loads)];
  net.bandwidth = model.params.sampling
    ? { withoutSampling: other, withSampling: inPlay }
    : { withoutSampling: inPlay, withSampling: other };
  net.lagging = keptUp.map((kept, id) => (kept || !net.active[id] ? 0 : 1));
  relocateValidators(ctx, net, epoch, rng);
  net.copiesIn.fill(0);
  net.copiesOut.fill(0);
  net.slotsThisEpoch = 0;
  net.blobsThisEpoch = 0;
}
