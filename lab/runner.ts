// Runs match jobs on a reused worker pool; each result is appended to disk as it completes, so an
// interrupted run loses no finished match and the same command resumes where it stopped.
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { SingleBar } from "cli-progress";
import { isBotFile } from "../bots/registry.ts";
import { ENGINE_VERSION } from "../shared/version.ts";
import { localExecutor, type MatchExecutor } from "./executor.ts";
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
  /** A Redis URL: the matches are played by `trilemma worker`s on that queue instead of here (docs/scale-out.md). */
  queue?: string;
  /** A database (postgres:// URL or SQLite file) that receives every result of the run too, under `outDir`. */
  database?: string;
  /** Called as each match finishes and is on disk. */
  onResult?: (summary: MatchSummary) => void;
}

/** Results already on disk, by job id; a torn last line (a kill mid-write) is ignored, and its match redone. */
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
 * Cuts a torn last line (a kill mid-write) off the results file, so the next append starts a line of its
 * own instead of being glued to the fragment and lost with it.
 */
function dropTornLine(path: string): void {
  if (!existsSync(path)) return;
  const text = readFileSync(path, "utf8");
  if (text === "" || text.endsWith("\n")) return;
  truncateSync(path, Buffer.byteLength(text.slice(0, text.lastIndexOf("\n") + 1)));
}

/** The content hash of every bot file a job seats, read once per run. */
function botFileHasher(): (job: MatchJob) => Record<string, string> {
  const hashes = new Map<string, string>();
  const hashOf = (path: string) => {
    if (!hashes.has(path)) {
      const content = existsSync(path) ? readFileSync(path) : Buffer.from("missing");
      hashes.set(path, createHash("sha256").update(content).digest("hex"));
    }
    return hashes.get(path)!;
  };
  return (job) =>
    Object.fromEntries(
      job.seats
        .filter((seat) => isBotFile(seat.strategy))
        .map((seat) => [seat.strategy, hashOf(seat.strategy)]),
    );
}

/**
 * What makes a result reusable: the same engine version, rules, seed, seats and bot code. A result on disk under
 * the same id but played with other rules (say, after `--set` changed or an engine whose roots differ) or an edited
 * bot file is played again, never reused.
 */
function matchFingerprint(job: MatchJob, botFiles: Record<string, string>): string {
  const played = JSON.stringify([ENGINE_VERSION, job.preset, job.overrides, job.seed, job.seats, botFiles]);
  return createHash("sha256").update(played).digest("hex").slice(0, 16);
}

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

async function executorFor(options: RunOptions): Promise<MatchExecutor> {
  if (options.queue === undefined) return localExecutor(options.workers ?? defaultWorkers());
  // Loaded only for a queued run, so a local run needs no Redis client at all.
  const { queueExecutor } = await import("./queue.ts");
  return queueExecutor(options.queue);
}

/** Runs every job not yet in `outDir`; returns all results in job order. */
export async function runJobs(jobs: MatchJob[], options: RunOptions): Promise<MatchSummary[]> {
  // Opened first, so that a database that cannot be reached is said before any match is played.
  const database = options.database === undefined ? null : await openResultsDatabase(options.database);
  try {
    const results = await playJobs(jobs, options);
    await database?.saveAll(options.outDir, results);
    return results;
  } finally {
    await database?.close();
  }
}

async function playJobs(jobs: MatchJob[], options: RunOptions): Promise<MatchSummary[]> {
  mkdirSync(options.outDir, { recursive: true });
  const resultsPath = join(options.outDir, RESULTS_FILE);
  dropTornLine(resultsPath);
  const done = readResults(options.outDir);
  const hashBotFiles = botFileHasher();
  const planned = jobs.map((job) => {
    const botFiles = hashBotFiles(job);
    return { job, botFiles, fingerprint: matchFingerprint(job, botFiles) };
  });
  // A kept result whose replay was asked for but is not on disk (an earlier run without --replays) runs again.
  const todo = planned.filter(
    ({ job, fingerprint }) =>
      done.get(job.id)?.fingerprint !== fingerprint ||
      (job.replayPath !== undefined && !existsSync(job.replayPath)),
  );
  const bar = options.progress
    ? new SingleBar({
        format: "{bar} {value}/{total} matches{workers} · ETA {eta_formatted}",
        hideCursor: true,
      })
    : null;
  bar?.start(jobs.length, jobs.length - todo.length, { workers: "" });
  const fingerprints = new Map(planned.map(({ job, fingerprint }) => [job.id, fingerprint]));
  const save = (job: MatchJob, { logs, ...result }: JobResult) => {
    saveMatchLog(options.outDir, job.id, logs);
    const summary: MatchSummary = { ...result, fingerprint: fingerprints.get(job.id) };
    appendFileSync(resultsPath, `${JSON.stringify(summary)}\n`);
    done.set(job.id, summary);
    bar?.increment();
    options.onResult?.(summary);
  };
  try {
    const status = (note: string) => bar?.update({ workers: ` · ${note}` });
    if (todo.length > 0) await (await executorFor(options))(todo, save, status);
  } finally {
    bar?.stop();
  }
  return jobs.map((job) => done.get(job.id)!);
}

/** The lab's results database (lab/results-db.ts), loaded only when a run names one. */
async function openResultsDatabase(location: string) {
  const { openLabResults } = await import("./results-db.ts");
  return openLabResults(location);
}
