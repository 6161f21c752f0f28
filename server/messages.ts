// Every message a client may send, validated in one place (server/PROTOCOL.md): the type is looked up as an
// own property of the vocabulary (never `in`, which finds `constructor`), actions are parsed by the engine's
// `parseAction` and checked against the sender's role, facilitator commands by their own schemas.
import { z } from "zod";
import {
  ACTION_ROLES,
  type Action,
  type ActionType,
  parseAction,
  type RefusalCode,
  type Role,
} from "../shared/index.ts";

/** Commands only a facilitator may send; each payload is a strict object. */
const FACILITATOR_SCHEMAS = {
  pause: z.strictObject({}),
  resume: z.strictObject({}),
  setParams: z.strictObject({ config: z.record(z.string().max(40), z.union([z.number(), z.boolean()])) }),
  restart: z.strictObject({
    seed: z.string().min(1).max(100).optional(),
    /** A ready setup (GET /api/setups), e.g. the next lesson: its rules and seats for the next round. */
    setup: z.string().min(1).max(40).optional(),
  }),
  kick: z.strictObject({ seat: z.string().min(1).max(40) }),
};

export type FacilitatorCommand = {
  [K in keyof typeof FACILITATOR_SCHEMAS]: { type: K } & z.infer<(typeof FACILITATOR_SCHEMAS)[K]>;
}[keyof typeof FACILITATOR_SCHEMAS];

export type Message =
  | { kind: "action"; action: Action }
  | { kind: "autopilot"; on: boolean }
  | { kind: "facilitator"; command: FacilitatorCommand };

export interface Refusal {
  code: RefusalCode;
  reason: string;
}

/** Who sends: the role of its seat (null: a spectator), and whether it is a facilitator. */
export interface Sender {
  role: Role | null;
  facilitator: boolean;
}

const autopilotSchema = z.strictObject({ on: z.boolean() });

/** A message as the room acts on it, or the refusal to send back (with the type alone, never the payload). */
export function readMessage(type: string, payload: unknown, sender: Sender): Message | Refusal {
  const body = payload === undefined ? {} : payload;
  if (Object.hasOwn(FACILITATOR_SCHEMAS, type)) {
    if (!sender.facilitator)
      return { code: "not-facilitator", reason: "only the room's facilitator can do that" };
    const parsed = FACILITATOR_SCHEMAS[type as keyof typeof FACILITATOR_SCHEMAS].safeParse(body);
    if (!parsed.success) return malformed(type, parsed.error);
    return { kind: "facilitator", command: { type, ...parsed.data } as FacilitatorCommand };
  }
  if (type !== "autopilot" && !Object.hasOwn(ACTION_ROLES, type))
    return {
      code: "unknown-action",
      reason: `unknown message type (actions: ${Object.keys(ACTION_ROLES).join(", ")}; autopilot)`,
    };
  if (sender.role === null) return { code: "no-seat", reason: "join with a role to act" };
  if (type === "autopilot") {
    const parsed = autopilotSchema.safeParse(body);
    return parsed.success ? { kind: "autopilot", on: parsed.data.on } : malformed(type, parsed.error);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return { code: "malformed", reason: `${type}: the payload must be an object` };
  const parsed = parseAction({ ...body, type });
  if (!parsed.ok) return { code: parsed.code, reason: parsed.reason };
  if (!ACTION_ROLES[type as ActionType].includes(sender.role))
    return { code: "wrong-role", reason: `a ${sender.role} cannot ${type}` };
  return { kind: "action", action: parsed.action };
}

export function isRefusal(read: Message | Refusal): read is Refusal {
  return "code" in read;
}

function malformed(type: string, error: z.ZodError): Refusal {
  const issue = error.issues[0];
  return { code: "malformed", reason: `${type}: ${issue.path.join(".") || "payload"} ${issue.message}` };
}

/** What a refusal says of the action it refuses: its type and what it is about, each a short scalar. */
export type ActionSummary = Record<string, string | number | boolean>;

const SUMMARY_FIELDS = ["type", "validator", "slot", "batch", "dispute", "rollup", "blob"];

export function actionSummary(action: unknown): ActionSummary {
  const summary: ActionSummary = {};
  if (typeof action !== "object" || action === null) return summary;
  for (const field of SUMMARY_FIELDS) {
    const value = (action as Record<string, unknown>)[field];
    if (
      typeof value === "number" ||
      typeof value === "boolean" ||
      (typeof value === "string" && value.length <= 64)
    )
      summary[field] = value;
  }
  return summary;
}

/** Refusal reasons are summaries: never longer than this (they never echo a payload). */
const MAX_REASON_LENGTH = 200;

/** The `refused` message: the type (or a parsed action's summary), the code, and a bounded reason. */
export function refusedMessage(action: string | null | ActionSummary, refusal: Refusal) {
  const summary = typeof action === "string" ? { type: action } : (action ?? {});
  return { action: summary, code: refusal.code, reason: refusal.reason.slice(0, MAX_REASON_LENGTH) };
}
