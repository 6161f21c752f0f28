// Tournament throughput: default matches per second through the reused worker pool, 1 worker against 2,
// and (with BENCH_TOURNAMENT_MATCHES set, e.g. 1000) a long run with peak RSS along the way.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MatchJob } from "../lab/jobs.ts";
import { runJobs } from "../lab/runner.ts";

/** Default config and slots: the matches a tournament plays unless told otherwise. */
export function defaultMatches(count: number): MatchJob[] {
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

interface RunTime {
  seconds: number;
  /** CPU seconds of the whole process per wall second: the cores the run kept busy. */
  cores: number;
  /** Matches per second once every thread has warmed up (TypeScript loaded, JIT warm): a long run's pace. */
  steadyRate: number;
}

/** Matches each thread plays before the steady pace is measured. */
const WARM_UP_MATCHES_PER_WORKER = 8;

async function timeRun(jobs: MatchJob[], workers: number, onDone?: (done: number) => void): Promise<RunTime> {
  const outDir = mkdtempSync(join(tmpdir(), "trilemma-bench-"));
  const warmUp = WARM_UP_MATCHES_PER_WORKER * workers;
  let done = 0;
  let warmAt = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  try {
    await runJobs(jobs, {
      outDir,
      workers,
      onResult: () => {
        done += 1;
        if (done === warmUp) warmAt = performance.now();
        onDone?.(done);
      },
    });
    const ended = performance.now();
    const seconds = (ended - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    return {
      seconds,
      cores: (cpu.user + cpu.system) / 1e6 / seconds,
      steadyRate: ((jobs.length - warmUp) * 1000) / (ended - warmAt),
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/**
 * 80 matches a setting. A fresh pool's start-up (loading TypeScript, warming each thread's JIT) weighs as in a
 * short tournament in the whole-run figures; the steady pace, after it, is what a long tournament sees.
 */
export async function benchTournament(matches = 80): Promise<void> {
  console.log(`\n# Tournament throughput (${matches} default 256-slot matches, reused worker pool)`);
  const jobs = defaultMatches(matches);
  const one = await timeRun(jobs, 1);
  const two = await timeRun(jobs, 2);
  const describe = (run: RunTime) =>
    `${(matches / run.seconds).toFixed(2)} matches/s over the whole run (${run.seconds.toFixed(1)} s, ${run.cores.toFixed(2)} cores busy), ` +
    `${run.steadyRate.toFixed(2)} matches/s once warm`;
  console.log(`1 worker:  ${describe(one)}`);
  console.log(`2 workers: ${describe(two)}`);
  // One worker keeps more than one core busy (V8 sweeps, marks and compiles on threads of its own): on
  // 2 cores the speed-up cannot exceed 2 ÷ that.
  console.log(
    `speed-up with 2 workers: ${(two.steadyRate / one.steadyRate).toFixed(2)}× once warm, ${(one.seconds / two.seconds).toFixed(2)}× over the whole run ` +
      `(target ≥ 1.7×; at most ${(2 / one.cores).toFixed(2)}× on 2 cores when 1 worker keeps ${one.cores.toFixed(2)} busy)`,
  );
  const long = Number(process.env.BENCH_TOURNAMENT_MATCHES ?? 0);
  if (long > 0) await benchLongRun(long);
}

/** The target: 1,000 matches in under 3 minutes, memory flat (peak RSS after 100 and at the end). */
async function benchLongRun(matches: number): Promise<void> {
  console.log(`\n# ${matches} default matches on 2 workers`);
  let peak = 0;
  let peakAt100 = 0;
  const { seconds } = await timeRun(defaultMatches(matches), 2, (done) => {
    peak = Math.max(peak, process.memoryUsage().rss);
    if (done <= 100) peakAt100 = peak;
  });
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  console.log(
    `${matches} matches in ${seconds.toFixed(0)} s (${(matches / seconds).toFixed(2)} matches/s, target 1,000 in 180 s); ` +
      `peak RSS ${mb(peakAt100)} over the first 100, ${mb(peak)} over all`,
  );
}
