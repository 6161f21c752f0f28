// L1 transactions carried by blocks: slashing reports and exits (and, later, rollup calls).
import { FAR_FUTURE_EPOCH } from "./constants.ts";
import { epochOf, type StepContext } from "./context.ts";
import { processBisect, processChallenge, processDefend, processProveStep } from "./dispute.ts";
import { processForceInclude } from "./l2.ts";
import { processPostBatch, processSubmitProof } from "./rollup.ts";
import { checkSlashingEvidence, slashValidator } from "./slashing.ts";
import type { Block, Operation } from "./types.ts";
import { initiateValidatorExit } from "./validators.ts";

export function processOperation(ctx: StepContext, block: Block, operation: Operation): void {
  const { state } = ctx;
  const epoch = epochOf(ctx.config, block.slot);
  const action = operation.action;
  switch (action.type) {
    case "reportSlashing": {
      const check = checkSlashingEvidence(state, action.offense, action.evidence);
      if ("offender" in check && !state.validators[check.offender].slashed) {
        slashValidator(
          ctx,
          check.offender,
          action.offense,
          operation.seat,
          block.proposer,
          epoch,
          check.offenseSlot,
        );
      }
      return;
    }
    case "exit":
      if (state.validators[action.validator].exitEpoch === FAR_FUTURE_EPOCH) {
        initiateValidatorExit(ctx, action.validator, epoch, "voluntary");
      }
      return;
    case "postBatch":
      processPostBatch(ctx, operation.seat, action);
      return;
    case "submitProof":
      processSubmitProof(ctx, operation.seat, action.batch);
      return;
    case "challenge":
      processChallenge(ctx, operation.seat, action.batch);
      return;
    case "defend":
      processDefend(ctx, operation.seat, action.dispute, action.root);
      return;
    case "bisect":
      processBisect(ctx, operation.seat, action.dispute, action.agree);
      return;
    case "proveStep":
      processProveStep(ctx, operation.seat, action.dispute);
      return;
    case "forceInclude":
      processForceInclude(ctx, action);
      return;
  }
}
