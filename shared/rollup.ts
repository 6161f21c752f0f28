// Rollups (RULES §3, §4): batches, ZK proofs, finality, reverts, ejection and the fallback sequencer.
import { MIN_PROOF_SLOTS } from "./config.ts";
import { BACKGROUND_SEAT, MEV_BASIS_POINTS } from "./constants.ts";
import type { StepContext } from "./context.ts";
import { type Hex, hashParts } from "./hash.ts";
import { accountsRoot, executeBatch, inHonestOrder, overdueInbox, traceRoot } from "./l2.ts";
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
import { blobFees, blobShare, publishBlobs } from "./shards.ts";
import type { Attack, Batch, Dispute, EngineState, L2Tx, PostBatchAction, RollupState } from "./types.ts";

export function rollupById(state: EngineState, id: string): RollupState | undefined {
  return state.l2.rollups.find((rollup) => rollup.id === id);
}

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
export function checkPostBatch(state: EngineState, seat: string, action: PostBatchAction): string | null {
  const rollup = rollupById(state, action.rollup);
  if (!rollup)
    return `no rollup "${action.rollup}" (rollups: ${state.l2.rollups.map((r) => r.id).join(", ")})`;
  if (rollup.ejected.includes(seat)) return `seat ${seat} was ejected from ${rollup.id}`;
  if (rollup.batches.some((b) => b.postedSlot === state.slot))
    return `${rollup.id} already took a batch this slot (at most one a slot)`;
  if (action.txs.length === 0) return "a batch needs at least one transaction";
  if (action.txs.length > batchCapacity(state, rollup))
    return `at most ${batchCapacity(state, rollup)} transactions fit this slot's blob share and proof deadline`;
  const pending = new Set(rollup.pending.map((tx) => tx.id));
  const missing = action.txs.find((id) => !pending.has(id));
  if (missing !== undefined) return `transaction ${missing} is not pending on ${rollup.id}`;
  if (new Set(action.txs).size !== action.txs.length) return "a transaction appears twice";
  if (action.trace && action.trace.length !== action.txs.length)
    return "the trace needs one root per transaction";
  return null;
}

/** The bond a seat must still lock to sequence this rollup (the fallback sequencer posts without one). */
function bondToPost(state: EngineState, rollup: RollupState, seat: string): number {
  return rollup.bonded.includes(seat) || seat === BACKGROUND_SEAT
    ? 0
    : coinsToMilli(state.config.sequencerBond);
}

/** The L1 data fee of a batch this slot: blob fees on its shards, or calldata per transaction. */
function batchDataFee(state: EngineState, rollup: RollupState, action: PostBatchAction): number {
  if (action.calldata) return coinsToMilli(state.config.calldataCostPerTx) * action.txs.length;
  return blobFees(state, action.txs.length, state.slot + state.l2.rollups.indexOf(rollup));
}

/**
 * Whether the seat can pay a batch's bond and data fee now (RULES §7), or why not. `income` is what the
 * batch pays it at once: the fallback sequencer has no capital and pays the L1 data fee from its users' fees.
 */
export function checkBatchFunds(
  state: EngineState,
  seat: string,
  action: PostBatchAction,
  income = 0,
): string | null {
  const rollup = rollupById(state, action.rollup);
  if (!rollup) return null;
  const bond = bondToPost(state, rollup, seat);
  const what = bond > 0 ? "the sequencer bond and the data fee" : "the data fee beyond the batch's own fees";
  return fundsProblem(state, seat, bond + batchDataFee(state, rollup, action) - income, what);
}

/** postBatch, as the including block applies it. */
export function processPostBatch(ctx: StepContext, seat: string, action: PostBatchAction): void {
  const { state, config, slot } = ctx;
  const rollup = rollupById(state, action.rollup);
  if (!rollup || checkPostBatch(state, seat, action)) return;
  const byId = new Map(rollup.pending.map((tx) => [tx.id, tx]));
  const txs = action.txs.map((id) => byId.get(id)!);
  const head = headState(rollup);
  const execution = executeBatch(head.balances, head.nonces, txs);
  const fees = Math.min(
    execution.executed.reduce((sum, tx) => sum + tx.fee, 0),
    rollup.escrow,
  );
  const fallback = seat === BACKGROUND_SEAT;
  const unpaid = checkBatchFunds(state, seat, action, fallback ? fees : 0);
  if (unpaid) {
    refuseUnpaid(ctx, seat, action, unpaid);
    return;
  }
  const bond = bondToPost(state, rollup, seat);
  if (bond > 0) {
    lockBond(ctx, seat, bond);
    rollup.bonded.push(seat);
  }
  // Soft confirmation: the users' fees are the sequencer's now, withdrawable once the batch is final.
  payFromEscrow(ctx, rollup, seat, fees, "fees", fallback ? "balance" : "locked");
  const trace = action.trace ?? execution.trace;
  const preRoot = accountsRoot(head.balances, head.nonces);
  const included = new Set(action.txs);
  const skipsOverdueInbox = overdueInbox(state, rollup, slot, config.forcedInclusionDelay).some(
    (tx) => !included.has(tx.id),
  );
  const valid = trace.every((root, i) => root === execution.trace[i]) && !skipsOverdueInbox;
  const committedTrace = traceRoot(trace);
  const id = hashParts("batch", rollup.id, slot, seat, committedTrace);
  const released = action.calldata ? 2 * config.blobChunks : (action.release ?? 2 * config.blobChunks);
  const inBlobs = !action.calldata;
  const blobs = inBlobs
    ? publishBlobs(ctx, seat, id, txs.length, released, slot + state.l2.rollups.indexOf(rollup))
    : [];
  if (!inBlobs) pay(ctx, seat, coinsToMilli(config.calldataCostPerTx) * txs.length, "costs");
  const honestOrder = inHonestOrder(txs);
  const reordered = txs.some((tx, i) => tx !== honestOrder[i]);
  const batch: Batch = {
    id,
    rollup: rollup.id,
    seat,
    postedSlot: slot,
    txs,
    preRoot,
    trace,
    traceRoot: committedTrace,
    postRoot: trace[trace.length - 1],
    preBalances: [...head.balances],
    preNonces: [...head.nonces],
    correctTrace: execution.trace,
    valid,
    skipsOverdueInbox,
    blobs,
    inBlobs,
    status: "pending",
    provableSlot: slot + Math.ceil(txs.length / config.txsProvedPerSlot),
    provedSlot: -1,
    finalSlot: -1,
    mevGain: reordered
      ? mulDiv(
          txs.reduce((sum, tx) => sum + tx.amount, 0),
          MEV_BASIS_POINTS,
          10_000,
        )
      : 0,
    executedTxs: execution.executed.length,
    fees,
  };
  rollup.batches.push(batch);
  rollup.pending = rollup.pending.filter((tx) => !included.has(tx.id));
  rollup.balances = execution.balances;
  rollup.nonces = execution.nonces;
  if (seat !== BACKGROUND_SEAT) rollup.lastSeatBatchSlot = slot;
  if (!trace.every((root, i) => root === execution.trace[i])) {
    recordAttack(ctx, {
      kind: rollup.kind === "zk" ? "forged-zk-proof" : "invalid-state-root",
      by: seat,
      slot,
      subject: id,
    });
  }
  if (released < config.blobChunks && inBlobs)
    recordAttack(ctx, { kind: "data-withholding", by: seat, slot, subject: id });
  if (skipsOverdueInbox) recordAttack(ctx, { kind: "sequencer-censorship", by: seat, slot, subject: id });
  if (reordered) recordAttack(ctx, { kind: "mev-reordering", by: seat, slot, subject: id });
  ctx.events.push({
    type: "batch-posted",
    slot,
    rollup: rollup.id,
    batch: id,
    seat,
    txs: txs.length,
    inBlobs,
  });
}

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

/** What submitting a batch's proof costs its submitter: L1 verification gas and the prover's fee per transaction. */
export function proofCost(state: EngineState, batch: Batch): number {
  return (
    coinsToMilli(state.config.verificationCost) + coinsToMilli(state.config.proverFee) * batch.txs.length
  );
}

/** Whether the seat can pay for the batch's proof now (RULES §7), or why not. */
export function checkProofFunds(state: EngineState, seat: string, batchId: Hex): string | null {
  const batch = state.l2.rollups.flatMap((r) => r.batches).find((b) => b.id === batchId);
  return batch ? fundsProblem(state, seat, proofCost(state, batch), "verifying this proof") : null;
}

/**
 * submitProof: a ZK batch's proof exists only for a valid transition, once proving time has passed.
 * A forged proof fails verification: the submitter pays for it and loses its bond (RULES §4).
 */
export function processSubmitProof(ctx: StepContext, seat: string, batchId: Hex): void {
  const { state, slot } = ctx;
  for (const rollup of state.l2.rollups) {
    const batch = rollup.batches.find((b) => b.id === batchId);
    if (batch?.status !== "pending" || batch.provedSlot >= 0) continue;
    const unpaid = checkProofFunds(state, seat, batchId);
    if (unpaid) {
      refuseUnpaid(ctx, seat, { type: "submitProof", batch: batchId }, unpaid);
      return;
    }
    pay(ctx, seat, proofCost(state, batch), "costs");
    const proven = batch.valid && slot >= batch.provableSlot;
    ctx.events.push({ type: "proof", slot, batch: batch.id, seat, valid: proven });
    if (proven) batch.provedSlot = slot;
    else if (!batch.valid) rejectForgedProof(ctx, rollup, batch);
  }
}

/** A forged proof: the sequencer's bond goes half to the rollup's users, half burned; it is ejected (RULES §4). */
function rejectForgedProof(ctx: StepContext, rollup: RollupState, batch: Batch): void {
  if (rollup.bonded.includes(batch.seat)) {
    forfeitBond(ctx, batch.seat, coinsToMilli(ctx.config.sequencerBond), rollup);
    rollup.bonded = rollup.bonded.filter((s) => s !== batch.seat);
  }
  settleAttack(ctx, batch.id, "forged-zk-proof", "caught");
  ejectSequencer(ctx, rollup, batch.seat, "a forged proof");
  revertFrom(ctx, rollup, batch, "its proof failed verification");
}

/** Data judged unavailable: the batch is dropped and never finalizes. */
function dropUnavailableBatches(ctx: StepContext, rollup: RollupState, unavailable: Set<Hex>): void {
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
function enforceProofDeadlines(ctx: StepContext, rollup: RollupState): void {
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
function finalizeBatches(ctx: StepContext, rollup: RollupState): void {
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
  }
}

/**
 * An invalid batch that finalized: its sequencer withdraws fraudValue from the rollup's bridge, taken from
 * the users' bridged balances in proportion to their L2 balances (never minted, RULES §3).
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
  const total = rollup.balances.reduce((sum, balance) => sum + balance, 0);
  const losers: { account: number; amount: number }[] = [];
  let left = value;
  rollup.balances.forEach((balance, account) => {
    const share = total > 0 ? mulDiv(value, balance, total) : 0;
    if (share > 0) losers.push({ account, amount: share });
    left -= share;
  });
  if (left > 0) {
    const richest = rollup.balances.indexOf(Math.max(...rollup.balances));
    const entry = losers.find((l) => l.account === richest);
    if (entry) entry.amount += left;
    else losers.push({ account: richest, amount: left });
  }
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

/** The permissionless fallback: with no batch for fallbackDelay slots, the background sequencer posts honestly. */
function runFallbackSequencer(ctx: StepContext, rollup: RollupState, anySequencerSeat: boolean): void {
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
  processPostBatch(ctx, BACKGROUND_SEAT, { type: "postBatch", rollup: rollup.id, txs });
  const batch = rollup.batches[rollup.batches.length - 1];
  if (rollup.kind === "zk" && batch?.seat === BACKGROUND_SEAT)
    batch.provedSlot = Math.max(slot, batch.provableSlot);
}

/**
 * Watching costs (the verifier's dilemma): while an optimistic batch can still be challenged, every
 * challenger seat pays watchCost for the slot's re-execution, fraud or not.
 */
function chargeWatchers(ctx: StepContext): void {
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
      ctx.events.push({ type: "duty-skipped", slot, seat: seat.id, duty: "watch", reason: unpaid });
      refuseUnpaid(ctx, seat.id, { type: "watch", watching: true }, unpaid);
    }
  }
}

/** watch: a challenger starts or stops re-executing batches, from this slot on. */
export function setWatching(ctx: StepContext, seat: string, watching: boolean): void {
  const { l2 } = ctx.state;
  if (l2.notWatching.includes(seat) !== watching) return;
  const others = l2.notWatching.filter((id) => id !== seat);
  l2.notWatching = watching ? others : [...others, seat].sort();
  ctx.events.push({ type: "watching", slot: ctx.slot, seat, watching });
}

/** The rollups' part of a slot, after the L1 block: the fallback sequencer, availability, proof deadlines, watching. */
export function processRollups(ctx: StepContext): void {
  chargeWatchers(ctx);
  const anySequencerSeat = ctx.state.seats.some((s) => s.role === "sequencer" || s.role === "attacker");
  const unavailable = new Set(ctx.state.l2.blobs.filter((b) => b.verdict === "unavailable").map((b) => b.id));
  for (const rollup of ctx.state.l2.rollups) {
    runFallbackSequencer(ctx, rollup, anySequencerSeat);
    dropUnavailableBatches(ctx, rollup, unavailable);
    if (rollup.kind === "zk") enforceProofDeadlines(ctx, rollup);
  }
}

/** Batch finalization, after the epoch's finality update (RULES §0 order); settled batches age out of the state. */
export function processBatchFinalization(ctx: StepContext): void {
  const oldest = ctx.slot - 2 * ctx.config.challengeWindow;
  for (const rollup of ctx.state.l2.rollups) {
    finalizeBatches(ctx, rollup);
    rollup.batches = rollup.batches.filter((b) => b.status === "pending" || b.postedSlot >= oldest);
  }
  ctx.state.l2.disputes = ctx.state.l2.disputes.filter(
    (d) => d.status === "open" || d.resolvedSlot >= oldest,
  );
}
