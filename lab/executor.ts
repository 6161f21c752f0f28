// What plays a run's matches: the local pool of worker threads here, or the Redis queue (lab/queue.ts). The
// runner (lab/runner.ts) decides what to play and saves each result; an executor only plays (docs/scale-out.md).
import Piscina from "piscina";
import type { JobResult, MatchJob } from "./jobs.ts";

/** The queue cannot be used (a URL that is not Redis's, a Redis that does not answer): said plainly, nothing run. */
export class QueueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QueueError";
  }
}

/** A job to play, with what identifies its result: its fingerprint and the content hash of each bot file it seats. */
export interface PlannedJob {
  job: MatchJob;
  fingerprint: string;
  /** Bot file path (as the job names it) → sha256 of its content. */
  botFiles: Record<string, string>;
}

/**
 * Plays jobs and hands back each result as it comes (`done`), resolving once every job has one; `status` takes
 * a short note for the progress bar (how many workers the queue has).
 */
export type MatchExecutor = (
  planned: PlannedJob[],
  done: (job: MatchJob, result: JobResult) => void,
  status: (note: string) => void,
) => Promise<void>;

/** The module each pool thread runs (lab/jobs.ts): local runs and queue workers share it. */
const JOBS_MODULE = new URL("./jobs.ts", import.meta.url).href;

/** A Piscina pool of `threads` worker threads running lab/jobs.ts, every thread started at once. */
export function matchPool(threads: number): Piscina {
  // Every thread starts at once: each warms up its own JIT, and none should wait for the queue to grow.
  return new Piscina({ filename: JOBS_MODULE, minThreads: threads, maxThreads: threads });
}

/** The local executor: the jobs in a pool of at most `workers` threads on this machine. */
export function localExecutor(workers: number): MatchExecutor {
  return async (planned, done) => {
    const pool = matchPool(Math.min(workers, planned.length));
    try {
      await Promise.all(planned.map(async ({ job }) => done(job, await pool.run(job))));
    } finally {
      await pool.destroy();
    }
  };
}
