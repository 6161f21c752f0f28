import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type MatchConfig, resolveConfig } from "../../shared/index.ts";
import { play } from "../helpers.ts";

/** A match long enough for L1 finality and one challenge window, on the shortest time scale. */
async function honestMatch(overrides: Record<string, unknown>) {
  const config: MatchConfig = resolveConfig("phase0", { timeScale: 0.1, ...overrides });
  const slots = Math.max(config.challengeWindow, config.proofDeadline) + 7 * config.slotsPerEpoch + 16;
  const outcome = await play({ seed: "range", overrides: { timeScale: 0.1, ...overrides, slots } });
  return {
    l1: outcome.state.finalized.epoch,
    l2: outcome.state.l2.rollups.map((r) => r.txsFinalized),
  };
}

describe("no config in range breaks the game", () => {
  it.each([4, 8])("challengeWindow %i (shorter than L1 finality): both rollups finalize", async (window) => {
    const { l1, l2 } = await honestMatch({ challengeWindow: window });
    expect(l1).toBeGreaterThan(0);
    for (const finalized of l2) expect(finalized).toBeGreaterThan(0);
  });

  it.each([
    ["disputeClock", 1],
    ["clockExtension", 0],
    ["forcedInclusionDelay", 1],
    ["fallbackDelay", 1],
    ["proofDeadline", 3],
    ["txsProvedPerSlot", 1],
    ["slashingWindow", 2],
    ["minEpochsToInactivityPenalty", 1],
    ["seatBalance", 0],
  ])("%s at its minimum %i: an all-honest match finalizes L1 and L2", async (key, value) => {
    const { l1, l2 } = await honestMatch({ [key]: value });
    expect(l1).toBeGreaterThan(0);
    for (const finalized of l2) expect(finalized).toBeGreaterThan(0);
  });

  it("over random configs in range, an all-honest match finalizes and throws nothing", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          challengeWindow: fc.integer({ min: 1, max: 40 }),
          proofDeadline: fc.integer({ min: 3, max: 40 }),
          txsProvedPerSlot: fc.integer({ min: 1, max: 100 }),
          l2TxPerSlot: fc.integer({ min: 1, max: 200 }),
          shards: fc.integer({ min: 1, max: 8 }),
          blobCapacity: fc.integer({ min: 1, max: 256 }),
        }),
        async (overrides) => {
          const { l1, l2 } = await honestMatch(overrides);
          expect(l1).toBeGreaterThan(0);
          for (const finalized of l2) expect(finalized).toBeGreaterThan(0);
        },
      ),
      // A fixed seed: the same configs every run (a failure names its counterexample to replay).
      { numRuns: 4, seed: 20261202 },
    );
  });

  // Found by the property above (seed -2133214155) and not yet fixed: with a ZK batch capped at
  // (proofDeadline − 2) × txsProvedPerSlot = 1 transaction, the honest ZK sequencer posts no batch at all.
  // `it.fails` keeps the finding visible: it turns red once the engine is fixed, so the case moves up.
  it.fails("a ZK batch cap of one transaction (proofDeadline 3, txsProvedPerSlot 1): both rollups finalize", async () => {
    const { l2 } = await honestMatch({
      challengeWindow: 1,
      proofDeadline: 3,
      txsProvedPerSlot: 1,
      l2TxPerSlot: 1,
      shards: 1,
      blobCapacity: 1,
    });
    for (const finalized of l2) expect(finalized).toBeGreaterThan(0);
  });

  it("refuses values that cannot work together, naming both keys", () => {
    expect(() => resolveConfig("phase0", { ejectionBalance: 40, stakePerValidator: 32 })).toThrow(
      /"ejectionBalance".*"stakePerValidator"/,
    );
  });
});
