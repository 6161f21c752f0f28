// The lab on a Redis queue (docs/scale-out.md): `--queue` with `trilemma worker` processes gives the local run's
// results, a worker killed mid-run loses nothing, and a submitter killed and rerun plays nothing twice.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { QUEUE_NAME } from "../../lab/queue.ts";
import { RESULTS_FILE, readResults } from "../../lab/runner.ts";
import { until } from "../server/helpers.ts";
import { missingRedis, type Service, startRedis, suiteSkippedWithout } from "../services.ts";

const run = promisify(execFile);
const CLI = join(import.meta.dirname, "../../bin/trilemma.js");
const QUIET_BOT = join(import.meta.dirname, "../bots/fixtures/quiet-bot.ts");
const BOT_API = join(import.meta.dirname, "../../bots/api.ts");
// 2 strategies × 3 seeds over the roles they play. Built-in strategies only: a bot file's status depends on the
// machine's load (its time limits), so it is checked on its own below.
const TOURNAMENT = [
  "tournament",
  "--strategies",
  "honest-validator,lazy-validator",
  "--slots",
  "24",
  "--seeds",
  "a,b,c",
];

const skipped = suiteSkippedWithout("Redis queue", missingRedis());

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "trilemma-queue-"));
}

/** The results on disk, one per match id (the runner's own reader). */
function results(dir: string) {
  return [...readResults(dir).values()];
}

/** The results file's lines as written (a match written twice shows twice). */
function resultLines(dir: string): string[] {
  return readFileSync(join(dir, RESULTS_FILE), "utf8").split("\n").filter(Boolean);
}

/** Each match id → its result line, for comparing runs whose lines finished in other orders. */
function byId(dir: string): Map<string, string> {
  return new Map(resultLines(dir).map((line) => [JSON.parse(line).id, line]));
}

/** A `trilemma worker` process; `played` lists the queue jobs it finished, as it reports them. */
function startWorker(
  url: string,
  threads = 1,
): { child: ChildProcess; played: string[]; ready: Promise<void> } {
  const child = spawn(process.execPath, [
    CLI,
    "worker",
    "--queue",
    url,
    "--workers",
    String(threads),
    "--stalled-ms",
    "1000",
  ]);
  const played: string[] = [];
  const ready = new Promise<void>((resolve) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) {
        if (line.startsWith("worker:")) resolve();
        const id = /^played (\S+)/.exec(line)?.[1];
        if (id) played.push(id);
      }
    });
  });
  return { child, played, ready };
}

function stop(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  return exited;
}

describe.skipIf(skipped)("the lab on a Redis queue", () => {
  let redis: Service;
  const local = tempDir();
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    await run(process.execPath, [CLI, ...TOURNAMENT, "--workers", "2", "--out", local]);
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((child) => stop(child)));
    const client = new Redis(redis.url);
    await client.flushall();
    client.disconnect();
  });
  afterAll(() => redis?.stop());

  it("a tournament through two worker processes equals the local run, byte for byte in summary.json", async () => {
    const [first, second] = [startWorker(redis.url), startWorker(redis.url)];
    workers.push(first.child, second.child);
    await Promise.all([first.ready, second.ready]);
    const out = tempDir();
    await run(process.execPath, [CLI, ...TOURNAMENT, "--queue", redis.url, "--out", out]);
    expect(readFileSync(join(out, "summary.json"), "utf8")).toBe(
      readFileSync(join(local, "summary.json"), "utf8"),
    );
    expect(byId(out)).toEqual(byId(local));
    // Both processes played: the work was shared, and nothing was played twice.
    expect(first.played.length).toBeGreaterThan(0);
    expect(second.played.length).toBeGreaterThan(0);
    expect(new Set([...first.played, ...second.played]).size).toBe(
      first.played.length + second.played.length,
    );
  });

  it("a worker SIGKILLed mid-run loses nothing: every match present once, results identical", async () => {
    const doomed = startWorker(redis.url);
    const survivor = startWorker(redis.url);
    workers.push(doomed.child, survivor.child);
    await Promise.all([doomed.ready, survivor.ready]);
    const out = tempDir();
    const submitter = run(process.execPath, [CLI, ...TOURNAMENT, "--queue", redis.url, "--out", out]);
    await until(() => doomed.played.length > 0, "the doomed worker's first match", 30_000);
    await stop(doomed.child, "SIGKILL");
    await submitter;
    const ids = resultLines(out).map((line) => JSON.parse(line).id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(byId(out)).toEqual(byId(local));
  });

  it("carries a bot file to the worker by content: it plays there though its path is gone", async () => {
    // A bot file outside the project, removed once queued: only Redis can bring it to the worker.
    const file = join(tempDir(), "travelling-bot.ts");
    const source = readFileSync(QUIET_BOT, "utf8").replace("../../../bots/api.ts", BOT_API);
    writeFileSync(file, source);
    const out = tempDir();
    const args = ["tournament", "--strategies", `honest-validator,${file}`, "--slots", "16", "--seeds", "a"];
    const submitter = run(process.execPath, [CLI, ...args, "--queue", redis.url, "--out", out]);
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUE_NAME, { connection });
    await until(async () => (await queue.getWaitingCount()) > 0, "the jobs on the queue", 30_000);
    rmSync(file);
    const worker = startWorker(redis.url);
    workers.push(worker.child);
    await until(() => worker.played.length > 0, "a match played", 30_000);
    // The report names the strategies from the file again, after the run.
    writeFileSync(file, source);
    await submitter;
    await queue.close();
    connection.disconnect();
    const match = results(out).find((r) => r.seats.some((s) => s.strategy === file))!;
    const seat = match.seats.find((s) => s.strategy === file)!;
    // "error" is a bot file that could not be read or loaded; a loaded machine may time it out, which is no failure.
    expect(match.statuses[seat.id]).not.toBe("error");
  });

  it("a submitter killed and rerun resumes: nothing is played twice", async () => {
    const worker = startWorker(redis.url);
    workers.push(worker.child);
    await worker.ready;
    const out = tempDir();
    const submitter = spawn(process.execPath, [CLI, ...TOURNAMENT, "--queue", redis.url, "--out", out]);
    await until(() => worker.played.length >= 2, "two matches played", 30_000);
    await stop(submitter, "SIGKILL");
    await run(process.execPath, [CLI, ...TOURNAMENT, "--queue", redis.url, "--out", out]);
    expect(new Set(worker.played).size).toBe(worker.played.length);
    expect(worker.played.length).toBe(byId(local).size);
    expect(byId(out)).toEqual(byId(local));
  });
});

describe("--queue given a wrong or silent address", () => {
  it("refuses a URL that is not redis://, and a Redis that does not answer, before any match is played", async () => {
    for (const [queue, message] of [
      ["localhost:6379", '--queue must be a redis:// URL, got "localhost:6379"'],
      ["redis://127.0.0.1:1", "cannot reach the queue's Redis at redis://127.0.0.1:1"],
    ]) {
      const out = tempDir();
      const args = [
        "tournament",
        "--strategies",
        "honest-validator",
        "--seeds",
        "a",
        "--queue",
        queue,
        "--out",
        out,
      ];
      const failed = await run(process.execPath, [CLI, ...args]).catch(
        (error: { code: number; stderr: string }) => error,
      );
      expect(failed).toMatchObject({ code: 2, stderr: expect.stringContaining(message) });
      expect(existsSync(join(out, "results.jsonl"))).toBe(false);
    }
  });
});
