// The attack lab: scenarios run over seeds, with success, detection and who profits.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { z } from "zod";
import { describeBot } from "../bots/registry.ts";
import { type Estimate, estimate, median, round } from "../runtime/stats.ts";
import { ROLES, resolveConfig } from "../shared/index.ts";
import type { MatchJob, MatchSummary } from "./jobs.ts";

/** A seat as scenario and lineup files name it. */
export const seatSpecSchema = z.strictObject({
  id: z.string().min(1),
  role: z.enum(ROLES as [string, ...string[]]),
  strategy: z.string().min(1),
  validators: z.number().int().min(0).optional(),
});

const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  attack: z.string().min(1),
  description: z.string(),
  caughtBy: z.string(),
  attacker: z.string().min(1),
  lineup: z.array(seatSpecSchema),
  set: z.record(z.string(), z.union([z.number(), z.boolean()])).default({}),
  preset: z.string().default("phase0"),
});

export type Scenario = z.infer<typeof scenarioSchema>;

export function loadScenario(path: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`cannot read scenario ${path}: ${(error as Error).message}`);
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`scenario ${path}: ${issue.path.join(".") || "file"} ${issue.message}`);
  }
  resolveConfig(parsed.data.preset, parsed.data.set);
  if (!parsed.data.lineup.some((seat) => seat.id === parsed.data.attacker)) {
    throw new Error(`scenario ${path}: no seat "${parsed.data.attacker}" in the lineup`);
  }
  return parsed.data;
}

/**
 * Why the scenario cannot run here (a strategy that does not exist yet, or cannot play its seat's role),
 * or null: such a scenario is reported as unavailable, never with made-up numbers.
 */
export async function unavailableReason(scenario: Scenario): Promise<string | null> {
  for (const seat of scenario.lineup) {
    try {
      const bot = await describeBot(seat.strategy);
      if (!bot.roles.includes(seat.role as (typeof ROLES)[number]))
        return `seat "${seat.id}": ${seat.strategy} cannot play ${seat.role} (plays: ${bot.roles.join(", ")})`;
    } catch (error) {
      return `seat "${seat.id}": ${(error as Error).message}`;
    }
  }
  return null;
}

export function planAttack(scenario: Scenario, seeds: string[]): MatchJob[] {
  return seeds.map((seed) => ({
    id: `${scenario.name}/${seed}`,
    preset: scenario.preset,
    overrides: scenario.set,
    seed,
    seats: scenario.lineup as MatchJob["seats"],
    tags: { scenario: scenario.name },
  }));
}

interface Verdict {
  tried: boolean;
  succeeded: boolean;
  caught: boolean;
  detectedAfterSlots: number | null;
}

/** What happened to the scenario's attack in one match. */
export function judgeAttack(scenario: Scenario, match: MatchSummary): Verdict {
  if (scenario.attack === "stalling-cartel") {
    const config = resolveConfig(scenario.preset, scenario.set);
    const curve = match.metrics.finalizedByEpoch;
    const stalled = match.metrics.maxFinalityLagEpochs > config.minEpochsToInactivityPenalty;
    const back = curve.findIndex(
      (finalized, epoch) =>
        epoch > 2 && finalized >= epoch - 2 && curve.slice(0, epoch).some((f, e) => e > 2 && f < e - 2),
    );
    return {
      tried: true,
      succeeded: stalled,
      caught: stalled && back >= 0,
      detectedAfterSlots: back >= 0 ? back * config.slotsPerEpoch : null,
    };
  }
  const attacks = match.attacks.filter((a) => a.kind === scenario.attack && a.by === scenario.attacker);
  const succeeded = attacks.some((a) => a.outcome === "succeeded");
  const caught = attacks.filter((a) => a.outcome === "caught");
  return {
    tried: attacks.length > 0,
    succeeded,
    caught: !succeeded && caught.length > 0,
    detectedAfterSlots: median(caught.map((a) => a.detectedAfterSlots ?? 0)),
  };
}

export interface AttackReport {
  scenario: string;
  attack: string;
  caughtBy: string;
  matches: number;
  triedRate: number;
  successRate: number;
  caughtRate: number;
  medianDetectionSlots: number | null;
  attackerProfit: Estimate;
  honestProfit: Estimate;
}

export function reportAttack(scenario: Scenario, matches: MatchSummary[]): AttackReport {
  const verdicts = matches.map((m) => judgeAttack(scenario, m));
  const share = (pick: (v: Verdict) => boolean) =>
    round(verdicts.filter(pick).length / Math.max(verdicts.length, 1));
  const attacker = matches.map((m) => m.seats.find((s) => s.id === scenario.attacker)?.score ?? 0);
  const honest = matches.map((m) =>
    m.seats.filter((s) => s.id !== scenario.attacker).reduce((sum, s) => sum + s.score, 0),
  );
  const round3 = (e: Estimate) => ({ n: e.n, mean: round(e.mean), ci95: round(e.ci95) });
  return {
    scenario: scenario.name,
    attack: scenario.attack,
    caughtBy: scenario.caughtBy,
    matches: matches.length,
    triedRate: share((v) => v.tried),
    successRate: share((v) => v.succeeded),
    caughtRate: share((v) => v.caught),
    medianDetectionSlots: median(
      verdicts.flatMap((v) => (v.caught && v.detectedAfterSlots !== null ? [v.detectedAfterSlots] : [])),
    ),
    attackerProfit: round3(estimate(attacker)),
    honestProfit: round3(estimate(honest)),
  };
}

export function scenarioName(path: string): string {
  return basename(path).replace(/\.json$/, "");
}
