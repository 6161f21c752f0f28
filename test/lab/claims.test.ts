import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { CLAIMS, judgeRemedies, planRemedies } from "../../lab/claims/experiments.ts";
import type { MatchSummary } from "../../lab/jobs.ts";
import { REAL_TIME_CONSTANTS } from "../../shared/index.ts";

const run = promisify(execFile);
const CLI = join(import.meta.dirname, "../../bin/trilemma.js");

describe("trilemma claims", () => {
  it("runs the wall and all five experiments end to end and writes verdicts traced to their runs", async () => {
    const out = mkdtempSync(join(tmpdir(), "trilemma-claims-"));
    const args = [
      "claims",
      "--seeds",
      "1",
      "--slots",
      "48",
      "--leak-slots",
      "160",
      "--workers",
      "2",
      "--out",
      out,
    ];
    const { stdout } = await run(process.execPath, [CLI, ...args]);
    const report = JSON.parse(readFileSync(join(out, "claims.json"), "utf8"));
    expect(report.claims.map((c: { id: string }) => c.id)).toEqual([
      "wall",
      "l1-safety",
      "rollup-security",
      "zk-finality",
      "sharding",
      "incentives",
    ]);
    for (const claim of report.claims) {
      expect(claim.verdict.startsWith(claim.holds ? "holds:" : "fails:")).toBe(true);
      expect(stdout).toContain(claim.verdict);
    }
    const html = readFileSync(join(out, "claims.html"), "utf8");
    expect(html).toContain("new Chart(");
    expect(html).toContain('"type":"radar"');
    expect(html).toContain(report.claims[0].sentence.slice(0, 40));
    const security = report.claims.find((c: { id: string }) => c.id === "rollup-security");
    for (const cell of [...security.numbers.cells, ...security.numbers.verifiersDilemma])
      expect(cell.matches).toHaveLength(1);
    // The ZK claim's ratio is its own measured lags', beside the mainnet one with its sources.
    const zk = report.claims.find((c: { id: string }) => c.id === "zk-finality");
    const atDefault = zk.numbers.rows.find((r: { label: string }) => r.label === "default proving speed");
    const [ratio] = zk.numbers.ratios;
    expect(ratio.ratio).toBe("optimistic/ZK finality");
    expect(ratio.here).toBeCloseTo(atDefault.optimistic.mean / atDefault.zk.mean, 1);
    // The real values are the config's own table: 7 days against ~1 h of proving + 2 epochs of L1 finality.
    const real = REAL_TIME_CONSTANTS;
    expect(ratio.mainnet).toBe(
      `${real.challengeWindow.shown} against ${real.zkProving.shown} + ${real.l1Finality.shown}`,
    );
    expect(ratio.mainnetRatio).toBe(
      Math.round(real.challengeWindow.seconds / (real.zkProving.seconds + real.l1Finality.seconds)),
    );
    expect(ratio.sources).toContain(real.challengeWindow.source);
    expect(html).toContain("Measured here, against mainnet");
    expect(stdout).toContain(`optimistic/ZK finality: ${ratio.here}× here; 7 days`);
    // Resuming the same run does no new match and gives the same verdicts.
    const again = await run(process.execPath, [CLI, ...args]);
    expect(again.stdout).toBe(stdout);
  }, 240_000);

  it("computes verdicts from the data: fraud in the safe cell turns claim 2 into a failure", () => {
    const claim = CLAIMS.find((c) => c.id === "rollup-security")!;
    const scale = { seeds: 1, slots: 1, leakSlots: 1 };
    const match = (id: string, fraudSucceeded: boolean) =>
      ({
        id,
        seed: id,
        attacks: fraudSucceeded ? [{ kind: "invalid-state-root", outcome: "succeeded" }] : [],
      }) as unknown as MatchSummary;
    const results = (safeCellFraud: boolean) =>
      new Map(
        claim
          .points(scale)
          .map((p) => [
            p.label,
            [match(p.label, p.label === "challenger online, data available" ? safeCellFraud : true)],
          ]),
      );
    expect(claim.judge(results(false), scale)).toMatchObject({ holds: true });
    const broken = claim.judge(results(true), scale);
    expect(broken.holds).toBe(false);
    expect(broken.verdict).toMatch(
      /^fails: invalid batches finalized in 100% with challenger online, data available/,
    );
  });

  it("names the first parameter value at which a paying attack stops paying", () => {
    const scale = { seeds: 2, slots: 1, leakSlots: 1 };
    const jobs = planRemedies(["double-voter"], scale);
    // Synthetic outcomes: the double voter out-earns its honest twin until the slashing quotient reaches 8.
    const results = jobs.map((job) => {
      const value = Number(job.tags.value);
      const dishonest = job.tags.strategy === "double-voter";
      const score = dishonest ? (value > 8 ? 5 : -5) : 0;
      return {
        id: job.id,
        seed: job.seed,
        tags: job.tags,
        seats: [{ id: "player", score }],
      } as unknown as MatchSummary;
    });
    const [remedy] = judgeRemedies(["double-voter"], results);
    expect(remedy).toMatchObject({
      dishonest: "double-voter",
      key: "minSlashingPenaltyQuotient",
      stoppedAt: 8,
    });
    expect(remedy.tried.map((t) => t.difference.mean)).toEqual([5, -5, -5]);
  });
});
