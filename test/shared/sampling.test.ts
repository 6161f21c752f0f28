import { describe, expect, it } from "vitest";
import { getPlayerView, type PlayerView } from "../../shared/index.ts";
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

  it("the publisher cannot know the sample indices: its view is the same under another secret, the samples are not", async () => {
    const publisher = { id: "seq", role: "sequencer" as const, strategy: "honest-sequencer" };
    const untilFirstBlob = async (secret: string) => {
      const views: PlayerView[] = [];
      let samples: Record<number, number[]> | null = null;
      await play({
        seed: "secret",
        secret,
        seats: [publisher],
        overrides: { ...SHORT_CLOCKS, slots: 8 },
        onSlot: ({ state }) => {
          if (samples) return;
          const posted = state.l2.rollups.flatMap((r) => r.batches).find((b) => b.seat === "seq");
          const blob = state.l2.blobs.find((b) => b.batch === posted?.id);
          if (blob) samples = blob.samples;
          else views.push(getPlayerView(state, "seq"));
        },
      });
      return { views, samples: samples! };
    };
    const one = await untilFirstBlob("a".repeat(64));
    const other = await untilFirstBlob("b".repeat(64));
    expect(one.samples).not.toBeNull();
    expect(one.views.length).toBeGreaterThan(0);
    // Everything the publisher saw up to its posting is the same; the indices it would need differ.
    expect(JSON.stringify(other.views)).toBe(JSON.stringify(one.views));
    expect(other.samples).not.toEqual(one.samples);
    expect(JSON.stringify(one.views)).not.toContain("a".repeat(64));
  });
});
