// Parameter sweeps: a grid of points × seeds over a scenario's lineup, with metric means and intervals.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { estimate, round } from "../runtime/stats.ts";
import { parseOverride, resolveConfig } from "../shared/index.ts";
import { judgeAttack, type Scenario } from "./attacks.ts";
import type { MatchJob, MatchSummary } from "./jobs.ts";
import { type ChartSpec, type HeatmapSpec, renderReport, type Section, type Table, toCsv } from "./report.ts";
import { matchesCsv } from "./tournament.ts";

/** `validators.<seat>` sweeps a seat's validator count (e.g. the censoring share); other keys are config keys. */
const SEAT_VALIDATORS = "validators.";

export interface SweepParam {
  key: string;
  values: number[];
}

/** `key=v1,v2,…` → a parameter, each value checked against the config's rules (or a seat in the lineup). */
export function parseParam(assignment: string, scenario: Scenario): SweepParam {
  const eq = assignment.indexOf("=");
  if (eq <= 0) throw new Error(`--param "${assignment}" is not key=v1,v2,…`);
  const key = assignment.slice(0, eq).trim();
  const raw = assignment
    .slice(eq + 1)
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
  if (raw.length === 0) throw new Error(`--param ${key}: no values`);
  if (key.startsWith(SEAT_VALIDATORS)) {
    const seat = key.slice(SEAT_VALIDATORS.length);
    if (!scenario.lineup.some((s) => s.id === seat))
      throw new Error(`--param ${key}: no seat "${seat}" in scenario ${scenario.name}`);
    const values = raw.map(Number);
    if (values.some((v) => !Number.isInteger(v) || v < 0))
      throw new Error(`--param ${key}: validator counts are whole numbers ≥ 0`);
    return { key, values };
  }
  const values = raw.map((v) => {
    const [, value] = parseOverride(`${key}=${v}`);
    if (typeof value !== "number") throw new Error(`--param ${key}: only numeric parameters can be swept`);
    return value;
  });
  return { key, values };
}

export type SweepPoint = Record<string, number>;

/** Every combination of the parameters' values, the first parameter varying slowest. */
export function gridPoints(params: SweepParam[]): SweepPoint[] {
  return params.reduce<SweepPoint[]>(
    (points, param) =>
      points.flatMap((point) => param.values.map((value) => ({ ...point, [param.key]: value }))),
    [{}],
  );
}

export function pointLabel(point: SweepPoint): string {
  return Object.entries(point)
    .map(([key, value]) => `${key}=${value}`)
    .join(" ");
}

/** The scenario at one point: config keys set, seat validator counts changed. */
export function planSweep(
  scenario: Scenario,
  params: SweepParam[],
  seeds: string[],
  replaysDir?: string,
): MatchJob[] {
  return gridPoints(params).flatMap((point) => {
    const overrides: Record<string, unknown> = { ...scenario.set };
    const seats = scenario.lineup.map((seat) => ({ ...seat })) as MatchJob["seats"];
    for (const [key, value] of Object.entries(point)) {
      if (key.startsWith(SEAT_VALIDATORS)) {
        const seat = seats.find((s) => s.id === key.slice(SEAT_VALIDATORS.length))!;
        seat.validators = value;
      } else overrides[key] = value;
    }
    resolveConfig(scenario.preset, overrides);
    // The same seeds at every point: differences between points are the parameters', not the luck's.
    return seeds.map((seed) => ({
      id: `${pointLabel(point)}/${seed}`,
      preset: scenario.preset,
      overrides,
      seed,
      seats,
      tags: { point: pointLabel(point), ...point },
      replayPath: replaysDir ? join(replaysDir, replayFile(point, seed)) : undefined,
    }));
  });
}

/** What a sweep measures in each match. */
export const SWEEP_METRICS = {
  attackSuccess: "share of matches where the scenario's attack succeeded",
  attackCaught: "share of matches where it was caught",
  attackFailed: "share of matches where every attempt failed (neither succeeded nor caught)",
  attackerProfit: "the attacker seat's score (coins)",
  honestProfit: "every other seat's score, summed (coins)",
  finalityLagEpochs: "worst gap between an epoch and its finalization (epochs)",
  l2Throughput: "L2 transactions finalized per slot, both rollups",
  keepUpShare: "share of the nodes keeping up at the end (docs/network.md)",
  nakamoto33: "fewest operators holding over 1/3 of the stake at the end",
  orphanRate: "share of the blocks that spread which were orphaned",
  missedHeadVoteShare: "share of head votes missed (the block reached the voter's node late)",
} as const;
export type SweepMetric = keyof typeof SWEEP_METRICS;
export const SWEEP_METRIC_NAMES = Object.keys(SWEEP_METRICS) as SweepMetric[];

export function measure(scenario: Scenario, match: MatchSummary): Record<SweepMetric, number> {
  const verdict = judgeAttack(scenario, match);
  return {
    attackSuccess: verdict.succeeded ? 1 : 0,
    attackCaught: verdict.caught ? 1 : 0,
    attackFailed: verdict.failed ? 1 : 0,
    attackerProfit: match.seats.find((s) => s.id === scenario.attacker)?.score ?? 0,
    honestProfit: match.seats.filter((s) => s.id !== scenario.attacker).reduce((sum, s) => sum + s.score, 0),
    finalityLagEpochs: match.metrics.maxFinalityLagEpochs,
    l2Throughput: match.rollups.reduce((sum, r) => sum + r.txsFinalizedPerSlot, 0),
    ...networkMeasures(match),
  };
}

/** The network's figures of a match; NaN (no evidence) when it ran on the synchronous network. */
function networkMeasures(match: MatchSummary) {
  const network = match.network;
  if (!network)
    return {
      keepUpShare: Number.NaN,
      nakamoto33: Number.NaN,
      orphanRate: Number.NaN,
      missedHeadVoteShare: Number.NaN,
    };
  const spread = network.blocks + network.orphanedBlocks;
  return {
    keepUpShare: network.keepUpShare,
    nakamoto33: network.nakamoto33,
    orphanRate: spread === 0 ? 0 : network.orphanedBlocks / spread,
    missedHeadVoteShare: network.missedHeadVoteShare,
  };
}

export interface PointResult {
  point: SweepPoint;
  matches: number;
  metrics: Record<SweepMetric, { mean: number; ci95: number }>;
}

export function summarizePoints(
  scenario: Scenario,
  params: SweepParam[],
  results: MatchSummary[],
): PointResult[] {
  return gridPoints(params).map((point) => {
    const label = pointLabel(point);
    const measured = results.filter((r) => r.tags.point === label).map((r) => measure(scenario, r));
    const metrics = Object.fromEntries(
      SWEEP_METRIC_NAMES.map((name) => {
        const { mean, ci95 } = estimate(measured.map((m) => m[name]));
        return [name, { mean: round(mean), ci95: round(ci95) }];
      }),
    ) as PointResult["metrics"];
    return { point, matches: measured.length, metrics };
  });
}

export function pointsCsv(params: SweepParam[], points: PointResult[]): string {
  const columns = [
    ...params.map((p) => p.key),
    "matches",
    ...SWEEP_METRIC_NAMES.flatMap((name) => [name, `${name}Ci95`]),
  ];
  const rows = points.map((p) => [
    ...params.map((param) => p.point[param.key]),
    p.matches,
    ...SWEEP_METRIC_NAMES.flatMap((name) => [p.metrics[name].mean, p.metrics[name].ci95]),
  ]);
  return toCsv(columns, rows);
}

/**
 * One varying parameter: a line with its 95% band; two: a heatmap (coloured cells with their numbers).
 * A parameter given a single value is a fixed rule, not an axis.
 */
function metricChart(
  allParams: SweepParam[],
  points: PointResult[],
  metric: SweepMetric,
): ChartSpec | HeatmapSpec | null {
  const title = `${metric}: ${SWEEP_METRICS[metric]}`;
  const params = allParams.filter((param) => param.values.length > 1);
  if (params.length === 1) {
    const [param] = params;
    const series = (pick: (m: { mean: number; ci95: number }) => number) =>
      points.map((p) => ({ x: p.point[param.key], y: pick(p.metrics[metric]) }));
    return {
      title,
      config: {
        type: "line",
        data: {
          datasets: [
            { label: "mean", data: series((m) => m.mean), borderWidth: 2 },
            { label: "95% low", data: series((m) => m.mean - m.ci95), borderDash: [4, 4], borderWidth: 1 },
            { label: "95% high", data: series((m) => m.mean + m.ci95), borderDash: [4, 4], borderWidth: 1 },
          ],
        },
        options: {
          maintainAspectRatio: false,
          scales: {
            x: { type: "linear", title: { display: true, text: param.key } },
            y: { title: { display: true, text: metric } },
          },
        },
      },
    };
  }
  if (params.length !== 2) return null;
  const [across, down] = params;
  const cell = (row: number, column: number) =>
    points.find(
      (p) => p.point[across.key] === across.values[column] && p.point[down.key] === down.values[row],
    );
  const grid = (pick: (m: { mean: number; ci95: number }) => number) =>
    down.values.map((_, row) =>
      across.values.map((_, column) => {
        const point = cell(row, column);
        return point && point.matches > 0 ? pick(point.metrics[metric]) : null;
      }),
    );
  const values = grid((m) => m.mean);
  const measured = values.flat().filter((v): v is number => v !== null);
  // Shares share one absolute scale; other metrics span their values and zero.
  const scale = RATE_METRICS.has(metric)
    ? { low: 0, high: 1, unit: "share of matches, 0 to 1" }
    : NETWORK_SHARES.has(metric)
      ? { low: 0, high: 1, unit: "a share, 0 to 1" }
      : {
          low: Math.min(0, ...measured),
          high: Math.max(0, ...measured),
          unit: "this metric's range over the grid, zero included",
        };
  return {
    title: `${title}: mean (± 95% interval) per point`,
    across: { key: across.key, labels: across.values.map(String) },
    down: { key: down.key, labels: down.values.map(String) },
    values,
    ci95: grid((m) => m.ci95),
    scale,
  };
}

/** Metrics that are shares of matches, drawn on one 0–1 scale. */
const RATE_METRICS = new Set<SweepMetric>(["attackSuccess", "attackCaught", "attackFailed"]);
/** The network's shares (of nodes, blocks, votes), drawn on the same 0–1 scale. */
const NETWORK_SHARES = new Set<SweepMetric>(["keepUpShare", "orphanRate", "missedHeadVoteShare"]);

/** Where each match's replay is kept with `--replays`: named by point and seed. */
export function replayFile(point: SweepPoint, seed: string): string {
  const label = Object.entries(point)
    .map(([key, value]) => `${key}=${value}`)
    .join("_");
  return `${label || "point"}--${seed}.json`.replace(/[^A-Za-z0-9._=-]/g, "-");
}

/** What the report says beside its numbers: a workshop's question and reading, and replay links. */
export interface SweepReportExtras {
  sections?: Section[];
  /** The folder of replays, relative to the report, when `--replays` kept them. */
  replaysDir?: string;
}

export function writeSweep(
  outDir: string,
  scenario: Scenario,
  params: SweepParam[],
  results: MatchSummary[],
  chartMetrics: SweepMetric[],
  extras: SweepReportExtras = {},
): PointResult[] {
  const points = summarizePoints(scenario, params, results);
  writeFileSync(join(outDir, "points.csv"), pointsCsv(params, points));
  writeFileSync(join(outDir, "matches.csv"), matchesCsv(results));
  const seeds = [...new Set(results.map((r) => r.seed))];
  const { replaysDir } = extras;
  const table: Table = {
    title: "Points (mean ± 95% interval over seeds)",
    columns: [
      ...params.map((p) => p.key),
      "matches",
      ...SWEEP_METRIC_NAMES,
      ...(replaysDir ? ["replays (trilemma replay FILE)"] : []),
    ],
    rows: points.map((p) => [
      ...params.map((param) => p.point[param.key]),
      p.matches,
      ...SWEEP_METRIC_NAMES.map((name) => `${p.metrics[name].mean} ± ${p.metrics[name].ci95}`),
      ...(replaysDir
        ? [
            {
              links: seeds.map((seed) => ({
                text: seed,
                href: `${replaysDir}/${replayFile(p.point, seed)}`,
              })),
            },
          ]
        : []),
    ]),
  };
  const charts = chartMetrics.flatMap((metric) => metricChart(params, points, metric) ?? []);
  writeFileSync(
    join(outDir, "report.html"),
    renderReport(
      `Trilemma sweep: ${scenario.name}`,
      `${scenario.description} ${results.length} matches over ${points.length} points. Every match of every point is in matches.csv (column "point").`,
      [table],
      charts,
      extras.sections,
    ),
  );
  return points;
}
