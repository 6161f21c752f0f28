// The network attacks (docs/network.md, "Network attacks"): each strategy does what it claims in a small match,
// its scenario file loads and runs, and the attack lab reads its outcome.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { judgeAttack, loadScenario, planAttack } from "../../lab/attacks.ts";
import { runJob } from "../../lab/jobs.ts";
import { summarizeMatch } from "../../runtime/summary.ts";
import type { SeatSpec } from "../../shared/index.ts";
import { play } from "../helpers.ts";

const SCENARIOS = join(import.meta.dirname, "../../scenarios");
const slots = 64;

describe("ex-ante-reorg-proposer", () => {
  const seats: SeatSpec[] = [
    { id: "attacker", role: "attacker", strategy: "ex-ante-reorg-proposer", validators: 32 },
    { id: "honest", role: "validator", strategy: "honest-validator" },
  ];
  // 256 validators: slot committees of 32, of which the attacker's eighth of the stake holds about 4.
  const attempts = async (proposerBoost: number) => {
    const overrides = { slots, proposerBoost, validators: 256 };
    const outcome = await play({ seed: "ex-ante", overrides, seats });
    const summary = summarizeMatch("ex-ante", outcome);
    return { outcome, attacks: summary.attacks.filter((a) => a.kind === "ex-ante-reorg") };
  };

  it("reorgs the next proposer's block without proposer boost", async () => {
    const { outcome, attacks } = await attempts(0);
    expect(attacks.length).toBeGreaterThan(0);
    expect(attacks.every((a) => a.by === "attacker")).toBe(true);
    const won = attacks.filter((a) => a.outcome === "succeeded");
    expect(won.length).toBeGreaterThan(0);
    // Each won reorg left the next slot's block off the chain, outvoted.
    const outvoted = new Set(
      outcome.events.flatMap((e) => (e.type === "orphaned" && e.reason === "outvoted" ? [e.slot] : [])),
    );
    for (const attack of won) expect(outvoted.has(attack.slot + 1)).toBe(true);
    // Released a slot later, each withheld block met its fork in that slot.
    for (const attack of won) expect(attack.detectedAfterSlots).toBe(1);
    expect(outcome.refusals.filter((r) => r.seat === "attacker")).toEqual([]);
  });

  it("fails with proposer boost: an eighth of the stake does not outweigh 40% of a committee", async () => {
    const { attacks } = await attempts(40);
    expect(attacks.length).toBeGreaterThan(0);
    expect(attacks.filter((a) => a.outcome === "succeeded")).toEqual([]);
  });
});

describe("late-publishing-proposer", () => {
  const lineup = (strategy: string): SeatSpec[] => [
    { id: "player", role: "validator", strategy, validators: 8 },
    { id: "honest", role: "validator", strategy: "honest-validator" },
  ];
  const match = async (strategy: string) => {
    const outcome = await play({
      seed: "late",
      overrides: { slots, blockGas: 60_000_000 },
      seats: lineup(strategy),
    });
    const { headVotes, missedHeadVotes } = outcome.state.network!.totals;
    return {
      blocks: summarizeMatch("late", outcome).blocksBySeat.player,
      missed: missedHeadVotes / headVotes,
    };
  };

  it("costs the other validators head votes, and most of its blocks still stay in the chain", async () => {
    const late = await match("late-publishing-proposer");
    const honest = await match("honest-validator");
    expect(late.missed).toBeGreaterThan(1.5 * honest.missed);
    // A block it loses is lost to the next proposer's honest reorg only; most are not weak enough for it
    // (under 20% of a committee had them by the deadline).
    expect(late.blocks.canonical + late.blocks.orphanedLate).toBe(late.blocks.proposed);
    expect(late.blocks.canonical).toBeGreaterThan(late.blocks.proposed / 2);
  });
});

describe("a region outage", () => {
  it("loses the blocks of that region's proposers during the outage only", async () => {
    const outage = { outageRegion: 1, outageStartSlot: 16, outageSlots: 16 };
    const outcome = await play({ seed: "outage", overrides: { slots: 48, ...outage } });
    const offline = outcome.events.flatMap((e) =>
      e.type === "orphaned" && e.reason === "offline" ? [e.slot] : [],
    );
    expect(offline.length).toBeGreaterThan(0);
    for (const slot of offline) expect(slot >= 16 && slot < 32, `slot ${slot}`).toBe(true);
  });
});

describe("the network scenarios", () => {
  const names = ["ex-ante-reorg", "ex-ante-reorg-no-boost", "late-publishing", "region-outage", "partition"];

  it("are all in scenarios/", () => {
    const files = readdirSync(SCENARIOS);
    for (const name of names) expect(files).toContain(`${name}.json`);
  });

  it.each(names)(
    "%s loads, runs and is judged by the attack lab",
    async (name) => {
      const scenario = loadScenario(join(SCENARIOS, `${name}.json`));
      const [job] = planAttack(scenario, ["scenario-seed"]);
      const summary = await runJob(job);
      const verdict = judgeAttack(scenario, summary);
      expect(verdict.tried).toBe(true);
      const expected = {
        "ex-ante-reorg": { succeeded: false },
        "ex-ante-reorg-no-boost": { succeeded: true },
        "late-publishing": { succeeded: true },
        "region-outage": {},
        partition: { succeeded: true },
      }[name];
      expect(verdict).toMatchObject(expected!);
    },
    120_000,
  );
});
