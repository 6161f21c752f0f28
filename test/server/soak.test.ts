// The soak's short version (`npm run soak` runs the long one): ≥ 10,000 hostile messages to a live server beside
// a clean twin match of the same seed.
import { describe, expect, it } from "vitest";
import { HOSTILE_CREATES } from "../../bench/hostile.ts";
import { printReport, runSoak } from "../../bench/soak.ts";

describe("the soak, short", () => {
  it("leaves the server up, every room playing, the twin's roots unchanged and every refusal with a reason", async () => {
    const report = await runSoak({ messages: 10_000, clients: 10, slotMs: 200, warmUpEpochs: 0 });
    printReport(report);
    expect(report.messagesSent).toBeGreaterThanOrEqual(10_000);
    expect(report.processExits).toBe(0);
    expect(report.roomCrashes).toBe(0);
    expect(report.rootsCompared).toBeGreaterThan(0);
    expect(report.rootsDiffering).toBe(0);
    expect(report.refusals).toBeGreaterThan(1000);
    expect(report.refusalsWithoutReason).toBe(0);
    expect(report.floodsClosed).toBe(3);
    expect(report.unexpectedCloses).toEqual([]);
    expect(report.hostileCreatesRefused).toBe(HOSTILE_CREATES.length);
    expect(report.facilitatorStolen).toBe(false);
  }, 120_000);
});
