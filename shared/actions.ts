// The action vocabulary's wire format (RULES §8), shared by the engine, the server and the bots.
import { z } from "zod";
import type { Action, ActionType, Role } from "./types.ts";

const hex = z.string().regex(/^[0-9a-f]{64}$/, "must be a 64-character lowercase hex id");
const index = z.number().int().nonnegative();
const checkpoint = z.strictObject({ epoch: index, root: hex });

export const ACTION_SCHEMAS = {
  propose: z.strictObject({
    type: z.literal("propose"),
    validator: index,
    parent: hex.optional(),
    graffiti: z.string().max(64).optional(),
    exclude: z.array(hex).max(10_000).optional(),
    excludeTypes: z
      .array(
        z.enum([
          "reportSlashing",
          "exit",
          "postBatch",
          "submitProof",
          "challenge",
          "defend",
          "bisect",
          "proveStep",
          "forceInclude",
        ]),
      )
      .max(16)
      .optional(),
  }),
  attest: z.strictObject({
    type: z.literal("attest"),
    validator: index,
    slot: index,
    head: hex,
    source: checkpoint,
    target: checkpoint,
  }),
  reportSlashing: z.strictObject({
    type: z.literal("reportSlashing"),
    offense: z.enum(["proposer-equivocation", "double-vote", "surround-vote"]),
    evidence: z.tuple([hex, hex]),
  }),
  exit: z.strictObject({ type: z.literal("exit"), validator: index }),
  attestAvailability: z.strictObject({
    type: z.literal("attestAvailability"),
    validator: index,
    blob: hex,
    available: z.boolean(),
  }),
  postBatch: z.strictObject({
    type: z.literal("postBatch"),
    rollup: z.string().min(1).max(40),
    txs: z.array(index).max(100_000),
    trace: z.array(hex).max(100_000).optional(),
    release: index.optional(),
    calldata: z.boolean().optional(),
  }),
  submitProof: z.strictObject({ type: z.literal("submitProof"), batch: hex }),
  challenge: z.strictObject({ type: z.literal("challenge"), batch: hex }),
  defend: z.strictObject({ type: z.literal("defend"), dispute: hex, root: hex }),
  bisect: z.strictObject({ type: z.literal("bisect"), dispute: hex, agree: z.boolean() }),
  proveStep: z.strictObject({ type: z.literal("proveStep"), dispute: hex }),
  watch: z.strictObject({ type: z.literal("watch"), watching: z.boolean() }),
  forceInclude: z.strictObject({
    type: z.literal("forceInclude"),
    rollup: z.string().min(1).max(40),
    from: index,
    to: index,
    amount: z.number().int().positive(),
  }),
} satisfies Record<ActionType, z.ZodType>;

/** Which roles may send each action; anyone may report a slashable offense (RULES §1). */
export const ACTION_ROLES: Record<ActionType, readonly Role[]> = {
  propose: ["validator", "attacker"],
  attest: ["validator", "attacker"],
  reportSlashing: ["validator", "sequencer", "challenger", "attacker"],
  exit: ["validator", "attacker"],
  attestAvailability: ["validator", "attacker"],
  postBatch: ["sequencer", "attacker"],
  submitProof: ["sequencer", "attacker"],
  defend: ["sequencer", "attacker"],
  challenge: ["challenger", "attacker"],
  bisect: ["challenger", "attacker"],
  proveStep: ["challenger", "attacker"],
  forceInclude: ["validator", "sequencer", "challenger", "attacker"],
  watch: ["challenger", "attacker"],
};

export type ParsedAction =
  | { ok: true; action: Action }
  | { ok: false; code: "malformed" | "unknown-action"; reason: string };

/** Parses untrusted input into an action, with a reason that names the bad field. */
export function parseAction(input: unknown): ParsedAction {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { ok: false, code: "malformed", reason: "an action must be an object with a type" };
  }
  const type = (input as { type?: unknown }).type;
  if (typeof type !== "string" || !(type in ACTION_SCHEMAS)) {
    return {
      ok: false,
      code: "unknown-action",
      reason: `unknown action type ${JSON.stringify(type)} (known: ${Object.keys(ACTION_SCHEMAS).join(", ")})`,
    };
  }
  const result = ACTION_SCHEMAS[type as ActionType].safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue.path.length > 0 ? issue.path.join(".") : "action";
    return { ok: false, code: "malformed", reason: `${type}: ${path} ${issue.message}` };
  }
  return { ok: true, action: result.data as Action };
}
