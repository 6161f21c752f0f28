// Timing games that pay (docs/network.md, "Timing games": users' transfers arrive over the slot, a block carries
// those that had arrived by its publish time) and a partition of the regions into two sides for N slots.
import { describe, expect, it } from "vitest";
import { honestAttestations, honestProposals } from "../../../bots/strategies/validator-routine.ts";
import {
  advance,
  createMatch,
  type EngineEvent,
  type EngineState,
  getPlayerView,
  resolveConfig,
  totalHoldings,
} from "../../../shared/index.ts";

/** One slot of honest play by every seat; the slot's proposer publishes `publishMs` into it. */
function honestSlot(state: EngineState, publishMs = 0): ReturnType<typeof advance> {
  const actions: Record<string, unknown[]> = {};
  for (const seat of state.seats) {
    const view = getPlayerView(state, seat.id);
    const proposals = honestProposals(view).map((p) => ({ ...p, publishMs }));
    actions[seat.id] = [...proposals, ...honestAttestations(view)];
  }
  return advance(state, actions);
}

function match(overrides: Record<string, unknown> = {}): EngineState {
  const config = resolveConfig("phase0", { slots: 64, validators: 32, ...overrides });
  return createMatch({ config, seed: "wired", seats: [] });
}

const feesOf = (state: EngineState, validator: number) =>
  state.seats.find((seat) => seat.id === state.validators[validator].seat)!.breakdown.fees;

describe("a late publisher", () => {
  it("carries more users' transfers and earns more tips than the same proposer publishing on time; the next block carries fewer", () => {
    const honest = match();
    while (honest.slot < 10) honestSlot(honest);
    const late = structuredClone(honest);
    const proposer = honest.duties[1].proposers[10 % 8];
    const before = feesOf(honest, proposer);
    honestSlot(honest, 0);
    honestSlot(late, 2000);
    const [onTime, delayed] = [honest, late].map((s) => s.blocks[s.blockRoots[10]]);
    expect(delayed.proposer).toBe(onTime.proposer);
    expect(delayed.userTransfers).toBeGreaterThan(onTime.userTransfers);
    expect(feesOf(late, proposer) - before).toBeGreaterThan(feesOf(honest, proposer) - before);
    expect(feesOf(honest, proposer)).toBeGreaterThan(before);

    honestSlot(honest);
    honestSlot(late);
    const [nextOnTime, nextDelayed] = [honest, late].map((s) => s.blocks[s.blockRoots[11]]);
    expect(nextDelayed.userTransfers).toBeLessThan(nextOnTime.userTransfers);
    expect(delayed.userTransfers + nextDelayed.userTransfers).toBe(
      onTime.userTransfers + nextOnTime.userTransfers,
    );
  });

  it("keeps money conserved: the tips are minted and accounted", () => {
    const state = match();
    while (state.slot < 24) honestSlot(state, state.slot % 3 === 0 ? 2000 : 0);
    expect(state.supply.minted).toBeGreaterThan(0);
    expect(totalHoldings(state)).toBe(state.supply.genesis + state.supply.minted - state.supply.burned);
  });
});

/** EU (region 1) against the rest, slots 16–39; the sides' shares of the engine's stake. */
const SPLIT = { partitionRegions: 2, partitionStartSlot: 16, partitionSlots: 24 };

function sideShares(state: EngineState): number[] {
  const net = state.network!;
  const stake = [0, 0];
  for (const v of state.validators)
    stake[(SPLIT.partitionRegions >> net.region[net.validatorNode[v.index]]) & 1] += v.stake;
  return stake.map((s) => s / (stake[0] + stake[1]));
}

function playSplit(overrides: Record<string, unknown>, last: number) {
  const state = match(overrides);
  const events: EngineEvent[] = [];
  const finalizedAt: number[] = [];
  while (state.slot <= last) {
    const result = honestSlot(state);
    events.push(...result.events);
    finalizedAt.push(state.finalized.epoch);
  }
  return { state, events, finalizedAt };
}

describe("a partition", () => {
  it("keeps each side's blocks from the other side: the cut-off side's nodes never have the chain's blocks", () => {
    const { state } = playSplit(SPLIT, 20);
    const net = state.network!;
    expect(net.partition).not.toBeNull();
    const cutSide = 1 - net.partition!.side;
    const sideOfNode = (id: number) => (SPLIT.partitionRegions >> net.region[id]) & 1;
    const arrivals = net.lastSlot.arrivalMs;
    expect(net.lastSlot.proposerNode).toBeGreaterThanOrEqual(0);
    for (let id = 0; id < arrivals.length; id++)
      if (sideOfNode(id) === cutSide) expect(arrivals[id]).toBe(-1);
    expect(arrivals.some((ms, id) => sideOfNode(id) !== cutSide && ms >= 0)).toBe(true);
    // The cut-off side's proposers build their own fork, each block on the one before.
    const fork = net.partition!.fork.map((id) => state.blocks[id]);
    expect(fork.length).toBeGreaterThan(0);
    expect(fork[0].parent).toBe(net.partition!.base);
    for (let i = 1; i < fork.length; i++) expect(fork[i].parent).toBe(fork[i - 1].id);
  });

  it("orphans the other side's fork when it heals, and the sides build on one chain again", () => {
    const { state, events } = playSplit(SPLIT, 41);
    const orphaned = events.filter((e) => e.type === "orphaned" && e.reason === "partition");
    expect(orphaned.length).toBeGreaterThan(0);
    expect(orphaned.every((e) => e.slot === 39)).toBe(true);
    expect(Math.max(...orphaned.map((e) => (e.type === "orphaned" ? e.depth : 0)))).toBe(orphaned.length);
    const canonical = new Set(state.blockRoots);
    for (const e of orphaned) if (e.type === "orphaned") expect(canonical.has(e.block)).toBe(false);
    expect(state.network!.partition).toBeNull();
    expect(state.blocks[state.blockRoots[41]].slot).toBe(41);
  });

  it("stalls finality while split when neither side holds 2/3 of the stake", () => {
    const split = playSplit(SPLIT, 47);
    const shares = sideShares(split.state);
    expect(Math.max(...shares)).toBeLessThan(2 / 3);
    const calm = playSplit({}, 47);
    // From one epoch into the split to its end, finality advances without it and not with it.
    expect(calm.finalizedAt[39]).toBeGreaterThan(calm.finalizedAt[23]);
    expect(split.finalizedAt[39]).toBe(split.finalizedAt[23]);
  });

  it("refuses a mask out of its range, naming the key", () => {
    expect(() => resolveConfig("phase0", { partitionRegions: 63 })).toThrow(/partitionRegions/);
    expect(() => resolveConfig("phase0", { partitionStartSlot: 0 })).toThrow(/partitionStartSlot/);
  });
});
