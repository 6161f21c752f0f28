// The attack strategies of issue 4: each does what its name says, and only with its own seat's actions.
import { describe, expect, it } from "vitest";
import type { EngineEvent, SeatSpec } from "../../shared/index.ts";
import { play, SHORT_CLOCKS } from "../helpers.ts";

describe("stalling-cartel", () => {
  const seat = (strategy: string): SeatSpec[] => [
    { id: "cartel", role: "attacker", strategy, validators: 12 },
  ];
  const slots = 96;

  it("stalls finality with 12 of 32 validators, where the same seat playing honestly finalizes", async () => {
    const stalled = await play({ seed: "cartel", overrides: { slots }, seats: seat("stalling-cartel") });
    const control = await play({ seed: "cartel", overrides: { slots }, seats: seat("honest-validator") });
    expect(control.state.finalized.epoch).toBeGreaterThan(2);
    expect(stalled.state.finalized.epoch).toBeLessThan(control.state.finalized.epoch);
    expect(stalled.metrics.epochsWithoutFinality).toBeGreaterThan(0);
    const cartel = stalled.scores.find((s) => s.id === "cartel")!;
    expect(cartel.breakdown.inactivity).toBeLessThan(0);
    expect(stalled.statuses.cartel).toBe("active");
    expect(stalled.refusals.filter((r) => r.seat === "cartel")).toEqual([]);
  });
});

describe("censoring-proposer", () => {
  const lineup = (proposers: string): SeatSpec[] => [
    { id: "censors", role: "attacker", strategy: proposers, validators: 24 },
    { id: "sequencer", role: "sequencer", strategy: "fraudulent-sequencer" },
    { id: "challenger", role: "challenger", strategy: "honest-challenger" },
  ];
  const options = { seed: "delay", overrides: { ...SHORT_CLOCKS, slots: 96 } };

  it("never includes a challenge in its own blocks, so fraud is caught later", async () => {
    const censored = await play({ ...options, seats: lineup("censoring-proposer") });
    const control = await play({ ...options, seats: lineup("honest-validator") });
    const opened = (events: EngineEvent[]) =>
      events.filter(
        (e): e is Extract<EngineEvent, { type: "dispute-opened" }> => e.type === "dispute-opened",
      );
    // A challenge takes effect in the block that carries it: that block's proposer is never a censor.
    const proposerSeat = new Map<number, string>();
    for (const event of censored.events) if (event.type === "block") proposerSeat.set(event.slot, event.seat);
    const disputes = opened(censored.events);
    expect(disputes.length).toBeGreaterThan(0);
    for (const event of disputes) expect(proposerSeat.get(event.slot)).not.toBe("censors");
    // Every challenge and dispute move waits for an honest proposer: fraud is caught later than with honest
    // proposers, or not at all (a challenger whose moves are censored runs out of time): fraud never caught
    // counts as caught no sooner than the match's end.
    const meanDelay = (attacks: { outcome: string; slot: number; detectedSlot: number }[]) => {
      const detected = (a: (typeof attacks)[number]) =>
        a.outcome === "caught" ? a.detectedSlot : options.overrides.slots;
      return attacks.reduce((sum, a) => sum + detected(a) - a.slot, 0) / attacks.length;
    };
    expect(meanDelay(censored.state.l2.attacks)).toBeGreaterThan(meanDelay(control.state.l2.attacks));
    expect(censored.statuses.censors).toBe("active");
  });
});

describe("random-bot", () => {
  const seats: SeatSpec[] = [
    { id: "v", role: "validator", strategy: "random-bot" },
    { id: "s", role: "sequencer", strategy: "random-bot" },
    { id: "c", role: "challenger", strategy: "random-bot" },
    { id: "a", role: "attacker", strategy: "random-bot" },
  ];

  it("plays every role with well-formed actions, and the same seed plays the same match", async () => {
    const first = await play({ seed: "fuzz", overrides: { ...SHORT_CLOCKS, slots: 48 }, seats });
    const again = await play({ seed: "fuzz", overrides: { ...SHORT_CLOCKS, slots: 48 }, seats });
    const other = await play({ seed: "fuzz-2", overrides: { ...SHORT_CLOCKS, slots: 48 }, seats });
    for (const id of ["v", "s", "c", "a"]) expect(first.statuses[id]).toBe("active");
    expect(first.refusalsByCode.malformed ?? 0).toBe(0);
    expect(first.refusalsByCode["unknown-action"] ?? 0).toBe(0);
    expect(first.state.slot).toBe(48);
    expect(again.stateRoot).toBe(first.stateRoot);
    expect(other.stateRoot).not.toBe(first.stateRoot);
  });
});

describe("patient-fraudster and the verifier's dilemma", () => {
  const lineup = (challenger: string): SeatSpec[] => [
    { id: "sequencer", role: "sequencer", strategy: "patient-fraudster" },
    { id: "challenger", role: "challenger", strategy: challenger },
  ];
  const options = { seed: "dilemma", overrides: { ...SHORT_CLOCKS, slots: 128 } };
  const outcomes = (attacks: { kind: string; outcome: string }[]) =>
    attacks.filter((a) => a.kind === "invalid-state-root").map((a) => a.outcome);

  it("strikes only in the second half: caught by a challenger who keeps watching, not by one who quit", async () => {
    const watched = await play({ ...options, seats: lineup("honest-challenger") });
    const quit = await play({ ...options, seats: lineup("lazy-challenger") });
    expect(watched.state.l2.attacks.every((a) => a.slot >= 64)).toBe(true);
    expect(outcomes(watched.state.l2.attacks)).toContain("caught");
    expect(outcomes(watched.state.l2.attacks)).not.toContain("succeeded");
    expect(outcomes(quit.state.l2.attacks)).toContain("succeeded");
  });
});

describe("cross-layer-coalition", () => {
  it("lets its own fraud finalize by censoring the challenges an honest challenger sends", async () => {
    const seats = (strategy: string): SeatSpec[] => [
      { id: "attacker", role: "attacker", strategy, validators: 24 },
      { id: "challenger", role: "challenger", strategy: "honest-challenger" },
    ];
    const options = { seed: "coalition", overrides: { ...SHORT_CLOCKS, slots: 96, attackerBudget: 1000 } };
    const coalition = await play({ ...options, seats: seats("cross-layer-coalition") });
    const alone = await play({ ...options, seats: seats("fraudulent-sequencer") });
    const succeeded = (attacks: { outcome: string }[]) =>
      attacks.filter((a) => a.outcome === "succeeded").length;
    expect(succeeded(alone.state.l2.attacks)).toBe(0);
    expect(succeeded(coalition.state.l2.attacks)).toBeGreaterThan(0);
    expect(coalition.statuses.attacker).toBe("active");
  });
});
