// Every verdict sentence says what its boolean says: an attack report's "defended", a claim's "holds".
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario, reportAttack } from "../../lab/attacks.ts";
import { judgeClaims, judgeWall } from "../../lab/claims/experiments.ts";
import type { MatchSummary } from "../../lab/jobs.ts";

const SCENARIOS = join(import.meta.dirname, "../../scenarios");

/** A match summary with only what the attack lab reads. */
function match(
  attacker: string,
  attacks: { kind: string; outcome: string }[],
  curve: number[],
  blocks = { proposed: 0, canonical: 0, orphanedLate: 0, withheld: 0 },
): MatchSummary {
  return {
    id: "m",
    seed: "m",
    tags: {},
    seats: [{ id: attacker, score: 1, breakdown: { bondsLost: -2 } }],
    blocksBySeat: { [attacker]: blocks },
    attacks: attacks.map((a) => ({ ...a, by: attacker, slot: 1, detectedAfterSlots: 3 })),
    metrics: {
      finalizedByEpoch: curve,
      maxFinalityLagEpochs: Math.max(...curve.map((f, epoch) => epoch - f)),
    },
  } as unknown as MatchSummary;
}

describe("attack verdicts", () => {
  const scenarios = readdirSync(SCENARIOS).map((file) => loadScenario(join(SCENARIOS, file)));

  it.each(scenarios.map((s) => [s.name, s] as const))(
    "%s: the sentence begins with what `defended` says",
    (_, scenario) => {
      const stall = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
      const late = (canonical: number, orphanedLate: number) => ({
        proposed: canonical + orphanedLate,
        canonical,
        orphanedLate,
        withheld: 0,
      });
      const cases: {
        curve?: number[];
        attacks?: { kind: string; outcome: string }[];
        blocks?: ReturnType<typeof late>;
        defended: boolean;
      }[] =
        scenario.attack === "late-publishing"
          ? [
              { blocks: late(3, 1), defended: true },
              { blocks: late(4, 0), defended: false },
            ]
          : ["stalling-cartel", "region-outage", "partition"].includes(scenario.attack)
            ? [
                { curve: [...stall, 10, 11], defended: true },
                { curve: stall, defended: false },
              ]
            : [
                { attacks: [{ kind: scenario.attack, outcome: "caught" }], defended: true },
                { attacks: [{ kind: scenario.attack, outcome: "succeeded" }], defended: false },
                { attacks: [{ kind: scenario.attack, outcome: "failed" }], defended: true },
              ];
      for (const { defended, ...given } of cases) {
        const summary = match(scenario.attacker, given.attacks ?? [], given.curve ?? [0, 0, 1], given.blocks);
        const report = reportAttack(scenario, [summary, summary]);
        expect(report.defended).toBe(defended);
        expect(report.verdict.startsWith(defended ? "defended:" : "not defended:")).toBe(true);
      }
    },
  );
});

describe("claim verdicts", () => {
  it("no claim holds on no evidence, and each sentence begins with what `holds` says", () => {
    const claims = [judgeWall([]), ...judgeClaims([], { seeds: 1, slots: 16, leakSlots: 16 })];
    expect(claims).toHaveLength(6);
    for (const claim of claims) {
      expect(claim.holds, claim.id).toBe(false);
      expect(claim.verdict.startsWith("fails:"), claim.verdict).toBe(true);
    }
  });
});
