// `npm run bench:queue`: default matches played locally and through the Redis job queue (lab/queue.ts) with 1 and
// 2 `trilemma worker` processes on loopback: the queue's overhead per job against the local pool, and the ratio to
// the local run. `--matches N` (default 400). The overhead is also measured alone, on `--tiny N` (default 200)
// one-slot matches, where playing costs next to nothing. Needs Debian's redis-server; docs/scale-out.md.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import type { MatchJob } from "../lab/jobs.ts";
import { runJobs } from "../lab/runner.ts";
import { missingRedis, startRedis } from "../test/services.ts";
import { defaultMatches } from "./tournament.ts";

const CLI = join(import.meta.dirname, "../bin/trilemma.js");

/** A `trilemma worker` with one thread, resolved once it takes jobs. */
function startWorker(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, "worker", "--queue", url, "--workers", "1"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`trilemma worker exited (${code})`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("worker:")) resolve(child);
    });
  });
}

/** Wall seconds to play `jobs` into a fresh folder, locally (`workers` threads) or through `queue`. */
async function timeRun(jobs: MatchJob[], run: { workers?: number; queue?: string }): Promise<number> {
  const outDir = mkdtempSync(join(tmpdir(), "trilemma-bench-queue-"));
  const started = performance.now();
  try {
    await runJobs(jobs, { outDir, ...run });
    return (performance.now() - started) / 1000;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** The same jobs through the queue with `processes` single-thread workers, the queue emptied before. */
async function timeQueued(jobs: MatchJob[], url: string, processes: number): Promise<number> {
  const redis = new Redis(url);
  await redis.flushall();
  redis.disconnect();
  const workers = await Promise.all(Array.from({ length: processes }, () => startWorker(url)));
  try {
    return await timeRun(jobs, { queue: url });
  } finally {
    await Promise.all(
      workers.map((worker) => {
        const exited = new Promise((resolve) => worker.once("exit", resolve));
        worker.kill("SIGTERM");
        return exited;
      }),
    );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { matches: { type: "string", default: "400" }, tiny: { type: "string", default: "200" } },
  });
  const matches = Number(values.matches);
  const tiny = defaultMatches(Number(values.tiny)).map((job) => ({ ...job, overrides: { slots: 1 } }));
  const missing = missingRedis();
  if (missing) throw new Error(`bench:queue needs Redis: ${missing}`);
  const jobs = defaultMatches(matches);
  const redis = await startRedis();
  const load = () => loadavg()[0].toFixed(2);
  console.log(
    `# Queue throughput (${matches} default 256-slot matches) · node ${process.version} · load ${load()}`,
  );
  try {
    const tinyLocal = await timeRun(tiny, { workers: 1 });
    const tinyQueued = await timeQueued(tiny, redis.url, 1);
    const perJob = (seconds: number) => `${((seconds * 1000) / tiny.length).toFixed(1)} ms`;
    console.log(
      `${tiny.length} one-slot matches, 1 thread: ${perJob(tinyLocal)} a job locally, ${perJob(tinyQueued)} through the queue: ` +
        `overhead ${(((tinyQueued - tinyLocal) * 1000) / tiny.length).toFixed(1)} ms a job (load ${load()} after; ` +
        `the local figure includes starting its thread, the worker was started before)`,
    );
    if (matches === 0) return;
    const rate = (seconds: number) =>
      `${(matches / seconds).toFixed(2)} matches/s (${seconds.toFixed(1)} s, load ${load()} after)`;
    // Each figure as soon as it is measured: on a loaded machine the whole run takes long.
    const measured = async (label: string, run: () => Promise<number>) => {
      const seconds = await run();
      console.log(`${label.padEnd(27)}${rate(seconds)}`);
      return seconds;
    };
    const local1 = await measured("local, 1 thread:", () => timeRun(jobs, { workers: 1 }));
    const local2 = await measured("local, 2 threads:", () => timeRun(jobs, { workers: 2 }));
    const queue1 = await measured("queue, 1 worker process:", () => timeQueued(jobs, redis.url, 1));
    const queue2 = await measured("queue, 2 worker processes:", () => timeQueued(jobs, redis.url, 2));
    console.log(
      `queue overhead: ${(((queue1 - local1) * 1000) / matches).toFixed(1)} ms a job against the local pool (1 thread each); ` +
        `2 processes: ${(local1 / queue2).toFixed(2)}× the local 1-thread run, ${(local2 / queue2).toFixed(2)}× the local 2-thread run. ` +
        `This machine has 2 cores, shared with the submitter and Redis: the ceiling is the local 2-thread speed-up, ` +
        `${(local1 / local2).toFixed(2)}×; more machines, not more processes here, raise it.`,
    );
  } finally {
    await redis.stop();
  }
}

await main();
