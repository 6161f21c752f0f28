import { describe, expect, it } from "vitest";
import { coinsToMilli, type EngineEvent, resolveConfig } from "../../shared/index.ts";
import { play, SHORT_CLOCKS, seatsOf } from "../helpers.ts";

type Slashed = Extract<EngineEvent, { type: "slashed" }>;
type Correlation = Extract<EngineEvent, { type: "correlation-penalty" }>;

const PRESET_QUOTIENTS = {
  phase0: { immediate: 32, whistleblower: 512 },
  electra: { immediate: 4096, whistleblower: 4096 },
};

const OFFENSES = [
  { strategy: "equivocating-proposer", offense: "proposer-equivocation" },
  { strategy: "double-voter", offense: "double-vote" },
  { strategy: "surround-voter", offense: "surround-vote" },
] as const;

describe("slashing", () => {
  for (const preset of ["phase0", "electra"] as const) {
    for (const { strategy, offense } of OFFENSES) {
      it(`${preset}: a ${strategy} is reported and penalized with the rule book's arithmetic`, async () => {
        const quotients = PRESET_QUOTIENTS[preset];
        expect(resolveConfig(preset).minSlashingPenaltyQuotient).toBe(quotients.immediate);
        const outcome = await play({
          preset,
          seed: `slash-${strategy}`,
          seats: seatsOf(1, strategy),
          overrides: { ...SHORT_CLOCKS, slots: 128 },
        });
        const slashed = outcome.events.filter((e): e is Slashed => e.type === "slashed");
        const offenderSeat = `${strategy}-1`;
        expect(slashed.length).toBeGreaterThan(0);
        for (const event of slashed) {
          expect(event.seat).toBe(offenderSeat);
          expect(event.offense).toBe(offense);
          expect(event.stake).toBeGreaterThan(coinsToMilli(30));
          expect(event.penalty).toBe(Math.floor(event.stake / quotients.immediate));
          const whistleblower = Math.floor(event.stake / quotients.whistleblower);
          expect(event.proposerReward).toBe(Math.floor((whistleblower * 8) / 64));
          expect(event.reporterReward).toBe(whistleblower - event.proposerReward);
          // Honest reporters only: the offender never reports itself.
          expect(event.reporter).not.toBe(offenderSeat);
        }
        // Half way through the slashing window (4 epochs later here): stake × min(3 × slashed in window, total) /
        // total, for every validator slashed early enough for that epoch to end inside the match.
        const correlation = outcome.events.filter((e): e is Correlation => e.type === "correlation-penalty");
        const lastEpoch = Math.floor((128 - 1) / 8);
        const due = slashed.filter((e) => Math.floor(e.slot / 8) + 4 <= lastEpoch);
        expect(due.length).toBeGreaterThan(0);
        expect(correlation.map((e) => e.validator).sort()).toEqual(due.map((e) => e.validator).sort());
        for (const event of correlation) {
          const adjusted = Math.min(3 * event.slashedInWindow, event.totalActive);
          expect(event.penalty).toBe(Math.floor((event.stake * adjusted) / event.totalActive));
          const slashedAt = slashed.find((s) => s.validator === event.validator)!;
          expect(Math.floor(event.slot / 8) - Math.floor(slashedAt.slot / 8)).toBe(4);
        }
        // The seat's score breakdown carries exactly these penalties.
        const score = outcome.scores.find((s) => s.id === offenderSeat)!;
        const penalties = [...slashed, ...correlation].reduce((sum, e) => sum + e.penalty, 0);
        expect(score.breakdown.slashing).toBe(-penalties);
        // Reporters and including proposers (possibly the offender's own, still unslashed validators) are paid.
        const reportingPaid = outcome.scores.reduce((sum, s) => sum + s.breakdown.reporting, 0);
        expect(reportingPaid).toBe(slashed.reduce((sum, e) => sum + e.reporterReward + e.proposerReward, 0));
      });
    }
  }

  it("slashes an offender once when several seats report it in the same slot, refusing the duplicates", async () => {
    const seats = [...seatsOf(1, "double-voter"), ...seatsOf(2, "honest-validator")];
    const outcome = await play({ seed: "race", seats, overrides: { ...SHORT_CLOCKS, slots: 32 } });
    const slashed = outcome.events.filter((e): e is Slashed => e.type === "slashed");
    expect(new Set(slashed.map((e) => e.validator)).size).toBe(slashed.length);
    const duplicates = outcome.refusals.filter((r) => r.code === "duplicate");
    expect(duplicates.length).toBeGreaterThan(0);
    for (const refusal of duplicates)
      expect((refusal.action as { type: string }).type).toBe("reportSlashing");
  });

  it("the correlation penalty grows with the stake slashed together", async () => {
    const perValidatorPenalty = async (offenders: number) => {
      const outcome = await play({
        seed: "together",
        seats: seatsOf(offenders, "double-voter"),
        overrides: { ...SHORT_CLOCKS, slots: 96 },
      });
      const events = outcome.events.filter((e): e is Correlation => e.type === "correlation-penalty");
      expect(events.length).toBe(offenders * 4);
      return Math.max(...events.map((e) => e.penalty / e.stake));
    };
    const one = await perValidatorPenalty(1);
    const two = await perValidatorPenalty(2);
    const three = await perValidatorPenalty(3);
    expect(two).toBeGreaterThan(one);
    expect(three).toBeGreaterThan(two);
  });

  it("a third of all stake slashed together loses everything", async () => {
    // 3 seats × 4 validators of 32 slashed inside one window: 3 × slashed ≥ total.
    const outcome = await play({
      seed: "third",
      seats: seatsOf(3, "double-voter"),
      overrides: { ...SHORT_CLOCKS, slots: 96 },
    });
    const events = outcome.events.filter((e): e is Correlation => e.type === "correlation-penalty");
    const last = events[events.length - 1];
    expect(3 * last.slashedInWindow).toBeGreaterThanOrEqual(last.totalActive);
    expect(last.penalty).toBe(last.stake);
  });
});
