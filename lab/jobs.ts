// A match as a job for the worker pool: everything needed to run it, and the summary it returns.

import { runMatch } from "../runtime/match.ts";
import { useNativeSha256 } from "../runtime/native-hash.ts";
import { type MatchSummary as RuntimeSummary, summarizeMatch } from "../runtime/summary.ts";
import { resolveConfig, type SeatSpec } from "../shared/index.ts";

export interface MatchJob {
  /** Stable id: resuming skips jobs whose id is already in the results. */
  id: string;
  preset: string;
  overrides: Record<string, unknown>;
  seed: string;
  seats: SeatSpec[];
  /** Tags that place the match in a hierarchy (tournament role, sweep point, scenario). */
  tags: Record<string, string | number>;
  /** Write the replay here when set. */
  replayPath?: string;
  /** Where bot files are read from when not at the seats' paths: a queue worker's fetched copies. */
  botFiles?: Record<string, string>;
}

export type MatchSummary = RuntimeSummary & {
  id: string;
  tags: MatchJob["tags"];
  /** Set by the runner: which rules, seed and seats produced this result. */
  fingerprint?: string;
};

/** A job's summary and its seats' logs, which the runner saves beside the results (not in them). */
export type JobResult = MatchSummary & { logs: Record<string, string> };

export async function runJob(job: MatchJob): Promise<JobResult> {
  useNativeSha256();
  const config = resolveConfig(job.preset, job.overrides);
  const outcome = await runMatch({
    config,
    seed: job.seed,
    seats: job.seats,
    botFiles: job.botFiles,
    record: Boolean(job.replayPath),
  });
  if (job.replayPath) {
    const { writeFileSync } = await import("node:fs");
    writeFileSync(job.replayPath, JSON.stringify(outcome.replay));
  }
  return { id: job.id, tags: job.tags, ...summarizeMatch(job.seed, outcome), logs: outcome.logs };
}

/** The worker pool's entry: each thread runs jobs through this default export. */
export default runJob;
