// The wall claim: its verdict is computed from the runs, its triangle reaches claims.html, and its runs are
// the network model's, seeded.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { judgeWall } from "../../lab/claims/experiments.ts";
import { writeClaims } from "../../lab/claims/report.ts";
import {
  ARCHITECTURES,
  type Architecture,
  nominalTxPerSecond,
  RUNGS,
  rungParams,
  runWallPoint,
  TRANSFERS_PER_BLOB,
  type WallRun,
} from "../../lab/claims/wall.ts";
import { resolveNetworkParams } from "../../shared/network/index.ts";

/** Two seeds of every rung with the given keep-up and orphan rate (a small spread, so intervals exist). */
function runs(keepUp: (a: Architecture, rung: number) => number, orphans: (a: Architecture) => number) {
  return ARCHITECTURES.flatMap((architecture) =>
    RUNGS.flatMap((rung) =>
      [0, 0.01].map(
        (spread, i): WallRun => ({
          architecture,
          rung,
          seed: `s${i}`,
          nominalTxPerSecond: 60 * rung,
          deliveredTxPerSecond: 60 * rung,
          keepUpShare: keepUp(architecture, rung) + spread,
          nakamoto33: 3,
          missedHeadVoteShare: 0,
          orphanRate: rung === RUNGS[RUNGS.length - 1] ? orphans(architecture) + spread : 0,
          downloadP50Mbps: 1,
        }),
      ),
    ),
  );
}

const WALL_KEEP_UP = { monolithic: 0.1, "full blobs": 0.6, sampling: 0.9 };
const wallShape = (a: Architecture, rung: number) => (rung === 1 ? 1 : WALL_KEEP_UP[a]);
const orphansOfL1 = (a: Architecture) => (a === "monolithic" ? 0.5 : 0);

describe("the wall's verdict", () => {
  it("holds when Layer 1 loses nodes and sampling keeps the most, with the numbers that decided it", () => {
    const wall = judgeWall(runs(wallShape, orphansOfL1));
    expect(wall.holds).toBe(true);
    expect(wall.verdict).toMatch(/^holds: at ×64 today's throughput/);
    expect(wall.verdict).toContain("sampling 90.5% ± 6.4");
  });

  it("fails, naming why, when sampling keeps no more nodes than full blobs", () => {
    const wall = judgeWall(
      runs((a, rung) => (a === "sampling" ? wallShape("full blobs", rung) : wallShape(a, rung)), orphansOfL1),
    );
    expect(wall.holds).toBe(false);
    expect(wall.verdict).toMatch(/^fails: sampling kept no more nodes than full blobs — /);
  });

  it("fails when the monolithic chain orphans no more blocks than sampling", () => {
    const wall = judgeWall(runs(wallShape, () => 0));
    expect(wall.holds).toBe(false);
    expect(wall.verdict).toContain("the monolithic chain orphaned no more blocks than sampling");
  });

  it("fails on no runs", () => {
    expect(judgeWall([]).holds).toBe(false);
  });

  it("draws the triangle: three corners for each architecture at the top rung", () => {
    const wall = judgeWall(runs(wallShape, orphansOfL1));
    expect(wall.chart.type).toBe("radar");
    expect(wall.chart.labels).toHaveLength(3);
    expect(wall.chart.series.map((s) => s.label.split(" at ")[0])).toEqual(ARCHITECTURES);
    // delivered/nominal, keep-up, 1 − orphan rate
    expect(wall.chart.series[0].values).toEqual([1, 0.105, 0.495]);
    const out = mkdtempSync(join(tmpdir(), "trilemma-wall-"));
    writeClaims(out, [wall], [], 0);
    const html = readFileSync(join(out, "claims.html"), "utf8");
    expect(html).toContain('"type":"radar"');
    expect(html).toContain("decentralization (nodes keeping up)");
    expect(html).toContain("The wall: scale out, not up: every point");
    const json = JSON.parse(readFileSync(join(out, "claims.json"), "utf8"));
    expect(json.claims[0].numbers.points).toHaveLength(ARCHITECTURES.length * RUNGS.length);
  });
});

describe("the wall's runs", () => {
  it("climb one ladder: every architecture carries the same nominal throughput at each rung (within half a blob)", () => {
    for (const rung of RUNGS) {
      const [monolithic, ...rollups] = ARCHITECTURES.map((a) =>
        nominalTxPerSecond(resolveNetworkParams("fast", rungParams(a, rung))),
      );
      const halfABlob = TRANSFERS_PER_BLOB / 12 / 2;
      for (const rollup of rollups) expect(Math.abs(rollup - monolithic)).toBeLessThanOrEqual(halfABlob);
    }
  });

  it("are deterministic: the same seed gives the same run, another seed another population", () => {
    const first = runWallPoint("full blobs", 16, "wall-seed", 4);
    expect(runWallPoint("full blobs", 16, "wall-seed", 4)).toEqual(first);
    expect(runWallPoint("full blobs", 16, "other-seed", 4)).not.toEqual({ ...first, seed: "other-seed" });
  });

  it("at ×16, sampling keeps more nodes than a monolithic Layer 1, which orphans more blocks", () => {
    const monolithic = runWallPoint("monolithic", 16, "wall-seed", 4);
    const sampling = runWallPoint("sampling", 16, "wall-seed", 4);
    expect(sampling.keepUpShare).toBeGreaterThan(monolithic.keepUpShare);
    expect(monolithic.orphanRate).toBeGreaterThan(sampling.orphanRate);
  });
});
