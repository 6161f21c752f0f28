// The role panel's choices against real engine states: a seat played only by taking choices, the others by
// their strategies. Every choice taken must be accepted by the engine and do what its label says.
import { describe, expect, it } from "vitest";
import { type Choice, choices } from "../../bots/choices.ts";
import { createSeatRuns, DEFAULT_BUDGET, takeTurn } from "../../runtime/match.ts";
import {
  advance,
  createMatch,
  type EngineEvent,
  getPlayerView,
  type PlayerView,
  type Refusal,
  resolveConfig,
  type SeatSpec,
  type SlotActions,
} from "../../shared/index.ts";
import { SHORT_CLOCKS } from "../helpers.ts";

/** A match in which the `players` seats act only through choices; every other seat plays its strategy. */
async function table(seed: string, seats: SeatSpec[], players: string[]) {
  const state = createMatch({
    config: resolveConfig("phase0", { ...SHORT_CLOCKS, slots: 128 }),
    seed,
    seats,
  });
  const runs = (await createSeatRuns(state, DEFAULT_BUDGET)).filter((run) => !players.includes(run.id));
  const events: EngineEvent[] = [];
  const refusals: Refusal[] = [];
  return {
    state,
    events,
    /** Refusals of the players' own actions so far. */
    refused: () => refusals.filter((r) => players.includes(r.seat)),
    view: (seat: string) => getPlayerView(state, seat),
    /** One slot: the bots' turns plus the choices each player takes (by key) in its current view. */
    async play(taken: Record<string, (view: PlayerView) => Choice[]> = {}) {
      const actions: SlotActions = {};
      for (const run of runs) actions[run.id] = await takeTurn(run, state, DEFAULT_BUDGET);
      for (const [seat, pick] of Object.entries(taken))
        actions[seat] = pick(getPlayerView(state, seat)).flatMap((choice) => choice.actions);
      const result = advance(state, actions);
      events.push(...result.events);
      refusals.push(...result.refusals);
      return result;
    },
  };
}

const byKey =
  (...keys: string[]) =>
  (view: PlayerView) =>
    choices(view).filter((choice) => keys.includes(choice.key));

/** The dispute move the seat's re-execution calls true: the bisection answer so marked, or the one-step proof. */
const trueMove = (view: PlayerView) =>
  choices(view).filter(
    (c) => c.key === "q" || (/^(Agree|Disagree)/.test(c.label) && c.label.includes("(true by re-execution)")),
  );

describe("the role panel's choices", () => {
  it("show a challenger a fraudulent batch's wrong root; taking the true moves wins the dispute", async () => {
    const game = await table(
      "choices-challenger",
      [
        { id: "sequencer-1", role: "sequencer", strategy: "fraudulent-sequencer" },
        { id: "challenger-1", role: "challenger", strategy: "honest-challenger" },
      ],
      ["challenger-1"],
    );
    let challenge: Choice | undefined;
    while (!challenge && game.state.slot < 40) {
      challenge = choices(game.view("challenger-1")).find((c) => c.actions[0]?.type === "challenge");
      if (!challenge) await game.play();
    }
    expect(challenge?.key).toBe("1");
    expect(choices(game.view("challenger-1")).find((c) => c.key === "g")?.actions).toEqual([
      { type: "watch", watching: false },
    ]);
    expect(challenge?.label).toMatch(/the batch of slot \d+: re-executed, root wrong from tx \d+/);
    expect(challenge?.hint).toContain("sequencer-1's batch. Bond 2.0: win 5.0");
    await game.play({ "challenger-1": () => [challenge!] });
    expect(game.events.some((e) => e.type === "dispute-opened" && e.challenger === "challenger-1")).toBe(
      true,
    );

    // Each turn: the bisection answer the re-execution calls true, then the one-step proof.
    const verdicts: string[] = [];
    const recordingTrueMove = (view: PlayerView) => {
      verdicts.push(...choices(view).map((c) => c.label));
      return trueMove(view);
    };
    while (!game.events.some((e) => e.type === "dispute-resolved") && game.state.slot < 80)
      await game.play({ "challenger-1": recordingTrueMove });
    const resolved = game.events.find((e) => e.type === "dispute-resolved");
    expect(resolved).toMatchObject({ winner: "challenger-1", loser: "sequencer-1" });
    // Both answers were offered, with a verdict each.
    expect(verdicts.some((label) => label.startsWith("Agree") && label.endsWith("(false)"))).toBe(true);
    expect(verdicts.some((label) => label.startsWith("Disagree") && label.endsWith("(false)"))).toBe(true);
    expect(game.refused()).toEqual([]);
  });

  it("let a validator equivocate only with the validator that proposes this slot", async () => {
    const game = await table(
      "choices-equivocation",
      [{ id: "validator-1", role: "validator", strategy: "honest-validator", validators: 8 }],
      ["validator-1"],
    );
    let view = game.view("validator-1");
    const equivocations: Choice[] = [];
    while (game.state.slot < 48 && equivocations.length === 0) {
      view = game.view("validator-1");
      const offered = choices(view).find((c) => c.key === "e");
      if (view.duties.propose.length === 0) expect(offered).toBeUndefined();
      if (offered) equivocations.push(offered);
      else await game.play({ "validator-1": byKey("v", "p", "k") });
    }
    const [equivocation] = equivocations;
    const [proposer] = view.duties.propose;
    expect(view.seat.validators.length).toBe(8);
    expect(equivocation.actions).toHaveLength(2);
    expect(equivocation.actions.every((a) => a.type === "propose" && a.validator === proposer)).toBe(true);
    const result = await game.play({ "validator-1": () => [equivocation] });
    expect(result.events.filter((e) => e.type === "block" && e.proposer === proposer)).toHaveLength(2);
    expect(game.refused()).toEqual([]);
  });

  it("offer a report after a double vote, which the engine accepts and slashes for", async () => {
    const game = await table(
      "choices-report",
      [
        // Seats act in id order: the reporter's report is in before the background validators'.
        { id: "a-reporter", role: "challenger", strategy: "honest-challenger" },
        { id: "validator-1", role: "validator", strategy: "honest-validator" },
      ],
      ["a-reporter", "validator-1"],
    );
    let doubleVoted = false;
    while (!doubleVoted && game.state.slot < 24) {
      const double = choices(game.view("validator-1")).find((c) => c.key === "m");
      doubleVoted = double !== undefined;
      await game.play({ "validator-1": doubleVoted ? () => [double!] : byKey("v", "p", "k") });
    }
    expect(doubleVoted).toBe(true);
    const report = choices(game.view("a-reporter")).find((c) => c.key === "h");
    expect(report?.label).toContain("double-vote");
    // One report per validator of the seat that double-voted (the shuffle may put several in one slot).
    expect(report?.actions.length).toBeGreaterThan(0);
    for (const action of report!.actions)
      expect(action).toMatchObject({ type: "reportSlashing", offense: "double-vote" });
    await game.play({ "a-reporter": () => [report!] });
    while (!game.events.some((e) => e.type === "slashed") && game.state.slot < 40) await game.play();
    expect(game.events.find((e) => e.type === "slashed")).toMatchObject({
      seat: "validator-1",
      offense: "double-vote",
      reporter: "a-reporter",
    });
    expect(game.refused()).toEqual([]);
  });

  it("let a sequencer post a batch with a wrong root, which an honest challenger then disputes", async () => {
    const game = await table(
      "choices-forgery",
      [
        { id: "sequencer-1", role: "sequencer", strategy: "honest-sequencer" },
        { id: "challenger-1", role: "challenger", strategy: "honest-challenger" },
      ],
      ["sequencer-1"],
    );
    let forged: Choice | undefined;
    while (!forged && game.state.slot < 24) {
      forged = choices(game.view("sequencer-1")).find((c) => c.key === "i");
      if (!forged) await game.play();
    }
    expect(forged?.actions[0]).toMatchObject({ type: "postBatch", rollup: "optimistic" });
    await game.play({ "sequencer-1": () => [forged!] });
    const posted = game.events.find((e) => e.type === "batch-posted" && e.seat === "sequencer-1");
    expect(posted).toBeDefined();
    while (!game.events.some((e) => e.type === "dispute-opened") && game.state.slot < 40) await game.play();
    expect(game.events.find((e) => e.type === "dispute-opened")).toMatchObject({
      batch: posted?.type === "batch-posted" ? posted.batch : "",
      challenger: "challenger-1",
      defender: "sequencer-1",
    });
    // Its defence is offered with the verdict: standing by the batch's root is false past the forgery.
    while (game.state.slot < 60) {
      const defence = choices(game.view("sequencer-1")).filter((c) => c.key === "t" || c.key === "u");
      if (defence.some((c) => c.label.includes("(false by re-execution)"))) break;
      await game.play({ "sequencer-1": byKey("t") });
    }
    expect(choices(game.view("sequencer-1")).find((c) => c.key === "u")?.label).toContain("(the true one)");
    expect(game.refused()).toEqual([]);
  });

  it("offer a surround vote once a validator has voted from a justified source, slashable when reported", async () => {
    const game = await table(
      "choices-surround",
      [
        { id: "a-reporter", role: "challenger", strategy: "honest-challenger" },
        { id: "validator-1", role: "validator", strategy: "honest-validator" },
      ],
      ["a-reporter", "validator-1"],
    );
    let surround: Choice | undefined;
    let honest: Choice | undefined;
    while (!surround && game.state.slot < 80) {
      const offered = choices(game.view("validator-1"));
      surround = offered.find((c) => c.key === "o");
      honest = offered.find((c) => c.key === "v");
      await game.play({ "validator-1": surround ? () => [surround!] : byKey("v", "p", "k") });
    }
    // The same targets as the honest votes, from an older source than each validator's last vote.
    expect(surround?.actions.length).toBeGreaterThan(0);
    surround?.actions.forEach((vote, i) => {
      const fair = honest?.actions[i];
      if (vote.type !== "attest" || fair?.type !== "attest") throw new Error("votes expected");
      expect(vote.target).toEqual(fair.target);
      expect(vote.source.epoch).toBeLessThan(fair.source.epoch);
    });
    const report = choices(game.view("a-reporter")).find((c) => c.key === "h");
    expect(report?.actions.length).toBeGreaterThan(0);
    for (const action of report!.actions) expect(action).toMatchObject({ offense: "surround-vote" });
    await game.play({ "a-reporter": () => [report!] });
    while (!game.events.some((e) => e.type === "slashed") && game.state.slot < 100) await game.play();
    expect(game.events.find((e) => e.type === "slashed")).toMatchObject({
      seat: "validator-1",
      offense: "surround-vote",
      reporter: "a-reporter",
    });
    expect(game.refused()).toEqual([]);
  });

  it("tell a challenger a batch whose data was withheld cannot be re-executed", async () => {
    const game = await table(
      "choices-withheld",
      [
        { id: "sequencer-1", role: "sequencer", strategy: "honest-sequencer" },
        { id: "challenger-1", role: "challenger", strategy: "honest-challenger" },
      ],
      ["sequencer-1", "challenger-1"],
    );
    let withheld: Choice | undefined;
    while (!withheld && game.state.slot < 24) {
      withheld = choices(game.view("sequencer-1")).find((c) => c.key === "w");
      if (!withheld) await game.play();
    }
    expect(withheld?.actions[0]).toMatchObject({ type: "postBatch", release: 15 });
    await game.play({ "sequencer-1": () => [withheld!] });
    const challenge = choices(game.view("challenger-1")).find((c) => c.key === "1");
    expect(challenge?.label).toMatch(/the batch of slot \d+: no data to re-execute/);
    expect(game.refused()).toEqual([]);
  });

  it("offer a censoring batch only while inbox transactions wait, leaving exactly those out", async () => {
    const game = await table(
      "choices-censor",
      [{ id: "sequencer-1", role: "sequencer", strategy: "honest-sequencer" }],
      ["sequencer-1"],
    );
    let view = game.view("sequencer-1");
    while (game.state.slot < 64) {
      view = game.view("sequencer-1");
      if (choices(view).some((c) => c.key === "c")) break;
      expect(view.l2.rollups[0].pending.some((tx) => tx.forced)).toBe(false);
      await game.play();
    }
    const offered = choices(view);
    const forced = new Set(view.l2.rollups[0].pending.filter((tx) => tx.forced).map((tx) => tx.id));
    const [censoring] = offered.find((c) => c.key === "c")!.actions;
    const [honest] = offered.find((c) => c.key === "b")!.actions;
    if (censoring.type !== "postBatch" || honest.type !== "postBatch") throw new Error("batches expected");
    expect(forced.size).toBeGreaterThan(0);
    expect(censoring.txs.some((id) => forced.has(id))).toBe(false);
    expect(honest.txs.slice(0, forced.size).every((id) => forced.has(id))).toBe(true);
  });

  it("tell a challenger that a batch with right roots still skips an overdue inbox transaction", async () => {
    const game = await table(
      "choices-censor-verdict",
      [
        { id: "challenger-1", role: "challenger", strategy: "honest-challenger" },
        { id: "sequencer-1", role: "sequencer", strategy: "honest-sequencer" },
      ],
      ["challenger-1", "sequencer-1"],
    );
    // The sequencer censors whenever the inbox has something to leave out, and posts honestly otherwise.
    const censor = (view: PlayerView) => {
      const offered = choices(view);
      return offered.filter((c) => c.key === (offered.some((o) => o.key === "c") ? "c" : "b"));
    };
    const verdicts = () =>
      choices(game.view("challenger-1"))
        .filter((c) => c.actions[0]?.type === "challenge")
        .map((c) => c.label);
    while (
      !verdicts().some((label) => label.includes("skips an overdue inbox transaction")) &&
      game.state.slot < 60
    )
      await game.play({ "sequencer-1": censor });
    const censored = choices(game.view("challenger-1")).find((c) => c.label.includes("skips an overdue"));
    expect(censored?.label).toContain("roots right");
    await game.play({ "challenger-1": () => [censored!], "sequencer-1": censor });
    while (!game.events.some((e) => e.type === "dispute-resolved") && game.state.slot < 100)
      await game.play({ "challenger-1": trueMove });
    expect(game.events.find((e) => e.type === "dispute-resolved")).toMatchObject({ winner: "challenger-1" });
  });

  it("let a sequencer forge a ZK proof, which the verifier rejects", async () => {
    const game = await table(
      "choices-zk-forge",
      [{ id: "sequencer-1", role: "sequencer", strategy: "honest-zk-sequencer" }],
      ["sequencer-1"],
    );
    while (!game.events.some((e) => e.type === "proof") && game.state.slot < 12)
      await game.play({ "sequencer-1": byKey("j") });
    expect(game.events.find((e) => e.type === "proof")).toMatchObject({ seat: "sequencer-1", valid: false });
    expect(game.events.some((e) => e.type === "sequencer-ejected" && e.seat === "sequencer-1")).toBe(true);
    expect(game.refused()).toEqual([]);
  });

  it("let a proposer leave challenges out of its block", async () => {
    const game = await table(
      "choices-censoring-proposer",
      [
        { id: "attacker-1", role: "attacker", strategy: "honest-validator", validators: 96 },
        { id: "sequencer-1", role: "sequencer", strategy: "fraudulent-sequencer" },
        { id: "challenger-1", role: "challenger", strategy: "honest-challenger" },
      ],
      ["attacker-1"],
    );
    // The attacker holds nearly every validator and takes the censoring proposal whenever it proposes: a
    // challenge sent in its slot stays out of its block and waits in the mempool.
    const waitingChallenge = () =>
      game.view("attacker-1").mempool.find((op) => op.action.type === "challenge");
    while (!waitingChallenge() && game.state.slot < 96) await game.play({ "attacker-1": byKey("r", "v") });
    const challenge = waitingChallenge();
    expect(challenge).toBeDefined();
    const slot = game.state.slot;
    await game.play({ "attacker-1": byKey("r", "v") });
    const block = game.state.blocks[game.state.blockRoots[slot]];
    expect(game.state.seats.find((seat) => seat.id === "attacker-1")?.validators).toContain(block.proposer);
    expect(block.operations).not.toContain(challenge!.id);
    expect(waitingChallenge()?.id).toBe(challenge!.id);
    expect(game.refused()).toEqual([]);
  });
});
