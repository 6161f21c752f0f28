// Validator registry: who is active, exits, ejection (the spec's registry updates).

import type { ActionRule } from "./action-rule.ts";
import { refusal } from "./action-rule.ts";
import { ACTION_SCHEMAS } from "./action-schemas.ts";
import { FAR_FUTURE_EPOCH } from "./constants.ts";
import { epochOf, type StepContext } from "./context.ts";
import { coinsToMilli } from "./money.ts";
import type { EngineState, Problem, SeatState, Validator } from "./types.ts";

export function isActiveValidator(validator: Validator, epoch: number): boolean {
  return validator.exitEpoch === FAR_FUTURE_EPOCH || epoch < validator.exitEpoch;
}

export function getActiveValidatorIndices(state: EngineState, epoch: number): number[] {
  const active: number[] = [];
  for (const v of state.validators) if (isActiveValidator(v, epoch)) active.push(v.index);
  return active;
}

export function getTotalActiveBalance(state: EngineState, epoch: number): number {
  let total = 0;
  for (const v of state.validators) if (isActiveValidator(v, epoch)) total += v.stake;
  return Math.max(total, 1);
}

/** Sets the exit epoch (no churn limit in the game); emits the exit event once. */
export function initiateValidatorExit(
  ctx: StepContext,
  index: number,
  epoch: number,
  reason: "voluntary" | "slashed" | "ejected",
): void {
  const validator = ctx.state.validators[index];
  if (validator.exitEpoch !== FAR_FUTURE_EPOCH) return;
  validator.exitEpoch = epoch + ctx.config.exitDelay;
  validator.withdrawableEpoch = Math.max(validator.withdrawableEpoch, validator.exitEpoch);
  ctx.events.push({
    type: "exit",
    slot: ctx.slot,
    validator: index,
    seat: validator.seat,
    epoch: validator.exitEpoch,
    reason,
  });
}

/** process_registry_updates: eject validators whose stake fell to the ejection balance. */
export function processRegistryUpdates(ctx: StepContext, epoch: number): void {
  const ejection = coinsToMilli(ctx.config.ejectionBalance);
  for (const v of ctx.state.validators) {
    if (isActiveValidator(v, epoch) && v.exitEpoch === FAR_FUTURE_EPOCH && v.stake <= ejection) {
      initiateValidatorExit(ctx, v.index, epoch, "ejected");
    }
  }
}

/** A validator action names one of the seat's own validators. */
export function checkOwnValidator(state: EngineState, seat: SeatState, index: number): Problem | null {
  const validator = state.validators[index];
  if (!validator) return refusal("unknown-validator", `validator ${index} does not exist`);
  if (validator.seat !== seat.id) return refusal("not-owner", `validator ${index} belongs to another seat`);
  return null;
}

/** exit: a voluntary exit, an L1 operation that takes effect when included. */
export const exitRule: ActionRule<"exit"> = {
  type: "exit",
  roles: ["validator", "attacker"],
  schema: ACTION_SCHEMAS.exit,
  takesEffect: "when-included",
  check: ({ state, config, slot }, seat, action) => {
    const problem = checkOwnValidator(state, seat, action.validator);
    if (problem) return problem;
    const validator = state.validators[action.validator];
    if (validator.exitEpoch !== FAR_FUTURE_EPOCH || !isActiveValidator(validator, epochOf(config, slot))) {
      return refusal("inactive-validator", `validator ${action.validator} is already exiting`);
    }
    if (state.mempool.some((op) => op.action.type === "exit" && op.action.validator === action.validator)) {
      return refusal(
        "duplicate",
        `an exit for validator ${action.validator} is already waiting for inclusion`,
      );
    }
    return null;
  },
  apply: (ctx, { block }, action) => {
    if (ctx.state.validators[action.validator].exitEpoch === FAR_FUTURE_EPOCH) {
      initiateValidatorExit(ctx, action.validator, epochOf(ctx.config, block.slot), "voluntary");
    }
  },
};
