// Dispute games (docs/rules.md, disputes): bisection over a batch's trace, chess clocks, bonds, one-step proofs.

import { type ActionRule, refusal } from "./action-rule.ts";
import { ACTION_SCHEMAS } from "./action-schemas.ts";
import { BACKGROUND_SEAT } from "./constants.ts";
import type { StepContext } from "./context.ts";
import { type Hex, hashParts } from "./hash.ts";
import { findBatch, rollupById } from "./l2.ts";
import { forfeitBond, fundsProblem, lockBond, refuseUnpaid, releaseBond } from "./ledger.ts";
import { coinsToMilli, mulDiv } from "./money.ts";
import { ejectSequencer, revertFrom, settleAttack } from "./rollup.ts";
import type { Dispute, EngineState, Problem, SeatState } from "./types.ts";

/** The bond of a move at `depth`: the challenge bond grown by bondGrowthPerDepth per level (real OP: ×1.09493). */
export function moveBond(state: EngineState, depth: number): number {
  let bond = coinsToMilli(state.config.challengeBond);
  const growth = Math.round(state.config.bondGrowthPerDepth * 100_000);
  for (let i = 0; i < depth; i++) bond = mulDiv(bond, growth, 100_000);
  return bond;
}

/**
 * The root at trace position `i` of a game padded to a power of two (as OP's fixed-depth game tree):
 * past the last transaction the state stays at the post root, so every bisection takes ⌈log2 n⌉ rounds.
 */
export function traceAt(preRoot: Hex, trace: Hex[], i: number): Hex {
  return i < 0 ? preRoot : trace[Math.min(i, trace.length - 1)];
}

/** The last position of the padded game: 2^⌈log2 n⌉ − 1. */
export function gameEnd(txs: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(txs, 1))) - 1;
}

/** The index both sides must name next: the midpoint of the disputed range. */
export function getBisectionMidpoint(range: { lo: number; hi: number }): number {
  return Math.floor((range.lo + range.hi) / 2);
}

export function checkChallenge(state: EngineState, seat: string, batchId: Hex): Problem | null {
  const found = findBatch(state, batchId);
  if (!found) return refusal("unknown-batch", `no batch ${batchId.slice(0, 10)}…`);
  const { rollup, batch } = found;
  if (rollup.kind !== "optimistic") return refusal("malformed", "ZK batches are proven, not challenged");
  if (batch.status !== "pending") return refusal("too-late", `the batch is ${batch.status}`);
  if (state.slot >= batch.postedSlot + state.config.challengeWindow)
    return refusal("too-late", "the challenge window is over");
  if (batch.seat === seat) return refusal("not-owner", "a sequencer cannot challenge its own batch");
  const unpaid = fundsProblem(state, seat, moveBond(state, 0), "the challenge bond");
  if (unpaid) return refusal("insufficient-funds", unpaid);
  if (state.l2.disputes.some((d) => d.batch === batchId && d.challenger === seat && d.status === "open"))
    return refusal("duplicate", "you already dispute this batch");
  return null;
}

export function processChallenge(ctx: StepContext, seat: string, batchId: Hex): void {
  const { state, slot, config } = ctx;
  const problem = checkChallenge(state, seat, batchId);
  if (problem?.code === "insufficient-funds")
    refuseUnpaid(ctx, seat, { type: "challenge", batch: batchId }, problem.reason);
  if (problem) return;
  const { rollup, batch } = findBatch(state, batchId)!;
  const bond = moveBond(state, 0);
  lockBond(ctx, seat, bond);
  const dispute: Dispute = {
    id: hashParts("dispute", batchId, seat, slot),
    batch: batchId,
    rollup: rollup.id,
    challenger: seat,
    defender: batch.seat,
    openedSlot: slot,
    lo: -1,
    hi: gameEnd(batch.txs.length),
    claims: { [-1]: batch.preRoot, [gameEnd(batch.txs.length)]: batch.postRoot },
    turn: gameEnd(batch.txs.length) > 0 ? "defender" : "challenger",
    clocks: { defender: config.disputeClock, challenger: config.disputeClock },
    rounds: 0,
    bonds: { defender: 0, challenger: bond },
    status: "open",
    resolvedSlot: -1,
  };
  state.l2.disputes.push(dispute);
  if (batch.valid)
    state.l2.attacks.push({
      kind: "griefing-challenge",
      by: seat,
      slot,
      outcome: "pending",
      detectedSlot: -1,
      subject: dispute.id,
    });
  ctx.events.push({
    type: "dispute-opened",
    slot,
    dispute: dispute.id,
    batch: batchId,
    challenger: seat,
    defender: batch.seat,
  });
}

export type DisputeMove = "defend" | "bisect" | "proveStep";
export type MoveCheck = { dispute: Dispute } | Problem;

/** Checks a dispute move: the dispute is open, the sender is the side whose turn it is. */
export function checkMove(state: EngineState, seat: string, disputeId: Hex, move: DisputeMove): MoveCheck {
  const side = move === "defend" ? "defender" : "challenger";
  const dispute = state.l2.disputes.find((d) => d.id === disputeId);
  if (dispute?.status !== "open")
    return refusal("unknown-dispute", `no open dispute ${disputeId.slice(0, 10)}…`);
  if (dispute[side] !== seat) return refusal("not-your-turn", `only the ${side} of this dispute can ${move}`);
  const stepReady = dispute.hi - dispute.lo === 1;
  if (move === "proveStep" && !stepReady)
    return refusal("too-early", `the range spans ${dispute.hi - dispute.lo} steps: bisect it to one first`);
  if (move !== "proveStep" && stepReady)
    return refusal("not-your-turn", "the range is one step: proveStep settles it");
  if (move !== "proveStep" && dispute.turn !== side)
    return refusal("not-your-turn", `it is the ${dispute.turn}'s turn`);
  const unpaid =
    move === "proveStep"
      ? null
      : fundsProblem(state, seat, moveBond(state, dispute.rounds + 1), `this ${move}'s bond`);
  if (unpaid) return refusal("insufficient-funds", unpaid);
  return { dispute };
}

/** A move that lands with less than clockExtension left gets clockExtension back: moving late gains nothing. */
export function processClockExtension(
  ctx: StepContext,
  dispute: Dispute,
  side: "defender" | "challenger",
): void {
  dispute.clocks[side] = Math.max(dispute.clocks[side], ctx.config.clockExtension);
}

/** Every move extends the mover's clock and locks the next depth's bond: the one `checkMove` priced. */
function afterMove(ctx: StepContext, dispute: Dispute, side: "defender" | "challenger"): void {
  processClockExtension(ctx, dispute, side);
  const bond = moveBond(ctx.state, dispute.rounds + 1);
  lockBond(ctx, dispute[side], bond);
  dispute.bonds[side] += bond;
}

/** A move its block can no longer pay for is refused on the record; other stale moves simply lapse. */
function recordUnpaidMove(ctx: StepContext, seat: string, check: MoveCheck, action: unknown): void {
  if (!("dispute" in check) && check.code === "insufficient-funds")
    refuseUnpaid(ctx, seat, action, check.reason);
}

export function processDefend(ctx: StepContext, seat: string, disputeId: Hex, root: Hex): void {
  const check = checkMove(ctx.state, seat, disputeId, "defend");
  recordUnpaidMove(ctx, seat, check, { type: "defend", dispute: disputeId, root });
  if (!("dispute" in check)) return;
  const { dispute } = check;
  dispute.claims[getBisectionMidpoint(dispute)] = root;
  afterMove(ctx, dispute, "defender");
  dispute.turn = "challenger";
}

export function processBisect(ctx: StepContext, seat: string, disputeId: Hex, agree: boolean): void {
  const check = checkMove(ctx.state, seat, disputeId, "bisect");
  recordUnpaidMove(ctx, seat, check, { type: "bisect", dispute: disputeId, agree });
  if (!("dispute" in check)) return;
  const { dispute } = check;
  const mid = getBisectionMidpoint(dispute);
  if (dispute.claims[mid] === undefined) return;
  afterMove(ctx, dispute, "challenger");
  if (agree) dispute.lo = mid;
  else dispute.hi = mid;
  dispute.rounds += 1;
  dispute.turn = dispute.hi - dispute.lo === 1 ? "challenger" : "defender";
}

/**
 * proveStep: L1 re-executes the one transaction at `hi` from the agreed root at `lo`. The defender's
 * claim stands only if it is what that execution gives; a claim after an agreed wrong root cannot be disproved.
 */
export function processProveStep(ctx: StepContext, seat: string, disputeId: Hex): void {
  const check = checkMove(ctx.state, seat, disputeId, "proveStep");
  if (!("dispute" in check)) return;
  const { dispute } = check;
  const { batch } = findBatch(ctx.state, dispute.batch)!;
  const truthAt = (i: number) => traceAt(batch.preRoot, batch.correctTrace, i);
  const agreedIsTrue = dispute.claims[dispute.lo] === truthAt(dispute.lo);
  const fraudProven =
    agreedIsTrue && (dispute.claims[dispute.hi] !== truthAt(dispute.hi) || batch.skipsOverdueInbox);
  resolveDispute(
    ctx,
    dispute,
    fraudProven ? "challenger" : "defender",
    fraudProven ? "fraud proven in one step" : "the step checks out",
  );
}

/** The loser's bonds: half to the winner, half burned; a losing sequencer is ejected and its batch reverted. */
export function resolveDispute(
  ctx: StepContext,
  dispute: Dispute,
  winner: "defender" | "challenger",
  reason: string,
): void {
  const loser = winner === "defender" ? "challenger" : "defender";
  dispute.status = winner === "challenger" ? "challenger-won" : "defender-won";
  dispute.resolvedSlot = ctx.slot;
  releaseBond(ctx, dispute[winner], dispute.bonds[winner]);
  forfeitBond(ctx, dispute[loser], dispute.bonds[loser], dispute[winner]);
  const found = findBatch(ctx.state, dispute.batch);
  if (winner === "challenger" && found) {
    const rollup = rollupById(ctx.state, dispute.rollup)!;
    if (rollup.bonded.includes(dispute.defender)) {
      forfeitBond(ctx, dispute.defender, coinsToMilli(ctx.config.sequencerBond), dispute.challenger);
      rollup.bonded = rollup.bonded.filter((s) => s !== dispute.defender);
    }
    for (const kind of ["invalid-state-root", "sequencer-censorship"])
      settleAttack(ctx, found.batch.id, kind, "caught");
    ejectSequencer(ctx, rollup, dispute.defender, "lost a dispute");
    revertFrom(ctx, rollup, found.batch, "fraud proven");
  }
  if (winner === "defender") settleAttack(ctx, dispute.id, "griefing-challenge", "failed");
  ctx.events.push({
    type: "dispute-resolved",
    slot: ctx.slot,
    dispute: dispute.id,
    winner: dispute[winner],
    loser: dispute[loser],
    rounds: dispute.rounds,
    reason,
  });
}

/**
 * The background fallback sequencer defends its batches as an honest sequencer would, naming its own
 * (correct) root at each midpoint. Like its batches, its moves carry no bond.
 */
function processFallbackDefence(ctx: StepContext): void {
  for (const dispute of ctx.state.l2.disputes) {
    if (dispute.status !== "open" || dispute.defender !== BACKGROUND_SEAT || dispute.turn !== "defender")
      continue;
    if (dispute.hi - dispute.lo <= 1) continue;
    const found = findBatch(ctx.state, dispute.batch);
    if (!found) continue;
    dispute.claims[getBisectionMidpoint(dispute)] = traceAt(
      found.batch.preRoot,
      found.batch.trace,
      getBisectionMidpoint(dispute),
    );
    processClockExtension(ctx, dispute, "defender");
    dispute.turn = "challenger";
  }
}

/** Chess clocks: the side to move spends a slot; out of time loses. The fallback sequencer moves first. */
export function processDisputeClocks(ctx: StepContext): void {
  processFallbackDefence(ctx);
  for (const dispute of ctx.state.l2.disputes) {
    if (dispute.status !== "open") continue;
    const toMove = dispute.hi - dispute.lo === 1 ? "challenger" : dispute.turn;
    dispute.clocks[toMove] -= 1;
    if (dispute.clocks[toMove] <= 0) {
      resolveDispute(
        ctx,
        dispute,
        toMove === "defender" ? "challenger" : "defender",
        `the ${toMove} ran out of time`,
      );
    }
  }
}

/** challenge: a challenger opens a dispute on a pending optimistic batch; an L1 operation. */
export const challengeRule: ActionRule<"challenge"> = {
  type: "challenge",
  roles: ["challenger", "attacker"],
  schema: ACTION_SCHEMAS.challenge,
  takesEffect: "when-included",
  check: ({ state }, seat, action) => checkChallenge(state, seat.id, action.batch),
  apply: (ctx, { seat }, action) => processChallenge(ctx, seat, action.batch),
};

/** A dispute move's check at submission: the move's own check, without the dispute it finds. */
function checkDisputeMove(
  state: EngineState,
  seat: SeatState,
  dispute: Hex,
  move: DisputeMove,
): Problem | null {
  const check = checkMove(state, seat.id, dispute, move);
  return "dispute" in check ? null : check;
}

/** defend: the defender names its root at the midpoint. */
export const defendRule: ActionRule<"defend"> = {
  type: "defend",
  roles: ["sequencer", "attacker"],
  schema: ACTION_SCHEMAS.defend,
  takesEffect: "when-included",
  check: ({ state }, seat, action) => checkDisputeMove(state, seat, action.dispute, "defend"),
  apply: (ctx, { seat }, action) => processDefend(ctx, seat, action.dispute, action.root),
};

/** bisect: the challenger agrees or not with the midpoint root, halving the range. */
export const bisectRule: ActionRule<"bisect"> = {
  type: "bisect",
  roles: ["challenger", "attacker"],
  schema: ACTION_SCHEMAS.bisect,
  takesEffect: "when-included",
  check: ({ state }, seat, action) => checkDisputeMove(state, seat, action.dispute, "bisect"),
  apply: (ctx, { seat }, action) => processBisect(ctx, seat, action.dispute, action.agree),
};

/** proveStep: with one step left, L1 re-executes it and settles the dispute. */
export const proveStepRule: ActionRule<"proveStep"> = {
  type: "proveStep",
  roles: ["challenger", "attacker"],
  schema: ACTION_SCHEMAS.proveStep,
  takesEffect: "when-included",
  check: ({ state }, seat, action) => checkDisputeMove(state, seat, action.dispute, "proveStep"),
  apply: (ctx, { seat }, action) => processProveStep(ctx, seat, action.dispute),
};
