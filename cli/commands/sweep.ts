// `trilemma sweep`: a grid of parameter points × seeds over a scenario, in the worker pool, resumable.
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { loadScenario, type Scenario, unavailableReason } from "../../lab/attacks.ts";
import type { Section } from "../../lab/report.ts";
import { defaultWorkers, runJobs } from "../../lab/runner.ts";
import {
  parseParam,
  planSweep,
  SWEEP_METRIC_NAMES,
  type SweepMetric,
  type SweepParam,
  writeSweep,
} from "../../lab/sweep.ts";
import { parseOverride } from "../../shared/index.ts";
import { CliError, collect, printMatchLogs, QUEUE_HELP, readJson, VERBOSE_HELP } from "./common.ts";
import { seedsFromFlags } from "./tournament.ts";

/** A ready-made sweep (workshops/*.json): the question, the scenario, the grid and what to chart. */
const workshopSchema = z.strictObject({
  name: z.string().min(1),
  question: z.string().min(1),
  /** Path of the scenario, relative to the workshop file. */
  scenario: z.string().min(1),
  params: z.record(z.string(), z.array(z.union([z.number(), z.string()])).min(1)),
  seeds: z.number().int().min(1).default(8),
  metrics: z.array(z.enum(SWEEP_METRIC_NAMES as [SweepMetric, ...SweepMetric[]])).min(1),
  /** What the charts should show, for the facilitator to read out. */
  reading: z.string().default(""),
});

const DEFAULT_METRICS: SweepMetric[] = ["attackSuccess", "honestProfit", "finalityLagEpochs", "l2Throughput"];

interface SweepSetup {
  /** The workshop's name, when the sweep comes from one. */
  name?: string;
  scenario: Scenario;
  params: string[];
  seeds?: number;
  metrics: SweepMetric[];
  /** The workshop's question and reading, printed in the report. */
  sections: Section[];
}

function fromWorkshop(path: string): SweepSetup {
  const parsed = workshopSchema.safeParse(readJson(path, "workshop file"));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`workshop ${path}: ${issue.path.join(".") || "file"} ${issue.message}`);
  }
  const workshop = parsed.data;
  return {
    name: workshop.name,
    scenario: loadScenario(resolve(dirname(path), workshop.scenario)),
    params: Object.entries(workshop.params).map(([key, values]) => `${key}=${values.join(",")}`),
    seeds: workshop.seeds,
    metrics: workshop.metrics,
    sections: [
      { title: "Question", text: workshop.question },
      ...(workshop.reading ? [{ title: "What to look for", text: workshop.reading }] : []),
    ],
  };
}

function chartMetrics(list: string | undefined, fallback: SweepMetric[]): SweepMetric[] {
  if (!list) return fallback;
  const names = list.split(",").map((m) => m.trim());
  const unknown = names.filter((m) => !SWEEP_METRIC_NAMES.includes(m as SweepMetric));
  if (unknown.length > 0)
    throw new CliError(`unknown metric ${unknown.join(", ")} (metrics: ${SWEEP_METRIC_NAMES.join(", ")})`);
  return names as SweepMetric[];
}

/** The setup's grid after `--set` and `--param`, every value checked before any match runs. */
function sweepParams(setup: SweepSetup, options: { set?: string[]; param?: string[] }): SweepParam[] {
  try {
    for (const assignment of options.set ?? []) {
      const [key, value] = parseOverride(assignment);
      setup.scenario.set[key] = value as number | boolean;
    }
    // A --param replaces the workshop's grid for its key.
    const given = options.param ?? [];
    const keys = new Set(given.map((p) => p.split("=")[0].trim()));
    const assignments = [...setup.params.filter((p) => !keys.has(p.split("=")[0])), ...given];
    if (assignments.length === 0) throw new CliError("sweep at least one --param key=v1,v2,…");
    return assignments.map((p) => parseParam(p, setup.scenario));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError((error as Error).message);
  }
}

const REPLAYS = "replays";

export function registerSweep(program: Command): void {
  program
    .command("sweep")
    .description(
      "run a scenario over a grid of parameter points × seeds (resumable); points.csv and report.html",
    )
    .option(
      "--workshop <files...>",
      "ready-made sweeps (workshops/*.json); with several, each writes to OUT/<workshop name>",
    )
    .option("--scenario <file>", "the scenario whose lineup and rules every point starts from")
    .option(
      "--param <key=v1,v2,…>",
      "a config key, or validators.<seat>, and its values (repeatable)",
      collect,
    )
    .option("--set <key=value>", "change a rule at every point (repeatable)", collect)
    .option("--seeds <n>", "seeds per point")
    .option("--metrics <list>", `metrics to chart (${SWEEP_METRIC_NAMES.join(", ")})`)
    .option("--replays", `keep every match's replay in OUT/${REPLAYS}/, named by point and seed`)
    .option("--workers <n>", "worker threads", String(defaultWorkers()))
    .option("--queue <redis-url>", QUEUE_HELP)
    .option("--verbose", VERBOSE_HELP)
    .option("--out <dir>", "output folder (resumable: the same command continues)", "out/sweep")
    .action(async (options) => {
      const workshops = (options.workshop ?? []) as string[];
      if (workshops.length > 0 && options.scenario)
        throw new CliError("give --workshop or --scenario, not both");
      const setups: SweepSetup[] = [];
      try {
        setups.push(...workshops.map(fromWorkshop));
        if (options.scenario)
          setups.push({
            scenario: loadScenario(options.scenario),
            params: [],
            metrics: DEFAULT_METRICS,
            sections: [],
          });
      } catch (error) {
        if (error instanceof CliError) throw error;
        throw new CliError((error as Error).message);
      }
      if (setups.length === 0) throw new CliError("name a --workshop file or a --scenario file");
      // Every setup is checked before the first match runs: a typo in the third file wastes no run.
      const planned = [];
      for (const setup of setups) {
        const params = sweepParams(setup, options);
        const unavailable = await unavailableReason(setup.scenario);
        if (unavailable) throw new CliError(`scenario ${setup.scenario.name} is unavailable: ${unavailable}`);
        const outDir = setups.length > 1 ? join(options.out, setup.name!) : options.out;
        planned.push({ setup, params, outDir, metrics: chartMetrics(options.metrics, setup.metrics) });
      }
      for (const { setup, params, outDir, metrics } of planned) {
        const seeds = seedsFromFlags({ matches: options.seeds ?? String(setup.seeds ?? 4) }, 4);
        const replaysDir = options.replays ? join(outDir, REPLAYS) : undefined;
        if (replaysDir) mkdirSync(replaysDir, { recursive: true });
        const jobs = planSweep(setup.scenario, params, seeds, replaysDir);
        const results = await runJobs(jobs, {
          outDir,
          workers: Number(options.workers),
          queue: options.queue,
          database: process.env.DATABASE_URL,
          progress: process.stderr.isTTY,
        });
        if (options.verbose) printMatchLogs(outDir, results);
        const points = writeSweep(outDir, setup.scenario, params, results, metrics, {
          sections: setup.sections,
          replaysDir: replaysDir ? REPLAYS : undefined,
        });
        if (planned.length > 1) console.log(`\n${setup.name}`);
        console.table(
          points.map((p) => ({
            ...p.point,
            matches: p.matches,
            ...Object.fromEntries(
              SWEEP_METRIC_NAMES.map((m) => [m, `${p.metrics[m].mean} ± ${p.metrics[m].ci95}`]),
            ),
          })),
        );
        console.log(`${results.length} matches · ${outDir}/points.csv, matches.csv, report.html`);
      }
    });
}
