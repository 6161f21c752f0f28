// Slashable offenses, evidence, and the penalty arithmetic (slash_validator, process_slashings).

import { type ActionRule, refusal } from "./action-rule.ts";
import { ACTION_SCHEMAS, type SlashableOffense } from "./action-schemas.ts";
import { PROPOSER_WEIGHT, WEIGHT_DENOMINATOR } from "./constants.ts";
import { epochOf, type StepContext } from "./context.ts";
import type { Hex } from "./hash.ts";
import { burn, mint } from "./ledger.ts";
import { mulDiv } from "./money.ts";
import type { AttestationData, EngineState, Problem } from "./types.ts";
import { getTotalActiveBalance, initiateValidatorExit } from "./validators.ts";

/** Double vote (same target epoch, different data) or surround vote (the spec's is_slashable_attestation_data). */
export function isSlashableAttestationData(a: AttestationData, b: AttestationData): SlashableOffense | null {
  const differ =
    a.slot !== b.slot ||
    a.head !== b.head ||
    a.source.epoch !== b.source.epoch ||
    a.source.root !== b.source.root ||
    a.target.epoch !== b.target.epoch ||
    a.target.root !== b.target.root;
  if (differ && a.target.epoch === b.target.epoch) return "double-vote";
  if (a.source.epoch < b.source.epoch && b.target.epoch < a.target.epoch) return "surround-vote";
  if (b.source.epoch < a.source.epoch && a.target.epoch < b.target.epoch) return "surround-vote";
  return null;
}

export type EvidenceCheck = { offender: number; offenseSlot: number } | Problem;

/** Checks that two messages prove `offense` and names the offender. */
export function checkSlashingEvidence(
  state: EngineState,
  offense: SlashableOffense,
  evidence: [Hex, Hex],
): EvidenceCheck {
  const [a, b] = evidence;
  if (a === b) return { code: "not-slashable", reason: "the evidence names the same message twice" };
  if (offense === "proposer-equivocation") {
    const blockA = state.blocks[a];
    const blockB = state.blocks[b];
    if (!blockA || !blockB) return { code: "unknown-block", reason: `no block ${blockA ? b : a}` };
    if (blockA.slot !== blockB.slot || blockA.proposer !== blockB.proposer) {
      return { code: "not-slashable", reason: "the two blocks are not from one proposer in one slot" };
    }
    return { offender: blockA.proposer, offenseSlot: blockA.slot };
  }
  const attA = state.attestations[a];
  const attB = state.attestations[b];
  if (!attA || !attB) return { code: "unknown-message", reason: `no attestation ${attA ? b : a}` };
  if (attA.validator !== attB.validator) {
    return { code: "not-slashable", reason: "the two attestations are from different validators" };
  }
  const found = isSlashableAttestationData(attA, attB);
  if (found !== offense) {
    return {
      code: "not-slashable",
      reason: found ? `this is a ${found}, not a ${offense}` : "the attestations do not conflict",
    };
  }
  return { offender: attA.validator, offenseSlot: Math.max(attA.slot, attB.slot) };
}

/**
 * slash_validator: forced exit, immediate penalty stake / MIN_SLASHING_PENALTY_QUOTIENT, and the
 * whistleblower reward stake / WHISTLEBLOWER_REWARD_QUOTIENT, of which the including proposer gets 8/64.
 */
export function slashValidator(
  ctx: StepContext,
  index: number,
  offense: SlashableOffense,
  reporterSeat: string,
  proposer: number,
  epoch: number,
  offenseSlot: number,
): void {
  const { state, config } = ctx;
  const validator = state.validators[index];
  initiateValidatorExit(ctx, index, epoch, "slashed");
  validator.slashed = true;
  validator.withdrawableEpoch = Math.max(validator.withdrawableEpoch, epoch + config.slashingWindow);
  const stake = validator.stake;
  state.slashings[epoch % config.slashingWindow] += stake;
  const penalty = burn(
    ctx,
    { validator: index },
    Math.floor(stake / config.minSlashingPenaltyQuotient),
    "slashing",
  );
  const whistleblowerReward = Math.floor(stake / config.whistleblowerRewardQuotient);
  const proposerReward = mulDiv(whistleblowerReward, PROPOSER_WEIGHT, WEIGHT_DENOMINATOR);
  mint(ctx, { validator: proposer }, proposerReward, "reporting");
  mint(ctx, { seat: reporterSeat }, whistleblowerReward - proposerReward, "reporting");
  ctx.events.push({
    type: "slashed",
    slot: ctx.slot,
    validator: index,
    seat: validator.seat,
    offense,
    offenseSlot,
    stake,
    penalty,
    reporter: reporterSeat,
    reporterReward: whistleblowerReward - proposerReward,
    proposer,
    proposerReward,
  });
}

/** process_slashings: half way through the window, stake × min(multiplier × slashed, total) / total. */
export function processSlashings(ctx: StepContext, epoch: number): void {
  const { state, config } = ctx;
  const total = getTotalActiveBalance(state, epoch);
  const slashedInWindow = state.slashings.reduce((sum, amount) => sum + amount, 0);
  const adjusted = Math.min(slashedInWindow * config.proportionalSlashingMultiplier, total);
  for (const validator of state.validators) {
    if (validator.slashed && epoch + Math.floor(config.slashingWindow / 2) === validator.withdrawableEpoch) {
      const stake = validator.stake;
      const penalty = burn(ctx, { validator: validator.index }, mulDiv(stake, adjusted, total), "slashing");
      ctx.events.push({
        type: "correlation-penalty",
        slot: ctx.slot,
        validator: validator.index,
        seat: validator.seat,
        stake,
        slashedInWindow,
        totalActive: total,
        penalty,
      });
    }
  }
}

/** process_slashings_reset: the next epoch's bucket of the window starts empty. */
export function processSlashingsReset(state: EngineState, nextEpoch: number): void {
  state.slashings[nextEpoch % state.config.slashingWindow] = 0;
}

/** reportSlashing: anyone reports two conflicting messages; the slashing happens when a block includes it. */
export const reportSlashingRule: ActionRule<"reportSlashing"> = {
  type: "reportSlashing",
  roles: ["validator", "sequencer", "challenger", "attacker"],
  schema: ACTION_SCHEMAS.reportSlashing,
  takesEffect: "when-included",
  check: ({ state }, _seat, action) => {
    const check = checkSlashingEvidence(state, action.offense, action.evidence);
    if (!("offender" in check)) return check;
    if (state.validators[check.offender].slashed)
      return refusal("already-slashed", `validator ${check.offender} is already slashed`);
    const pending = state.mempool.some((op) => {
      if (op.action.type !== "reportSlashing") return false;
      const other = checkSlashingEvidence(state, op.action.offense, op.action.evidence);
      return "offender" in other && other.offender === check.offender;
    });
    if (pending)
      return refusal(
        "duplicate",
        `a report against validator ${check.offender} is already waiting for inclusion`,
      );
    return null;
  },
  apply: (ctx, { block, seat }, action) => {
    const check = checkSlashingEvidence(ctx.state, action.offense, action.evidence);
    if (!("offender" in check) || ctx.state.validators[check.offender].slashed) return;
    const epoch = epochOf(ctx.config, block.slot);
    slashValidator(ctx, check.offender, action.offense, seat, block.proposer, epoch, check.offenseSlot);
  },
};
