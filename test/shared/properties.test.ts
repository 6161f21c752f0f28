import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BACKGROUND_SEAT, type SeatSpec, totalHoldings } from "../../shared/index.ts";
import { play, SHORT_CLOCKS } from "../helpers.ts";

/** Strategies mixed into random matches; honest ones must never be slashed. */
const STRATEGY_POOL: { strategy: string; role: SeatSpec["role"]; honest: boolean }[] = [
  { strategy: "honest-validator", role: "validator", honest: true },
  { strategy: "lazy-validator", role: "validator", honest: false },
  { strategy: "equivocating-proposer", role: "validator", honest: false },
  { strategy: "double-voter", role: "validator", honest: false },
  { strategy: "surround-voter", role: "validator", honest: false },
  { strategy: "lazy-da-attester", role: "validator", honest: false },
  { strategy: "honest-sequencer", role: "sequencer", honest: true },
  { strategy: "fraudulent-sequencer", role: "sequencer", honest: false },
  { strategy: "withholding-sequencer", role: "sequencer", honest: false },
  { strategy: "censoring-sequencer", role: "sequencer", honest: false },
  { strategy: "mev-sequencer", role: "sequencer", honest: false },
  { strategy: "honest-zk-sequencer", role: "sequencer", honest: true },
  { strategy: "zk-forger", role: "sequencer", honest: false },
  { strategy: "honest-challenger", role: "challenger", honest: true },
  { strategy: "griefing-challenger", role: "challenger", honest: false },
  { strategy: "lazy-challenger", role: "challenger", honest: true },
];

const matchArbitrary = fc.record({
  seed: fc.string({ minLength: 1, maxLength: 12 }),
  picks: fc.array(fc.integer({ min: 0, max: STRATEGY_POOL.length - 1 }), { minLength: 0, maxLength: 6 }),
  preset: fc.constantFrom("phase0", "electra"),
});

describe("properties over random seeds and strategy mixes", () => {
  it("honest seats are never slashed, coins change only by accounted mints and burns, finality never reverts", async () => {
    await fc.assert(
      fc.asyncProperty(matchArbitrary, async ({ seed, picks, preset }) => {
        const seats = picks.map((pick, i) => ({
          id: `seat-${i}`,
          role: STRATEGY_POOL[pick].role,
          strategy: STRATEGY_POOL[pick].strategy,
        }));
        const finalizedRoots = new Map<number, string>();
        let lastFinalized = 0;
        let minted = 0;
        let burned = 0;
        const outcome = await play({
          seed,
          preset,
          seats,
          overrides: { ...SHORT_CLOCKS, slots: 64 },
          onSlot: ({ state, events }) => {
            for (const event of events) {
              if (event.type === "supply") {
                minted += event.minted;
                burned += event.burned;
              }
            }
            const { epoch, root } = state.finalized;
            expect(epoch).toBeGreaterThanOrEqual(lastFinalized);
            lastFinalized = epoch;
            finalizedRoots.set(epoch, finalizedRoots.get(epoch) ?? root);
            expect(finalizedRoots.get(epoch)).toBe(root);
            if (epoch > 0) expect(state.blockRoots[epoch * state.config.slotsPerEpoch]).toBe(root);
          },
        });
        const { state } = outcome;
        const honestSeats = new Set([
          BACKGROUND_SEAT,
          ...seats.filter((_, i) => STRATEGY_POOL[picks[i]].honest).map((seat) => seat.id),
        ]);
        for (const validator of state.validators) {
          if (honestSeats.has(validator.seat)) expect(validator.slashed).toBe(false);
        }
        expect(totalHoldings(state) - state.supply.genesis).toBe(minted - burned);
        expect(minted).toBe(state.supply.minted);
        expect(burned).toBe(state.supply.burned);
        for (const score of outcome.scores) {
          expect(Object.values(score.breakdown).reduce((a, b) => a + b, 0)).toBe(score.score);
        }
      }),
      { numRuns: 20 },
    );
  });
});
