// The attack lab and parameter sweeps end to end: reports whose numbers are the matches' own, resumable grids.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "../..");
const CLI = join(ROOT, "bin/trilemma.js");

async function trilemma(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [CLI, ...args], { cwd: ROOT, maxBuffer: 1 << 24 });
  return stdout;
}

interface ResultLine {
  id: string;
  tags: Record<string, string | number>;
  seats: { id: string; score: number }[];
  attacks: { kind: string; by: string; outcome: string }[];
}

function results(dir: string): ResultLine[] {
  return readFileSync(join(dir, "results.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * A copy of a shipped scenario in `dir`, same name and lineup, its match cut to `slots` (the shipped ones play
 * 256): a double vote is caught within slots of the first; the cartel's finality returns by epoch 17 of 24 and
 * griefing's disputes are lost and settled well inside 192 slots.
 */
function shortScenario(dir: string, name: string, slots: number): string {
  const scenario = JSON.parse(readFileSync(join(ROOT, "scenarios", `${name}.json`), "utf8"));
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify({ ...scenario, set: { ...scenario.set, slots } }));
  return path;
}

describe("trilemma attack", () => {
  it("reports success, caught rate and profits that the matches behind them show, with a replay of each match", async () => {
    const dir = mkdtempSync(join(tmpdir(), "trilemma-attack-"));
    const [report] = JSON.parse(
      await trilemma(
        "attack",
        shortScenario(dir, "double-vote", 64),
        "--seeds",
        "3",
        "--json",
        "--replays",
        "--out",
        dir,
      ),
    );
    // A replay of every match, named by scenario and seed, that verifies.
    expect(report.replays).toEqual(
      ["seed-1", "seed-2", "seed-3"].map((seed) => join(dir, "replays", `double-vote--${seed}.json`)),
    );
    expect(await trilemma("replay", report.replays[0])).toMatch(/^verified \d+ slots/);
    const matches = results(dir);
    expect(report.matches).toBe(3);
    const caught = matches.filter((m) =>
      m.attacks.some((a) => a.kind === "double-vote" && a.by === "attacker" && a.outcome === "caught"),
    );
    expect(report.caughtRate).toBeCloseTo(caught.length / 3, 3);
    expect(report.caughtRate).toBeGreaterThan(0);
    expect(report.medianSpeed).not.toBeNull();
    expect(report.speedUnit).toBe("slots");
    const attacker = matches.map((m) => m.seats.find((s) => s.id === "attacker")!.score);
    expect(report.attackerProfit.mean).toBeCloseTo(mean(attacker), 2);
    expect(report.attackerProfit.ci95).toBeGreaterThanOrEqual(0);
    const others = matches.map((m) =>
      m.seats.filter((s) => s.id !== "attacker").reduce((n, s) => n + s.score, 0),
    );
    expect(report.honestProfit.mean).toBeCloseTo(mean(others), 2);
  }, 180_000);

  it("counts the cartel caught when finality returns, in epochs, and griefing's lost disputes as failed with the bonds lost", async () => {
    const dir = mkdtempSync(join(tmpdir(), "trilemma-attack-"));
    const [cartel, griefing] = JSON.parse(
      await trilemma(
        "attack",
        shortScenario(dir, "stalling-cartel", 192),
        shortScenario(dir, "griefing-challenge", 192),
        "--seeds",
        "2",
        "--json",
        "--out",
        dir,
      ),
    );
    const matches = results(dir) as (ResultLine & { metrics: { finalizedByEpoch: number[] } })[];
    const cartelMatches = matches.filter((m) => m.tags.scenario === "stalling-cartel");
    // Finality came back in every match: the final checkpoint is past where it stood during the stall.
    for (const m of cartelMatches) expect(m.metrics.finalizedByEpoch.at(-1)).toBeGreaterThan(4);
    expect(cartel).toMatchObject({ successRate: 1, caughtRate: 1, failedRate: 0, speedUnit: "epochs" });
    expect(cartel.caughtMeans).toBe("finality restored");
    expect(cartel.medianSpeed).toBeGreaterThan(4);
    expect(cartel.verdict).toMatch(/^defended: .*caught \(finality restored\) in 100%/);

    expect(griefing).toMatchObject({ successRate: 0, caughtRate: 0, failedRate: 1, speedUnit: "slots" });
    const griefer = matches
      .filter((m) => m.tags.scenario === "griefing-challenge")
      .map(
        (m) => m.seats.find((s) => s.id === "attacker") as unknown as { breakdown: { bondsLost: number } },
      );
    expect(griefing.attackerBondsLost.mean).toBeCloseTo(-mean(griefer.map((s) => s.breakdown.bondsLost)), 2);
    expect(griefing.attackerBondsLost.mean).toBeGreaterThan(0);
    expect(griefing.medianSpeed).toBeGreaterThan(0);
    expect(griefing.verdict).toMatch(/failed in 100%/);
  }, 180_000);

  it("reports a scenario whose strategy does not exist as unavailable, and still runs the others", async () => {
    const dir = mkdtempSync(join(tmpdir(), "trilemma-attack-"));
    const scenario = join(dir, "future-attack.json");
    const lineup = [{ id: "attacker", role: "sequencer", strategy: "not-written-yet" }];
    writeFileSync(
      scenario,
      JSON.stringify({
        name: "future-attack",
        attack: "x",
        description: "",
        caughtBy: "",
        attacker: "attacker",
        lineup,
      }),
    );
    const failed = await run(
      process.execPath,
      [
        CLI,
        "attack",
        scenario,
        shortScenario(dir, "double-vote", 64),
        "--seeds",
        "1",
        "--json",
        "--out",
        join(dir, "out"),
      ],
      { cwd: ROOT },
    ).catch((error: { code: number; stdout: string }) => error);
    expect("code" in failed && failed.code).toBe(3);
    const [future, doubleVote] = JSON.parse(failed.stdout);
    expect(future.unavailable).toContain("not-written-yet");
    expect(future.successRate).toBeUndefined();
    expect(doubleVote.matches).toBe(1);
  }, 180_000);
});

describe("trilemma sweep", () => {
  it("runs the grid × seeds once, resumes without rerunning (but reruns under changed rules), and writes points.csv, matches.csv, report.html", async () => {
    const dir = mkdtempSync(join(tmpdir(), "trilemma-sweep-"));
    const args = [
      "sweep",
      "--scenario",
      "scenarios/data-withholding.json",
      "--param",
      "samplesPerBlob=1,4",
      "--param",
      "blobChunks=4,16",
      "--set",
      "slots=32",
      "--seeds",
      "2",
      "--workers",
      "2",
      "--out",
      dir,
    ];
    await trilemma(...args);
    const matches = results(dir);
    expect(matches).toHaveLength(8);
    const [header, ...rows] = readFileSync(join(dir, "points.csv"), "utf8").trim().split("\n");
    const columns = header.split(",");
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      const cell = Object.fromEntries(columns.map((c, i) => [c, Number(row.split(",")[i])]));
      const label = `samplesPerBlob=${cell.samplesPerBlob} blobChunks=${cell.blobChunks}`;
      const atPoint = matches.filter((m) => m.tags.point === label);
      expect(atPoint).toHaveLength(cell.matches);
      expect(cell.attackerProfit).toBeCloseTo(
        mean(atPoint.map((m) => m.seats.find((s) => s.id === "attacker")!.score)),
        2,
      );
    }
    const csvRows = readFileSync(join(dir, "matches.csv"), "utf8").trim().split("\n").length - 1;
    expect(csvRows).toBe(matches.reduce((n, m) => n + m.seats.length, 0));
    // The first chart, attackSuccess, is a heatmap of numbers on one 0–1 scale: a cell's shade is its share.
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toContain("colour scale (share of matches, 0 to 1)");
    const heatmap = html.slice(html.indexOf('<table class="heatmap">'));
    const cells = [
      ...heatmap.matchAll(/background:rgba\(200, 40, 40, ([\d.]+)\);color:#\w+">([\d.]+)/g),
    ].slice(0, 4);
    expect(cells).toHaveLength(4);
    for (const [, alpha, value] of cells) expect(Number(alpha)).toBeCloseTo(Number(value), 2);
    const success = rows.map((row) => Number(row.split(",")[columns.indexOf("attackSuccess")]));
    expect(cells.map(([, , value]) => Number(value)).sort()).toEqual(success.sort());
    const points = readFileSync(join(dir, "points.csv"), "utf8");
    await trilemma(...args);
    expect(results(dir)).toHaveLength(8);
    expect(readFileSync(join(dir, "points.csv"), "utf8")).toBe(points);
    // Other rules in the same folder: every match is played again, none reused.
    await trilemma(...args.map((arg) => (arg === "slots=32" ? "slots=24" : arg)));
    expect(results(dir)).toHaveLength(16);
    expect(readFileSync(join(dir, "points.csv"), "utf8")).not.toBe(points);
  }, 240_000);

  it("runs a ready-made workshop, with a line chart for one parameter", async () => {
    const dir = mkdtempSync(join(tmpdir(), "trilemma-workshop-"));
    const out = await trilemma(
      "sweep",
      "--workshop",
      "workshops/sampling.json",
      "--param",
      "samplesPerBlob=1,8",
      "--param",
      "blobChunks=16",
      "--set",
      "slots=32",
      "--seeds",
      "2",
      "--out",
      dir,
    );
    expect(out).toContain("4 matches");
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html.includes('"type":"line"')).toBe(true);
    const workshop = JSON.parse(readFileSync(join(ROOT, "workshops/sampling.json"), "utf8"));
    expect(html).toContain(workshop.question);
    expect(html).toContain(workshop.reading.slice(0, 60));
  }, 240_000);

  it("runs several workshops given at once, each in its own folder, keeping a replay of every match", async () => {
    const dir = mkdtempSync(join(tmpdir(), "trilemma-workshops-"));
    const second = join(dir, "second.json");
    const sampling = JSON.parse(readFileSync(join(ROOT, "workshops/sampling.json"), "utf8"));
    writeFileSync(
      second,
      JSON.stringify({
        ...sampling,
        name: "second",
        scenario: join(ROOT, "scenarios/data-withholding.json"),
      }),
    );
    const out = join(dir, "out");
    const common = ["--param", "samplesPerBlob=1,8", "--param", "blobChunks=16", "--set", "slots=32"];
    await trilemma(
      "sweep",
      "--workshop",
      "workshops/sampling.json",
      second,
      ...common,
      "--seeds",
      "1",
      "--out",
      out,
    );
    for (const name of ["sampling", "second"]) expect(results(join(out, name))).toHaveLength(2);
    // Asking for replays afterwards plays the matches that have none.
    await trilemma("sweep", "--workshop", second, ...common, "--seeds", "1", "--replays", "--out", out);
    const replay = join(out, "replays", "samplesPerBlob=8_blobChunks=16--seed-1.json");
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain('href="replays/samplesPerBlob=8_blobChunks=16--seed-1.json"');
    expect(await trilemma("replay", replay)).toMatch(/^verified 32 slots/);
  }, 240_000);
});
