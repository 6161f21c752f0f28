// The bot sandbox (docs/bots.md): each hostile bot file gets its status and the match goes on.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeBot } from "../../bots/registry.ts";
import { sandboxIsolation } from "../../bots/sandbox.ts";
import { runJobs } from "../../lab/runner.ts";
import { type BotBudget, DEFAULT_BUDGET, type MatchOutcome, runMatch } from "../../runtime/match.ts";
import { resolveConfig, type SeatSpec } from "../../shared/index.ts";
import { WRITTEN_DATABASE, WRITTEN_FILE } from "./fixtures/file-writing-bot.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");
const ROOT = join(import.meta.dirname, "../..");
const fixture = (name: string) => join(FIXTURES, `${name}.ts`);
const isolated = sandboxIsolation().gaps.length === 0;

/** A short match: an honest built-in seat beside the bot files under test. */
function play(
  bots: Record<string, string>,
  budget: Partial<BotBudget> = {},
  slots = 8,
): Promise<MatchOutcome> {
  const seats: SeatSpec[] = [
    { id: "honest", role: "validator", strategy: "honest-validator" },
    ...Object.entries(bots).map(([id, name]) => ({
      id,
      role: "validator" as const,
      strategy: fixture(name),
    })),
  ];
  return runMatch({
    config: resolveConfig("phase0", { slots }),
    seed: "sandbox",
    seats,
    budget: { ...DEFAULT_BUDGET, ...budget },
  });
}

/** The match went on: every slot was played and the honest seat earned. */
function expectPlayedOut(outcome: MatchOutcome, slots = 8): void {
  expect(outcome.state.slot).toBe(slots);
  expect(outcome.statuses.honest).toBe("active");
  expect(outcome.scores.find((s) => s.id === "honest")!.score).toBeGreaterThan(0);
}

describe("the bot sandbox", () => {
  it("kills a bot that holds 2 GB of Buffers outside its heap", async () => {
    const outcome = await play({ hoarder: "buffer-hoarding-bot" }, { rssMb: 200 });
    expect(outcome.statuses.hoarder).toBe("killed");
    expect(outcome.lastErrors.hoarder).toMatch(/resident memory \d+ MB over the 200 MB limit/);
    expectPlayedOut(outcome);
  });

  it("charges CPU burnt between turns to the bank and kills the bot when it is spent, not a quiet one", async () => {
    const seats: SeatSpec[] = [
      { id: "honest", role: "validator", strategy: "honest-validator" },
      { id: "burner", role: "validator", strategy: fixture("cpu-burning-bot") },
      { id: "quiet", role: "validator", strategy: fixture("quiet-bot") },
    ];
    const slots = 48;
    const outcome = await runMatch({
      config: resolveConfig("phase0", { slots }),
      seed: "sandbox",
      seats,
      // A generous turn budget: only CPU between turns draws on this small bank, however loaded the machine.
      budget: { ...DEFAULT_BUDGET, turnMs: 2000, bankMs: 100 },
      // A slow table: 5 ms between one turn and the next, which the burner spends on its timer.
      onSlot: () => {
        const until = performance.now() + 5;
        while (performance.now() < until) {}
      },
    });
    expect(outcome.statuses.burner).toBe("killed");
    expect(outcome.lastErrors.burner).toMatch(/ms of CPU between turns/);
    expect(outcome.statuses.quiet).toBe("active");
    expectPlayedOut(outcome, slots);
  });

  it("plays at most 64 actions of a bot that returns 20,000 and stops it", async () => {
    const outcome = await play({ flooder: "flooding-bot" });
    expect(outcome.statuses.flooder).toBe("killed");
    expect(outcome.lastErrors.flooder).toMatch(/returned 20000 actions, more than 64 a turn/);
    expect(outcome.refusals.filter((refusal) => refusal.seat === "flooder").length).toBeLessThanOrEqual(64);
    expectPlayedOut(outcome);
  });

  it("refuses to read a file outside the bot's folder, and keeps the bot's console output in its seat's log", async () => {
    const outcome = await play({ reader: "file-reading-bot" });
    expect(outcome.statuses.reader).toBe("error");
    expect(outcome.lastErrors.reader).toMatch(/ERR_ACCESS_DENIED|Access to this API has been restricted/);
    expect(outcome.logs.reader).toContain("[slot 0 stdout] reading /etc/hostname");
    expect(outcome.logs.reader).not.toContain("host:");
    expectPlayedOut(outcome);
  });

  it("refuses to write files, through node:fs or node:sqlite", async () => {
    for (const path of [WRITTEN_FILE, WRITTEN_DATABASE]) rmSync(path, { force: true });
    const outcome = await play({ writer: "file-writing-bot" });
    expect(outcome.statuses.writer).toBe("error");
    expect(outcome.logs.writer).toMatch(/ERR_ACCESS_DENIED|Access to this API has been restricted/);
    expect(outcome.logs.writer).toContain("node:sqlite is not available to bots");
    expect(existsSync(WRITTEN_FILE)).toBe(false);
    expect(existsSync(WRITTEN_DATABASE)).toBe(false);
    expectPlayedOut(outcome);
  });

  it.skipIf(!isolated)("gives a bot no network: a socket to 127.0.0.1 fails", async () => {
    let connections = 0;
    const server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      const outcome = await play({ [`socket-${port}`]: "socket-bot" });
      expect(outcome.statuses[`socket-${port}`]).toBe("error");
      expect(outcome.lastErrors[`socket-${port}`]).toMatch(/ENETUNREACH|ECONNREFUSED/);
      expect(connections).toBe(0);
      expectPlayedOut(outcome);
    } finally {
      server.close();
    }
  });

  it("refuses to spawn a process", async () => {
    const outcome = await play({ spawner: "spawning-bot" });
    expect(outcome.statuses.spawner).toBe("error");
    expect(outcome.lastErrors.spawner).toMatch(/ERR_ACCESS_DENIED|Access to this API has been restricted/);
    expectPlayedOut(outcome);
  });

  it.skipIf(!isolated)(
    "keeps a bot's signals from its host: killing its parent ends only the bot",
    async () => {
      // `sh` runs the match and then prints: if the bot could signal its host, sh would die first.
      const command = `"${process.execPath}" bin/trilemma.js sim --seed s --slots 8 --json --seat validator=honest-validator --seat validator=${fixture("signalling-bot")}; echo survived`;
      const stdout = await new Promise<string>((resolve, reject) =>
        execFile("sh", ["-c", command], { cwd: ROOT }, (error, out) =>
          error ? reject(error) : resolve(out),
        ),
      );
      expect(stdout.trim().endsWith("survived")).toBe(true);
      const summary = JSON.parse(stdout.trim().split("\n")[0]);
      expect(summary.statuses["validator-2"]).toBe("error");
      expect(summary.statuses["validator-1"]).toBe("active");
      expect(summary.slots).toBe(8);
    },
  );

  it("reports a bot that exits while loading with its real failure, at once", async () => {
    const started = performance.now();
    await expect(describeBot(fixture("exiting-bot"))).rejects.toThrow(/exited \(code 3\)/);
    const outcome = await play({ exiter: "exiting-bot" });
    expect(outcome.statuses.exiter).toBe("error");
    expect(outcome.lastErrors.exiter).toMatch(/exited \(code 3\)/);
    expectPlayedOut(outcome);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("plays the other seats the same way whatever the hostile bots do", async () => {
    const hostile = { flooder: "flooding-bot", spawner: "spawning-bot", reader: "file-reading-bot" };
    const [first, second] = [await play(hostile), await play(hostile)];
    expect(second.stateRoot).toBe(first.stateRoot);
    expect(second.statuses).toEqual(first.statuses);
  });

  it("shows a bot's errors in sim's summary and its whole log with --verbose", async () => {
    const sim = (...flags: string[]) =>
      new Promise<{ stdout: string; stderr: string }>((resolve, reject) =>
        execFile(
          process.execPath,
          [
            "bin/trilemma.js",
            "sim",
            "--seed",
            "s",
            "--slots",
            "4",
            "--seat",
            `validator=${fixture("file-reading-bot")}`,
            ...flags,
          ],
          { cwd: ROOT },
          (error, stdout, stderr) => (error ? reject(error) : resolve({ stdout, stderr })),
        ),
      );
    const quiet = await sim();
    expect(quiet.stdout).toMatch(/validator-1 error: .*(ERR_ACCESS_DENIED|restricted)/);
    expect(quiet.stderr).not.toContain("reading /etc/hostname");
    const verbose = await sim("--verbose");
    expect(verbose.stderr).toContain("== seat validator-1");
    expect(verbose.stderr).toContain("[slot 0 stdout] reading /etc/hostname");
  });

  it("saves each match's seat logs beside the lab's results", async () => {
    const outDir = mkdtempSync(join(tmpdir(), "trilemma-sandbox-"));
    try {
      const [result] = await runJobs(
        [
          {
            id: "logs/1",
            preset: "phase0",
            overrides: { slots: 4 },
            seed: "logs",
            seats: [{ id: "reader", role: "validator", strategy: fixture("file-reading-bot") }],
            tags: {},
          },
        ],
        { outDir, workers: 1 },
      );
      expect(result.statuses.reader).toBe("error");
      const log = readFileSync(join(outDir, "logs", `${encodeURIComponent("logs/1")}.log`), "utf8");
      expect(log).toContain("== seat reader");
      expect(log).toContain("reading /etc/hostname");
      expect(readFileSync(join(outDir, "results.jsonl"), "utf8")).not.toContain("reading /etc/hostname");
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
