// Rollups (docs/rules.md, Layer 2): batches, ZK proofs, finality, reverts, ejection and the fallback sequencer.

import { type ActionRule, refusal, refuse } from "./action-rule.ts";
import { ACTION_SCHEMAS, type PostBatchAction } from "./action-schemas.ts";
import { type MatchConfig, MIN_PROOF_SLOTS } from "./config.ts";
import { BACKGROUND_SEAT, MEV_BASIS_POINTS } from "./constants.ts";
import type { StepContext } from "./context.ts";
import { processForcedInclusionDeadline } from "./forced-inclusion.ts";
import { type Hex, hashParts } from "./hash.ts";
import { accountsRoot, executeBatch, findBatch, inHonestOrder, rollupById, traceRoot } from "./l2.ts";
import {
  forfeitBond,
  fundsProblem,
  lockBond,
  mint,
  pay,
  payFromEscrow,
  refuseUnpaid,
  releaseBond,
  returnToEscrow,
} from "./ledger.ts";
import { coinsToMilli, mulDiv } from "./money.ts";
import { blobFees, blobShare, publishBlobs, type ShardMarket } from "./shards.ts";
import type { Attack, Batch, Dispute, EngineState, L2Tx, Problem, RollupState } from "./types.ts";

/**
 * Transactions a batch of this rollup may carry this slot: its share of blob space and, for ZK, what can be
 * proven and verified before the proof deadline (so an honest prover is never late).
 */
export function batchCapacity(state: EngineState, rollup: RollupState): number {
  const { config } = state;
  const blobSpace = blobShare(config, state.l2.rollups.length) * config.blobCapacity;
  if (rollup.kind !== "zk") return blobSpace;
  return Math.min(blobSpace, (config.proofDeadline - MIN_PROOF_SLOTS) * config.txsProvedPerSlot);
}

export function recordAttack(ctx: StepContext, attack: Omit<Attack, "outcome" | "detectedSlot">): void {
  ctx.state.l2.attacks.push({ ...attack, outcome: "pending", detectedSlot: -1 });
}

export function settleAttack(ctx: StepContext, subject: Hex, kind: string, outcome: Attack["outcome"]): void {
  for (const attack of ctx.state.l2.attacks) {
    if (attack.subject === subject && attack.kind === kind && attack.outcome === "pending") {
      attack.outcome = outcome;
      attack.detectedSlot = ctx.slot;
    }
  }
}

/** The rollup's current head state: after every batch that still stands. */
function headState(rollup: RollupState): { balances: number[]; nonces: number[] } {
  return { balances: rollup.balances, nonces: rollup.nonces };
}

/** Validation at submission: what can be checked before a proposer includes it. */
export function checkPostBatch(state: EngineState, seat: string, action: PostBatchAction): Problem | null {
  const rollup = rollupById(state, action.rollup);
  if (!rollup) {
    const known = state.l2.rollups.map((r) => r.id).join(", ");
    return refusal("unknown-rollup", `no rollup "${action.rollup}" (rollups: ${known})`);
  }
  if (rollup.ejected.includes(seat)) return refusal("ejected", `seat ${seat} was ejected from ${rollup.id}`);
  if (rollup.batches.some((b) => b.postedSlot === state.slot))
    return refusal("duplicate", `${rollup.id} already took a batch this slot (at most one a slot)`);
  if (action.txs.length === 0) return refusal("malformed", "a batch needs at least one transaction");
  if (action.txs.length > batchCapacity(state, rollup))
    return refusal(
      "malformed",
      `at most ${batchCapacity(state, rollup)} transactions fit this slot's blob share and proof deadline`,
    );
  const pending = new Set(rollup.pending.map((tx) => tx.id));
  const missing = action.txs.find((id) => !pending.has(id));
  if (missing !== undefined)
    return refusal("malformed", `transaction ${missing} is not pending on ${rollup.id}`);
  if (new Set(action.txs).size !== action.txs.length)
    return refusal("malformed", "a transaction appears twice");
  if (action.trace && action.trace.length !== action.txs.length)
    return refusal("malformed", "the trace needs one root per transaction");
  return null;
}

/** The bond a seat must still lock to sequence this rollup (the fallback sequencer posts without one). */
function bondToPost(state: EngineState, rollup: RollupState, seat: string): number {
  return rollup.bonded.includes(seat) || seat === BACKGROUND_SEAT
    ? 0
    : coinsToMilli(state.config.sequencerBond);
}

/** What a batch's data fee follows from this slot: the shards' blob market and the rollups' order (the state or a view). */
type DataMarket = ShardMarket & { slot: number; l2: { rollups: { id: string }[] } };

/** The blob fees of a batch of `txCount` transactions posted to the rollup this slot. */
function batchBlobFees(market: DataMarket, rollupId: string, txCount: number): number {
  const firstShard = market.slot + market.l2.rollups.findIndex((r) => r.id === rollupId);
  return blobFees(market, txCount, firstShard);
}

function calldataFee(config: MatchConfig, txCount: number): number {
  return coinsToMilli(config.calldataCostPerTx) * txCount;
}

/**
 * Whether a batch's data is cheaper as L1 calldata than as blobs this slot: an honest sequencer then posts
 * calldata, as the OP Stack batcher's `auto` data-availability type does (docs/rules.md, shards).
 */
export function calldataIsCheaper(market: DataMarket, rollupId: string, txCount: number): boolean {
  return calldataFee(market.config, txCount) < batchBlobFees(market, rollupId, txCount);
}

/** The L1 data fee of a batch this slot: blob fees on its shards, or calldata per transaction. */
function batchDataFee(state: EngineState, rollup: RollupState, action: PostBatchAction): number {
  if (action.calldata) return calldataFee(state.config, action.txs.length);
  return batchBlobFees(state, rollup.id, action.txs.length);
}

/**
 * Whether the seat can pay a batch's bond and data fee now (docs/rules.md, scores), or why not. `income` is
 * what the batch pays it at once: the fallback sequencer has no capital and pays the data fee from its fees.
 */
export function checkBatchFunds(
  state: EngineState,
  seat: string,
  action: PostBatchAction,
  income = 0,
): Problem | null {
  const rollup = rollupById(state, action.rollup);
  if (!rollup) return null;
  const bond = bondToPost(state, rollup, seat);
  const what = bond > 0 ? "the sequencer bond and the data fee" : "the data fee beyond the batch's own fees";
  const unpaid = fundsProblem(state, seat, bond + batchDataFee(state, rollup, action) - income, what);
  return unpaid ? refusal("insufficient-funds", unpaid) : null;
}

/** Chunks of each blob a batch releases: all 2k unless it withholds; calldata is always all there. */
function releasedChunks(config: MatchConfig, action: PostBatchAction): number {
  return action.calldata ? 2 * config.blobChunks : (action.release ?? 2 * config.blobChunks);
}

/** MEV: a batch out of the honest order earns MEV_BASIS_POINTS of its transfer volume when final. */
function getMevGain(txs: L2Tx[]): number {
  const honestOrder = inHonestOrder(txs);
  if (txs.every((tx, i) => tx === honestOrder[i])) return 0;
  return mulDiv(
    txs.reduce((sum, tx) => sum + tx.amount, 0),
    MEV_BASIS_POINTS,
    10_000,
  );
}

/** The batch as posted: executed from the rollup's head (its data is published once it is paid for). */
function buildBatch(ctx: StepContext, rollup: RollupState, seat: string, action: PostBatchAction) {
  const { config, slot } = ctx;
  const byId = new Map(rollup.pending.map((tx) => [tx.id, tx]));
  const txs = action.txs.map((id) => byId.get(id)!);
  const head = headState(rollup);
  const execution = executeBatch(head.balances, head.nonces, txs);
  const trace = action.trace ?? execution.trace;
  const committedTrace = traceRoot(trace);
  const id = hashParts("batch", rollup.id, slot, seat, committedTrace);
  const inBlobs = !action.calldata;
  const batch: Batch = {
    id,
    rollup: rollup.id,
    seat,
    postedSlot: slot,
    txs,
    txCount: txs.length,
    preRoot: accountsRoot(head.balances, head.nonces),
    trace,
    traceRoot: committedTrace,
    postRoot: trace[trace.length - 1],
    preBalances: [...head.balances],
    preNonces: [...head.nonces],
    correctTrace: execution.trace,
    valid: trace.every((root, i) => root === execution.trace[i]),
    skipsOverdueInbox: false,
    blobs: [],
    inBlobs,
    status: "pending",
    provableSlot: slot + Math.ceil(txs.length / config.txsProvedPerSlot),
    provedSlot: -1,
    finalSlot: -1,
    mevGain: getMevGain(txs),
    executedTxs: execution.executed.length,
    fees: Math.min(
      execution.executed.reduce((sum, tx) => sum + tx.fee, 0),
      rollup.escrow,
    ),
  };
  return { batch, execution };
}

/** The attacks a posted batch tries, as the engine's hidden truth recognises them. */
function recordBatchAttacks(ctx: StepContext, rollup: RollupState, batch: Batch, released: number): void {
  const record = (kind: string) =>
    recordAttack(ctx, { kind, by: batch.seat, slot: batch.postedSlot, subject: batch.id });
  if (!batch.trace.every((root, i) => root === batch.correctTrace[i]))
    record(rollup.kind === "zk" ? "forged-zk-proof" : "invalid-state-root");
  if (released < ctx.config.blobChunks && batch.inBlobs) record("data-withholding");
  if (batch.skipsOverdueInbox) record("sequencer-censorship");
  const honestOrder = inHonestOrder(batch.txs);
  if (batch.txs.some((tx, i) => tx !== honestOrder[i])) record("mev-reordering");
}

/** postBatch, as the including block applies it. */
export function processPostBatch(ctx: StepContext, seat: string, action: PostBatchAction): void {
  const { state, config, slot } = ctx;
  const rollup = rollupById(state, action.rollup);
  if (!rollup || checkPostBatch(state, seat, action)) return;
  const { batch, execution } = buildBatch(ctx, rollup, seat, action);
  const fallback = seat === BACKGROUND_SEAT;
  const unpaid = checkBatchFunds(state, seat, action, fallback ? batch.fees : 0);
  if (unpaid) {
    refuse(ctx, seat, action, unpaid);
    return;
  }
  const bond = bondToPost(state, rollup, seat);
  if (bond > 0) {
    lockBond(ctx, seat, bond);
    rollup.bonded.push(seat);
  }
  // Soft confirmation: the users' fees are the sequencer's now, withdrawable once the batch is final.
  payFromEscrow(ctx, rollup, seat, batch.fees, "fees", fallback ? "balance" : "locked");
  processBatchData(ctx, rollup, batch, action);
  processForcedInclusionDeadline(ctx, rollup, batch);
  rollup.batches.push(batch);
  const included = new Set(action.txs);
  rollup.pending = rollup.pending.filter((tx) => !included.has(tx.id));
  rollup.balances = execution.balances;
  rollup.nonces = execution.nonces;
  if (seat !== BACKGROUND_SEAT) rollup.lastSeatBatchSlot = slot;
  recordBatchAttacks(ctx, rollup, batch, releasedChunks(config, action));
  ctx.events.push({
    type: "batch-posted",
    slot,
    rollup: rollup.id,
    batch: batch.id,
    seat,
    txs: batch.txs.length,
    inBlobs: batch.inBlobs,
  });
}

/** A batch's data goes to L1: blobs at each shard's blob fee, or calldata per transaction; both paid now. */
function processBatchData(
  ctx: StepContext,
  rollup: RollupState,
  batch: Batch,
  action: PostBatchAction,
): void {
  const { config, state } = ctx;
  const firstShard = ctx.slot + state.l2.rollups.indexOf(rollup);
  if (batch.inBlobs) {
    const released = releasedChunks(config, action);
    batch.blobs = publishBlobs(ctx, batch.seat, batch.id, batch.txs.length, released, firstShard);
  } else pay(ctx, batch.seat, calldataFee(config, batch.txs.length), "costs");
}

/** postBatch: a sequencer commits a batch of L2 transactions and its claimed trace; an L1 operation. */
export const postBatchRule: ActionRule<"postBatch"> = {
  type: "postBatch",
  roles: ["sequencer", "attacker"],
  schema: ACTION_SCHEMAS.postBatch,
  takesEffect: "when-included",
  check: ({ state }, seat, action) => {
    const problem = checkPostBatch(state, seat.id, action);
    if (problem) return problem;
    const waiting = state.mempool.some(
      (op) => op.seat === seat.id && op.action.type === "postBatch" && op.action.rollup === action.rollup,
    );
    if (waiting) return refusal("duplicate", `your batch for ${action.rollup} still waits for inclusion`);
    return checkBatchFunds(state, seat.id, action);
  },
  apply: (ctx, { seat }, action) => processPostBatch(ctx, seat, action),
};

/** Reverts a batch and every later batch of its rollup; their transactions wait to be sequenced again. */
export function revertFrom(ctx: StepContext, rollup: RollupState, batch: Batch, reason: string): void {
  const index = rollup.batches.indexOf(batch);
  const undone = rollup.batches.slice(index).filter((b) => b.status === "pending");
  if (undone.length === 0) return;
  rollup.balances = [...undone[0].preBalances];
  rollup.nonces = [...undone[0].preNonces];
  const returned: L2Tx[] = [];
  for (const b of undone) {
    b.status = b === batch && reason === "data unavailable" ? "unavailable" : "reverted";
    for (const kind of [
      "invalid-state-root",
      "data-withholding",
      "sequencer-censorship",
      "forged-zk-proof",
    ]) {
      settleAttack(ctx, b.id, kind, "caught");
    }
    settleAttack(ctx, b.id, "mev-reordering", "failed");
    returned.push(...b.txs);
    returnToEscrow(ctx, rollup, b.seat, b.fees, "fees", b.seat === BACKGROUND_SEAT ? "balance" : "locked");
    ctx.events.push({
      type: "batch-reverted",
      slot: ctx.slot,
      rollup: rollup.id,
      batch: b.id,
      reason: b === batch ? reason : "a batch before it was reverted",
    });
    for (const dispute of ctx.state.l2.disputes) {
      if (dispute.batch === b.id && dispute.status === "open") closeDispute(ctx, dispute);
    }
  }
  rollup.pending = [...returned, ...rollup.pending].sort((a, b) => a.id - b.id);
}

/** A dispute whose batch is gone settles nothing: both sides get their move bonds back. */
function closeDispute(ctx: StepContext, dispute: Dispute): void {
  dispute.status = "closed";
  dispute.resolvedSlot = ctx.slot;
  releaseBond(ctx, dispute.challenger, dispute.bonds.challenger);
  releaseBond(ctx, dispute.defender, dispute.bonds.defender);
}

/** Ejects a sequencer seat from a rollup: it can post no more batches there. */
export function ejectSequencer(ctx: StepContext, rollup: RollupState, seat: string, reason: string): void {
  if (rollup.ejected.includes(seat) || seat === BACKGROUND_SEAT) return;
  rollup.ejected.push(seat);
  ctx.events.push({ type: "sequencer-ejected", slot: ctx.slot, rollup: rollup.id, seat, reason });
}

/** submitProof: the batch's sequencer sends the ZK proof of a pending, unproven batch; an L1 operation. */
export const submitProofRule: ActionRule<"submitProof"> = {
  type: "submitProof",
  roles: ["sequencer", "attacker"],
  schema: ACTION_SCHEMAS.submitProof,
  takesEffect: "when-included",
  check: ({ state }, seat, action) => {
    const found = findBatch(state, action.batch);
    if (!found) return refusal("unknown-batch", `no batch ${action.batch.slice(0, 10)}…`);
    if (found.rollup.kind !== "zk") return refusal("malformed", "only ZK batches take proofs");
    if (found.batch.seat !== seat.id)
      return refusal("not-owner", "only the batch's sequencer submits its proof");
    if (found.batch.status !== "pending" || found.batch.provedSlot >= 0)
      return refusal("too-late", `the batch is ${found.batch.status}`);
    return checkProofFunds(state, seat.id, action.batch);
  },
  apply: (ctx, { seat }, action) => processSubmitProof(ctx, seat, action.batch),
};

/** What submitting a batch's proof costs its submitter: L1 verification gas and the prover's fee per transaction. */
export function getProofCost(state: EngineState, batch: Batch): number {
  return (
    coinsToMilli(state.config.verificationCost) + coinsToMilli(state.config.proverFee) * batch.txs.length
  );
}

/** Whether the seat can pay for the batch's proof now (docs/rules.md, scores), or why not. */
export function checkProofFunds(state: EngineState, seat: string, batchId: Hex): Problem | null {
  const found = findBatch(state, batchId);
  const unpaid = found && fundsProblem(state, seat, getProofCost(state, found.batch), "verifying this proof");
  return unpaid ? refusal("insufficient-funds", unpaid) : null;
}

/**
 * submitProof: a ZK batch's proof exists only for a valid transition, once proving time has passed.
 * A forged proof fails verification: the submitter pays for it and loses its bond (processForgedProof).
 */
export function processSubmitProof(ctx: StepContext, seat: string, batchId: Hex): void {
  const { state, slot } = ctx;
  const found = findBatch(state, batchId);
  if (found?.batch.status !== "pending" || found.batch.provedSlot >= 0) return;
  const { rollup, batch } = found;
  const unpaid = checkProofFunds(state, seat, batchId);
  if (unpaid) {
    refuse(ctx, seat, { type: "submitProof", batch: batchId }, unpaid);
    return;
  }
  pay(ctx, seat, getProofCost(state, batch), "costs");
  const proven = batch.valid && slot >= batch.provableSlot;
  ctx.events.push({ type: "proof", slot, batch: batch.id, seat, valid: proven });
  if (proven) batch.provedSlot = slot;
  else if (!batch.valid) processForgedProof(ctx, rollup, batch);
}

/** A forged proof: the sequencer's bond goes half to the rollup's users, half burned; it is ejected (docs/rules.md, ZK rollup). */
function processForgedProof(ctx: StepContext, rollup: RollupState, batch: Batch): void {
  if (rollup.bonded.includes(batch.seat)) {
    forfeitBond(ctx, batch.seat, coinsToMilli(ctx.config.sequencerBond), rollup);
    rollup.bonded = rollup.bonded.filter((s) => s !== batch.seat);
  }
  settleAttack(ctx, batch.id, "forged-zk-proof", "caught");
  ejectSequencer(ctx, rollup, batch.seat, "a forged proof");
  revertFrom(ctx, rollup, batch, "its proof failed verification");
}

/** Data judged unavailable: the batch is dropped and never finalizes. */
function processUnavailableBatches(ctx: StepContext, rollup: RollupState, unavailable: Set<Hex>): void {
  if (unavailable.size === 0) return;
  for (const batch of rollup.batches) {
    if (batch.status !== "pending" || !batch.inBlobs) continue;
    if (batch.blobs.some((id) => unavailable.has(id))) {
      settleAttack(ctx, batch.id, "data-withholding", "caught");
      settleAttack(ctx, batch.id, "invalid-state-root", "caught");
      revertFrom(ctx, rollup, batch, "data unavailable");
      return;
    }
  }
}

/** ZK liveness: a batch unproven at its deadline is reverted and its sequencer's bond slashed. */
function processProofDeadline(ctx: StepContext, rollup: RollupState): void {
  const { config, slot } = ctx;
  const late = rollup.batches.find(
    (b) => b.status === "pending" && b.provedSlot < 0 && slot >= b.postedSlot + config.proofDeadline,
  );
  if (!late) return;
  if (rollup.bonded.includes(late.seat)) {
    forfeitBond(ctx, late.seat, coinsToMilli(config.sequencerBond), null);
    rollup.bonded = rollup.bonded.filter((s) => s !== late.seat);
  }
  settleAttack(ctx, late.id, "forged-zk-proof", "caught");
  ejectSequencer(ctx, rollup, late.seat, "no proof by the deadline");
  revertFrom(ctx, rollup, late, "unproven at its deadline");
}

/**
 * A batch is final when the previous one is, and: optimistic — its window is over with no open dispute
 * and its L1 block is finalized; ZK — the L1 block that verified its proof is finalized.
 */
function processBatchFinality(ctx: StepContext, rollup: RollupState): void {
  const { state, config, slot } = ctx;
  const finalizedSlot = state.finalized.epoch * config.slotsPerEpoch;
  const verdicts = new Map(state.l2.blobs.map((b) => [b.id, b.verdict]));
  for (const batch of rollup.batches) {
    if (
      batch.status === "final" ||
      batch.status === "reverted" ||
      batch.status === "unavailable" ||
      batch.status === "rejected"
    )
      continue;
    const blobsJudged = batch.blobs.every((id) => verdicts.get(id) === "available");
    const openDispute = state.l2.disputes.some((d) => d.batch === batch.id && d.status === "open");
    const ready =
      rollup.kind === "optimistic"
        ? slot >= batch.postedSlot + config.challengeWindow &&
          !openDispute &&
          batch.postedSlot < finalizedSlot
        : batch.provedSlot >= 0 && batch.provedSlot < finalizedSlot;
    if (!ready || (batch.inBlobs && !blobsJudged)) return;
    batch.status = "final";
    batch.finalSlot = slot;
    rollup.txsFinalized += batch.executedTxs;
    rollup.finalityLags.push(slot - batch.postedSlot);
    if (batch.seat !== BACKGROUND_SEAT) releaseBond(ctx, batch.seat, batch.fees);
    if (batch.mevGain > 0) {
      mint(ctx, { seat: batch.seat }, batch.mevGain, "attackGains");
      settleAttack(ctx, batch.id, "mev-reordering", "succeeded");
    }
    if (!batch.valid) processFraudWithdrawal(ctx, rollup, batch);
    const done = new Set(batch.txs.map((tx) => tx.id));
    state.l2.inbox = state.l2.inbox.filter((tx) => !done.has(tx.id));
    ctx.events.push({
      type: "batch-final",
      slot,
      rollup: rollup.id,
      batch: batch.id,
      txs: batch.executedTxs,
      lagSlots: slot - batch.postedSlot,
    });
    releaseBatchData(batch);
  }
}

/**
 * A final batch keeps what the screen and the scores read and lets go of its data: a match's state (and each
 * replay snapshot) then holds the batches still open to dispute, not every batch ever posted. The state root
 * does not change, since it commits to a batch's contents through the history (shared/state-root.ts).
 */
function releaseBatchData(batch: Batch): void {
  batch.txs = [];
  batch.trace = [];
  batch.correctTrace = [];
  batch.preBalances = [];
  batch.preNonces = [];
}

/**
 * An invalid batch that finalized: its sequencer withdraws fraudValue from the rollup's bridge, taken from
 * the users' bridged balances in proportion to their L2 balances (never minted, docs/rules.md).
 */
function processFraudWithdrawal(ctx: StepContext, rollup: RollupState, batch: Batch): void {
  const value = payFromEscrow(
    ctx,
    rollup,
    batch.seat,
    coinsToMilli(ctx.config.fraudValue),
    "attackGains",
    "balance",
  );
  const losers = getFraudLosers(rollup.balances, value);
  for (const { account, amount } of losers) rollup.stolen[account] += amount;
  for (const kind of ["invalid-state-root", "data-withholding", "sequencer-censorship"])
    settleAttack(ctx, batch.id, kind, "succeeded");
  ctx.events.push({
    type: "fraud-finalized",
    slot: ctx.slot,
    rollup: rollup.id,
    batch: batch.id,
    seat: batch.seat,
    value,
    losers,
  });
}

/** Who loses stolen value: each account in proportion to its balance, the rounding remainder on the richest. */
export function getFraudLosers(balances: number[], value: number): { account: number; amount: number }[] {
  const total = balances.reduce((sum, balance) => sum + balance, 0);
  const shares = balances.map((balance) => (total > 0 ? mulDiv(value, balance, total) : 0));
  const richest = balances.indexOf(Math.max(...balances));
  shares[richest] += value - shares.reduce((a, b) => a + b, 0);
  return shares.flatMap((amount, account) => (amount > 0 ? [{ account, amount }] : []));
}

/** The permissionless fallback: with no batch for fallbackDelay slots, the background sequencer posts honestly. */
function processFallbackSequencer(ctx: StepContext, rollup: RollupState, anySequencerSeat: boolean): void {
  const { config, slot } = ctx;
  if (
    rollup.pending.length === 0 ||
    (anySequencerSeat && slot - rollup.lastSeatBatchSlot < config.fallbackDelay)
  )
    return;
  if (rollup.batches.some((b) => b.postedSlot === slot)) return;
  const txs = inHonestOrder(rollup.pending)
    .slice(0, batchCapacity(ctx.state, rollup))
    .map((tx) => tx.id);
  const calldata = calldataIsCheaper(ctx.state, rollup.id, txs.length);
  processPostBatch(ctx, BACKGROUND_SEAT, {
    type: "postBatch",
    rollup: rollup.id,
    txs,
    ...(calldata && { calldata }),
  });
  const batch = rollup.batches[rollup.batches.length - 1];
  if (rollup.kind === "zk" && batch?.seat === BACKGROUND_SEAT)
    batch.provedSlot = Math.max(slot, batch.provableSlot);
}

/**
 * Watching costs (the verifier's dilemma): while an optimistic batch can still be challenged, every
 * challenger seat pays watchCost for the slot's re-execution, fraud or not.
 */
function processWatchingCosts(ctx: StepContext): void {
  const { state, config, slot } = ctx;
  const open = state.l2.rollups.some(
    (r) =>
      r.kind === "optimistic" &&
      r.batches.some((b) => b.status === "pending" && slot < b.postedSlot + config.challengeWindow),
  );
  if (!open) return;
  for (const seat of state.seats) {
    if (seat.role !== "challenger" || state.l2.notWatching.includes(seat.id)) continue;
    const unpaid = fundsProblem(state, seat.id, coinsToMilli(config.watchCost), "watching this slot");
    if (!unpaid) pay(ctx, seat.id, coinsToMilli(config.watchCost), "costs");
    else {
      // A duty the seat cannot pay is skipped, and the skip is on the record.
      setWatching(ctx, seat.id, false);
      refuseUnpaid(ctx, seat.id, { type: "watch", watching: true }, unpaid);
    }
  }
}

/** watch: a challenger starts or stops re-executing batches, from this slot on. */
function setWatching(ctx: StepContext, seat: string, watching: boolean): void {
  const { l2 } = ctx.state;
  if (l2.notWatching.includes(seat) !== watching) return;
  const others = l2.notWatching.filter((id) => id !== seat);
  l2.notWatching = watching ? others : [...others, seat].sort();
  ctx.events.push({ type: "watching", slot: ctx.slot, seat, watching });
}

/** watch: a seat's own decision, so it takes effect at once rather than as an L1 transaction. */
export const watchRule: ActionRule<"watch"> = {
  type: "watch",
  roles: ["challenger", "attacker"],
  schema: ACTION_SCHEMAS.watch,
  takesEffect: "at-once",
  check: () => null,
  apply: (ctx, seat, action) => setWatching(ctx, seat.id, action.watching),
};

/** The rollups' part of a slot, after the L1 block: the fallback sequencer, availability, proof deadlines, watching. */
export function processRollups(ctx: StepContext): void {
  processWatchingCosts(ctx);
  const anySequencerSeat = ctx.state.seats.some((s) => s.role === "sequencer" || s.role === "attacker");
  const unavailable = new Set(ctx.state.l2.blobs.filter((b) => b.verdict === "unavailable").map((b) => b.id));
  for (const rollup of ctx.state.l2.rollups) {
    processFallbackSequencer(ctx, rollup, anySequencerSeat);
    processUnavailableBatches(ctx, rollup, unavailable);
    if (rollup.kind === "zk") processProofDeadline(ctx, rollup);
  }
}

/** Batch finalization, after the epoch's finality update (the slot order of docs/rules.md); settled batches age out of the state. */
export function processBatchFinalization(ctx: StepContext): void {
  const oldest = ctx.slot - 2 * ctx.config.challengeWindow;
  for (const rollup of ctx.state.l2.rollups) {
    processBatchFinality(ctx, rollup);
    rollup.batches = rollup.batches.filter((b) => b.status === "pending" || b.postedSlot >= oldest);
  }
  ctx.state.l2.disputes = ctx.state.l2.disputes.filter(
    (d) => d.status === "open" || d.resolvedSlot >= oldest,
  );
}
