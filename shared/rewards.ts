// Rewards, penalties and the inactivity leak (Altair's get_flag_index_deltas and inactivity updates).
import {
  PARTICIPATION_FLAG_WEIGHTS,
  TIMELY_HEAD_FLAG,
  TIMELY_TARGET_FLAG,
  WEIGHT_DENOMINATOR,
} from "./constants.ts";
import type { StepContext } from "./context.ts";
import { burn, mint } from "./ledger.ts";
import { integerSquareroot, mulDiv } from "./money.ts";
import type { EngineState } from "./types.ts";
import { getTotalActiveBalance, isActiveValidator } from "./validators.ts";

/** Base reward ∝ stake / isqrt(total active stake). */
export function getBaseReward(state: EngineState, index: number, epoch: number): number {
  const total = getTotalActiveBalance(state, epoch);
  return mulDiv(state.validators[index].stake, state.config.baseRewardFactor, integerSquareroot(total));
}

export function getFinalityDelay(state: EngineState, previousEpoch: number): number {
  return previousEpoch - state.finalized.epoch;
}

export function isInInactivityLeak(state: EngineState, previousEpoch: number): boolean {
  return getFinalityDelay(state, previousEpoch) > state.config.minEpochsToInactivityPenalty;
}

/** Validators whose previous epoch counts: active then, or slashed and not yet withdrawable. */
export function getEligibleValidatorIndices(state: EngineState, previousEpoch: number): number[] {
  const eligible: number[] = [];
  for (const v of state.validators) {
    if (isActiveValidator(v, previousEpoch) || (v.slashed && previousEpoch + 1 < v.withdrawableEpoch)) {
      eligible.push(v.index);
    }
  }
  return eligible;
}

function hasFlag(state: EngineState, index: number, flag: number): boolean {
  return !state.validators[index].slashed && (state.previousParticipation[index] & flag) !== 0;
}

/** process_inactivity_updates: scores grow for missed targets and recover outside a leak. */
export function processInactivityUpdates(ctx: StepContext, currentEpoch: number): void {
  if (currentEpoch === 0) return;
  const { state, config } = ctx;
  const previousEpoch = currentEpoch - 1;
  const leaking = isInInactivityLeak(state, previousEpoch);
  for (const index of getEligibleValidatorIndices(state, previousEpoch)) {
    const validator = state.validators[index];
    if (hasFlag(state, index, TIMELY_TARGET_FLAG))
      validator.inactivityScore -= Math.min(1, validator.inactivityScore);
    else validator.inactivityScore += config.inactivityScoreBias;
    if (!leaking) {
      validator.inactivityScore -= Math.min(config.inactivityScoreRecoveryRate, validator.inactivityScore);
    }
  }
}

/** process_rewards_and_penalties for the previous epoch's participation flags. */
export function processRewardsAndPenalties(ctx: StepContext, currentEpoch: number): void {
  if (currentEpoch === 0) return;
  const { state, config } = ctx;
  const previousEpoch = currentEpoch - 1;
  const eligible = getEligibleValidatorIndices(state, previousEpoch);
  const totalActive = getTotalActiveBalance(state, currentEpoch);
  const leaking = isInInactivityLeak(state, previousEpoch);
  const baseRewards = eligible.map((index) => getBaseReward(state, index, currentEpoch));
  let rewards = 0;
  let penalties = 0;
  let inactivityPenalties = 0;

  for (const [flag, weight] of PARTICIPATION_FLAG_WEIGHTS) {
    let participatingBalance = 0;
    for (const index of eligible)
      if (hasFlag(state, index, flag)) participatingBalance += state.validators[index].stake;
    eligible.forEach((index, i) => {
      const baseReward = baseRewards[i];
      if (hasFlag(state, index, flag)) {
        if (!leaking) {
          const reward = mulDiv(baseReward * weight, participatingBalance, totalActive * WEIGHT_DENOMINATOR);
          mint(ctx, { validator: index }, reward, "attesting");
          rewards += reward;
        }
      } else if (flag !== TIMELY_HEAD_FLAG) {
        penalties += burn(
          ctx,
          { validator: index },
          mulDiv(baseReward, weight, WEIGHT_DENOMINATOR),
          "missedDuties",
        );
      }
    });
  }

  for (const index of eligible) {
    if (hasFlag(state, index, TIMELY_TARGET_FLAG)) continue;
    const validator = state.validators[index];
    const penalty = mulDiv(
      validator.stake,
      validator.inactivityScore,
      config.inactivityScoreBias * config.inactivityPenaltyQuotient,
    );
    inactivityPenalties += burn(ctx, { validator: index }, penalty, "inactivity");
  }
  ctx.events.push({
    type: "epoch-rewards",
    slot: ctx.slot,
    epoch: previousEpoch,
    rewards,
    penalties,
    inactivityPenalties,
  });
}
