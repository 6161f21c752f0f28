import { describe, expect, it } from "vitest";
import { play, SHORT_CLOCKS, seatsOf } from "../helpers.ts";

async function finalityTrace(seats: ReturnType<typeof seatsOf>, slots: number) {
  const atEpochEnd: number[] = [];
  const lazyStake: number[] = [];
  const outcome = await play({
    seed: "leak",
    seats,
    // No L2 users: Layer 1 finality does not depend on them, and with a third of the stake offline their blobs are
    // judged unavailable, so backlogged batches are re-executed every slot (most of this match's time).
    overrides: { ...SHORT_CLOCKS, slots, l2TxPerSlot: 0 },
    onSlot: ({ state }) => {
      if (state.slot % state.config.slotsPerEpoch !== 0) return;
      atEpochEnd.push(state.finalized.epoch);
      lazyStake.push(
        state.validators.filter((v) => v.seat.startsWith("lazy")).reduce((sum, v) => sum + v.stake, 0),
      );
    },
  });
  return { atEpochEnd, lazyStake, outcome };
}

describe("Casper FFG finality", () => {
  it("finalizes every epoch from epoch 2 on when all validators are honest", async () => {
    const { atEpochEnd, outcome } = await finalityTrace([], 256);
    expect(atEpochEnd).toHaveLength(32);
    expect(outcome.metrics.finalizedByEpoch).toEqual(atEpochEnd);
    // At the end of epoch e (index e) the finalized checkpoint is e − 1.
    atEpochEnd.forEach((finalized, epoch) => {
      if (epoch >= 2) expect(finalized).toBe(epoch - 1);
    });
  });

  it("stalls with more than 1/3 of stake offline; the inactivity leak drains it until finality returns", async () => {
    // 3 lazy seats × 4 validators = 12 of 32 validators = 37.5% of stake offline.
    const { atEpochEnd, lazyStake, outcome } = await finalityTrace(seatsOf(3, "lazy-validator"), 256);
    const leakEvents = outcome.events.filter((e) => e.type === "inactivity-leak");
    expect(leakEvents[0]).toMatchObject({ leaking: true });
    const leakStart = leakEvents[0].type === "inactivity-leak" ? leakEvents[0].epoch : -1;
    // The leak starts once finality is more than minEpochsToInactivityPenalty (4) epochs behind.
    expect(leakStart).toBe(6);

    const recovered = atEpochEnd.findIndex((finalized) => finalized > 0);
    expect(recovered).toBeGreaterThan(leakStart);
    expect(atEpochEnd.slice(0, recovered).every((f) => f === 0)).toBe(true);
    // Measured: finality returns at the end of epoch 17, i.e. 11 epochs of leak (seed "leak").
    expect(recovered - leakStart).toBeGreaterThanOrEqual(6);
    expect(recovered - leakStart).toBeLessThanOrEqual(16);

    // The lazy stake falls every epoch of the leak, faster as inactivity scores grow.
    const duringLeak = lazyStake.slice(leakStart, recovered);
    for (let i = 1; i < duringLeak.length; i++) expect(duringLeak[i]).toBeLessThan(duringLeak[i - 1]);
    const drops = duringLeak.slice(1).map((stake, i) => duringLeak[i] - stake);
    expect(drops[drops.length - 1]).toBeGreaterThan(drops[0]);

    // Once back, finality keeps advancing, and the leak is over.
    expect(atEpochEnd[atEpochEnd.length - 1]).toBeGreaterThan(atEpochEnd[recovered] + 5);
    expect(leakEvents[1]).toMatchObject({ leaking: false });
    const honest = outcome.scores.find((s) => s.id === "background")!;
    expect(honest.breakdown.inactivity).toBe(0);
  });
});
