// `trilemma claims`: the wall (network model runs) and the essay's five claims as experiments over many
// seeds (the matches resumable, in the pool).
import type { Command } from "commander";
import {
  judgeClaims,
  judgeRemedies,
  judgeWall,
  planClaims,
  planRemedies,
} from "../../lab/claims/experiments.ts";
import { ratioSentence } from "../../lab/claims/real-values.ts";
import { writeClaims } from "../../lab/claims/report.ts";
import { runWall } from "../../lab/claims/wall.ts";
import { defaultWorkers, runJobs } from "../../lab/runner.ts";
import { CliError, QUEUE_HELP } from "./common.ts";

export function registerClaims(program: Command): void {
  program
    .command("claims")
    .description(
      "test the wall and the essay's five claims over many seeds and write claims.json and claims.html",
    )
    .option("--seeds <n>", "seeds per point", "8")
    .option(
      "--slots <n>",
      "match length (the default outlasts a 145-slot challenge window and the L1 finality after it)",
      "256",
    )
    .option("--leak-slots <n>", "match length for the inactivity-leak curve", "384")
    .option("--workers <n>", "worker threads", String(defaultWorkers()))
    .option("--queue <redis-url>", QUEUE_HELP)
    .option("--out <dir>", "output folder (resumable)", "out/claims")
    .action(async (options) => {
      const scale = {
        seeds: Number(options.seeds),
        slots: Number(options.slots),
        leakSlots: Number(options.leakSlots),
      };
      for (const [key, value] of Object.entries(scale)) {
        if (!Number.isInteger(value) || value < 1) throw new CliError(`--${key} must be a whole number ≥ 1`);
      }
      const run = {
        outDir: options.out,
        workers: Number(options.workers),
        queue: options.queue,
        database: process.env.DATABASE_URL,
        progress: process.stderr.isTTY,
      };
      const wall = judgeWall(runWall(scale.seeds));
      const results = await runJobs(planClaims(scale), run);
      const claims = [wall, ...judgeClaims(results, scale)];
      const incentives = claims.find((c) => c.id === "incentives")!.numbers.rows as {
        dishonest: string;
        pays: boolean;
      }[];
      const paying = incentives.filter((r) => r.pays).map((r) => r.dishonest);
      const remedyResults = await runJobs(planRemedies(paying, scale), run);
      const remedies = judgeRemedies(paying, remedyResults);
      writeClaims(options.out, claims, remedies, results.length + remedyResults.length);
      for (const claim of claims) {
        console.log(`${claim.title}: ${claim.verdict}`);
        for (const ratio of claim.numbers.ratios ?? []) console.log(`  ${ratioSentence(ratio)}`);
      }
      for (const remedy of remedies) {
        console.log(
          `ATTACK THAT PAYS: ${remedy.dishonest} — ${remedy.stoppedAt === null ? `no ${remedy.key} tried stops it` : `stops at ${remedy.key} = ${remedy.stoppedAt}`}`,
        );
      }
      console.log(`${options.out}/claims.json, claims.html`);
    });
}
