// Validator registry: who is active, exits, ejection (the spec's registry updates).
import { FAR_FUTURE_EPOCH } from "./constants.ts";
import type { StepContext } from "./context.ts";
import { coinsToMilli } from "./money.ts";
import type { EngineState, Validator } from "./types.ts";

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
