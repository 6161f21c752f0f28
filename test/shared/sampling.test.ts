import { describe, expect, it } from "vitest";
import { Rng, seedRng } from "../../shared/random.ts";
import { play, SHORT_CLOCKS } from "../helpers.ts";

function choose(n: number, k: number): number {
  let result = 1;
  for (let i = 0; i < k; i++) result = (result * (n - i)) / (i + 1);
  return result;
}

describe("data-availability sampling draws distinct chunks (PeerDAS)", () => {
  it("every committee member's sample indices of a blob are distinct", async () => {
    let sets = 0;
    await play({
      seed: "samples",
      overrides: { ...SHORT_CLOCKS, slots: 16 },
      onSlot: ({ state }) => {
        for (const blob of state.l2.blobs)
          for (const indices of Object.values(blob.samples)) {
            sets++;
            expect(new Set(indices).size).toBe(indices.length);
          }
      },
    });
    expect(sets).toBeGreaterThan(100);
  });

  it("a sampler misses a withholding at the rate C(released, s) / C(2k, s)", () => {
    const rng = new Rng({ rng: seedRng("miss") });
    const chunks = 32;
    const samples = 8;
    const released = 15;
    const trials = 40_000;
    let missed = 0;
    for (let t = 0; t < trials; t++)
      if (rng.distinct(chunks, samples).every((index) => index < released)) missed++;
    const expected = choose(released, samples) / choose(chunks, samples);
    // ≈ 0.00061; the binomial standard error is ~0.00012. With replacement it would be (15/32)^8 ≈ 0.0024.
    expect(Math.abs(missed / trials - expected)).toBeLessThan(0.0006);
  });
});
