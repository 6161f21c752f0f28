// What every action's descriptor says (docs/architecture.md, how to add an action): who may send it, its
// schema, the check at submission and how it takes effect. Each rule module holds the descriptors of its
// actions; shared/actions.ts lists them all.
import type { ACTION_SCHEMAS, ActionOf, ActionType } from "./action-schemas.ts";
import type { StepContext } from "./context.ts";
import type { Block, Problem, Role, SeatState } from "./types.ts";

/** Where an accepted action goes: a proposal competes for the slot's block, an operation waits in the mempool. */
export type Inclusion = { block: Block; seat: string };

interface RuleCommon<T extends ActionType> {
  type: T;
  roles: readonly Role[];
  schema: (typeof ACTION_SCHEMAS)[T];
  /** At submission, after the schema and the role: the refusal this action gets now, or null. */
  check: (ctx: StepContext, seat: SeatState, action: ActionOf<T>) => Problem | null;
}

export type ActionRule<T extends ActionType> = RuleCommon<T> &
  (
    | {
        /** Takes effect as it is accepted (gossip, a seat's own setting). */
        takesEffect: "at-once";
        apply: (ctx: StepContext, seat: SeatState, action: ActionOf<T>) => void;
      }
    | {
        /** Waits in the L1 mempool; applied when a canonical block includes it. */
        takesEffect: "when-included";
        apply: (ctx: StepContext, inclusion: Inclusion, action: ActionOf<T>) => void;
      }
    | {
        /** A candidate block of this slot, built once every other action is in; fork choice picks one. */
        takesEffect: "as-proposal";
        apply: (ctx: StepContext, seat: SeatState, action: ActionOf<T>) => Block | null;
      }
  );

export function refusal(code: Problem["code"], reason: string): Problem {
  return { code, reason };
}

/** Records a refusal: the action changes nothing, and the seat learns why. */
export function refuse(ctx: StepContext, seat: string, action: unknown, problem: Problem): void {
  ctx.refusals.push({ slot: ctx.slot, seat, action, code: problem.code, reason: problem.reason });
}
