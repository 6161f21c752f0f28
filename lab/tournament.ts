// Tournaments: every strategy in every role it can play, across seeds; leaderboards with intervals and ratings.
import { writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { ordinal, rate, rating } from "openskill";
import { z } from "zod";
import { describeBot } from "../bots/registry.ts";
import { estimate, round } from "../runtime/stats.ts";
import { BREAKDOWN_KEYS, ROLES, type Role, type SeatSpec, SetupError } from "../shared/index.ts";
import { seatSpecSchema } from "./attacks.ts";
import type { MatchJob, MatchSummary } from "./jobs.ts";
import { renderReport, toCsv } from "./report.ts";

/**
 * A lineup file: the strategies to rank, and seats that sit in every match unranked (`with`): the opponents
 * that give a role something to do, such as a fraudulent sequencer for challengers. Bot file paths are
 * relative to the lineup file.
 */
export const lineupFileSchema = z.strictObject({
  strategies: z.array(z.string().min(1)).min(1),
  with: z.array(seatSpecSchema).default([]),
});

/** Seats from a lineup's `with` play every match under ids with this prefix, and are never ranked. */
export const UNRANKED_SEAT_PREFIX = "with-";

export interface TournamentPlan {
  strategies: string[];
  /** Unranked seats in every match. */
  with?: SeatSpec[];
  seeds: string[];
  preset: string;
  overrides: Record<string, unknown>;
  replaysDir?: string;
}

/**
 * The roles a strategy is ranked in. Every role it plays, except that a strategy of a sequencer or
 * challenger is not ranked as an attacker: an attacker seat holds validators from its budget, which such a
 * strategy never uses, so its rank there would measure its own inactivity leak.
 */
export function rankedRoles(roles: readonly Role[]): Role[] {
  const usesValidators = roles.includes("validator") || roles.every((role) => role === "attacker");
  return roles.filter((role) => role !== "attacker" || usesValidators);
}

/** One match per role and seed, seating one of each strategy ranked in the role: all play all. */
export async function planTournament(plan: TournamentPlan): Promise<MatchJob[]> {
  const roles = new Map<Role, string[]>();
  for (const strategy of plan.strategies) {
    const bot = await describeBot(strategy);
    for (const role of rankedRoles(bot.roles)) roles.set(role, [...(roles.get(role) ?? []), strategy]);
  }
  for (const seat of plan.with ?? []) {
    const bot = await describeBot(seat.strategy);
    if (!bot.roles.includes(seat.role))
      throw new SetupError(
        `seat "${seat.id}": ${seat.strategy} cannot play ${seat.role} (plays: ${bot.roles.join(", ")})`,
      );
  }
  const jobs: MatchJob[] = [];
  for (const role of ROLES) {
    const players = roles.get(role);
    if (!players) continue;
    for (const seed of plan.seeds) {
      const id = `${role}/${seed}`;
      jobs.push({
        id,
        preset: plan.preset,
        overrides: plan.overrides,
        seed,
        seats: [
          ...players.map((strategy, i) => ({ id: `${role}-${i + 1}`, role, strategy })),
          ...(plan.with ?? []).map((seat) => ({ ...seat, id: `${UNRANKED_SEAT_PREFIX}${seat.id}` })),
        ],
        tags: { role },
        replayPath: plan.replaysDir ? join(plan.replaysDir, `${role}-${seed}.json`) : undefined,
      });
    }
  }
  return jobs;
}

/** Each strategy's display name: its bot's `name` (a bot file's, not its path), the file's name beside it if two share one. */
export async function strategyNames(strategies: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const strategy of strategies) names.set(strategy, (await describeBot(strategy)).name);
  const counts = new Map<string, number>();
  for (const name of names.values()) counts.set(name, (counts.get(name) ?? 0) + 1);
  for (const [strategy, name] of names)
    if (counts.get(name)! > 1 && strategy !== name) names.set(strategy, `${name} (${basename(strategy)})`);
  return names;
}

export interface LeaderboardRow {
  /** What the seats were given: a built-in name or a bot file's path. */
  strategy: string;
  /** The bot's own name. */
  name: string;
  matches: number;
  meanScore: number;
  ci95: number;
  winRate: number;
  /** The rating, or null when the strategy never met another ranked strategy (nothing to rate it against). */
  mu: number | null;
  sigma: number | null;
  conservative: number | null;
}

/** The seats of a match ranked in its role: neither background actors nor a lineup's unranked seats. */
function rankedSeats(match: MatchSummary, role: string) {
  return match.seats.filter(
    (s) => s.role === role && !s.background && !s.id.startsWith(UNRANKED_SEAT_PREFIX),
  );
}

/**
 * Per role: mean score with a 95% interval, win rate, and TrueSkill-style (Weng-Lin) μ, σ and μ − 3σ.
 * `names` gives each strategy's display name (its own string when absent).
 */
export function leaderboards(
  results: MatchSummary[],
  names: Map<string, string> = new Map(),
): Record<string, LeaderboardRow[]> {
  const boards: Record<string, LeaderboardRow[]> = {};
  for (const role of ROLES) {
    const matches = results.filter((r) => r.tags.role === role);
    if (matches.length === 0) continue;
    const scores = new Map<string, number[]>();
    const wins = new Map<string, number>();
    const ratings = new Map<string, ReturnType<typeof rating>>();
    const rated = new Set<string>();
    for (const match of matches) {
      const seats = rankedSeats(match, role);
      const best = Math.max(...seats.map((s) => s.score));
      for (const seat of seats) {
        scores.set(seat.strategy, [...(scores.get(seat.strategy) ?? []), seat.score]);
        if (seat.score === best) wins.set(seat.strategy, (wins.get(seat.strategy) ?? 0) + 1);
        if (!ratings.has(seat.strategy)) ratings.set(seat.strategy, rating());
      }
      if (seats.length > 1) {
        const updated = rate(
          seats.map((s) => [ratings.get(s.strategy)!]),
          { score: seats.map((s) => s.score) },
        );
        seats.forEach((s, i) => {
          ratings.set(s.strategy, updated[i][0]);
          rated.add(s.strategy);
        });
      }
    }
    boards[role] = [...scores.entries()]
      .map(([strategy, values]) => {
        const { mean, ci95 } = estimate(values);
        const r = rated.has(strategy) ? ratings.get(strategy)! : null;
        return {
          strategy,
          name: names.get(strategy) ?? strategy,
          matches: values.length,
          meanScore: round(mean),
          ci95: round(ci95),
          winRate: round((wins.get(strategy) ?? 0) / values.length),
          mu: r && round(r.mu),
          sigma: r && round(r.sigma),
          conservative: r && round(ordinal(r)),
        };
      })
      .sort(
        (a, b) =>
          (b.conservative ?? Number.NEGATIVE_INFINITY) - (a.conservative ?? Number.NEGATIVE_INFINITY) ||
          b.meanScore - a.meanScore,
      );
  }
  return boards;
}

/** One row per seat per match, with the score breakdown. */
export function matchesCsv(results: MatchSummary[]): string {
  const tagKeys = [...new Set(results.flatMap((r) => Object.keys(r.tags)))].sort();
  const columns = [
    "match",
    ...tagKeys,
    "seed",
    "seat",
    "role",
    "strategy",
    "status",
    "score",
    ...BREAKDOWN_KEYS,
  ];
  const rows = results.flatMap((r) =>
    r.seats.map((s) => [
      r.id,
      ...tagKeys.map((k) => r.tags[k] ?? ""),
      r.seed,
      s.id,
      s.role,
      s.strategy,
      r.statuses[s.id] ?? "active",
      s.score,
      ...BREAKDOWN_KEYS.map((k) => s.breakdown[k]),
    ]),
  );
  return toCsv(columns, rows);
}

export function writeTournament(
  outDir: string,
  results: MatchSummary[],
  names: Map<string, string> = new Map(),
): Record<string, LeaderboardRow[]> {
  const boards = leaderboards(results, names);
  writeFileSync(
    join(outDir, "summary.json"),
    `${JSON.stringify({ matches: results.length, leaderboards: boards }, null, 2)}\n`,
  );
  writeFileSync(join(outDir, "matches.csv"), matchesCsv(results));
  const tables = Object.entries(boards).map(([role, rows]) => ({
    title: `Leaderboard: ${role}`,
    columns: ["strategy", "matches", "mean score", "± 95%", "win rate", "μ", "σ", "μ − 3σ"],
    rows: rows.map((r) => [
      r.name,
      r.matches,
      r.meanScore,
      r.ci95,
      r.winRate,
      ...(r.conservative === null
        ? ["not rated: no other ranked strategy in this role", "", ""]
        : [r.mu!, r.sigma!, r.conservative]),
    ]),
  }));
  const charts = Object.entries(boards).map(([role]) => {
    const matches = results.filter((r) => r.tags.role === role);
    return {
      title: `Score distribution: ${role} (each dot a ranked seat in one match)`,
      config: {
        type: "scatter",
        data: {
          datasets: boards[role].map((row) => ({
            label: row.name,
            data: matches.flatMap((m) =>
              rankedSeats(m, role)
                .filter((s) => s.strategy === row.strategy)
                .map((s) => ({ x: row.name, y: s.score })),
            ),
          })),
        },
        options: {
          maintainAspectRatio: false,
          scales: {
            x: { type: "category", labels: boards[role].map((row) => row.name), offset: true },
            y: { title: { display: true, text: "score (coins)" } },
          },
        },
      },
    };
  });
  writeFileSync(
    join(outDir, "report.html"),
    renderReport(
      "Trilemma tournament",
      `${results.length} matches. Scores are net worth gained, in coins.`,
      tables,
      charts,
    ),
  );
  return boards;
}
