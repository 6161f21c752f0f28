// Tournaments: every strategy in every role it can play, across seeds; leaderboards with intervals and ratings.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
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

/** One match per role and seed, seating one of each strategy that can play the role: all play all. */
export async function planTournament(plan: TournamentPlan): Promise<MatchJob[]> {
  const roles = new Map<Role, string[]>();
  for (const strategy of plan.strategies) {
    const bot = await describeBot(strategy);
    for (const role of bot.roles) roles.set(role, [...(roles.get(role) ?? []), strategy]);
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

export interface LeaderboardRow {
  strategy: string;
  matches: number;
  meanScore: number;
  ci95: number;
  winRate: number;
  mu: number;
  sigma: number;
  conservative: number;
}

/** Per role: mean score with a 95% interval, win rate, and TrueSkill-style (Weng-Lin) μ, σ and μ − 3σ. */
export function leaderboards(results: MatchSummary[]): Record<string, LeaderboardRow[]> {
  const boards: Record<string, LeaderboardRow[]> = {};
  for (const role of ROLES) {
    const matches = results.filter((r) => r.tags.role === role);
    if (matches.length === 0) continue;
    const scores = new Map<string, number[]>();
    const wins = new Map<string, number>();
    const ratings = new Map<string, ReturnType<typeof rating>>();
    for (const match of matches) {
      const seats = match.seats.filter(
        (s) => s.role === role && !s.background && !s.id.startsWith(UNRANKED_SEAT_PREFIX),
      );
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
        });
      }
    }
    boards[role] = [...scores.entries()]
      .map(([strategy, values]) => {
        const { mean, ci95 } = estimate(values);
        const r = ratings.get(strategy)!;
        return {
          strategy,
          matches: values.length,
          meanScore: round(mean),
          ci95: round(ci95),
          winRate: round((wins.get(strategy) ?? 0) / values.length),
          mu: round(r.mu),
          sigma: round(r.sigma),
          conservative: round(ordinal(r)),
        };
      })
      .sort((a, b) => b.conservative - a.conservative || b.meanScore - a.meanScore);
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

export function writeTournament(outDir: string, results: MatchSummary[]): Record<string, LeaderboardRow[]> {
  const boards = leaderboards(results);
  writeFileSync(
    join(outDir, "summary.json"),
    `${JSON.stringify({ matches: results.length, leaderboards: boards }, null, 2)}\n`,
  );
  writeFileSync(join(outDir, "matches.csv"), matchesCsv(results));
  const tables = Object.entries(boards).map(([role, rows]) => ({
    title: `Leaderboard: ${role}`,
    columns: ["strategy", "matches", "mean score", "± 95%", "win rate", "μ", "σ", "μ − 3σ"],
    rows: rows.map((r) => [
      r.strategy,
      r.matches,
      r.meanScore,
      r.ci95,
      r.winRate,
      r.mu,
      r.sigma,
      r.conservative,
    ]),
  }));
  const charts = Object.entries(boards).map(([role]) => {
    const matches = results.filter((r) => r.tags.role === role);
    const strategies = boards[role].map((r) => r.strategy);
    return {
      title: `Score distribution: ${role} (each dot a match)`,
      config: {
        type: "scatter",
        data: {
          datasets: strategies.map((strategy, i) => ({
            label: strategy,
            data: matches.flatMap((m) =>
              m.seats
                .filter((s) => s.strategy === strategy && s.role === role)
                .map((s) => ({ x: i, y: s.score })),
            ),
          })),
        },
        options: {
          maintainAspectRatio: false,
          scales: { x: { ticks: { stepSize: 1 } }, y: { title: { display: true, text: "score (coins)" } } },
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
