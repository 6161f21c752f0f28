// What a client may ask when it creates or joins a room, checked before anything is built: strategies by name
// (never a path), and a config within the live limits below, so that one room's slot stays small.
import { join } from "node:path";
import { z } from "zod";
import { BUILT_IN_BOTS } from "../bots/registry.ts";
import { isReservedSeatId, type MatchConfig, ROLES, type SeatSpec } from "../shared/index.ts";
import type { EnginePool } from "./engine-pool.ts";
import type { MatchStore } from "./store.ts";

const role = z.enum(ROLES as [string, ...string[]]);

/** A strategy is a name: a built-in one, or a bot file the operator published with `serve --bots DIR`. */
const strategyName = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[A-Za-z0-9_-]+$/, "must be a strategy name (letters, digits, - and _), not a path");

/** Validators a live room's seat may ask for: half the live bound, so a cartel or a coalition seat can hold
 * the share it needs (the lineup's total is still held to MAX_LIVE_VALIDATORS). */
export const MAX_SEAT_VALIDATORS = 128;

export const lineupSchema = z
  .array(
    z.strictObject({
      id: z
        .string()
        .min(1)
        .max(40)
        .refine(
          (id) => !isReservedSeatId(id),
          "is reserved (the background seat, or a name every object has)",
        ),
      role,
      strategy: strategyName,
      validators: z.number().int().min(0).max(MAX_SEAT_VALIDATORS).optional(),
    }),
  )
  .max(32);

/**
 * Live rooms share an engine thread, so what a slot costs is capped below the simulator's ranges (PARAMS):
 * every key that multiplies a slot's work. What a slot costs with all of them at their caps is measured by
 * `npm run bench:room-slot` (server/PROTOCOL.md, "Limits").
 */
export const LIVE_LIMITS: Partial<Record<keyof MatchConfig, number>> = {
  /** A match's stored replay grows with every slot (a default room's 21 MB by slot 384, server/PROTOCOL.md). */
  slots: 1024,
  validators: 256,
  validatorsPerSeat: MAX_SEAT_VALIDATORS,
  l2Accounts: 256,
  l2TxPerSlot: 500,
  shards: 8,
  blobTarget: 8,
  blobMax: 8,
  blobCapacity: 512,
  blobChunks: 32,
  samplesPerBlob: 16,
  maxOperationsPerBlock: 256,
  txsProvedPerSlot: 1000,
  // Each slot spreads a block over every node: 2,000 nodes cost 159 ms a slot at load average 18 on 2 cores.
  nodes: 2000,
};
/** Validators a live match may have in all: the validator set, or the seats' own if they hold more. */
export const MAX_LIVE_VALIDATORS = 256;

/** Why a config or lineup is too big for a live room (the key named), or null. */
export function liveLimitProblem(config: MatchConfig, lineup: readonly SeatSpec[]): string | null {
  for (const [key, max] of Object.entries(LIVE_LIMITS))
    if ((config[key as keyof MatchConfig] as number) > (max as number))
      return `"${key}" must be at most ${max} in a live room, got ${config[key as keyof MatchConfig]}`;
  // An upper bound on what each seat holds whatever its role: its own count, or the most a default could deal.
  const mostPerSeat = Math.max(
    config.validatorsPerSeat,
    Math.floor(config.attackerBudget / config.stakePerValidator),
  );
  const seats = lineup.reduce((sum, seat) => sum + (seat.validators ?? mostPerSeat), 0);
  if (seats > MAX_LIVE_VALIDATORS)
    return `the lineup's seats may hold ${seats} validators, more than ${MAX_LIVE_VALIDATORS} in a live room (set "validators" per seat, or lower "attackerBudget")`;
  return null;
}

/** A strategy name as the engine loads it: a built-in name, or the published file's path. */
export function resolveStrategy(name: string, publishedBots: ReadonlyMap<string, string>): string {
  if (BUILT_IN_BOTS.has(name)) return name;
  const file = publishedBots.get(name);
  if (file) return file;
  const published = publishedBots.size ? `; published: ${[...publishedBots.keys()].join(", ")}` : "";
  throw new Error(
    `unknown strategy "${name}" (built-in: ${[...BUILT_IN_BOTS.keys()].join(", ")}${published})`,
  );
}

/** The bot files an operator publishes (`serve --bots DIR`): each file's name without extension, to its path. */
export function publishedBotsIn(dir: string, files: readonly string[]): Map<string, string> {
  const bots = new Map<string, string>();
  for (const file of files) {
    const match = /^([A-Za-z0-9_-]+)\.(ts|js|mjs)$/.exec(file);
    if (match && !BUILT_IN_BOTS.has(match[1])) bots.set(match[1], join(dir, file));
  }
  return bots;
}

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
  facilitatorKey: z.string().max(100).optional(),
  /** Send the seat's PlayerView every slot (remote bots; browser players build actions from it). */
  view: z.boolean().default(false),
});

export type CreateOptions = z.infer<typeof createOptionsSchema>;

/** What the server gives every room beside the creator's options. */
export interface ArenaRoomOptions extends CreateOptions {
  store: MatchStore;
  engines: EnginePool;
  /** Bot files the operator published (`serve --bots DIR`), by name. */
  publishedBots?: ReadonlyMap<string, string>;
  reconnectSeconds?: number;
  slotMs?: number;
  facilitatorKey?: string;
}

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
