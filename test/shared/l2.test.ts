import { describe, expect, it } from "vitest";
import { summarizeMatch } from "../../runtime/summary.ts";
import { coinsToMilli, type EngineEvent, resolveConfig } from "../../shared/index.ts";
import { Rng } from "../../shared/random.ts";
import { processRollups } from "../../shared/rollup.ts";
import { play, SHORT_CLOCKS, seatsOf } from "../helpers.ts";

type Of<T extends EngineEvent["type"]> = Extract<EngineEvent, { type: T }>;
const eventsOf = <T extends EngineEvent["type"]>(events: EngineEvent[], type: T) =>
  events.filter((e): e is Of<T> => e.type === type);

const sequencer = (strategy: string) => ({ id: "seq", role: "sequencer" as const, strategy });
const challenger = (strategy: string) => ({ id: "chal", role: "challenger" as const, strategy });

describe("optimistic rollup: fraud proofs", () => {
  it("an invalid root is disputed, bisected in ⌈log2 n⌉ rounds, and the sequencer pays", async () => {
    const outcome = await play({
      seed: "fraud",
      seats: [sequencer("fraudulent-sequencer"), challenger("honest-challenger")],
      overrides: { ...SHORT_CLOCKS, slots: 64 },
      record: true,
    });
    const opened = eventsOf(outcome.events, "dispute-opened");
    const resolved = eventsOf(outcome.events, "dispute-resolved");
    expect(opened.length).toBeGreaterThan(0);
    const first = resolved[0];
    expect(first).toMatchObject({ winner: "chal", loser: "seq", reason: "fraud proven in one step" });
    // The disputed batch's size, from the replay's postBatch operation.
    const posted = eventsOf(outcome.events, "batch-posted").find((e) => e.batch === opened[0].batch)!;
    expect(first.rounds).toBe(Math.ceil(Math.log2(posted.txs)));

    const reverted = eventsOf(outcome.events, "batch-reverted").filter((e) => e.slot === first.slot);
    expect(reverted[0]).toMatchObject({ batch: opened[0].batch, reason: "fraud proven" });
    const laterPosted = eventsOf(outcome.events, "batch-posted").filter(
      (e) => e.rollup === "optimistic" && e.slot > posted.slot && e.slot <= first.slot && e.seat === "seq",
    );
    expect(reverted.length).toBe(1 + laterPosted.length);
    expect(eventsOf(outcome.events, "sequencer-ejected")).toContainEqual(
      expect.objectContaining({ seat: "seq" }),
    );
    expect(eventsOf(outcome.events, "fraud-finalized")).toHaveLength(0);

    // The loser's bonds: half to the winner, half burned (sequencer bond and move bonds alike).
    const seq = outcome.scores.find((s) => s.id === "seq")!;
    const chal = outcome.scores.find((s) => s.id === "chal")!;
    const sequencerBond = coinsToMilli(10);
    const moveBonds = -seq.breakdown.bondsLost - sequencerBond;
    expect(moveBonds).toBeGreaterThan(0);
    expect(chal.breakdown.disputes).toBe(Math.floor(sequencerBond / 2) + Math.floor(moveBonds / 2));
    expect(chal.breakdown.bondsLost).toBe(0);
    // Watching costs watchCost per slot while a batch can be challenged; the win pays for it many times over.
    expect(chal.breakdown.costs).toBeLessThan(0);
    expect(chal.score).toBe(chal.breakdown.disputes + chal.breakdown.costs);
    expect(chal.score).toBeGreaterThan(0);
  });

  it("with no fraud, watching never pays: the verifier's dilemma", async () => {
    const outcome = await play({
      seed: "quiet",
      seats: [sequencer("honest-sequencer"), challenger("honest-challenger")],
      overrides: { ...SHORT_CLOCKS, slots: 48 },
    });
    const chal = outcome.scores.find((s) => s.id === "chal")!;
    expect(eventsOf(outcome.events, "dispute-opened")).toHaveLength(0);
    expect(chal.score).toBeLessThan(0);
    expect(chal.score).toBe(chal.breakdown.costs);
  });

  it("lets go of a batch's data once it is final: the state holds only the batches still open to dispute", async () => {
    const outcome = await play({
      seed: "quiet",
      seats: [sequencer("honest-sequencer"), challenger("honest-challenger")],
      overrides: { ...SHORT_CLOCKS, slots: 48 },
    });
    const batches = outcome.state.l2.rollups.flatMap((rollup) => rollup.batches);
    const final = batches.filter((batch) => batch.status === "final");
    const pending = batches.filter((batch) => batch.status === "pending");
    expect(final.length).toBeGreaterThan(0);
    expect(pending.length).toBeGreaterThan(0);
    for (const batch of final) {
      expect([batch.txs, batch.trace, batch.correctTrace, batch.preBalances]).toEqual([[], [], [], []]);
      expect(batch.txCount).toBeGreaterThan(0);
    }
    for (const batch of pending) expect(batch.txs).toHaveLength(batch.txCount);
  });

  it("without a challenger, invalid batches finalize and the theft is reported as a succeeded attack", async () => {
    const outcome = await play({
      seed: "fraud",
      seats: [sequencer("fraudulent-sequencer")],
      overrides: { ...SHORT_CLOCKS, slots: 64 },
    });
    const json = summarizeMatch("fraud", outcome);
    expect(eventsOf(outcome.events, "fraud-finalized").length).toBeGreaterThan(0);
    expect(json.attacks).toContainEqual(
      expect.objectContaining({ kind: "invalid-state-root", by: "seq", outcome: "succeeded" }),
    );
    expect(outcome.scores.find((s) => s.id === "seq")!.breakdown.attackGains).toBeGreaterThan(0);
  });

  it("a censoring sequencer whose batch skips an overdue inbox transaction loses its dispute", async () => {
    const outcome = await play({
      seed: "censor",
      seats: [sequencer("censoring-sequencer"), challenger("honest-challenger")],
      overrides: { ...SHORT_CLOCKS, slots: 64, forcedInclusionShare: 20 },
    });
    const resolved = eventsOf(outcome.events, "dispute-resolved");
    expect(resolved.length).toBeGreaterThan(0);
    expect(resolved[0]).toMatchObject({ winner: "chal", loser: "seq" });
    const json = summarizeMatch("censor", outcome);
    expect(json.attacks).toContainEqual(
      expect.objectContaining({ kind: "sequencer-censorship", outcome: "caught" }),
    );
  });

  it("a griefing challenger loses every bond and delays finality by at most the window plus the clocks", async () => {
    const overrides = { ...SHORT_CLOCKS, slots: 96 };
    const honest = await play({ seed: "grief", seats: [sequencer("honest-sequencer")], overrides });
    const grief = await play({
      seed: "grief",
      seats: [sequencer("honest-sequencer"), challenger("griefing-challenger")],
      overrides,
    });
    const resolved = eventsOf(grief.events, "dispute-resolved");
    expect(resolved.length).toBeGreaterThan(1);
    for (const dispute of resolved) expect(dispute).toMatchObject({ winner: "seq", loser: "chal" });
    const griefer = grief.scores.find((s) => s.id === "chal")!;
    expect(griefer.breakdown.disputes).toBe(0);
    expect(griefer.score).toBe(griefer.breakdown.bondsLost + griefer.breakdown.costs);
    expect(griefer.score).toBeLessThan(0);
    expect(eventsOf(grief.events, "batch-reverted")).toHaveLength(0);

    const config = resolveConfig("phase0", overrides);
    const maxLag = (events: EngineEvent[]) =>
      Math.max(
        ...eventsOf(events, "batch-final")
          .filter((e) => e.rollup === "optimistic")
          .map((e) => e.lagSlots),
      );
    const delay = maxLag(grief.events) - maxLag(honest.events);
    expect(delay).toBeGreaterThan(0);
    expect(delay).toBeLessThanOrEqual(config.challengeWindow + 2 * config.disputeClock);
  });
});

describe("data availability", () => {
  it("withheld data is judged unavailable by honest samplers, and the batch never finalizes", async () => {
    const outcome = await play({
      seed: "withhold",
      seats: [sequencer("withholding-sequencer"), challenger("honest-challenger")],
      overrides: { ...SHORT_CLOCKS, slots: 64 },
    });
    const verdicts = eventsOf(outcome.events, "blob-verdict").filter((v) => v.released < 16);
    expect(verdicts.length).toBeGreaterThan(0);
    for (const verdict of verdicts) expect(verdict.available).toBe(false);
    const seqBatches = new Set(
      eventsOf(outcome.events, "batch-posted")
        .filter((e) => e.seat === "seq")
        .map((e) => e.batch),
    );
    expect(eventsOf(outcome.events, "batch-final").filter((e) => seqBatches.has(e.batch))).toHaveLength(0);
    expect(eventsOf(outcome.events, "fraud-finalized")).toHaveLength(0);
  });

  it("with a lazy committee majority, withheld invalid data slips through and the attack succeeds", async () => {
    const outcome = await play({
      seed: "withhold",
      seats: [
        sequencer("withholding-sequencer"),
        challenger("honest-challenger"),
        ...seatsOf(7, "lazy-da-attester"),
      ],
      overrides: { ...SHORT_CLOCKS, slots: 64 },
    });
    expect(eventsOf(outcome.events, "fraud-finalized").length).toBeGreaterThan(0);
    const json = summarizeMatch("withhold", outcome);
    expect(json.attacks).toContainEqual(
      expect.objectContaining({ kind: "data-withholding", outcome: "succeeded" }),
    );
    // Nobody could build a fraud proof: the challenger never saw the data.
    expect(eventsOf(outcome.events, "dispute-opened")).toHaveLength(0);
  });
});

describe("ZK rollup", () => {
  it("rejects a forged proof, reverts the batch and ejects the forger", async () => {
    const outcome = await play({
      seed: "forge",
      seats: [sequencer("zk-forger")],
      overrides: { ...SHORT_CLOCKS, slots: 32 },
    });
    const proofs = eventsOf(outcome.events, "proof").filter((p) => p.seat === "seq");
    expect(proofs.length).toBeGreaterThan(0);
    for (const proof of proofs) expect(proof.valid).toBe(false);
    expect(eventsOf(outcome.events, "batch-reverted")).toContainEqual(
      expect.objectContaining({ reason: "its proof failed verification" }),
    );
    expect(eventsOf(outcome.events, "sequencer-ejected")).toContainEqual(
      expect.objectContaining({ seat: "seq", rollup: "zk" }),
    );
    expect(outcome.scores.find((s) => s.id === "seq")!.breakdown.costs).toBeLessThan(0);
  });

  it("an honest ZK sequencer only posts what it can prove by the deadline, and keeps its bond", async () => {
    // Proving one transaction per slot within a 4-slot deadline: batches of at most 2 transactions.
    const outcome = await play({
      seed: "late",
      seats: [sequencer("honest-zk-sequencer")],
      overrides: { ...SHORT_CLOCKS, slots: 48, txsProvedPerSlot: 1, proofDeadline: 4 },
    });
    expect(eventsOf(outcome.events, "batch-reverted")).toEqual([]);
    expect(outcome.scores.find((s) => s.id === "seq")!.breakdown.bondsLost).toBe(0);
    const zk = outcome.state.l2.rollups.find((r) => r.kind === "zk")!;
    expect(zk.txsFinalized).toBeGreaterThan(0);
  });

  it("reverts a batch still unproven at its deadline and slashes the sequencer's bond", async () => {
    const outcome = await play({
      seed: "late",
      seats: [sequencer("honest-zk-sequencer")],
      overrides: { ...SHORT_CLOCKS, slots: 8 },
    });
    const { state } = outcome;
    const zk = state.l2.rollups.find((r) => r.kind === "zk")!;
    const batch = zk.batches.find((b) => b.seat === "seq" && b.provedSlot < 0)!;
    const ctx = { state, config: state.config, rng: new Rng(state), slot: 0, events: [], refusals: [] };
    ctx.slot = batch.postedSlot + state.config.proofDeadline;
    processRollups(ctx);
    expect(ctx.events).toContainEqual(expect.objectContaining({ reason: "unproven at its deadline" }));
    expect(state.seats.find((s) => s.id === "seq")!.breakdown.bondsLost).toBe(-coinsToMilli(10));
  });

  it("finalizes several times faster than the optimistic rollup under the default config (the time scale)", async () => {
    const json = summarizeMatch("lag", await play({ seed: "lag" }));
    const lag = (kind: string) => json.rollups.find((r) => r.kind === kind)!.finalityLagSlots!;
    expect(lag("zk") * 2).toBeLessThan(lag("optimistic"));
  });
});

describe("shards", () => {
  it("at saturation, 4 shards finalize at least 3× the L2 transactions per slot of 1 shard", async () => {
    const saturated = { ...SHORT_CLOCKS, slots: 96, l2TxPerSlot: 120, blobCapacity: 4, blobMax: 2 };
    const perSlot = async (shards: number) => {
      const json = summarizeMatch(
        "shards",
        await play({ seed: "shards", overrides: { ...saturated, shards } }),
      );
      return json.rollups.reduce((sum, r) => sum + r.txsFinalizedPerSlot, 0);
    };
    const one = await perSlot(1);
    const four = await perSlot(4);
    expect(one).toBeGreaterThan(0);
    expect(four).toBeGreaterThanOrEqual(3 * one);
  });

  it("prices blobs with the EIP-4844 fake_exponential of the excess over target", async () => {
    const { fakeExponential } = await import("../../shared/shards.ts");
    expect(fakeExponential(1, 0, 8)).toBe(1);
    // e^1 ≈ 2.718: with factor 1000, the integer series gives 2718.
    expect(fakeExponential(1000, 8, 8)).toBe(2718);
    const json = summarizeMatch(
      "fee",
      await play({
        seed: "fee",
        overrides: { ...SHORT_CLOCKS, slots: 32, l2TxPerSlot: 400, blobCapacity: 8, shards: 1 },
      }),
    );
    expect(json.shards.blobFeeFinal).toBeGreaterThan(0.001);
  });
});
