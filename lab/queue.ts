// The lab's matches on a Redis job queue (BullMQ): the submitter enqueues each match under its fingerprint and
// collects the results; `trilemma worker`s on any machine play them in their own thread pools. Bot files travel
// through Redis by content hash, so a worker needs no shared disk. How to run it: docs/scale-out.md.
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { type Job, Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { FETCHED_BOT_ROOT_MARKER } from "../bots/sandbox.ts";
import { type MatchExecutor, matchPool, type PlannedJob, QueueError } from "./executor.ts";
import type { JobResult, MatchJob } from "./jobs.ts";

export const QUEUE_NAME = "trilemma-matches";
const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));
/** What a bot file may import from the project (the sandbox lets it read these): linked beside each fetched file. */
const PROJECT_PARTS = ["bots", "shared", "node_modules", "package.json"];
/** How often the submitter looks for finished jobs. */
const POLL_MS = 100;
/** A finished job that no submitter collects (its run was abandoned) leaves the queue after a week. */
const UNCOLLECTED_SECONDS = 7 * 24 * 3600;

/** A bot file as a job carries it: its content hash and where it sat, relative to the submitter's project. */
interface TravellingFile {
  hash: string;
  place: string;
}

/** A job's data on the queue: the match (its replay, if any, comes back in the result) and its bot files. */
interface QueuedMatch {
  job: Omit<MatchJob, "replayPath">;
  record: boolean;
  botFiles: Record<string, TravellingFile>;
}

/** What a worker returns: the result and the replay's JSON text (written where the submitter asked). */
interface QueuedResult {
  result: JobResult;
  replay: string | null;
}

function botFileKey(hash: string): string {
  return `trilemma:bot-file:${hash}`;
}

/** One match, one queue job: the same rules, seed, seats and bot code are one id, so never played twice. */
function queueJobId({ job, fingerprint }: PlannedJob): string {
  return `match-${fingerprint}${job.replayPath === undefined ? "" : "-replay"}`;
}

/** A connection to the queue's Redis, or a QueueError at once when the URL is wrong or nothing answers there. */
export async function connectRedis(url: string): Promise<Redis> {
  if (!/^rediss?:\/\//.test(url)) throw new QueueError(`--queue must be a redis:// URL, got "${url}"`);
  // BullMQ's workers block on Redis and need maxRetriesPerRequest: null.
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
  redis.on("error", (error) => console.error(`[queue] Redis ${url}: ${error.message}`));
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new QueueError(`cannot reach the queue's Redis at ${url}: ${(error as Error).message}`);
  }
  return redis;
}

/** Where a bot file goes on a worker: its path inside the project, so that its relative imports of it resolve. */
function placeOf(path: string): string {
  const inside = relative(PROJECT_ROOT, resolve(path));
  return inside.startsWith("..") || isAbsolute(inside) ? basename(path) : inside;
}

function queuedMatch({ job, botFiles }: PlannedJob): QueuedMatch {
  const { replayPath, ...match } = job;
  const files = Object.entries(botFiles).map(([path, hash]) => [path, { hash, place: placeOf(path) }]);
  return { job: match, record: replayPath !== undefined, botFiles: Object.fromEntries(files) };
}

/** Stores each bot file's content under its hash (once: the same content is the same key). */
async function publishBotFiles(redis: Redis, planned: PlannedJob[]): Promise<void> {
  const files = new Map(planned.flatMap((p) => Object.entries(p.botFiles)));
  for (const [path, hash] of files)
    if (existsSync(path)) await redis.set(botFileKey(hash), readFileSync(path), "NX");
}

/** The submitter's side: every job onto the queue, then each result as a worker finishes it. */
export function queueExecutor(url: string): MatchExecutor {
  return async (planned, done, status) => {
    const redis = await connectRedis(url);
    const queue = new Queue(QUEUE_NAME, { connection: redis });
    try {
      await publishBotFiles(redis, planned);
      const pending = new Map<string, PlannedJob[]>();
      for (const p of planned) pending.set(queueJobId(p), [...(pending.get(queueJobId(p)) ?? []), p]);
      // An id already on the queue (a rerun after Ctrl-C) is not added again: its result is collected.
      await queue.addBulk(
        [...pending].map(([jobId, [first]]) => ({
          name: "match",
          data: queuedMatch(first),
          opts: {
            jobId,
            removeOnComplete: { age: UNCOLLECTED_SECONDS },
            removeOnFail: { age: UNCOLLECTED_SECONDS },
          },
        })),
      );
      while (pending.size > 0) {
        await collectFinished(queue, pending, done);
        status(`${await queue.getWorkersCount()} queue workers`);
        if (pending.size > 0) await sleep(POLL_MS);
      }
    } finally {
      await queue.close();
      redis.disconnect();
    }
  };
}

/** Hands each finished job of ours to `done` (and drops it from the queue); a failed one ends the run. */
async function collectFinished(
  queue: Queue,
  pending: Map<string, PlannedJob[]>,
  done: (job: MatchJob, result: JobResult) => void,
): Promise<void> {
  for (const failed of await queue.getJobs(["failed"])) {
    const mine = pending.get(failed.id ?? "");
    if (!mine) continue;
    // Removed, so that the same command plays it again once the cause is fixed.
    await failed.remove();
    throw new QueueError(`match ${mine[0].job.id} failed on a queue worker: ${failed.failedReason}`);
  }
  for (const finished of await queue.getJobs(["completed"])) {
    const mine = pending.get(finished.id ?? "");
    if (!mine) continue;
    const { result, replay } = finished.returnvalue as QueuedResult;
    for (const { job } of mine) {
      if (job.replayPath !== undefined && replay !== null) writeFileSync(job.replayPath, replay);
      // The result is on disk before the job leaves the queue: a kill in between loses nothing.
      const { id: _, tags: __, ...played } = result;
      done(job, { id: job.id, tags: job.tags, ...played });
    }
    pending.delete(finished.id!);
    await finished.remove();
  }
}

/** Writes one bot file from Redis into the worker's cache (checked against its hash), with the project linked. */
async function fetchBotFile(
  redis: Redis,
  original: string,
  { hash, place }: TravellingFile,
  cacheDir: string,
) {
  const root = join(cacheDir, hash);
  const path = join(root, place);
  const content = await redis.getBuffer(botFileKey(hash));
  if (content === null) throw new Error(`bot file ${original} is not on the queue (sha256 ${hash})`);
  if (createHash("sha256").update(content).digest("hex") !== hash)
    throw new Error(`bot file ${original} on the queue does not match its hash ${hash}`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(join(root, FETCHED_BOT_ROOT_MARKER), "");
  for (const part of PROJECT_PARTS)
    if (!existsSync(join(root, part))) symlinkSync(join(PROJECT_ROOT, part), join(root, part));
  writeFileSync(path, content);
  return path;
}

/**
 * A job's bot files on this worker (seat's path → local path), each fetched once per worker process, however
 * many of its threads ask for it at the same time; a failed fetch is tried again by the next job.
 */
function botFileCache(redis: Redis, cacheDir: string) {
  const fetched = new Map<string, Promise<string>>();
  const fetchOnce = (original: string, file: TravellingFile) => {
    const key = `${file.hash}/${file.place}`;
    if (!fetched.has(key))
      fetched.set(
        key,
        fetchBotFile(redis, original, file, cacheDir).catch((error) => {
          fetched.delete(key);
          throw error;
        }),
      );
    return fetched.get(key)!;
  };
  return async (files: QueuedMatch["botFiles"]): Promise<Record<string, string>> => {
    const entries = Object.entries(files);
    const paths = await Promise.all(entries.map(([original, file]) => fetchOnce(original, file)));
    return Object.fromEntries(entries.map(([original], i) => [original, paths[i]]));
  };
}

interface WorkerSetup {
  threads: number;
  stalledMs: number;
  /** Called with each job played here, once its result is on the queue. */
  onPlayed?: (jobId: string, matchId: string) => void;
  /** Called with each job that failed here (a bot file missing, a seat its strategy cannot play). */
  onFailed?: (jobId: string, reason: string) => void;
}

/** The worker's side: plays the queue's jobs in a pool of `threads` threads until closed. */
export async function serveQueue(url: string, setup: WorkerSetup): Promise<{ close(): Promise<void> }> {
  const redis = await connectRedis(url);
  const pool = matchPool(setup.threads);
  const cacheDir = mkdtempSync(join(tmpdir(), "trilemma-worker-"));
  const fetchBotFiles = botFileCache(redis, cacheDir);
  const play = async ({ data }: Job<QueuedMatch>): Promise<QueuedResult> => {
    const botFiles = await fetchBotFiles(data.botFiles);
    const replayPath = data.record ? join(mkdtempSync(join(cacheDir, "replay-")), "replay.json") : undefined;
    const result: JobResult = await pool.run({ ...data.job, botFiles, replayPath });
    const replay = replayPath ? readFileSync(replayPath, "utf8") : null;
    if (replayPath) rmSync(dirname(replayPath), { recursive: true });
    return { result, replay };
  };
  const worker = new Worker<QueuedMatch, QueuedResult>(QUEUE_NAME, play, {
    connection: redis,
    concurrency: setup.threads,
    lockDuration: setup.stalledMs,
    stalledInterval: setup.stalledMs,
    // A job whose worker died is handed on, again and again if need be: a lost worker loses nothing.
    maxStalledCount: Number.MAX_SAFE_INTEGER,
  });
  worker.on("completed", (job) => setup.onPlayed?.(job.id!, job.data.job.id));
  worker.on("failed", (job, error) => setup.onFailed?.(job?.id ?? "?", error.message));
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      await pool.destroy();
      redis.disconnect();
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}
