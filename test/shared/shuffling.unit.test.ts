// The committee shuffle (docs/rules.md, committees): the spec's compute_shuffled_index, against a client's
// vectors and its defining properties, and the committees the engine deals from it.
import { describe, expect, it } from "vitest";
import { computeEpochDuties, dutiesMix } from "../../shared/duties.ts";
import { shardCommittee } from "../../shared/shards.ts";
import {
  computeCommittees,
  computeShuffledIndex,
  DOMAIN_BEACON_ATTESTER,
  DOMAIN_SHARD_COMMITTEE,
  getSeed,
} from "../../shared/shuffling.ts";
import { smallState } from "./fixtures.ts";

function seedOf(...prefix: number[]): Uint8Array {
  const seed = new Uint8Array(32);
  seed.set(prefix);
  return seed;
}

/** The shuffled list: item i goes to position compute_shuffled_index(i), as Prysm's ShuffleList lays it out. */
function shuffleList(count: number, seed: Uint8Array): number[] {
  const list: number[] = [];
  for (let i = 0; i < count; i++) list[computeShuffledIndex(i, count, seed)] = i;
  return list;
}

describe("compute_shuffled_index", () => {
  it("matches Prysm's vectors (TestShuffleList_OK, checked there against its ShuffledIndex)", () => {
    expect(shuffleList(10, seedOf(1, 128, 12))).toEqual([0, 7, 8, 6, 3, 9, 4, 5, 2, 1]);
    expect(shuffleList(10, seedOf(2, 128, 12))).toEqual([0, 5, 2, 1, 6, 8, 7, 3, 4, 9]);
  });

  it("is a permutation for every size, past one 256-position source block too", () => {
    for (const count of [1, 2, 3, 32, 255, 256, 257, 600]) {
      const identity = Array.from({ length: count }, (_, i) => i);
      // One committee of everyone: indices[compute_shuffled_index(i)] for every i, the rounds hashed once.
      const [list] = computeCommittees(identity, seedOf(count), 1);
      expect([...list].sort((a, b) => a - b)).toEqual(identity);
    }
  });

  it("is deterministic and changes with the seed", () => {
    expect(shuffleList(64, seedOf(7))).toEqual(shuffleList(64, seedOf(7)));
    expect(shuffleList(64, seedOf(7))).not.toEqual(shuffleList(64, seedOf(8)));
  });

  it("refuses an index outside the list", () => {
    expect(() => computeShuffledIndex(10, 10, seedOf(1))).toThrow(/outside 0–9/);
  });

  it("get_seed differs by domain and epoch", () => {
    const mix = "ab".repeat(32);
    const seeds = [
      getSeed(mix, 3, DOMAIN_BEACON_ATTESTER),
      getSeed(mix, 3, DOMAIN_SHARD_COMMITTEE),
      getSeed(mix, 4, DOMAIN_BEACON_ATTESTER),
    ].map((seed) => Buffer.from(seed).toString("hex"));
    expect(new Set(seeds).size).toBe(3);
  });
});

describe("committees", () => {
  it("compute_committee splits the shuffled indices into committees whose sizes differ by at most one", () => {
    const indices = Array.from({ length: 30 }, (_, i) => 100 + i);
    const committees = computeCommittees(indices, seedOf(5), 4);
    expect(committees.flat().sort((a, b) => a - b)).toEqual(indices);
    const sizes = committees.map((c) => c.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(committees.flat()).not.toEqual(indices);
  });

  it("deals every active validator to one shard committee, reshuffled each epoch from the mix", () => {
    const state = smallState();
    const shards = state.config.shards;
    const members = (epoch: number) =>
      Array.from({ length: shards }, (_, s) => shardCommittee(state, s, epoch));
    for (const epoch of [0, 1]) {
      expect(
        members(epoch)
          .flat()
          .sort((a, b) => a - b),
      ).toEqual(state.validators.map((v) => v.index));
    }
    expect(members(0)).not.toEqual(members(1));
    // Not the old rotation (index + epoch) mod shards, which anyone could predict from the index alone.
    const rotation = Array.from({ length: shards }, (_, s) =>
      state.validators.filter((v) => (v.index + 1) % shards === s).map((v) => v.index),
    );
    expect(members(1).map((c) => [...c].sort((a, b) => a - b))).not.toEqual(rotation);
    // The same mix deals the same committees.
    expect(computeEpochDuties(state, state.config, 1, dutiesMix(state, 1))).toEqual(state.duties[1]);
  });
});
