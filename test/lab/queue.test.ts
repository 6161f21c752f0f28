// The lab on a Redis queue (docs/scale-out.md): `--queue` with `trilemma worker` processes gives the local run's
// results, a worker killed mid-run loses nothing, and a submitter killed and rerun plays nothing twice.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { missingRedis, type Service, startRedis, suiteSkippedWithout } from "../services.ts";

const run = promisify(execFile);
const CLI = join(import.meta.dirname, "../../bin/trilemma.js");
const QUIET_BOT = join(import.meta.dirname, "../bots/fixtures/quiet-bot.ts");
// 3 strategies × 3 seeds over the roles they play, with a bot file that must travel through Redis.
const TOURNAMENT = [
  "tournament",
  "--strategies",
  `honest-validator,lazy-validator,${QUIET_BOT}`,
  "--slots",
  "24",
  "--seeds",
  "a,b,c",
];

const skipped = suiteSkippedWithout("Redis queue", missingRedis());

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "trilemma-queue-"));
}

function results(dir: string): { id: string; stateRoot: string }[] {
  return readFileSync(join(dir, "results.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/** Each match id → its result line, for comparing runs whose lines finished in other orders. */
function byId(dir: string): Map<string, string> {
  const lines = readFileSync(join(dir, "results.jsonl"), "utf8").split("\n").filter(Boolean);
  return new Map(lines.map((line) => [JSON.parse(line).id, line]));
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

function until(condition: () => boolean, what: string, ms = 30_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      if (condition()) resolve();
      else if (Date.now() - started > ms) reject(new Error(`timed out waiting for ${what}`));
      else return;
      clearInterval(poll);
    }, 20);
  });
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
    await until(() => doomed.played.length > 0, "the doomed worker's first match");
    await stop(doomed.child, "SIGKILL");
    await submitter;
    const ids = results(out).map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(byId(out)).toEqual(byId(local));
  });

  it("a submitter killed and rerun resumes: nothing is played twice", async () => {
    const worker = startWorker(redis.url);
    workers.push(worker.child);
    await worker.ready;
    const out = tempDir();
    const submitter = spawn(process.execPath, [CLI, ...TOURNAMENT, "--queue", redis.url, "--out", out]);
    await until(() => worker.played.length >= 2, "two matches played");
    await stop(submitter, "SIGKILL");
    await run(process.execPath, [CLI, ...TOURNAMENT, "--queue", redis.url, "--out", out]);
    expect(new Set(worker.played).size).toBe(worker.played.length);
    expect(worker.played.length).toBe(byId(local).size);
    expect(byId(out)).toEqual(byId(local));
  });
});
