// Casper FFG: the spec's process_justification_and_finalization.
import { getBlockRoot } from "./chain.ts";
import { TIMELY_TARGET_FLAG } from "./constants.ts";
import type { StepContext } from "./context.ts";
import type { Checkpoint, EngineState } from "./types.ts";
import { getTotalActiveBalance, isActiveValidator } from "./validators.ts";

function getTargetBalance(state: EngineState, participation: number[], epoch: number): number {
  let total = 0;
  for (const v of state.validators) {
    if (!v.slashed && isActiveValidator(v, epoch) && participation[v.index] & TIMELY_TARGET_FLAG)
      total += v.stake;
  }
  return total;
}

export function processJustificationAndFinalization(ctx: StepContext, currentEpoch: number): void {
  if (currentEpoch === 0) return;
  const { state } = ctx;
  const previousEpoch = currentEpoch - 1;
  const totalActive = getTotalActiveBalance(state, currentEpoch);
  const previousTarget = getTargetBalance(state, state.previousParticipation, previousEpoch);
  const currentTarget = getTargetBalance(state, state.currentParticipation, currentEpoch);
  weighJustificationAndFinalization(ctx, currentEpoch, totalActive, previousTarget, currentTarget);
}

function weighJustificationAndFinalization(
  ctx: StepContext,
  currentEpoch: number,
  totalActive: number,
  previousTarget: number,
  currentTarget: number,
): void {
  const { state } = ctx;
  const previousEpoch = currentEpoch - 1;
  const oldPreviousJustified = state.previousJustified;
  const oldCurrentJustified = state.currentJustified;
  const justifiedBefore = state.currentJustified.epoch;
  const finalizedBefore = state.finalized.epoch;

  state.previousJustified = state.currentJustified;
  const bits = [false, ...state.justificationBits.slice(0, 3)];
  if (previousTarget * 3 >= totalActive * 2) {
    state.currentJustified = { epoch: previousEpoch, root: getBlockRoot(state, previousEpoch) };
    bits[1] = true;
  }
  if (currentTarget * 3 >= totalActive * 2) {
    state.currentJustified = { epoch: currentEpoch, root: getBlockRoot(state, currentEpoch) };
    bits[0] = true;
  }
  state.justificationBits = bits;

  const all = (from: number, to: number) => bits.slice(from, to).every(Boolean);
  let finalized: Checkpoint | null = null;
  if (all(1, 4) && oldPreviousJustified.epoch + 3 === currentEpoch) finalized = oldPreviousJustified;
  if (all(1, 3) && oldPreviousJustified.epoch + 2 === currentEpoch) finalized = oldPreviousJustified;
  if (all(0, 3) && oldCurrentJustified.epoch + 2 === currentEpoch) finalized = oldCurrentJustified;
  if (all(0, 2) && oldCurrentJustified.epoch + 1 === currentEpoch) finalized = oldCurrentJustified;
  if (finalized) state.finalized = finalized;

  if (state.currentJustified.epoch > justifiedBefore) {
    ctx.events.push({ type: "justified", slot: ctx.slot, epoch: state.currentJustified.epoch });
  }
  if (state.finalized.epoch > finalizedBefore) {
    ctx.events.push({ type: "finalized", slot: ctx.slot, epoch: state.finalized.epoch });
  } else if (currentEpoch - state.finalized.epoch > 2) {
    ctx.events.push({
      type: "finality-stalled",
      slot: ctx.slot,
      epochsSinceFinality: currentEpoch - state.finalized.epoch,
    });
  }
}
