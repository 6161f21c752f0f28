// Casper FFG: the spec's process_justification_and_finalization.
import { attestationCredit, getBlockRoot } from "./chain.ts";
import { TIMELY_TARGET_FLAG } from "./constants.ts";
import type { StepContext } from "./context.ts";
import type { Block, Checkpoint, EngineState } from "./types.ts";
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

interface JustificationOutcome {
  previousJustified: Checkpoint;
  currentJustified: Checkpoint;
  justificationBits: boolean[];
  finalized: Checkpoint;
}

/** weigh_justification_and_finalization's checkpoints from the epoch's target balances, without changing the state. */
function weighJustification(
  state: EngineState,
  currentEpoch: number,
  totalActive: number,
  previousTarget: number,
  currentTarget: number,
): JustificationOutcome {
  const previousEpoch = currentEpoch - 1;
  const oldPreviousJustified = state.previousJustified;
  const oldCurrentJustified = state.currentJustified;
  let currentJustified = state.currentJustified;
  const bits = [false, ...state.justificationBits.slice(0, 3)];
  if (previousTarget * 3 >= totalActive * 2) {
    currentJustified = { epoch: previousEpoch, root: getBlockRoot(state, previousEpoch) };
    bits[1] = true;
  }
  if (currentTarget * 3 >= totalActive * 2) {
    currentJustified = { epoch: currentEpoch, root: getBlockRoot(state, currentEpoch) };
    bits[0] = true;
  }

  const all = (from: number, to: number) => bits.slice(from, to).every(Boolean);
  let finalized = state.finalized;
  if (all(1, 4) && oldPreviousJustified.epoch + 3 === currentEpoch) finalized = oldPreviousJustified;
  if (all(1, 3) && oldPreviousJustified.epoch + 2 === currentEpoch) finalized = oldPreviousJustified;
  if (all(0, 3) && oldCurrentJustified.epoch + 2 === currentEpoch) finalized = oldCurrentJustified;
  if (all(0, 2) && oldCurrentJustified.epoch + 1 === currentEpoch) finalized = oldCurrentJustified;
  return { previousJustified: oldCurrentJustified, currentJustified, justificationBits: bits, finalized };
}

/**
 * A block's unrealized justification (the spec's compute_pulled_up_tip): the checkpoint justified if the
 * epoch ended right after `block`, whose parent's post-state is the engine's state; without `block`, the
 * parent's own. `epoch` is the block's.
 */
export function unrealizedJustification(state: EngineState, epoch: number, block?: Block): Checkpoint {
  if (epoch === 0) return state.currentJustified;
  const previous = [...state.previousParticipation];
  const current = [...state.currentParticipation];
  for (const id of block?.attestations ?? []) {
    const message = state.attestations[id];
    const credit = message && attestationCredit(state, block!, message);
    if (credit) (credit.currentEpoch ? current : previous)[message.validator] |= credit.flags;
  }
  const totalActive = getTotalActiveBalance(state, epoch);
  const previousTarget = getTargetBalance(state, previous, epoch - 1);
  const currentTarget = getTargetBalance(state, current, epoch);
  return weighJustification(state, epoch, totalActive, previousTarget, currentTarget).currentJustified;
}

function weighJustificationAndFinalization(
  ctx: StepContext,
  currentEpoch: number,
  totalActive: number,
  previousTarget: number,
  currentTarget: number,
): void {
  const { state } = ctx;
  const justifiedBefore = state.currentJustified.epoch;
  const finalizedBefore = state.finalized.epoch;
  Object.assign(state, weighJustification(state, currentEpoch, totalActive, previousTarget, currentTarget));

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
