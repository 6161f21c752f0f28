import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const CLI = join(import.meta.dirname, "../../bin/trilemma.js");

describe("npx trilemma network", () => {
  it("prints the wall: throughput up with block gas, keep-up not up, sampling cutting each node's download", async () => {
    const args = ["network", "--json", "--gas", "15000000,60000000", "--slot-ms", "12000", "--epochs", "2"];
    const { stdout } = await run(process.execPath, [CLI, ...args, "--nodes", "80", "--blobs", "16"]);
    const rows = JSON.parse(stdout) as {
      blockGas: number;
      sampling: boolean;
      metrics: { l1TxPerSecond: number; keepUpShare: number; downloadP50Mbps: number };
    }[];
    expect(rows.map((r) => [r.blockGas, r.sampling])).toEqual([
      [15e6, false],
      [15e6, true],
      [60e6, false],
      [60e6, true],
    ]);
    const [smallFull, smallSampled, bigFull] = rows.map((r) => r.metrics);
    expect(bigFull.l1TxPerSecond).toBeCloseTo(4 * smallFull.l1TxPerSecond, 0);
    expect(bigFull.keepUpShare).toBeLessThanOrEqual(smallFull.keepUpShare);
    expect(smallSampled.downloadP50Mbps).toBeLessThan(smallFull.downloadP50Mbps);
  });

  it("refuses a value outside its documented range", async () => {
    const failed = await run(process.execPath, [CLI, "network", "--nodes", "20000"]).catch((e) => e);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain("nodes must be within");
  });
});
