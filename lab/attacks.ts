// The attack lab: scenarios run over seeds, with success, detection and who profits.
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
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

/** Each seed's match; with `replaysDir`, its replay kept as `<scenario>--<seed>.json`. */
export function planAttack(scenario: Scenario, seeds: string[], replaysDir?: string): MatchJob[] {
  return seeds.map((seed) => ({
    id: `${scenario.name}/${seed}`,
    preset: scenario.preset,
    overrides: scenario.set,
    seed,
    seats: scenario.lineup as MatchJob["seats"],
    tags: { scenario: scenario.name },
    replayPath: replaysDir ? join(replaysDir, `${scenario.name}--${seed}.json`) : undefined,
  }));
}

/** What "caught" means for an attack, and what its speed counts; most attacks are caught by the engine. */
interface Detection {
  caughtMeans: string;
  speedUnit: "slots" | "epochs";
  speedMeans: string;
}

const DETECTION: Record<string, Detection> = {
  "stalling-cartel": {
    caughtMeans: "finality restored",
    speedUnit: "epochs",
    speedMeans: "epochs without finality until it returned",
  },
  "region-outage": {
    caughtMeans: "finality returned after the outage",
    speedUnit: "epochs",
    speedMeans: "epochs without finality until it returned",
  },
  partition: {
    caughtMeans: "finality returned after the sides reunited",
    speedUnit: "epochs",
    speedMeans: "epochs without finality until it returned",
  },
  "ex-ante-reorg": {
    caughtMeans: "never: a withheld block that proposer boost outweighs counts as failed",
    speedUnit: "slots",
    speedMeans: "slots from the withheld block to the fork that settled it",
  },
  "late-publishing": {
    caughtMeans: "a late block orphaned by the next honest proposer",
    speedUnit: "slots",
    speedMeans: "slots until the honest reorg",
  },
  "griefing-challenge": {
    caughtMeans: "never: a lost griefing dispute counts as failed",
    speedUnit: "slots",
    speedMeans: "slots each dispute kept a valid batch contested (the delay it caused)",
  },
};

const CAUGHT_BY_THE_ENGINE: Detection = {
  caughtMeans: "detected and punished by the rules",
  speedUnit: "slots",
  speedMeans: "slots from the attack to its detection",
};

export function detectionOf(attack: string): Detection {
  return DETECTION[attack] ?? CAUGHT_BY_THE_ENGINE;
}

export interface Verdict {
  tried: boolean;
  succeeded: boolean;
  caught: boolean;
  /** Tried, neither succeeded nor caught: every attempt came to nothing (a griefing dispute lost). */
  failed: boolean;
  /** How fast the defence worked, in the attack's own unit (`detectionOf(attack).speedUnit`). */
  speed: number | null;
}

/**
 * The stalling cartel succeeds when finality stalls long enough for the inactivity leak to start, and is
 * caught when finality advances again after that: the first epoch whose finalized checkpoint moved while it
 * was more than the leak's delay behind. Its speed is that stall, in epochs.
 */
function judgeStall(scenario: Scenario, match: MatchSummary): Verdict {
  const config = resolveConfig(scenario.preset, scenario.set);
  const curve = match.metrics.finalizedByEpoch;
  const stalled = match.metrics.maxFinalityLagEpochs > config.minEpochsToInactivityPenalty;
  const restored = curve.findIndex(
    (finalized, epoch) =>
      epoch > 0 &&
      finalized > curve[epoch - 1] &&
      epoch - curve[epoch - 1] > config.minEpochsToInactivityPenalty,
  );
  const caught = stalled && restored > 0;
  return {
    tried: true,
    succeeded: stalled,
    caught,
    failed: !stalled,
    speed: caught ? restored - curve[restored - 1] : null,
  };
}

/**
 * Timing games: caught when the next honest proposer orphaned one of the attacker's late blocks (the spec's
 * reorg of a late, weak head), succeeded when its blocks stayed in the chain with none orphaned, failed when
 * none of its blocks stayed in the chain for another reason. The honest reorg acts in the very next slot.
 */
function judgeLatePublishing(scenario: Scenario, match: MatchSummary): Verdict {
  const blocks = match.blocksBySeat[scenario.attacker];
  const tried = blocks !== undefined && blocks.proposed > 0;
  const caught = tried && blocks.orphanedLate > 0;
  const succeeded = tried && !caught && blocks.canonical > 0;
  return { tried, succeeded, caught, failed: tried && !caught && !succeeded, speed: caught ? 1 : null };
}

/** What happened to the scenario's attack in one match. */
export function judgeAttack(scenario: Scenario, match: MatchSummary): Verdict {
  // A region outage or a partition is the facilitator's knob, not a seat's: like a stalling cartel, it is read
  // from finality.
  if (["stalling-cartel", "region-outage", "partition"].includes(scenario.attack))
    return judgeStall(scenario, match);
  if (scenario.attack === "late-publishing") return judgeLatePublishing(scenario, match);
  const attacks = match.attacks.filter((a) => a.kind === scenario.attack && a.by === scenario.attacker);
  const succeeded = attacks.some((a) => a.outcome === "succeeded");
  const caught = !succeeded && attacks.some((a) => a.outcome === "caught");
  const failed = attacks.length > 0 && attacks.every((a) => a.outcome === "failed");
  // A failed attempt's settling slot is when the defence ended it (for griefing, the delay it caused).
  const settled = attacks.filter((a) => a.outcome === (failed ? "failed" : "caught"));
  return {
    tried: attacks.length > 0,
    succeeded,
    caught,
    failed,
    speed: median(settled.map((a) => a.detectedAfterSlots ?? 0)),
  };
}

export interface AttackReport {
  scenario: string;
  attack: string;
  caughtBy: string;
  /** What the caught rate counts for this attack. */
  caughtMeans: string;
  matches: number;
  triedRate: number;
  successRate: number;
  caughtRate: number;
  failedRate: number;
  /** Median over the matches where the defence worked (caught, or for an attack that only fails, failed). */
  medianSpeed: number | null;
  speedUnit: Detection["speedUnit"];
  speedMeans: string;
  attackerProfit: Estimate;
  /** Bonds the attacker forfeited (coins, positive). */
  attackerBondsLost: Estimate;
  honestProfit: Estimate;
  /** Every match where the attack succeeded was caught (or it never succeeded). */
  defended: boolean;
  verdict: string;
}

const percent = (rate: number) => `${Math.round(rate * 100)}%`;

/** The report's sentence, from the same rates and boolean the report holds. */
function attackVerdict(report: Omit<AttackReport, "verdict">): string {
  const speed = report.medianSpeed === null ? "" : `; ${report.speedMeans}: ${report.medianSpeed} (median)`;
  const bonds =
    report.attackerBondsLost.mean > 0
      ? `; the attacker lost ${report.attackerBondsLost.mean} coins of bonds`
      : "";
  return (
    `${report.defended ? "defended" : "not defended"}: succeeded in ${percent(report.successRate)} of ${report.matches} matches, ` +
    `caught (${report.caughtMeans}) in ${percent(report.caughtRate)}, failed in ${percent(report.failedRate)}${speed}${bonds}`
  );
}

export function reportAttack(scenario: Scenario, matches: MatchSummary[]): AttackReport {
  const verdicts = matches.map((m) => judgeAttack(scenario, m));
  const share = (pick: (v: Verdict) => boolean) =>
    round(verdicts.filter(pick).length / Math.max(verdicts.length, 1));
  const attackerSeat = (m: MatchSummary) => m.seats.find((s) => s.id === scenario.attacker);
  const attacker = matches.map((m) => attackerSeat(m)?.score ?? 0);
  const bondsLost = matches.map((m) => -(attackerSeat(m)?.breakdown.bondsLost ?? 0));
  const honest = matches.map((m) =>
    m.seats.filter((s) => s.id !== scenario.attacker).reduce((sum, s) => sum + s.score, 0),
  );
  const round3 = (e: Estimate) => ({ n: e.n, mean: round(e.mean), ci95: round(e.ci95) });
  const onlyFails = verdicts.every((v) => !v.succeeded && !v.caught);
  const detection = detectionOf(scenario.attack);
  const report = {
    scenario: scenario.name,
    attack: scenario.attack,
    caughtBy: scenario.caughtBy,
    caughtMeans: detection.caughtMeans,
    matches: matches.length,
    triedRate: share((v) => v.tried),
    successRate: share((v) => v.succeeded),
    caughtRate: share((v) => v.caught),
    failedRate: share((v) => v.failed),
    medianSpeed: median(
      verdicts.flatMap((v) => ((onlyFails ? v.failed : v.caught) && v.speed !== null ? [v.speed] : [])),
    ),
    speedUnit: detection.speedUnit,
    speedMeans: detection.speedMeans,
    attackerProfit: round3(estimate(attacker)),
    attackerBondsLost: round3(estimate(bondsLost)),
    honestProfit: round3(estimate(honest)),
    defended: matches.length > 0 && verdicts.every((v) => !v.succeeded || v.caught),
  };
  return { ...report, verdict: attackVerdict(report) };
}

export function scenarioName(path: string): string {
  return basename(path).replace(/\.json$/, "");
}
