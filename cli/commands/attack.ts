// `trilemma attack SCENARIO…`: each scenario over seeds — does the attack pay, is it caught, how fast?
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import {
  type AttackReport,
  loadScenario,
  planAttack,
  reportAttack,
  unavailableReason,
} from "../../lab/attacks.ts";
import { defaultWorkers, runJobs } from "../../lab/runner.ts";
import { CliError, printMatchLogs, QUEUE_HELP, VERBOSE_HELP } from "./common.ts";
import { seedsFromFlags } from "./tournament.ts";

function printReport(report: AttackReport): void {
  const profit = (e: AttackReport["attackerProfit"]) => `${e.mean.toFixed(2)} ± ${e.ci95.toFixed(2)}`;
  console.log(
    `${report.scenario} (${report.attack}, caught by ${report.caughtBy}): ${report.verdict}; ` +
      `attacker ${profit(report.attackerProfit)} coins, everyone else ${profit(report.honestProfit)} coins`,
  );
}

export function registerAttack(program: Command): void {
  program
    .command("attack")
    .description(
      "run attack scenarios (scenarios/*.json) over seeds and report success, detection and profit",
    )
    .argument("<scenarios...>", "scenario files")
    .option("--seeds <n>", "number of seeds", "8")
    .option("--workers <n>", "worker threads", String(defaultWorkers()))
    .option("--queue <redis-url>", QUEUE_HELP)
    .option("--verbose", VERBOSE_HELP)
    .option("--out <dir>", "folder for results (resumable)", "out/attack")
    .option("--json", "print the reports as JSON")
    .option("--replays", "keep every match's replay in OUT/replays/, named by scenario and seed")
    .action(async (files: string[], options) => {
      let scenarios: ReturnType<typeof loadScenario>[];
      try {
        scenarios = files.map(loadScenario);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      const seeds = seedsFromFlags({ matches: options.seeds }, 8);
      const unavailable = new Map<string, string>();
      for (const scenario of scenarios) {
        const reason = await unavailableReason(scenario);
        if (reason) unavailable.set(scenario.name, reason);
      }
      const runnable = scenarios.filter((scenario) => !unavailable.has(scenario.name));
      const replaysDir = options.replays ? join(options.out, "replays") : undefined;
      if (replaysDir) mkdirSync(replaysDir, { recursive: true });
      const jobs = runnable.flatMap((scenario) => planAttack(scenario, seeds, replaysDir));
      const results = await runJobs(jobs, {
        outDir: options.out,
        workers: Number(options.workers),
        queue: options.queue,
        database: process.env.DATABASE_URL,
        progress: process.stderr.isTTY,
      });
      if (options.verbose) printMatchLogs(options.out, results);
      const reports = scenarios.map((scenario) => {
        const reason = unavailable.get(scenario.name);
        if (reason) return { scenario: scenario.name, attack: scenario.attack, unavailable: reason };
        const report = reportAttack(
          scenario,
          results.filter((r) => r.tags.scenario === scenario.name),
        );
        const replays = jobs
          .filter((job) => job.tags.scenario === scenario.name)
          .map((job) => job.replayPath);
        return replaysDir ? { ...report, replays } : report;
      });
      if (options.json) console.log(JSON.stringify(reports, null, 2));
      for (const report of options.json ? [] : reports) {
        if ("unavailable" in report)
          console.log(`${report.scenario} (${report.attack}): UNAVAILABLE, not run — ${report.unavailable}`);
        else {
          printReport(report);
          if ("replays" in report) console.log(`  replays: ${report.replays.join(", ")}`);
        }
      }
      if (unavailable.size > 0) process.exitCode = 3;
    });
}
