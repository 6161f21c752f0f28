import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { moveBond, processBisect } from "../../shared/dispute.ts";
import {
  coinsToMilli,
  createMatch,
  type EngineState,
  resolveConfig,
  type SeatSpec,
  totalHoldings,
} from "../../shared/index.ts";
import { Rng } from "../../shared/random.ts";
import { play, SHORT_CLOCKS } from "../helpers.ts";

/** Every balance, bond, stake and bridge is ≥ 0, and the coins add up to genesis + minted − burned. */
function expectSoundLedger(state: EngineState): void {
  for (const seat of state.seats) {
    expect(seat.balance, `${seat.id} balance at slot ${state.slot}`).toBeGreaterThanOrEqual(0);
    expect(seat.locked, `${seat.id} locked at slot ${state.slot}`).toBeGreaterThanOrEqual(0);
  }
  for (const validator of state.validators) expect(validator.stake).toBeGreaterThanOrEqual(0);
  for (const rollup of state.l2.rollups) expect(rollup.escrow).toBeGreaterThanOrEqual(0);
  expect(totalHoldings(state)).toBe(state.supply.genesis + state.supply.minted - state.supply.burned);
}

function match(seats: SeatSpec[], overrides: Record<string, unknown> = {}): EngineState {
  return createMatch({ config: resolveConfig("phase0", overrides), seed: "ledger", seats });
}

describe("a ledger that cannot go negative (docs/rules.md, scores)", () => {
  const DISPUTE = "d".repeat(64);

  it("a bisect locks the bond of the depth its check priced, never one level deeper", () => {
    const state = match([{ id: "c", role: "challenger", strategy: "x" }]);
    // A dispute at round 0 where it is the challenger's turn to bisect, the challenger holding just the next bond.
    const challenger = state.seats.find((s) => s.id === "c")!;
    state.l2.disputes.push({
      id: DISPUTE,
      batch: "0xb",
      rollup: "optimistic",
      challenger: "c",
      defender: "background",
      openedSlot: 0,
      lo: -1,
      hi: 7,
      claims: { [-1]: "0xa", 3: "0xm", 7: "0xz" },
      turn: "challenger",
      clocks: { defender: 10, challenger: 10 },
      rounds: 0,
      bonds: { defender: 0, challenger: 0 },
      status: "open",
      resolvedSlot: -1,
    });
    challenger.balance = moveBond(state, 1);
    const ctx = { state, config: state.config, rng: new Rng(state), slot: 0, events: [], refusals: [] };
    processBisect(ctx, "c", DISPUTE, true);
    expect(ctx.refusals).toEqual([]);
    expect(challenger.balance).toBe(0);
    expect(state.l2.disputes[0].bonds.challenger).toBe(moveBond(state, 1));
    expect(challenger.locked).toBe(moveBond(state, 1));
  });

  it("a broke sequencer's batch is refused with the amounts, and changes nothing", async () => {
    const outcome = await play({
      seats: [{ id: "s", role: "sequencer", strategy: "honest-sequencer" }],
      overrides: { slots: 12, seatBalance: 5, sequencerBond: 10 },
    });
    const refused = outcome.refusals.filter((r) => r.seat === "s" && r.code === "insufficient-funds");
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0].reason).toMatch(/costs 10\.\d+ coins; seat s holds 5/);
    const seat = outcome.state.seats.find((s) => s.id === "s")!;
    expect(seat.balance).toBe(coinsToMilli(5));
    expect(outcome.state.l2.rollups.every((r) => r.batches.every((b) => b.seat !== "s"))).toBe(true);
  });

  it("a challenger that cannot pay watchCost stops watching, on the record", async () => {
    const outcome = await play({
      seats: [
        { id: "s", role: "sequencer", strategy: "honest-sequencer" },
        { id: "w", role: "challenger", strategy: "honest-challenger" },
      ],
      overrides: { ...SHORT_CLOCKS, slots: 16, seatBalance: 0.01, sequencerBond: 0, watchCost: 0.004 },
    });
    const watcher = outcome.state.seats.find((s) => s.id === "w")!;
    expect(watcher.balance).toBeGreaterThanOrEqual(0);
    expect(watcher.breakdown.costs).toBe(-coinsToMilli(0.008));
    expect(outcome.state.l2.notWatching).toContain("w");
    expect(outcome.refusals.some((r) => r.seat === "w" && r.code === "insufficient-funds")).toBe(true);
  });

  it("stolen value leaves the rollup's bridge, and the users who lost it are named", async () => {
    const events: { value: number; losers: { account: number; amount: number }[] }[] = [];
    const outcome = await play({
      seats: [{ id: "f", role: "sequencer", strategy: "fraudulent-sequencer" }],
      overrides: { slots: 160, challengeWindow: 16 },
      onSlot: ({ events: slotEvents }) => {
        for (const event of slotEvents) if (event.type === "fraud-finalized") events.push(event);
      },
    });
    expect(events.length).toBeGreaterThan(0);
    const fraudster = outcome.state.seats.find((s) => s.id === "f")!;
    const optimistic = outcome.state.l2.rollups.find((r) => r.kind === "optimistic")!;
    const taken = events.reduce((sum, e) => sum + e.value, 0);
    expect(fraudster.breakdown.attackGains).toBeGreaterThanOrEqual(taken);
    expect(optimistic.stolen.reduce((a, b) => a + b, 0)).toBe(taken);
    for (const event of events) expect(event.losers.reduce((a, l) => a + l.amount, 0)).toBe(event.value);
    const genesisEscrow = outcome.state.config.l2Accounts * coinsToMilli(1000);
    expect(optimistic.escrow).toBeLessThanOrEqual(genesisEscrow - taken);
    expectSoundLedger(outcome.state);
  });

  it("a forged ZK proof costs the sequencer its bond: half burned, half to the rollup's users", async () => {
    const outcome = await play({
      seats: [{ id: "z", role: "sequencer", strategy: "zk-forger" }],
      overrides: { slots: 24 },
    });
    const forger = outcome.state.seats.find((s) => s.id === "z")!;
    const bond = coinsToMilli(outcome.state.config.sequencerBond);
    expect(forger.breakdown.bondsLost).toBe(-bond);
    const zk = outcome.state.l2.rollups.find((r) => r.kind === "zk")!;
    expect(zk.ejected).toContain("z");
    expectSoundLedger(outcome.state);
  });
});

const STRATEGIES: { strategy: string; role: SeatSpec["role"] }[] = [
  { strategy: "honest-validator", role: "validator" },
  { strategy: "equivocating-proposer", role: "validator" },
  { strategy: "lazy-da-attester", role: "validator" },
  { strategy: "honest-sequencer", role: "sequencer" },
  { strategy: "fraudulent-sequencer", role: "sequencer" },
  { strategy: "withholding-sequencer", role: "sequencer" },
  { strategy: "mev-sequencer", role: "sequencer" },
  { strategy: "zk-forger", role: "sequencer" },
  { strategy: "honest-zk-sequencer", role: "sequencer" },
  { strategy: "honest-challenger", role: "challenger" },
  { strategy: "griefing-challenger", role: "challenger" },
  { strategy: "stalling-cartel", role: "attacker" },
  { strategy: "cross-layer-coalition", role: "attacker" },
];

describe("the ledger over random seeds, strategies and configs", () => {
  it("after every slot no balance is below zero and holdings = genesis + minted − burned", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.string({ minLength: 1, maxLength: 8 }),
          picks: fc.array(fc.integer({ min: 0, max: STRATEGIES.length - 1 }), { maxLength: 4 }),
          seatBalance: fc.constantFrom(0, 0.05, 3, 50),
          challengeBond: fc.constantFrom(0, 2, 40),
          minBlobFee: fc.constantFrom(0, 0.001, 0.5),
          blobFeeUpdateFraction: fc.constantFrom(1, 8),
        }),
        async ({ seed, picks, ...config }) => {
          await play({
            seed,
            seats: picks.map((pick, i) => ({ id: `seat-${i}`, ...STRATEGIES[pick] })),
            overrides: { slots: 40, challengeWindow: 16, ...config },
            onSlot: ({ state }) => expectSoundLedger(state),
          });
        },
      ),
      { numRuns: 8 },
    );
  });
});
