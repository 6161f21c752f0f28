// What a round is made of, checked before the engine thread builds anything: the preset and config resolved
// (every key in its range, server/PROTOCOL.md), the live limits, and each seat's strategy resolved by name.
import { createHmac, randomBytes } from "node:crypto";
import type { SeatSpec } from "../shared/index.ts";
import { resolveConfig } from "../shared/index.ts";
import type { RoundSpec } from "./room-engine.ts";
import { type CreateOptions, DEFAULT_LINEUP, liveLimitProblem, resolveStrategy } from "./room-options.ts";

/**
 * The key behind every room's sampling secret: drawn once per process, so a seed a room creator chose (or learns)
 * does not tell which samples a blob will face (docs/rules.md, sampling), while two rooms of one seed on this
 * server still play the same match (the soak's twin).
 */
const SAMPLING_KEY = randomBytes(32);

export function samplingSecret(seed: string): string {
  return createHmac("sha256", SAMPLING_KEY).update(seed).digest("hex");
}

export interface RoundOptions extends CreateOptions {
  publishedBots?: ReadonlyMap<string, string>;
  /** The server's slot length for every room (tests, benchmarks), over the room's config. */
  slotMs?: number;
}

/** The round to start, or an error naming the key or seat that is wrong. */
export function planRound(
  options: RoundOptions,
  overrides: Record<string, number | boolean>,
  seed: string,
): { preset: string; round: RoundSpec } {
  const preset = options.preset ?? "phase0";
  const config = resolveConfig(preset, {
    ...overrides,
    ...(options.slotMs ? { slotMs: options.slotMs } : {}),
  });
  const published = options.publishedBots ?? new Map<string, string>();
  const lineup: SeatSpec[] = (options.lineup ?? DEFAULT_LINEUP).map((seat) => {
    try {
      return { ...seat, strategy: resolveStrategy(seat.strategy, published) } as SeatSpec;
    } catch (error) {
      throw new Error(`seat "${seat.id}": ${(error as Error).message}`);
    }
  });
  const problem = liveLimitProblem(config, lineup);
  if (problem) throw new Error(problem);
  return { preset, round: { config, seed, secret: samplingSecret(seed), lineup } };
}
