import { describe, expect, it } from "vitest";
import {
  buildPeerGraph,
  countHeadVotes,
  createNetwork,
  degreeOf,
  gini,
  isBlockTimely,
  type NetNode,
  NetworkParamError,
  nakamotoCoefficient,
  nodeLoad,
  proposerBoost,
  proposerReorgCutoffUs,
  resolveNetworkParams,
  runEpoch,
  runNetwork,
  runSlot,
  shouldReorgLateHead,
  stakeByOperator,
} from "../../../shared/network/index.ts";
import { Rng, seedRng } from "../../../shared/random.ts";

function node(id: number, region: number, validators: number, operator = id): NetNode {
  return {
    id,
    kind: "home",
    region,
    downBps: 50e6,
    upBps: 20e6,
    hardware: 1,
    operator,
    validators,
    active: true,
    overloadedEpochs: 0,
  };
}

describe("the peer graph", () => {
  it("is two-way, without self-links, with a mean degree near the target", () => {
    const graph = buildPeerGraph(500, 8, new Rng({ rng: seedRng("graph") }));
    let total = 0;
    for (let u = 0; u < graph.size; u++) {
      total += degreeOf(graph, u);
      for (let e = graph.offsets[u]; e < graph.offsets[u + 1]; e++) {
        const v = graph.targets[e];
        expect(v).not.toBe(u);
        expect(Array.from(graph.targets.subarray(graph.offsets[v], graph.offsets[v + 1]))).toContain(u);
      }
    }
    expect(total / graph.size).toBeGreaterThan(7.5);
    expect(total / graph.size).toBeLessThanOrEqual(8);
  });
});

describe("determinism", () => {
  it("gives the same arrivals and metrics for the same seed, and different ones for another", () => {
    const params = resolveNetworkParams("fast", { nodes: 120 });
    const a = createNetwork(params, "seed-a");
    const b = createNetwork(params, "seed-a");
    expect(Array.from(runSlot(a).hadUs)).toEqual(Array.from(runSlot(b).hadUs));
    expect(runNetwork(params, "seed-a", 3)).toEqual(runNetwork(params, "seed-a", 3));
    expect(runNetwork(params, "seed-b", 3)).not.toEqual(runNetwork(params, "seed-a", 3));
  });
});

describe("stake concentration", () => {
  it("counts the fewest operators above a third and a half of the stake", () => {
    const stakes = stakeByOperator([node(0, 0, 40), node(1, 0, 30), node(2, 0, 20), node(3, 0, 10)]);
    expect(nakamotoCoefficient(stakes, 1 / 3)).toBe(1);
    expect(nakamotoCoefficient(stakes, 1 / 2)).toBe(2);
    expect(nakamotoCoefficient([25, 25, 25, 25], 1 / 2)).toBe(3);
  });

  it("sums an operator's stake over its nodes", () => {
    expect(stakeByOperator([node(0, 0, 5, 7), node(1, 0, 6, 7), node(2, 0, 4, 8)])).toEqual([11, 4]);
  });

  it("computes the Gini coefficient of a constructed table", () => {
    expect(gini([40, 30, 20, 10])).toBeCloseTo(0.25, 12);
    expect(gini([5, 5, 5, 5])).toBeCloseTo(0, 12);
    expect(gini([0, 0, 0, 100])).toBeCloseTo(0.75, 12);
  });
});

describe("time inside a slot", () => {
  const nodes = [node(0, 0, 10), node(1, 1, 20), node(2, 2, 30)];
  const deadlineUs = 4_000_000; // a third of 12 s

  it("costs the validators of a node that had the block after the deadline their head vote", () => {
    const arrivals = Float64Array.from([1_000_000, deadlineUs, deadlineUs + 1]);
    const votes = countHeadVotes(nodes, arrivals, 12_000);
    expect(votes.timely).toBe(30);
    expect(votes.missed).toBe(30);
    expect(votes.missedByRegion).toEqual([0, 0, 30, 0, 0, 0]);
  });

  it("puts the proposer's reorg cutoff at half the attestation interval", () => {
    expect(proposerReorgCutoffUs(12_000)).toBe(2_000_000);
  });

  it("gives proposer boost only to a timely block", () => {
    expect(isBlockTimely(deadlineUs + 1, 12_000)).toBe(false);
    expect(proposerBoost(true, 3200, 32)).toBe(40);
    expect(proposerBoost(false, 3200, 32)).toBe(0);
  });

  it("reorgs a late, weak head on a strong parent, and nothing else", () => {
    // Committee weight 100: the head needs < 20, the parent > 160.
    const late = {
      headLate: true,
      headWeight: 19,
      parentWeight: 161,
      totalStake: 3200,
      slotsPerEpoch: 32,
      shufflingStable: true,
      ffgCompetitive: true,
      epochsSinceFinalization: 2,
      singleSlotReorg: true,
      proposingOnTime: true,
    };
    expect(shouldReorgLateHead(late)).toBe(true);
    expect(shouldReorgLateHead({ ...late, headLate: false })).toBe(false);
    expect(shouldReorgLateHead({ ...late, headWeight: 20 })).toBe(false);
    expect(shouldReorgLateHead({ ...late, parentWeight: 160 })).toBe(false);
    expect(shouldReorgLateHead({ ...late, epochsSinceFinalization: 3 })).toBe(false);
  });

  it("loses head votes when a heavy block's verification and transfer push it past the deadline", () => {
    const light = createNetwork(resolveNetworkParams("fast", { blockGas: 5_000_000 }), "deadline");
    const heavy = createNetwork(resolveNetworkParams("fast", { blockGas: 200_000_000 }), "deadline");
    const lightVotes = runSlot(light).votes;
    const heavyVotes = runSlot(heavy).votes;
    expect(lightVotes.missed).toBeLessThan(0.01 * lightVotes.timely);
    expect(heavyVotes.missed).toBeGreaterThan(10 * Math.max(1, lightVotes.missed));
  });
});

describe("a region outage", () => {
  it("raises that region's missed votes only", () => {
    const base = { blockGas: 10_000_000, sampling: true };
    const normal = runEpoch(createNetwork(resolveNetworkParams("fast", base), "outage"));
    const cut = runEpoch(createNetwork(resolveNetworkParams("fast", { ...base, outageRegion: 3 }), "outage"));
    const missed = (outcome: typeof normal) =>
      outcome.slots.reduce(
        (sums, slot) => sums.map((s, r) => s + slot.votes.missedByRegion[r]),
        [0, 0, 0, 0, 0, 0],
      );
    const [before, after] = [missed(normal), missed(cut)];
    expect(after[3]).toBeGreaterThan(before[3]);
    for (const region of [0, 1, 2, 4, 5]) expect(after[region]).toBeLessThanOrEqual(before[region]);
  });
});

describe("data availability bandwidth", () => {
  it("keeps a node's blob bytes with sampling the same whatever the node count, unlike full download", () => {
    const blobShare = (nodes: number, sampling: boolean) => {
      const params = resolveNetworkParams("fast", { nodes, sampling, blobsPerBlock: 32 });
      const network = createNetwork(params, "da");
      const home = network.population.nodes.find((n) => n.kind === "home")!;
      const traffic = { blockBytes: 0, totalValidators: 1000, blockCopiesIn: 0, blockCopiesOut: 0 };
      const withBlobs = nodeLoad(home, params, traffic).downBps;
      const without = nodeLoad(home, { ...params, blobsPerBlock: 0 }, traffic).downBps;
      return withBlobs - without;
    };
    expect(blobShare(2000, true)).toBe(blobShare(100, true));
    // 8 of 128 columns of the ×2 extended data: an eighth of the full download.
    expect(blobShare(100, true)).toBeCloseTo(blobShare(100, false) / 8, 6);
  });
});

describe("keeping up", () => {
  it("never raises the keep-up share when the block grows", () => {
    const shares = [15e6, 30e6, 60e6, 120e6].map(
      (blockGas) => runNetwork(resolveNetworkParams("fast", { blockGas }), "wall", 4).keepUpShare,
    );
    for (let i = 1; i < shares.length; i++) expect(shares[i]).toBeLessThanOrEqual(shares[i - 1]);
    expect(shares[shares.length - 1]).toBeLessThan(shares[0]);
  });

  it("moves a leaving validator's stake to a pool when delegation is certain, and out when it is not", () => {
    const heavy = { blockGas: 60_000_000, patience: 1, rewardUsdPerValidatorMonth: 100 };
    const total = (delegateShare: number) => {
      const network = createNetwork(resolveNetworkParams("fast", { ...heavy, delegateShare }), "leave");
      const outcome = runEpoch(network);
      return {
        changes: outcome.changes,
        stake: network.population.nodes.reduce((s, n) => s + n.validators, 0),
      };
    };
    const before = createNetwork(resolveNetworkParams("fast", heavy), "leave").population.nodes;
    const stakeBefore = before.reduce((s, n) => s + n.validators, 0);
    const delegated = total(1);
    const exited = total(0);
    expect(delegated.changes.left).toBeGreaterThan(0);
    expect(delegated.stake).toBe(stakeBefore);
    expect(exited.stake).toBe(stakeBefore - exited.changes.exitedValidators);
    expect(exited.changes.exitedValidators).toBeGreaterThan(0);
  });
});

describe("parameters", () => {
  it("runs at the ends of every documented range without breaking", () => {
    const extremes = [
      { nodes: 4, peerDegree: 50, homeStakerShare: 0, fullNodeShare: 1 },
      { nodes: 30, blockGas: 10_000_000_000, blobsPerBlock: 1024, slotMs: 500, sampling: true },
      {
        nodes: 30,
        operators: 1000,
        validatorsPerServer: 1000,
        patience: 1,
        delegateShare: 1,
        outageRegion: 5,
      },
    ];
    for (const overrides of extremes) {
      const metrics = runNetwork(resolveNetworkParams("fast", overrides), "edges", 2);
      expect(metrics.keepUpShare).toBeGreaterThanOrEqual(0);
      expect(metrics.keepUpShare).toBeLessThanOrEqual(1);
    }
  });

  it("rejects a value outside its documented range and takes the mainnet preset's shape", () => {
    expect(() => resolveNetworkParams("fast", { nodes: 20_000 })).toThrow(NetworkParamError);
    expect(() => resolveNetworkParams("fast", { homeStakerShare: 0.8, fullNodeShare: 0.5 })).toThrow(
      NetworkParamError,
    );
    const mainnet = resolveNetworkParams("mainnet");
    expect([mainnet.nodes, mainnet.slotMs, mainnet.slotsPerEpoch]).toEqual([10_000, 12_000, 32]);
  });
});
