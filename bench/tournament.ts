// Tournament throughput: default matches per second through the reused worker pool, 1 worker against 2,
// and (with BENCH_TOURNAMENT_MATCHES set, e.g. 1000) a long run with peak RSS along the way.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MatchJob } from "../bots/tournament/jobs.ts";
import { RESULTS_FILE, runJobs } from "../bots/tournament/runner.ts";

/** Default config and slots: the matches a tournament plays unless told otherwise. */
function defaultMatches(count: number): MatchJob[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `bench-${i}`,
    preset: "phase0",
    overrides: {},
    seed: `bench-${i}`,
    seats: [
      { id: "validator-1", role: "validator", strategy: "honest-validator" },
      { id: "validator-2", role: "validator", strategy: "lazy-validator" },
    ],
    tags: { role: "validator" },
  }));
}

async function timeRun(jobs: MatchJob[], workers: number, onTick?: (done: number) => void): Promise<number> {
  const outDir = mkdtempSync(join(tmpdir(), "trilemma-bench-"));
  const resultsFile = join(outDir, RESULTS_FILE);
  const done = () => {
    try {
      return readFileSync(resultsFile, "utf8").split("\n").length - 1;
    } catch {
      return 0;
    }
  };
  const ticker = onTick ? setInterval(() => onTick(done()), 250) : null;
  const started = performance.now();
  try {
    await runJobs(jobs, { outDir, workers });
    return (performance.now() - started) / 1000;
  } finally {
    if (ticker) clearInterval(ticker);
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** 40 matches a setting, so that each fresh pool's start-up (loading TypeScript) weighs as in a real tournament. */
export async function benchTournament(matches = 40): Promise<void> {
  console.log(`\n# Tournament throughput (${matches} default 256-slot matches, reused worker pool)`);
  const jobs = defaultMatches(matches);
  const one = await timeRun(jobs, 1);
  const two = await timeRun(jobs, 2);
  console.log(`1 worker:  ${(matches / one).toFixed(2)} matches/s (${one.toFixed(1)} s)`);
  console.log(`2 workers: ${(matches / two).toFixed(2)} matches/s (${two.toFixed(1)} s)`);
  console.log(`speed-up with 2 workers: ${(one / two).toFixed(2)}× (target ≥ 1.7×)`);
  const long = Number(process.env.BENCH_TOURNAMENT_MATCHES ?? 0);
  if (long > 0) await benchLongRun(long);
}

/** The target: 1,000 matches in under 3 minutes, memory flat (peak RSS after 100 and at the end). */
async function benchLongRun(matches: number): Promise<void> {
  console.log(`\n# ${matches} default matches on 2 workers`);
  let peak = 0;
  let peakAt100 = 0;
  const seconds = await timeRun(defaultMatches(matches), 2, (done) => {
    peak = Math.max(peak, process.memoryUsage().rss);
    if (done <= 100) peakAt100 = peak;
  });
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  console.log(
    `${matches} matches in ${seconds.toFixed(0)} s (${(matches / seconds).toFixed(2)} matches/s, target 1,000 in 180 s); ` +
      `peak RSS ${mb(peakAt100)} over the first 100, ${mb(peak)} over all`,
  );
}
