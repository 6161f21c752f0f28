// Helpers shared by the CLI commands: seats, config from flags, clean errors.
import { existsSync, readFileSync } from "node:fs";
import { describeBot } from "../../bots/registry.ts";
import { matchLogPath } from "../../lab/runner.ts";
import {
  type MatchConfig,
  parseOverride,
  ROLES,
  type Role,
  resolveConfig,
  type SeatSpec,
} from "../../shared/index.ts";

export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new CliError(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${what} ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Preset, then a config file, then `--set` assignments: the later one wins. */
export function configFromFlags(options: { preset?: string; config?: string; set?: string[] }): MatchConfig {
  const overrides: Record<string, unknown> = {};
  if (options.config) {
    const file = readJson(options.config, "config file");
    if (typeof file !== "object" || file === null || Array.isArray(file))
      throw new CliError(`config file ${options.config} must hold an object`);
    Object.assign(overrides, file);
  }
  for (const assignment of options.set ?? []) {
    const [key, value] = parseOverride(assignment);
    overrides[key] = value;
  }
  return resolveConfig(options.preset ?? "phase0", overrides);
}

/** A seat's size after its strategy: `role=strategy:validators=N`. */
const VALIDATORS_SUFFIX = /:validators=([^:]*)$/;

/**
 * `role=strategy[:validators=N]` flags → seats named by role and number (validator-1, validator-2, …).
 * `:validators=N` sets how many validators the seat holds (an attacker's otherwise follow from its budget).
 */
export function seatsFromFlags(assignments: string[] = []): SeatSpec[] {
  const counts = new Map<string, number>();
  return assignments.map((assignment) => {
    const eq = assignment.indexOf("=");
    if (eq <= 0) throw new CliError(`--seat "${assignment}" is not role=strategy`);
    const role = assignment.slice(0, eq) as Role;
    let strategy = assignment.slice(eq + 1);
    if (!ROLES.includes(role))
      throw new CliError(`--seat "${assignment}": unknown role "${role}" (roles: ${ROLES.join(", ")})`);
    const size = VALIDATORS_SUFFIX.exec(strategy);
    let validators: number | undefined;
    if (size) {
      validators = Number(size[1]);
      if (size[1] === "" || !Number.isInteger(validators) || validators < 0)
        throw new CliError(`--seat "${assignment}": validators must be a whole number ≥ 0, got "${size[1]}"`);
      strategy = strategy.slice(0, size.index);
    }
    if (!strategy) throw new CliError(`--seat "${assignment}": no strategy`);
    const n = (counts.get(role) ?? 0) + 1;
    counts.set(role, n);
    const id = `${role}-${n}`;
    return validators === undefined ? { id, role, strategy } : { id, role, strategy, validators };
  });
}

/** Refuses, before anything runs, a seat whose strategy cannot play its role. */
export async function checkSeatRoles(seats: SeatSpec[]): Promise<void> {
  for (const seat of seats) {
    const bot = await describeBot(seat.strategy);
    if (!bot.roles.includes(seat.role))
      throw new CliError(
        `--seat ${seat.role}=${seat.strategy}: ${bot.name} cannot play ${seat.role} (plays: ${bot.roles.join(", ")})`,
      );
  }
}

export { readJson };

/** `--verbose`: every seat's log of one match (bot errors and console output), on stderr beside the results. */
export function printSeatLogs(logs: Record<string, string>): void {
  for (const [seat, text] of Object.entries(logs)) console.error(`== seat ${seat}\n${text}`);
}

/** `--verbose` for the lab's commands: the log saved beside the results for each match that has one. */
export function printMatchLogs(outDir: string, results: { id: string }[]): void {
  for (const { id } of results) {
    const path = matchLogPath(outDir, id);
    if (existsSync(path)) console.error(`=== match ${id} (${path})\n${readFileSync(path, "utf8")}`);
  }
}

/** `--queue`: the Redis that the lab's submitters and `trilemma worker`s share (docs/scale-out.md). */
export const QUEUE_HELP = "play the matches on `trilemma worker`s through this Redis (redis://HOST:PORT)";

export const VERBOSE_HELP = "print the bots' errors and console output (kept per seat)";
