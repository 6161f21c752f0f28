import { describe, expect, it } from "vitest";
import {
  ConfigError,
  createMatch,
  getPlayerView,
  parseOverride,
  resolveConfig,
  SetupError,
  type SlotActions,
  step,
} from "../../shared/index.ts";

const config = resolveConfig("phase0", { slots: 32 });
const seats = [
  { id: "val", role: "validator", strategy: "honest-validator" },
  { id: "seq", role: "sequencer", strategy: "honest-sequencer" },
] as const;

function freshState() {
  const state = createMatch({ config, seed: "validation", seats: [...seats] });
  // Play the first slot honestly so that attestations and blocks exist.
  return step(state, {}).state;
}

describe("action validation", () => {
  const state = freshState();
  const view = getPlayerView(state, "val");
  const own = view.seat.validators[0].index;
  const foreign = state.validators.find((v) => v.seat !== "val")!.index;
  const hex = "ab".repeat(32);
  const cases: [string, SlotActions, string][] = [
    ["not an object", { val: [42] }, "malformed"],
    ["unknown type", { val: [{ type: "mine" }] }, "unknown-action"],
    ["bad field", { val: [{ type: "exit", validator: "seven" }] }, "malformed"],
    ["extra field", { val: [{ type: "exit", validator: own, bonus: 1 }] }, "malformed"],
    [
      "bad hex",
      { val: [{ type: "reportSlashing", offense: "double-vote", evidence: ["zz", hex] }] },
      "malformed",
    ],
    ["unknown validator", { val: [{ type: "exit", validator: 9999 }] }, "unknown-validator"],
    ["another seat's validator", { val: [{ type: "exit", validator: foreign }] }, "not-owner"],
    ["wrong role", { seq: [{ type: "exit", validator: own }] }, "wrong-role"],
    ["not the proposer", { val: [{ type: "propose", validator: own, graffiti: "x" }] }, "not-proposer"],
    [
      "unknown evidence",
      { val: [{ type: "reportSlashing", offense: "double-vote", evidence: [hex, hex.replace("ab", "cd")] }] },
      "unknown-message",
    ],
    ["unknown seat", { nobody: [{ type: "exit", validator: own }] }, "unknown-seat"],
    ["actions not a list", { val: { type: "exit", validator: own } as unknown as unknown[] }, "malformed"],
    [
      "duplicate",
      {
        val: [
          { type: "exit", validator: own },
          { type: "exit", validator: own },
        ],
      },
      "duplicate",
    ],
  ];
  const baseline = step(state, {});

  for (const [name, actions, code] of cases) {
    it(`refuses ${name} with "${code}" and a reason, changing nothing`, () => {
      const result = step(state, actions);
      const refusal = result.refusals.find((r) => r.code === code);
      expect(refusal, JSON.stringify(result.refusals)).toBeDefined();
      expect(refusal!.reason.length).toBeGreaterThan(5);
      if (code !== "duplicate") expect(result.stateRoot).toBe(baseline.stateRoot);
    });
  }

  it("refuses an attestation for a slot the validator is not assigned to", () => {
    const data = view.attestationData!;
    const unassigned = view.seat.validators.find((v) => v.attestSlots[0] !== data.slot)!;
    const result = step(state, { val: [{ type: "attest", validator: unassigned.index, ...data }] });
    expect(result.refusals[0].code).toBe("not-assigned");
    expect(result.stateRoot).toBe(baseline.stateRoot);
  });
});

describe("config validation", () => {
  it("names an unknown key, a wrong type and an out-of-range value", () => {
    expect(() => resolveConfig("phase0", { slotz: 3 })).toThrow(/unknown key "slotz"/);
    expect(() => resolveConfig("phase0", { slots: "many" })).toThrow(/"slots" must be a number/);
    expect(() => resolveConfig("phase0", { slotsPerEpoch: 1 })).toThrow(/"slotsPerEpoch" must be at least 2/);
    expect(() => resolveConfig("phase0", { validators: 2.5 })).toThrow(/"validators" must be a whole number/);
    expect(() => resolveConfig("nope")).toThrow(ConfigError);
    expect(() => parseOverride("slots")).toThrow(/not key=value/);
    expect(parseOverride("slots=12")).toEqual(["slots", 12]);
  });

  it("lists every problem at once", () => {
    try {
      resolveConfig("phase0", { a: 1, slots: -1 });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });

  it("refuses broken seats before anything runs", () => {
    const make = (s: unknown[]) => () => createMatch({ config, seed: "x", seats: s as never });
    expect(
      make([
        { id: "a", role: "validator", strategy: "x" },
        { id: "a", role: "validator", strategy: "x" },
      ]),
    ).toThrow(SetupError);
    expect(make([{ id: "a", role: "king", strategy: "x" }])).toThrow(/unknown role "king"/);
    expect(make([{ id: "background", role: "validator", strategy: "x" }])).toThrow(/reserved/);
    // Seat ids are keys of plain objects, where these are no plain keys.
    for (const id of ["__proto__", "constructor", "toString"])
      expect(make([{ id, role: "validator", strategy: "x" }])).toThrow(/reserved/);
  });
});
