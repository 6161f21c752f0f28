// `trilemma sweep`: a grid of parameter points × seeds over a scenario, in the worker pool, resumable.
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { loadScenario, type Scenario, unavailableReason } from "../../lab/attacks.ts";
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
import { CliError, collect, printMatchLogs, readJson, VERBOSE_HELP } from "./common.ts";
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
  scenario: Scenario;
  params: string[];
  seeds?: number;
  metrics: SweepMetric[];
}

function fromWorkshop(path: string): SweepSetup {
  const parsed = workshopSchema.safeParse(readJson(path, "workshop file"));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`workshop ${path}: ${issue.path.join(".") || "file"} ${issue.message}`);
  }
  const workshop = parsed.data;
  return {
    scenario: loadScenario(resolve(dirname(path), workshop.scenario)),
    params: Object.entries(workshop.params).map(([key, values]) => `${key}=${values.join(",")}`),
    seeds: workshop.seeds,
    metrics: workshop.metrics,
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

export function registerSweep(program: Command): void {
  program
    .command("sweep")
    .description(
      "run a scenario over a grid of parameter points × seeds (resumable); points.csv and report.html",
    )
    .option("--workshop <file>", "a ready-made sweep (workshops/*.json)")
    .option("--scenario <file>", "the scenario whose lineup and rules every point starts from")
    .option(
      "--param <key=v1,v2,…>",
      "a config key, or validators.<seat>, and its values (repeatable)",
      collect,
    )
    .option("--set <key=value>", "change a rule at every point (repeatable)", collect)
    .option("--seeds <n>", "seeds per point")
    .option("--metrics <list>", `metrics to chart (${SWEEP_METRIC_NAMES.join(", ")})`)
    .option("--workers <n>", "worker threads", String(defaultWorkers()))
    .option("--verbose", VERBOSE_HELP)
    .option("--out <dir>", "output folder (resumable: the same command continues)", "out/sweep")
    .action(async (options) => {
      let setup: SweepSetup;
      let params: SweepParam[];
      try {
        if (options.workshop) setup = fromWorkshop(options.workshop);
        else if (options.scenario)
          setup = { scenario: loadScenario(options.scenario), params: [], metrics: DEFAULT_METRICS };
        else throw new CliError("name a --workshop file or a --scenario file");
        for (const assignment of options.set ?? []) {
          const [key, value] = parseOverride(assignment);
          setup.scenario.set[key] = value as number | boolean;
        }
        // A --param replaces the workshop's grid for its key.
        const given = (options.param ?? []) as string[];
        const keys = new Set(given.map((p) => p.split("=")[0].trim()));
        const assignments = [...setup.params.filter((p) => !keys.has(p.split("=")[0])), ...given];
        if (assignments.length === 0) throw new CliError("sweep at least one --param key=v1,v2,…");
        params = assignments.map((p) => parseParam(p, setup.scenario));
      } catch (error) {
        if (error instanceof CliError) throw error;
        throw new CliError((error as Error).message);
      }
      const unavailable = await unavailableReason(setup.scenario);
      if (unavailable) throw new CliError(`scenario ${setup.scenario.name} is unavailable: ${unavailable}`);
      const seeds = seedsFromFlags({ matches: options.seeds ?? String(setup.seeds ?? 4) }, 4);
      const jobs = planSweep(setup.scenario, params, seeds);
      const results = await runJobs(jobs, {
        outDir: options.out,
        workers: Number(options.workers),
        progress: process.stderr.isTTY,
      });
      if (options.verbose) printMatchLogs(options.out, results);
      const points = writeSweep(
        options.out,
        setup.scenario,
        params,
        results,
        chartMetrics(options.metrics, setup.metrics),
      );
      console.table(
        points.map((p) => ({
          ...p.point,
          matches: p.matches,
          ...Object.fromEntries(
            SWEEP_METRIC_NAMES.map((m) => [m, `${p.metrics[m].mean} ± ${p.metrics[m].ci95}`]),
          ),
        })),
      );
      console.log(`${results.length} matches · ${options.out}/points.csv, matches.csv, report.html`);
    });
}
