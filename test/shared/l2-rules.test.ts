import { describe, expect, it } from "vitest";
import { summarizeMatch } from "../../runtime/summary.ts";
import type { EngineEvent } from "../../shared/index.ts";
import { describeEvent } from "../../shared/present/describe.ts";
import { play, SHORT_CLOCKS } from "../helpers.ts";

const countOf = (events: EngineEvent[], type: EngineEvent["type"]) =>
  events.filter((e) => e.type === type).length;
const sequencer = (strategy: string) => ({ id: "seq", role: "sequencer" as const, strategy });
const challenger = (strategy: string, id = "chal") => ({ id, role: "challenger" as const, strategy });

describe("the verifier's dilemma (watchCost)", () => {
  it("a lazy challenger stops watching when there is no fraud and then pays nothing more", async () => {
    const overrides = { ...SHORT_CLOCKS, slots: 64 };
    const honest = await play({
      seed: "quiet",
      seats: [sequencer("honest-sequencer"), challenger("honest-challenger")],
      overrides,
    });
    const lazy = await play({
      seed: "quiet",
      seats: [sequencer("honest-sequencer"), challenger("lazy-challenger")],
      overrides,
    });
    expect(lazy.state.l2.notWatching).toEqual(["chal"]);
    const stopped = lazy.events.filter((e) => e.type === "watching");
    expect(stopped).toEqual([expect.objectContaining({ seat: "chal", watching: false })]);
    expect(describeEvent(stopped[0])).toBe("chal stopped watching: it no longer re-executes batches.");
    const cost = (outcome: typeof honest) => outcome.scores.find((s) => s.id === "chal")!.breakdown.costs;
    expect(cost(honest)).toBeLessThan(cost(lazy));
    expect(cost(lazy)).toBeLessThan(0);
  });

  it("fraud that starts after the lazy challenger quit finalizes; an honest challenger catches it", async () => {
    // patient-fraudster turns fraudulent half way through the match.
    const overrides = { ...SHORT_CLOCKS, slots: 112 };
    const strikeSlot = overrides.slots / 2;
    const against = async (strategy: string) =>
      play({ seed: "patient", seats: [sequencer("patient-fraudster"), challenger(strategy)], overrides });

    const lazy = await against("lazy-challenger");
    expect(countOf(lazy.events, "dispute-opened")).toBe(0);
    expect(countOf(lazy.events, "fraud-finalized")).toBeGreaterThan(0);
    const lazyAttacks = summarizeMatch("patient", lazy).attacks.filter(
      (a) => a.kind === "invalid-state-root",
    );
    expect(lazyAttacks.length).toBeGreaterThan(0);
    for (const attack of lazyAttacks) expect(attack.slot).toBeGreaterThanOrEqual(strikeSlot);
    expect(lazyAttacks).toContainEqual(expect.objectContaining({ outcome: "succeeded" }));

    const honest = await against("honest-challenger");
    expect(countOf(honest.events, "fraud-finalized")).toBe(0);
    expect(summarizeMatch("patient", honest).attacks).toContainEqual(
      expect.objectContaining({ kind: "invalid-state-root", outcome: "caught" }),
    );
  });

  it("a challenger that stopped watching sees no batch data, and watching again costs again", async () => {
    const outcome = await play({
      seed: "toggle",
      seats: [sequencer("honest-sequencer"), challenger("lazy-challenger")],
      overrides: { ...SHORT_CLOCKS, slots: 40 },
    });
    const { getPlayerView, advance } = await import("../../shared/index.ts");
    const view = getPlayerView(outcome.state, "chal");
    expect(view.l2.watching).toBe(false);
    const optimistic = view.l2.rollups.find((r) => r.kind === "optimistic")!;
    expect(optimistic.batches.length).toBeGreaterThan(0);
    for (const batch of optimistic.batches) expect(batch.data).toBeNull();

    const refused = advance(outcome.state, { seq: [{ type: "watch", watching: false }] }).refusals;
    expect(refused).toContainEqual(expect.objectContaining({ seat: "seq", code: "wrong-role" }));

    const before = outcome.state.seats.find((s) => s.id === "chal")!.balance;
    advance(outcome.state, { chal: [{ type: "watch", watching: true }] });
    expect(getPlayerView(outcome.state, "chal").l2.watching).toBe(true);
    expect(outcome.state.seats.find((s) => s.id === "chal")!.balance).toBeLessThan(before);
  });
});

describe("concurrent disputes", () => {
  it("when one challenger's win reverts the batch, the other disputes on it return their bonds", async () => {
    const outcome = await play({
      seed: "crowd",
      seats: [
        sequencer("fraudulent-sequencer"),
        challenger("honest-challenger", "chal-1"),
        challenger("honest-challenger", "chal-2"),
      ],
      // Short enough that no settled dispute has aged out of the state.
      overrides: { ...SHORT_CLOCKS, slots: 40 },
    });
    const disputes = outcome.state.l2.disputes;
    expect(new Set(disputes.map((d) => d.batch)).size).toBeLessThan(disputes.length);
    expect(disputes.some((d) => d.status === "closed")).toBe(true);
    for (const id of ["chal-1", "chal-2"]) {
      const seat = outcome.state.seats.find((s) => s.id === id)!;
      const inOpenDisputes = disputes
        .filter((d) => d.status === "open" && d.challenger === id)
        .reduce((sum, d) => sum + d.bonds.challenger, 0);
      expect(seat.locked).toBe(inOpenDisputes);
      expect(outcome.scores.find((s) => s.id === id)!.breakdown.bondsLost).toBe(0);
    }
  });
});

describe("the fallback sequencer", () => {
  it("defends its batches: a griefing challenger loses every dispute and reverts nothing", async () => {
    const outcome = await play({
      seed: "grief-fallback",
      seats: [challenger("griefing-challenger")],
      overrides: { ...SHORT_CLOCKS, slots: 48 },
    });
    const resolved = outcome.events.filter((e) => e.type === "dispute-resolved");
    expect(resolved.length).toBeGreaterThan(1);
    for (const dispute of resolved) expect(dispute).toMatchObject({ winner: "background", loser: "chal" });
    expect(countOf(outcome.events, "batch-reverted")).toBe(0);
    expect(outcome.scores.find((s) => s.id === "chal")!.breakdown.bondsLost).toBeLessThan(0);
  });

  it("posts even when the seats hold every validator (the background seat is there with none)", async () => {
    const outcome = await play({
      seed: "no-background-validators",
      seats: [{ id: "val", role: "validator", strategy: "honest-validator", validators: 32 }],
      overrides: { ...SHORT_CLOCKS, slots: 24, validators: 32 },
    });
    expect(outcome.state.seats.find((s) => s.id === "background")?.validators).toEqual([]);
    expect(countOf(outcome.events, "batch-posted")).toBeGreaterThan(0);
  });
});

describe("several sequencers", () => {
  it("a seat's second batch for a rollup is refused while its first waits for inclusion", async () => {
    const { state } = await play({
      seed: "turns",
      seats: [
        { id: "seq-1", role: "sequencer", strategy: "honest-sequencer" },
        { id: "seq-2", role: "sequencer", strategy: "honest-sequencer" },
      ],
      overrides: { ...SHORT_CLOCKS, slots: 16 },
    });
    const { advance } = await import("../../shared/index.ts");
    const pending = state.l2.rollups.find((r) => r.id === "optimistic")!.pending.map((tx) => tx.id);
    expect(pending.length).toBeGreaterThan(2);
    const batchOf = (txs: number[]) => ({ type: "postBatch", rollup: "optimistic", txs });
    // Nobody proposes these slots: the batches stay in the mempool.
    const first = advance(state, { "seq-1": [batchOf([pending[0]])] });
    expect(first.refusals).toHaveLength(0);
    const again = advance(state, { "seq-1": [batchOf([pending[1]])], "seq-2": [batchOf([pending[2]])] });
    expect(again.refusals).toEqual([expect.objectContaining({ seat: "seq-1", code: "duplicate" })]);
    expect(state.mempool.filter((op) => op.action.type === "postBatch").map((op) => op.seat)).toEqual([
      "seq-1",
      "seq-2",
    ]);
  });
});

describe("sim --json rollup counts", () => {
  it("counts every batch of the match, not only those still held in the state", async () => {
    const outcome = await play({ seed: "count", overrides: { ...SHORT_CLOCKS, slots: 128 } });
    const json = summarizeMatch("count", outcome);
    for (const rollup of json.rollups) {
      const posted = outcome.events.filter((e) => e.type === "batch-posted" && e.rollup === rollup.id);
      expect(rollup.batchesPosted).toBe(posted.length);
      expect(rollup.batchesPosted).toBeGreaterThan(outcome.state.config.challengeWindow * 2);
      expect(rollup.batchesFinalized + rollup.batchesReverted).toBeLessThanOrEqual(rollup.batchesPosted);
    }
  });
});

describe("user transactions", () => {
  it("honest sequencing skips none: every posted transaction executes, inbox ones included", async () => {
    const outcome = await play({
      seed: "nonces",
      seats: [
        sequencer("honest-sequencer"),
        { id: "zk", role: "sequencer", strategy: "honest-zk-sequencer" },
      ],
      overrides: { ...SHORT_CLOCKS, slots: 160, forcedInclusionShare: 10 },
    });
    const posted = outcome.events.filter((e) => e.type === "batch-posted");
    const forced = outcome.state.l2.rollups
      .flatMap((r) => r.batches.flatMap((b) => b.txs))
      .filter((tx) => tx.forced);
    expect(forced.length).toBeGreaterThan(0);
    const finals = outcome.events.filter((e) => e.type === "batch-final");
    const postedTxs = new Map(posted.map((e) => [e.batch, e.txs]));
    expect(finals.length).toBeGreaterThan(0);
    for (const final of finals) expect(final.txs).toBe(postedTxs.get(final.batch));
  });
});
