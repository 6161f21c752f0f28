// Rollups (RULES §3, §4): batches, ZK proofs, finality, reverts, ejection and the fallback sequencer.
import { BACKGROUND_SEAT, MEV_BASIS_POINTS } from "./constants.ts";
import type { StepContext } from "./context.ts";
import { type Hex, hashParts } from "./hash.ts";
import { accountsRoot, executeBatch, inHonestOrder, overdueInbox, traceRoot } from "./l2.ts";
import { burn, forfeitBond, lockBond, mint, releaseBond, seatById } from "./ledger.ts";
import { coinsToMilli, mulDiv } from "./money.ts";
import { blobShare, publishBlobs } from "./shards.ts";
import type { Attack, Batch, Dispute, EngineState, L2Tx, PostBatchAction, RollupState } from "./types.ts";

export function rollupById(state: EngineState, id: string): RollupState | undefined {
  return state.l2.rollups.find((rollup) => rollup.id === id);
}

/** Transactions a batch of this rollup may carry this slot: its share of blob space. */
export function batchCapacity(state: EngineState): number {
  return blobShare(state.config, state.l2.rollups.length) * state.config.blobCapacity;
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
  if (action.txs.length > batchCapacity(state))
    return `at most ${batchCapacity(state)} transactions fit this slot's blob share`;
  const pending = new Set(rollup.pending.map((tx) => tx.id));
  const missing = action.txs.find((id) => !pending.has(id));
  if (missing !== undefined) return `transaction ${missing} is not pending on ${rollup.id}`;
  if (new Set(action.txs).size !== action.txs.length) return "a transaction appears twice";
  if (action.trace && action.trace.length !== action.txs.length)
    return "the trace needs one root per transaction";
  const bondNeeded =
    rollup.bonded.includes(seat) || seat === BACKGROUND_SEAT ? 0 : coinsToMilli(state.config.sequencerBond);
  const seatState = seatById(state, seat);
  if (seatState && seatState.balance < bondNeeded)
    return `the sequencer bond is ${state.config.sequencerBond} coins`;
  return null;
}

/** postBatch, as the including block applies it. */
export function processPostBatch(ctx: StepContext, seat: string, action: PostBatchAction): void {
  const { state, config, slot } = ctx;
  const rollup = rollupById(state, action.rollup);
  if (!rollup || checkPostBatch(state, seat, action)) return;
  if (!rollup.bonded.includes(seat) && seat !== BACKGROUND_SEAT) {
    lockBond(ctx, seat, coinsToMilli(config.sequencerBond));
    rollup.bonded.push(seat);
  }
  const byId = new Map(rollup.pending.map((tx) => [tx.id, tx]));
  const txs = action.txs.map((id) => byId.get(id)!);
  const head = headState(rollup);
  const execution = executeBatch(head.balances, head.nonces, txs);
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
  if (!inBlobs) burn(ctx, { seat }, coinsToMilli(config.calldataCostPerTx) * txs.length, "costs");
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
    fees: execution.executed.reduce((sum, tx) => sum + tx.fee, 0),
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

/** submitProof: a ZK batch's proof exists only for a valid transition, once proving time has passed. */
export function processSubmitProof(ctx: StepContext, seat: string, batchId: Hex): void {
  const { state, config, slot } = ctx;
  for (const rollup of state.l2.rollups) {
    const batch = rollup.batches.find((b) => b.id === batchId);
    if (batch?.status !== "pending" || batch.provedSlot >= 0) continue;
    burn(ctx, { seat }, coinsToMilli(config.verificationCost), "costs");
    burn(ctx, { seat }, coinsToMilli(config.proverFee) * batch.txs.length, "costs");
    const proven = batch.valid && slot >= batch.provableSlot;
    ctx.events.push({ type: "proof", slot, batch: batch.id, seat, valid: proven });
    if (proven) batch.provedSlot = slot;
    else if (!batch.valid) {
      settleAttack(ctx, batch.id, "forged-zk-proof", "caught");
      ejectSequencer(ctx, rollup, batch.seat, "a forged proof");
      revertFrom(ctx, rollup, batch, "its proof failed verification");
    }
  }
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
    mint(ctx, { seat: batch.seat }, batch.fees, "fees");
    if (batch.mevGain > 0) {
      mint(ctx, { seat: batch.seat }, batch.mevGain, "attackGains");
      settleAttack(ctx, batch.id, "mev-reordering", "succeeded");
    }
    if (!batch.valid) {
      const value = coinsToMilli(config.fraudValue);
      mint(ctx, { seat: batch.seat }, value, "attackGains");
      for (const kind of ["invalid-state-root", "data-withholding", "sequencer-censorship"])
        settleAttack(ctx, batch.id, kind, "succeeded");
      ctx.events.push({
        type: "fraud-finalized",
        slot,
        rollup: rollup.id,
        batch: batch.id,
        seat: batch.seat,
        value,
      });
    }
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
    .slice(0, batchCapacity(ctx.state))
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
  for (const seat of state.seats)
    if (seat.role === "challenger" && !state.l2.notWatching.includes(seat.id))
      burn(ctx, { seat: seat.id }, coinsToMilli(config.watchCost), "costs");
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
