// Every action's descriptor, by type (docs/architecture.md): the one list the engine's dispatcher, the
// room's checks and the bots' choices all read. Each descriptor lives in its rule's module.

import type { ActionRule } from "./action-rule.ts";
import { ACTION_SCHEMAS, type Action, type ActionType } from "./action-schemas.ts";
import { attestRule, proposeRule } from "./chain.ts";
import { bisectRule, challengeRule, defendRule, proveStepRule } from "./dispute.ts";
import { forceIncludeRule } from "./forced-inclusion.ts";
import { postBatchRule, submitProofRule, watchRule } from "./rollup.ts";
import { attestAvailabilityRule } from "./shards.ts";
import { reportSlashingRule } from "./slashing.ts";
import type { Role } from "./types.ts";
import { exitRule } from "./validators.ts";

export const ACTION_RULES: { [T in ActionType]: ActionRule<T> } = {
  propose: proposeRule,
  attest: attestRule,
  reportSlashing: reportSlashingRule,
  exit: exitRule,
  attestAvailability: attestAvailabilityRule,
  postBatch: postBatchRule,
  submitProof: submitProofRule,
  challenge: challengeRule,
  defend: defendRule,
  bisect: bisectRule,
  proveStep: proveStepRule,
  watch: watchRule,
  forceInclude: forceIncludeRule,
};

export const ACTION_TYPES = Object.keys(ACTION_RULES) as ActionType[];

/** An own key of the list only: `"constructor" in ACTION_RULES` is true too. */
export function isActionType(type: unknown): type is ActionType {
  return typeof type === "string" && Object.hasOwn(ACTION_RULES, type);
}

/** The descriptor of an action, typed for any action (TypeScript cannot tie a rule's type to its action's). */
export function ruleOf(action: Action): ActionRule<ActionType> {
  return ACTION_RULES[action.type] as unknown as ActionRule<ActionType>;
}

/** Whether a seat of `role` may send `type` (anyone may report a slashable offense). */
export function mayAct(role: Role, type: ActionType): boolean {
  return ACTION_RULES[type].roles.includes(role);
}

/** Which roles may send each action, from the descriptors. */
export const ACTION_ROLES = Object.fromEntries(
  ACTION_TYPES.map((type) => [type, ACTION_RULES[type].roles]),
) as Record<ActionType, readonly Role[]>;

export type ParsedAction =
  | { ok: true; action: Action }
  | { ok: false; code: "malformed" | "unknown-action"; reason: string };

/** Parses untrusted input into an action, with a reason that names the bad field. */
export function parseAction(input: unknown): ParsedAction {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { ok: false, code: "malformed", reason: "an action must be an object with a type" };
  }
  const type = (input as { type?: unknown }).type;
  if (!isActionType(type)) {
    return {
      ok: false,
      code: "unknown-action",
      reason: `unknown action type ${JSON.stringify(type)} (known: ${ACTION_TYPES.join(", ")})`,
    };
  }
  const result = ACTION_SCHEMAS[type].safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue.path.length > 0 ? issue.path.join(".") : "action";
    return { ok: false, code: "malformed", reason: `${type}: ${path} ${issue.message}` };
  }
  return { ok: true, action: result.data as Action };
}
