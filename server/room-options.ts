// What a client may ask when it creates or joins a room, checked before anything is built.
import { z } from "zod";
import { ROLES } from "../shared/index.ts";

const role = z.enum(ROLES as [string, ...string[]]);

export const lineupSchema = z
  .array(
    z.strictObject({
      id: z.string().min(1).max(40),
      role,
      strategy: z.string().min(1).max(200),
      validators: z.number().int().min(0).optional(),
    }),
  )
  .max(32);

export const createOptionsSchema = z.object({
  name: z.string().min(1).max(40).optional(),
  role: role.optional(),
  preset: z.string().max(40).optional(),
  config: z.record(z.string(), z.union([z.number(), z.boolean()])).optional(),
  seed: z.string().min(1).max(100).optional(),
  lineup: lineupSchema.optional(),
  private: z.boolean().optional(),
  password: z.string().max(100).optional(),
  /** The ready setup the room was made from (GET /api/setups), so a joining student sees its brief. */
  setup: z.string().max(40).optional(),
});

export const joinOptionsSchema = z.object({
  name: z.string().min(1).max(40).default("player"),
  role: role.optional(),
  password: z.string().max(100).optional(),
  /** Send the seat's PlayerView every slot (remote bots; browser players build actions from it). */
  view: z.boolean().default(false),
});

export type CreateOptions = z.infer<typeof createOptionsSchema>;

/** A lineup a live room starts with when the creator names none: a seat of every role, bots in each until players take them. */
export const DEFAULT_LINEUP = [
  { id: "validator-1", role: "validator", strategy: "honest-validator" },
  { id: "validator-2", role: "validator", strategy: "honest-validator" },
  { id: "validator-3", role: "validator", strategy: "double-voter" },
  { id: "sequencer-1", role: "sequencer", strategy: "honest-sequencer" },
  { id: "challenger-1", role: "challenger", strategy: "honest-challenger" },
  { id: "attacker-1", role: "attacker", strategy: "honest-validator" },
] as const;

export function describeProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue.path.join(".") || "options"}: ${issue.message}`;
}
