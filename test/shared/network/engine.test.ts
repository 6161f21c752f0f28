// The network wired into the engine (docs/network.md, "Wired"): late blocks, the honest reorg, the ex-ante
// reorg against proposer boost, outages, keeping up, and determinism with the network on.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { honestAttestations, honestProposals } from "../../../bots/strategies/validator-routine.ts";
import { runJobs } from "../../../lab/runner.ts";
import {
  advance,
  createMatch,
  type EngineEvent,
  type EngineState,
  getPlayerView,
  networkMetrics,
  resolveConfig,
  type SeatSpec,
} from "../../../shared/index.ts";
import { HARDWARE_CLASSES } from "../../../shared/network/inputs.ts";
import { projectArena } from "../../../shared/present/arena.ts";
import { play } from "../../helpers.ts";

type Tweak = (seat: string, actions: unknown[]) => unknown[];

/** One slot of honest play by every seat (the background seat too), each seat's list passed through `tweak`. */
function honestSlot(state: EngineState, tweak: Tweak = (_seat, actions) => actions): EngineEvent[] {
  const actions: Record<string, unknown[]> = {};
  for (const seat of state.seats) {
    const view = getPlayerView(state, seat.id);
    actions[seat.id] = tweak(seat.id, [...honestProposals(view), ...honestAttestations(view)]);
  }
  return advance(state, actions).events;
}

function match(overrides: Record<string, unknown> = {}, seats: SeatSpec[] = []): EngineState {
  const config = resolveConfig("phase0", { slots: 64, validators: 32, ...overrides });
  return createMatch({ config, seed: "wired", seats });
}

/** The proposer's propose action of `slot` gets `fields`. */
function proposeWith(state: EngineState, slot: number, fields: Record<string, unknown>): Tweak {
  return (_seat, actions) =>
    state.slot === slot
      ? actions.map((a) => ((a as { type: string }).type === "propose" ? { ...(a as object), ...fields } : a))
      : actions;
}

/** Plays honest slots up to and including `last`, the proposer of `slot` publishing with `fields`. */
function playWith(state: EngineState, slot: number, fields: Record<string, unknown>, last: number) {
  const events: EngineEvent[] = [];
  while (state.slot <= last) events.push(...honestSlot(state, proposeWith(state, slot, fields)));
  return events;
}

const committeeOf = (state: EngineState, slot: number) =>
  state.validators.filter((v) => state.duties[Math.floor(slot / 8)].attesterSlot[v.index] === slot);

describe("a late block", () => {
  it("published after the deadline is orphaned by the next honest proposer, which builds on its parent", () => {
    const state = match();
    const events = playWith(state, 10, { publishMs: 5000 }, 11);
    const orphaned = events.filter((e) => e.type === "orphaned");
    expect(orphaned).toMatchObject([{ slot: 10, reason: "late", depth: 1 }]);
    expect(state.blockRoots[10]).toBe(state.blockRoots[9]);
    expect(state.blocks[state.blockRoots[11]].parent).toBe(state.blockRoots[9]);
    expect(networkMetrics(state)?.orphanedBlocks).toBe(1);
  });

  it("stays on the chain when its attestations justify the epoch: a reorg would not be FFG-competitive", () => {
    // 4 validators a slot of 32: slot 13's block carries slots 8–12's votes (20 of 32), slot 14's crosses ⅔.
    for (const [slot, orphaned] of [
      [13, true],
      [14, false],
    ] as const) {
      const state = match();
      const events = playWith(state, slot, { publishMs: 5000 }, slot + 1);
      expect(events.some((e) => e.type === "orphaned" && e.slot === slot)).toBe(orphaned);
    }
  });

  it("stays on the chain when the next proposer's node is offline: it cannot propose on time", () => {
    const probe = match();
    const nextProposer = probe.duties[1].proposers[11 % 8];
    const region = probe.network!.region[probe.network!.validatorNode[nextProposer]];
    for (const [outageSlots, orphaned] of [
      [0, true],
      [1, false],
    ] as const) {
      const state = match({ outageRegion: region, outageStartSlot: 11, outageSlots });
      const events = playWith(state, 10, { publishMs: 5000 }, 11);
      expect(events.some((e) => e.type === "orphaned" && e.slot === 10)).toBe(orphaned);
    }
  });

  it("published on time stays on the chain", () => {
    const state = match();
    const events = playWith(state, 10, { publishMs: 0 }, 11);
    expect(events.filter((e) => e.type === "orphaned")).toEqual([]);
    expect(state.blockRoots[10]).not.toBe(state.blockRoots[9]);
  });

  it("stays on the chain before an epoch's first slot, but its committee's head votes go to its parent", () => {
    const state = match();
    playWith(state, 15, { publishMs: 5000 }, 16);
    const late = state.blockRoots[15];
    expect(state.blocks[late].slot).toBe(15);
    const committee = committeeOf(state, 15);
    expect(committee.length).toBeGreaterThan(0);
    for (const v of committee) expect(state.latestMessages[v.index].head).toBe(state.blocks[late].parent);
  });

  it("reaches a lagging node (one that did not keep up) too late for its validators' head votes", () => {
    const state = match();
    while (state.slot < 10) honestSlot(state);
    const [behind, ...rest] = committeeOf(state, 10);
    const node = state.network!.validatorNode[behind.index];
    state.network!.lagging[node] = 1;
    honestSlot(state);
    honestSlot(state);
    const block = state.blockRoots[10];
    expect(state.latestMessages[behind.index].head).toBe(state.blocks[block].parent);
    const onOtherNodes = rest.filter((v) => state.network!.validatorNode[v.index] !== node);
    expect(onOtherNodes.length).toBeGreaterThan(0);
    for (const v of onOtherNodes) expect(state.latestMessages[v.index].head).toBe(block);
  });

  it("changes nothing on a synchronous network", () => {
    const state = match({ synchronous: true });
    const events = playWith(state, 10, { publishMs: 5000 }, 11);
    expect(state.network).toBeNull();
    expect(events.filter((e) => e.type === "orphaned")).toEqual([]);
    expect(state.blockRoots[10]).not.toBe(state.blockRoots[9]);
  });
});

/** A slot (not an epoch's first or last) whose proposer is the attacker and whose committee holds one of its validators. */
function attackSlot(state: EngineState): { slot: number; voter: number } {
  const own = new Set(state.seats.find((s) => s.id === "attacker")!.validators);
  for (let slot = 9; slot < 15; slot++) {
    const proposer = state.duties[1].proposers[slot % 8];
    const voter = committeeOf(state, slot).find((v) => own.has(v.index));
    if (own.has(proposer) && voter) return { slot, voter: voter.index };
  }
  throw new Error("no slot fits: pick another seed");
}

/**
 * The attacker withholds its block of `slot`, votes for it with one validator, and releases it `withholdSlots`
 * later; `observe` sees the state after each slot.
 */
function exAnteReorg(
  proposerBoost: number,
  observe: (state: EngineState, withheld: string) => void = () => {},
  withholdSlots = 1,
) {
  const attacker: SeatSpec = {
    id: "attacker",
    role: "attacker",
    strategy: "honest-validator",
    validators: 12,
  };
  const state = match({ proposerBoost }, [attacker]);
  const { slot, voter } = attackSlot(state);
  let withheld = "";
  const events: EngineEvent[] = [];
  while (state.slot <= slot + withholdSlots) {
    const current = state.slot;
    events.push(
      ...honestSlot(state, (_seat, actions) =>
        actions.map((a) => {
          const action = a as { type: string; validator: number; slot: number };
          if (current === slot && action.type === "propose") return { ...action, withholdSlots };
          if (current === slot + 1 && action.type === "attest" && action.validator === voter)
            return { ...action, head: withheld };
          return a;
        }),
      ),
    );
    if (current === slot) withheld = Object.values(state.blocks).find((b) => b.slot === slot)!.id;
    observe(state, withheld);
  }
  return { state, slot, withheld, events };
}

describe("the ex-ante reorg (a withheld block released with its proposer's own vote)", () => {
  it("fails against proposer boost: one vote weighs less than the timely block's boost", () => {
    const { state, slot, withheld, events } = exAnteReorg(40);
    expect(state.blockRoots[slot + 1]).not.toBe(withheld);
    expect(events).toContainEqual(expect.objectContaining({ type: "orphaned", block: withheld, depth: 0 }));
  });

  it("keeps the withheld block and the votes naming it out of every view but its proposer's seat's until its release", () => {
    const inView = (state: EngineState, seat: string, id: string) => {
      const view = getPlayerView(state, seat);
      return [view.blocks.some((b) => b.id === id), view.attestations.some((a) => a.head === id)];
    };
    const seen = (state: EngineState, id: string) => ({
      attacker: inView(state, "attacker", id),
      background: inView(state, "background", id),
      arena: projectArena(state).blocks.some((b) => b.id === id),
    });
    const seenBySlot: Record<number, ReturnType<typeof seen>> = {};
    const { slot } = exAnteReorg(
      40,
      (state, withheld) => {
        if (withheld) seenBySlot[state.slot] = seen(state, withheld);
      },
      2,
    );
    // Its own vote for it is sent in slot + 1, while the block is still withheld (released in slot + 2).
    expect(seenBySlot[slot + 2]).toEqual({
      attacker: [true, true],
      background: [false, false],
      arena: false,
    });
    expect(seenBySlot[slot + 3]).toEqual({ attacker: [true, true], background: [true, true], arena: true });
  });

  it("succeeds without proposer boost: the honest next block is orphaned", () => {
    const { state, slot, withheld, events } = exAnteReorg(0);
    expect(state.blockRoots[slot]).toBe(withheld);
    expect(state.blockRoots[slot + 1]).toBe(withheld);
    expect(events).toContainEqual(
      expect.objectContaining({ type: "orphaned", slot: slot + 1, reason: "outvoted", depth: 1 }),
    );
  });
});

describe("the per-node figures in the network's metrics", () => {
  it("measure the last epoch's bandwidth in both modes: the other mode's is what a match in it measures", async () => {
    // No node acts on overload within 2 epochs, so both matches keep the same nodes.
    const measured = async (sampling: boolean, slots: number) =>
      networkMetrics(
        (await play({ seed: "bandwidth", overrides: { slots, sampling, patience: 100 } })).state,
      )!;
    const before = await measured(false, 7);
    expect(before.withoutSampling.downloadP50Mbps).toBe(-1);
    const full = await measured(false, 16);
    const sampled = await measured(true, 16);
    expect([full.sampling, sampled.sampling]).toEqual([false, true]);
    expect(full.withSampling).toEqual(sampled.withSampling);
    expect(full.withoutSampling).toEqual(sampled.withoutSampling);
    expect(full.withoutSampling.downloadP50Mbps).toBeGreaterThan(full.withSampling.downloadP50Mbps);
    expect(full.withoutSampling.downloadP90Mbps).toBeGreaterThanOrEqual(full.withoutSampling.downloadP50Mbps);
  });

  it("name the cheapest node keeping up: the full-node class until every such node lags", () => {
    const state = match();
    const net = state.network!;
    const usd = (hardware: number) =>
      HARDWARE_CLASSES[hardware].hardwareUsd / state.config.hardwareLifetimeMonths;
    expect(networkMetrics(state)!.cheapestKeepingUpUsd).toBeCloseTo(usd(0));
    net.hardware.forEach((hardware, node) => {
      if (hardware === 0) net.lagging[node] = 1;
    });
    expect(networkMetrics(state)!.cheapestKeepingUpUsd).toBeCloseTo(usd(1));
    net.active.fill(0);
    expect(networkMetrics(state)!.cheapestKeepingUpUsd).toBe(-1);
  });
});

describe("the network's effect over a match", () => {
  it("keep-up share does not rise when the block size rises", async () => {
    const shares: number[] = [];
    for (const blockGas of [15_000_000, 60_000_000, 120_000_000]) {
      const outcome = await play({ seed: "wall", overrides: { slots: 40, blockGas } });
      shares.push(networkMetrics(outcome.state)!.keepUpShare);
    }
    expect(shares[1]).toBeLessThanOrEqual(shares[0]);
    expect(shares[2]).toBeLessThanOrEqual(shares[1]);
    expect(shares[2]).toBeLessThan(shares[0]);
  });

  // A node outside the region whose peers are all inside it is cut off too: "only" allows those few.
  it("an outage of one region raises that region's missed head votes only", async () => {
    const missedByRegion = async (overrides: Record<string, unknown>) => {
      const missed = [0, 0, 0, 0, 0, 0];
      await play({
        seed: "outage",
        overrides: { slots: 24, ...overrides },
        onSlot: ({ state }) => {
          state.network!.lastSlot.missedByRegion.forEach((m, region) => {
            missed[region] += m;
          });
        },
      });
      return missed;
    };
    const calm = await missedByRegion({});
    const cut = await missedByRegion({ outageRegion: 3, outageStartSlot: 8, outageSlots: 8 });
    expect(cut[3]).toBeGreaterThan(calm[3]);
    for (const region of [0, 1, 2, 4, 5]) expect(cut[region] - calm[region]).toBeLessThan(cut[3] / 100);
  });

  it("gives the same state roots for the same seed with the network, and others than the synchronous game", async () => {
    const roots = async (overrides: Record<string, unknown>) =>
      (await play({ seed: "same", overrides: { slots: 24, ...overrides }, record: true })).replay!.slots.map(
        (s) => s.root,
      );
    const first = await roots({});
    expect(await roots({})).toEqual(first);
    expect(await roots({ synchronous: true })).not.toEqual(first);
  });

  it("gives the same final roots in the lab's worker pool with 1 and 2 workers", async () => {
    const jobs = ["a", "b"].map((seed) => ({
      id: `network/${seed}`,
      preset: "phase0",
      overrides: { slots: 24, blockGas: 60_000_000 },
      seed,
      seats: [],
      tags: {},
    }));
    const rootsWith = async (workers: number) => {
      const outDir = mkdtempSync(join(tmpdir(), "trilemma-network-"));
      try {
        const results = await runJobs(jobs, { outDir, workers });
        return Object.fromEntries(results.map((r) => [r.id, r.stateRoot]));
      } finally {
        rmSync(outDir, { recursive: true, force: true });
      }
    };
    const one = await rootsWith(1);
    expect(await rootsWith(2)).toEqual(one);
    expect(one["network/a"]).not.toBe(one["network/b"]);
  });
});

/** The engine's stake in each region at genesis, as a share of all stake. */
function stakeShareByRegion(state: EngineState): number[] {
  const net = state.network!;
  const share = [0, 0, 0, 0, 0, 0];
  const total = state.validators.reduce((sum, v) => sum + v.stake, 0);
  for (const v of state.validators) share[net.region[net.validatorNode[v.index]]] += v.stake / total;
  return share;
}

describe("a region outage (epochs 4–9 of 16)", () => {
  const OUTAGE = { slots: 128, outageStartSlot: 32, outageSlots: 48 };
  /** The epochs justified, whether the leak started, the last finalized epoch and the refusals, `region` offline. */
  async function outageOf(region: number) {
    const events: EngineEvent[] = [];
    let refusals = 0;
    const outcome = await play({
      seed: "stall",
      overrides: { ...OUTAGE, outageRegion: region },
      onSlot: (result) => {
        events.push(...result.events);
        refusals += result.refusals.length;
      },
    });
    const justified = events.flatMap((e) => (e.type === "justified" ? [e.epoch] : []));
    const leaked = events.some((e) => e.type === "inactivity-leak" && e.leaking);
    return { justified, leaked, finalized: outcome.state.finalized.epoch, refusals };
  }
  const shares = stakeShareByRegion(
    createMatch({ config: resolveConfig("phase0", OUTAGE), seed: "stall", seats: [] }),
  );
  const outageEpoch = (epoch: number) => epoch >= 4 && epoch <= 9;

  it("of over a third of the stake stalls justification and finality, leaks, and finality resumes after", async () => {
    const big = shares.indexOf(Math.max(...shares));
    expect(shares[big]).toBeGreaterThan(1 / 3);
    const { justified, leaked, finalized, refusals } = await outageOf(big);
    expect(justified.filter(outageEpoch)).toEqual([]);
    // Honest seats see no attestation duty while offline, so they send nothing to refuse.
    expect(refusals).toBe(0);
    expect(leaked).toBe(true);
    expect(finalized).toBeGreaterThan(9);
  });

  it("of a small region does not stop justification", async () => {
    const small = shares.indexOf(Math.min(...shares.filter((share) => share > 0)));
    expect(shares[small]).toBeLessThan(1 / 3);
    const { justified, leaked } = await outageOf(small);
    expect(justified.filter(outageEpoch).length).toBeGreaterThan(3);
    expect(leaked).toBe(false);
  });
});

describe("network config at the ends of its ranges", () => {
  it.each([
    { nodes: 4, peerDegree: 2 },
    { nodes: 4, homeStakerShare: 1, fullNodeShare: 0 },
    { nodes: 6, homeStakerShare: 0, fullNodeShare: 0.9 },
    { blockGas: 10_000_000_000, networkSlotMs: 500 },
    { blockGas: 0, sampling: true, peerDegree: 50 },
    { outageRegion: 1, outageStartSlot: 0, outageSlots: 100_000 },
    { patience: 1, delegateShare: 0, rewardUsdPerValidatorMonth: 0 },
  ])("%o: a match runs to its end", async (overrides) => {
    const outcome = await play({ seed: "ends", overrides: { slots: 32, ...overrides } });
    expect(outcome.state.slot).toBe(32);
    expect(networkMetrics(outcome.state)?.nodes).toBe(outcome.state.config.nodes);
    const nodeCount = outcome.state.config.nodes;
    for (const node of outcome.state.network!.validatorNode) expect(node).toBeLessThan(nodeCount);
  });

  it("refuses a population with no node to run a validator on, naming the keys", () => {
    expect(() => resolveConfig("phase0", { nodes: 6, homeStakerShare: 0, fullNodeShare: 1 })).toThrow(
      /"fullNodeShare" 1 of "nodes" 6/,
    );
  });
});
