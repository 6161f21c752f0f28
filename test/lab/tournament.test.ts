// `trilemma tournament` end to end: files, numbers that match the match JSON, resuming, hostile bots, workers.
import { execFile, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const CLI = join(import.meta.dirname, "../../bin/trilemma.js");
const FIXTURES = join(import.meta.dirname, "../bots/fixtures");

async function trilemma(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [CLI, ...args], { maxBuffer: 1 << 24 });
  return stdout;
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "trilemma-tournament-"));
}

const TINY = [
  "--strategies",
  "honest-validator,lazy-validator,random-bot",
  "--slots",
  "24",
  "--seeds",
  "a,b",
];

interface SeatLine {
  id: string;
  role: string;
  strategy: string;
  background: boolean;
  score: number;
}
interface ResultLine {
  id: string;
  tags: { role: string };
  seed: string;
  seats: SeatLine[];
  statuses: Record<string, string>;
}

function results(dir: string): ResultLine[] {
  return readFileSync(join(dir, "results.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

function summary(dir: string) {
  return JSON.parse(readFileSync(join(dir, "summary.json"), "utf8"));
}

describe("trilemma tournament", () => {
  const uninterrupted = tempDir();

  it("writes summary.json, matches.csv and report.html whose numbers are the matches' own", async () => {
    await trilemma("tournament", ...TINY, "--workers", "2", "--out", uninterrupted);
    for (const file of ["summary.json", "matches.csv", "report.html"])
      expect(existsSync(join(uninterrupted, file))).toBe(true);
    const lines = results(uninterrupted);
    const board = summary(uninterrupted).leaderboards.validator as {
      strategy: string;
      matches: number;
      meanScore: number;
    }[];
    expect(board.map((row) => row.strategy).sort()).toEqual([
      "honest-validator",
      "lazy-validator",
      "random-bot",
    ]);
    // The leaderboard's mean is the mean of the seat scores the matches reported.
    const validatorMatches = lines.filter((line) => line.tags.role === "validator");
    for (const row of board) {
      const scores = validatorMatches.flatMap((line) =>
        line.seats
          .filter((s) => s.strategy === row.strategy && s.role === "validator" && !s.background)
          .map((s) => s.score),
      );
      expect(row.matches).toBe(scores.length);
      expect(row.meanScore).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / scores.length, 2);
    }
    // Each match is the one `trilemma sim --json` plays with the same seed and seats.
    const first = validatorMatches.find((line) => line.seed === "a")!;
    const sim = JSON.parse(
      await trilemma(
        "sim",
        "--seed",
        "a",
        "--slots",
        "24",
        ...first.seats
          .filter((s) => s.id !== "background")
          .flatMap((s) => ["--seat", `validator=${s.strategy}`]),
        "--json",
      ),
    );
    expect(sim.seats.map((s: SeatLine) => s.score)).toEqual(first.seats.map((s) => s.score));
    const csv = readFileSync(join(uninterrupted, "matches.csv"), "utf8").trim().split("\n");
    expect(csv.length - 1).toBe(lines.reduce((n, line) => n + line.seats.length, 0));
    const html = readFileSync(join(uninterrupted, "report.html"), "utf8");
    expect(html).toContain("new Chart(");
    expect(html).not.toMatch(/<script[^>]+src=/);
    // The score chart plots ranked seats only: no background seat's dot.
    const configs = JSON.parse(/const configs = (\[.*?\]);/s.exec(html)![1]) as {
      data: { datasets: { label: string; data: { y: number }[] }[] };
    }[];
    const plotted = configs[0].data.datasets.flatMap((d) => d.data.map((point) => point.y)).sort();
    const ranked = validatorMatches
      .flatMap((line) => line.seats.filter((s) => s.role === "validator" && !s.background))
      .map((s) => s.score)
      .sort();
    expect(plotted).toEqual(ranked);
  });

  it("resumes after a kill and ends with the same results as an uninterrupted run", async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, [CLI, "tournament", ...TINY, "--workers", "1", "--out", dir]);
    const file = join(dir, "results.jsonl");
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        if (existsSync(file) && readFileSync(file, "utf8").includes("\n")) {
          clearInterval(poll);
          child.kill("SIGKILL");
          resolve();
        }
      }, 10);
      child.on("exit", () => {
        clearInterval(poll);
        reject(new Error("the tournament finished before it could be interrupted"));
      });
    });
    expect(existsSync(join(dir, "summary.json"))).toBe(false);
    const finishedBefore = results(dir).map((line) => line.id);
    await trilemma("tournament", ...TINY, "--workers", "1", "--out", dir);
    const ids = results(dir).map((line) => line.id);
    expect(ids.slice(0, finishedBefore.length)).toEqual(finishedBefore);
    expect(new Set(ids).size).toBe(ids.length);
    expect(summary(dir)).toEqual(summary(uninterrupted));
  });

  it("gives the same leaderboard with 1 and 2 workers", async () => {
    const dir = tempDir();
    await trilemma("tournament", ...TINY, "--workers", "1", "--out", dir);
    expect(summary(dir)).toEqual(summary(uninterrupted));
  });

  it("completes with hostile bot files, each marked with its status and costing only its own actions", async () => {
    const dir = tempDir();
    const hostile = ["looping-bot", "throwing-bot", "hoarding-bot", "garbage-bot", "failing-create-bot"].map(
      (name) => join(FIXTURES, `${name}.ts`),
    );
    await trilemma(
      "tournament",
      "--strategies",
      ["honest-validator", ...hostile].join(","),
      "--slots",
      "16",
      "--seeds",
      "h",
      "--workers",
      "1",
      "--out",
      dir,
    );
    const [match] = results(dir);
    const status = (name: string) => match.statuses[match.seats.find((s) => s.strategy.includes(name))!.id];
    expect(status("looping-bot")).toBe("timeout");
    expect(status("throwing-bot")).toBe("error");
    expect(status("hoarding-bot")).toBe("killed");
    expect(status("garbage-bot")).toBe("invalid");
    expect(status("failing-create-bot")).toBe("error");
    expect(status("honest-validator")).toBe("active");
    const honest = match.seats.find((s) => s.strategy === "honest-validator")!;
    expect(honest.score).toBeGreaterThan(0);
    expect(summary(dir).leaderboards.validator).toHaveLength(6);
  });

  it("ranks a lineup file's strategies against its unranked `with` seats, bot paths relative to the file", async () => {
    const dir = tempDir();
    const lineup = join(dir, "lineup.json");
    writeFileSync(
      lineup,
      JSON.stringify({
        // Relative to the lineup file's folder, not to where the command runs.
        strategies: [
          "honest-challenger",
          "lazy-challenger",
          relative(dir, join(FIXTURES, "throwing-bot.ts")),
        ],
        with: [{ id: "fraud", role: "sequencer", strategy: "fraudulent-sequencer" }],
      }),
    );
    await trilemma("tournament", "--lineup", lineup, "--slots", "48", "--seeds", "l", "--out", dir);
    const boards = summary(dir).leaderboards;
    expect(boards.challenger.map((row: { strategy: string }) => row.strategy).sort()).toEqual([
      "honest-challenger",
      "lazy-challenger",
    ]);
    expect(boards.sequencer).toBeUndefined();
    // Challenger strategies are not ranked as attackers: that seat's validators would sit idle.
    expect(boards.attacker).toBeUndefined();
    expect(boards.validator.map((row: { strategy: string }) => row.strategy)).toEqual([
      join(FIXTURES, "throwing-bot.ts"),
    ]);
    // Alone in its role it has no one to be rated against; it is shown by its bot's name, not its path.
    expect(boards.validator[0]).toMatchObject({
      name: "throwing-bot",
      mu: null,
      sigma: null,
      conservative: null,
    });
    expect(boards.challenger[0].mu).not.toBeNull();
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toContain("not rated: no other ranked strategy in this role");
    expect(html).not.toContain("throwing-bot.ts");
    const challengers = results(dir).find((r) => r.tags.role === "challenger")!;
    const fraud = challengers.seats.find((s) => s.id === "with-fraud")!;
    expect(fraud.strategy).toBe("fraudulent-sequencer");
    // With a fraudster at the table, the honest challenger has disputes to win.
    const honest = challengers.seats.find((s) => s.strategy === "honest-challenger")!;
    expect(honest.score).toBeGreaterThan(0);
    expect(readFileSync(join(dir, "matches.csv"), "utf8")).toContain("with-fraud");
  });

  it("plays again a bot file edited since its results, and reuses those of an unchanged one", async () => {
    const dir = tempDir();
    const bot = join(dir, "idle-bot.ts");
    const api = join(import.meta.dirname, "../../bots/api.ts");
    const source = (act: string) =>
      `import { defineBot } from ${JSON.stringify(api)};\n` +
      `export default defineBot({ name: "idle-bot", roles: ["validator"], description: "", create: () => ({ act: () => ${act} }) });\n`;
    writeFileSync(bot, source("[]"));
    const args = ["tournament", "--strategies", `honest-validator,${bot}`, "--slots", "16", "--seeds", "e"];
    await trilemma(...args, "--out", dir);
    // The last result that seats the bot file: the one a resumed run reports.
    const status = () => {
      const match = results(dir).findLast((r) => r.seats.some((s) => s.strategy === bot))!;
      return match.statuses[match.seats.find((s) => s.strategy === bot)!.id];
    };
    expect(status()).toBe("active");
    const played = results(dir).length;
    await trilemma(...args, "--out", dir);
    expect(results(dir)).toHaveLength(played);
    writeFileSync(bot, source('{ throw new Error("edited"); }'));
    await trilemma(...args, "--out", dir);
    // Only the match that seats the edited file is played again.
    expect(results(dir)).toHaveLength(played + 1);
    expect(status()).toBe("error");
  });

  it("cuts a torn last line before appending, so no result is glued to it and lost", async () => {
    // A finished run's folder, copied, its last line then torn as a crash mid-write leaves it.
    const dir = tempDir();
    cpSync(uninterrupted, dir, { recursive: true });
    rmSync(join(dir, "summary.json"));
    const file = join(dir, "results.jsonl");
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    const torn = `${lines.slice(0, -1).join("\n")}\n${lines.at(-1)!.slice(0, 40)}`;
    writeFileSync(file, torn);
    await trilemma("tournament", ...TINY, "--workers", "1", "--out", dir);
    const ids = results(dir).map((line) => line.id);
    expect(ids.sort()).toEqual(lines.map((line) => JSON.parse(line).id).sort());
    expect(summary(dir)).toEqual(summary(uninterrupted));
  });

  it("refuses a broken lineup file, naming what is wrong", async () => {
    const dir = tempDir();
    const lineup = join(dir, "lineup.json");
    writeFileSync(lineup, JSON.stringify({ strategy: ["honest-validator"] }));
    await expect(trilemma("tournament", "--lineup", lineup, "--out", dir)).rejects.toThrow(
      /lineup .*strategies/,
    );
    writeFileSync(
      lineup,
      JSON.stringify({
        strategies: ["honest-validator"],
        with: [{ id: "x", role: "validator", strategy: "fraudulent-sequencer" }],
      }),
    );
    await expect(trilemma("tournament", "--lineup", lineup, "--out", dir)).rejects.toThrow(
      /cannot play validator/,
    );
    expect(existsSync(join(dir, "results.jsonl"))).toBe(false);
  });
});
