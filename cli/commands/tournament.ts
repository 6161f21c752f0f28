// `trilemma tournament`: strategies against each other across seeds, in the worker pool, resumable.
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { isBotFile } from "../../bots/registry.ts";
import { defaultWorkers, runJobs } from "../../lab/runner.ts";
import { lineupFileSchema, planTournament, strategyNames, writeTournament } from "../../lab/tournament.ts";
import type { SeatSpec } from "../../shared/index.ts";
import {
  CliError,
  collect,
  configFromFlags,
  printMatchLogs,
  QUEUE_HELP,
  readJson,
  VERBOSE_HELP,
} from "./common.ts";

/** Seeds from `--seeds a,b,c` or `--matches N` (seed-1 … seed-N). */
export function seedsFromFlags(options: { seeds?: string; matches?: string }, fallback: number): string[] {
  if (options.seeds)
    return options.seeds
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  const count = Number(options.matches ?? fallback);
  if (!Number.isInteger(count) || count < 1)
    throw new CliError(`--matches must be a whole number ≥ 1, got "${options.matches}"`);
  return Array.from({ length: count }, (_, i) => `seed-${i + 1}`);
}

/** A lineup file's strategies and unranked seats, bot file paths taken relative to the file. */
function loadLineup(path: string): { strategies: string[]; with: SeatSpec[] } {
  const parsed = lineupFileSchema.safeParse(readJson(path, "lineup"));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(
      `lineup ${path}: ${issue.path.join(".") || "file"} ${issue.message} (expected {"strategies": [...], "with": [{id, role, strategy}]})`,
    );
  }
  const fromFile = (strategy: string) => (isBotFile(strategy) ? resolve(dirname(path), strategy) : strategy);
  return {
    strategies: parsed.data.strategies.map(fromFile),
    with: parsed.data.with.map((seat) => ({ ...seat, strategy: fromFile(seat.strategy) }) as SeatSpec),
  };
}

export function registerTournament(program: Command): void {
  program
    .command("tournament")
    .description("round robin of strategies over the roles they play, across seeds (resumable)")
    .option("--strategies <list>", "comma-separated strategy names or bot files")
    .option(
      "--lineup <file>",
      'JSON file: {"strategies": [...], "with": [{id, role, strategy}]} (with: unranked seats in every match)',
    )
    .option("--matches <n>", "seeds per role", "4")
    .option("--seeds <list>", "comma-separated seeds (instead of --matches)")
    .option("--slots <n>", "match length in slots")
    .option("--preset <name>", "rule preset", "phase0")
    .option("--set <key=value>", "override one config key (repeatable)", collect)
    .option("--workers <n>", "worker threads", String(defaultWorkers()))
    .option("--queue <redis-url>", QUEUE_HELP)
    .option("--verbose", VERBOSE_HELP)
    .option("--out <dir>", "output folder", "out/tournament")
    .option("--replays", "keep every match's replay")
    .action(async (options) => {
      if (options.strategies && options.lineup) throw new CliError("give --strategies or --lineup, not both");
      let lineup: { strategies: string[]; with: SeatSpec[] } = {
        strategies: options.strategies
          ? String(options.strategies)
              .split(",")
              .map((s: string) => s.trim())
              .filter(Boolean)
          : [],
        with: [],
      };
      if (options.lineup) lineup = loadLineup(options.lineup);
      if (lineup.strategies.length === 0)
        throw new CliError("name the strategies: --strategies a,b or --lineup file.json");
      const set = [...(options.set ?? []), ...(options.slots ? [`slots=${options.slots}`] : [])];
      const config = configFromFlags({ preset: options.preset, set });
      const overrides = Object.fromEntries(
        set.map((s: string) => [s.split("=")[0], config[s.split("=")[0] as keyof typeof config]]),
      );
      const replaysDir = options.replays ? join(options.out, "replays") : undefined;
      if (replaysDir) mkdirSync(replaysDir, { recursive: true });
      const jobs = await planTournament({
        strategies: lineup.strategies,
        with: lineup.with,
        seeds: seedsFromFlags(options, 4),
        preset: options.preset,
        overrides,
        replaysDir,
      });
      const results = await runJobs(jobs, {
        outDir: options.out,
        workers: Number(options.workers),
        queue: options.queue,
        database: process.env.DATABASE_URL,
        progress: process.stderr.isTTY,
      });
      if (options.verbose) printMatchLogs(options.out, results);
      const boards = writeTournament(options.out, results, await strategyNames(lineup.strategies));
      for (const [role, rows] of Object.entries(boards)) {
        console.log(`\n${role}`);
        console.table(rows.map(({ strategy, ...row }) => row));
      }
      console.log(`\n${results.length} matches · ${options.out}/summary.json, matches.csv, report.html`);
    });
}
