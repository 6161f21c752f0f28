import { describe, expect, it } from "vitest";
import { useNativeSha256 } from "../../runtime/native-hash.ts";
import { setSha256 } from "../../shared/hash.ts";
import { advance, createMatch, resolveConfig, step, verifyReplay } from "../../shared/index.ts";
import { play, seatsOf } from "../helpers.ts";

const mixedSeats = [
  ...seatsOf(1, "double-voter"),
  ...seatsOf(1, "equivocating-proposer"),
  ...seatsOf(1, "surround-voter"),
  ...seatsOf(1, "lazy-validator"),
];

describe("determinism", () => {
  it("gives the same state root at every slot for the same seed, config and seats", async () => {
    const first = await play({ seed: "same", seats: mixedSeats, overrides: { slots: 96 }, record: true });
    const second = await play({ seed: "same", seats: mixedSeats, overrides: { slots: 96 }, record: true });
    const roots = (o: typeof first) => o.replay!.slots.map((s) => s.root);
    expect(roots(first)).toHaveLength(96);
    expect(roots(second)).toEqual(roots(first));
  });

  it("gives the same roots with node:crypto's sha256 as with @noble/hashes", async () => {
    const noble = await play({ seed: "hashes", overrides: { slots: 24 }, record: true });
    useNativeSha256();
    try {
      const native = await play({ seed: "hashes", overrides: { slots: 24 }, record: true });
      expect(native.replay!.slots.map((s) => s.root)).toEqual(noble.replay!.slots.map((s) => s.root));
    } finally {
      setSha256(null);
    }
  });

  it("gives another root for another seed", async () => {
    const a = await play({ seed: "one", overrides: { slots: 16 } });
    const b = await play({ seed: "two", overrides: { slots: 16 } });
    expect(a.stateRoot).not.toEqual(b.stateRoot);
  });

  it("a match given a secret replays from its replay alone, and another secret gives another root", async () => {
    const secret = "5e".repeat(32);
    const outcome = await play({ seed: "secret", secret, overrides: { slots: 24 }, record: true });
    expect(outcome.replay!.secret).toBe(secret);
    expect(verifyReplay(JSON.parse(JSON.stringify(outcome.replay)))).toMatchObject({ ok: true });
    const other = await play({ seed: "secret", secret: "6f".repeat(32), overrides: { slots: 24 } });
    expect(other.stateRoot).not.toEqual(outcome.stateRoot);
  });

  it("resumes bit-for-bit from a JSON snapshot taken mid-match", async () => {
    const { replay } = await play({
      seed: "snap",
      seats: mixedSeats,
      overrides: { slots: 64 },
      record: true,
    });
    const slots = replay!.slots;
    const state = createMatch({ config: replay!.config, seed: replay!.seed, seats: replay!.seats });
    for (const slot of slots.slice(0, 29)) advance(state, slot.actions);
    const resumed = JSON.parse(JSON.stringify(state));
    for (const slot of slots.slice(29)) {
      expect(advance(resumed, slot.actions).stateRoot).toBe(slot.root);
    }
  });

  it("step() leaves its input untouched and matches advance()", () => {
    const config = resolveConfig("phase0", { slots: 8 });
    const state = createMatch({ config, seed: "pure", seats: [] });
    const before = JSON.stringify(state);
    const result = step(state, {});
    expect(JSON.stringify(state)).toBe(before);
    expect(advance(state, {}).stateRoot).toBe(result.stateRoot);
  });
});
