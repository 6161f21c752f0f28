// Runs match jobs on a reused worker pool; each result is appended to disk as it completes, so an
// interrupted run loses no finished match and the same command resumes where it stopped.
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { SingleBar } from "cli-progress";
import Piscina from "piscina";
import type { JobResult, MatchJob, MatchSummary } from "./jobs.ts";

export const RESULTS_FILE = "results.jsonl";

/** A match's seat logs (bot errors and console output), beside the results: logs/ID.log. */
export function matchLogPath(outDir: string, id: string): string {
  return join(outDir, "logs", `${encodeURIComponent(id)}.log`);
}

function saveMatchLog(outDir: string, id: string, logs: Record<string, string>): void {
  const seats = Object.entries(logs);
  if (seats.length === 0) return;
  mkdirSync(join(outDir, "logs"), { recursive: true });
  writeFileSync(matchLogPath(outDir, id), seats.map(([seat, text]) => `== seat ${seat}\n${text}`).join("\n"));
}

export interface RunOptions {
  outDir: string;
  workers?: number;
  progress?: boolean;
  /** Called as each match finishes and is on disk. */
  onResult?: (summary: MatchSummary) => void;
}

/** Results already on disk, by job id; a torn last line (a kill mid-write) is ignored and redone. */
export function readResults(outDir: string): Map<string, MatchSummary> {
  const path = join(outDir, RESULTS_FILE);
  const results = new Map<string, MatchSummary>();
  if (!existsSync(path)) return results;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      const summary = JSON.parse(line) as MatchSummary;
      results.set(summary.id, summary);
    } catch {
      // An interrupted append: that match runs again.
    }
  }
  return results;
}

/**
 * What makes a result reusable: the same rules, seed and seats. A result on disk under the same id but
 * played with other rules (say, after `--set` changed) is played again, never reused.
 */
function matchFingerprint(job: MatchJob): string {
  const played = JSON.stringify([job.preset, job.overrides, job.seed, job.seats]);
  return createHash("sha256").update(played).digest("hex").slice(0, 16);
}

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** Runs every job not yet in `outDir`; returns all results in job order. */
export async function runJobs(jobs: MatchJob[], options: RunOptions): Promise<MatchSummary[]> {
  mkdirSync(options.outDir, { recursive: true });
  const done = readResults(options.outDir);
  const todo = jobs.filter((job) => done.get(job.id)?.fingerprint !== matchFingerprint(job));
  const bar = options.progress
    ? new SingleBar({ format: "{bar} {value}/{total} matches · ETA {eta_formatted}", hideCursor: true })
    : null;
  bar?.start(jobs.length, jobs.length - todo.length);
  if (todo.length > 0) {
    const workers = Math.min(options.workers ?? defaultWorkers(), todo.length);
    // Every thread starts at once: each warms up its own JIT, and none should wait for the queue to grow.
    const pool = new Piscina({
      filename: new URL("./jobs.ts", import.meta.url).href,
      minThreads: workers,
      maxThreads: workers,
    });
    try {
      await Promise.all(
        todo.map(async (job) => {
          const { logs, ...result }: JobResult = await pool.run(job);
          saveMatchLog(options.outDir, job.id, logs);
          const summary: MatchSummary = { ...result, fingerprint: matchFingerprint(job) };
          appendFileSync(join(options.outDir, RESULTS_FILE), `${JSON.stringify(summary)}\n`);
          done.set(job.id, summary);
          bar?.increment();
          options.onResult?.(summary);
        }),
      );
    } finally {
      await pool.destroy();
    }
  }
  bar?.stop();
  return jobs.map((job) => done.get(job.id)!);
}
