// L1 transactions carried by blocks: slashing reports and exits (and, later, rollup calls).
import { epochOf, type StepContext } from "./context.ts";
import { checkSlashingEvidence, slashValidator } from "./slashing.ts";
import type { Block, Operation } from "./types.ts";
import { FAR_FUTURE_EPOCH, initiateValidatorExit } from "./validators.ts";

export function processOperation(ctx: StepContext, block: Block, operation: Operation): void {
  const { state } = ctx;
  const epoch = epochOf(ctx.config, block.slot);
  const action = operation.action;
  switch (action.type) {
    case "reportSlashing": {
      const check = checkSlashingEvidence(state, action.offense, action.evidence);
      if ("offender" in check && !state.validators[check.offender].slashed) {
        slashValidator(ctx, check.offender, action.offense, operation.seat, block.proposer, epoch);
      }
      return;
    }
    case "exit":
      if (state.validators[action.validator].exitEpoch === FAR_FUTURE_EPOCH) {
        initiateValidatorExit(ctx, action.validator, epoch, "voluntary");
      }
      return;
  }
}
