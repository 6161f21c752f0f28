// The essay's claims as experiments: the wall (network model runs), then five claims over matches.
// Every verdict is computed from the match summaries; nothing here is written by hand but the questions.

import { type Estimate, estimate, round } from "../../runtime/stats.ts";
import type { SeatSpec } from "../../shared/index.ts";
import type { MatchJob, MatchSummary } from "../jobs.ts";
import { compareRatio, type RatioComparison, REAL_VALUES } from "./real-values.ts";
import { ARCHITECTURES, type Architecture, RUNGS, type WallRun } from "./wall.ts";

export interface ClaimPoint {
  /** Where the point sits in its chart (a share, a shard count, a cell of a grid…). */
  label: string;
  overrides: Record<string, unknown>;
  seats: SeatSpec[];
  /** Needs the long match length (a finality stall and its recovery). */
  long?: boolean;
}

export interface ClaimResult {
  id: string;
  title: string;
  sentence: string;
  verdict: string;
  holds: boolean;
  /** Every number with its interval and the matches behind it. */
  numbers: Record<string, unknown> & { ratios?: RatioComparison[] };
  chart: {
    /** A radar over three labels is the trilemma's triangle. */
    type: "bar" | "line" | "radar";
    labels: string[];
    series: { label: string; values: number[]; ci95?: number[] }[];
    yLabel: string;
  };
  /** Every point behind the chart, as a table in claims.html. */
  table?: { columns: string[]; rows: (string | number)[][] };
}

export interface Claim {
  id: string;
  title: string;
  sentence: string;
  points(scale: ClaimScale): ClaimPoint[];
  judge(results: Map<string, MatchSummary[]>, scale: ClaimScale): ClaimResult;
}

/** How big the experiments are: the defaults for a workshop, tiny ones for tests. */
export interface ClaimScale {
  seeds: number;
  slots: number;
  /** Slots for the inactivity-leak curve, which needs room for a long stall. */
  leakSlots: number;
}

const seat = (id: string, role: SeatSpec["role"], strategy: string, validators?: number): SeatSpec =>
  validators === undefined ? { id, role, strategy } : { id, role, strategy, validators };

const honestChallenger = seat("challenger", "challenger", "honest-challenger");
const lazyCommittee = Array.from({ length: 7 }, (_, i) =>
  seat(`lazy-${i + 1}`, "validator", "lazy-da-attester"),
);

/** The verifier's dilemma: a challenger who quits when watching does not pay, against a patient fraudster. */
const DILEMMA = "verifier's dilemma,";
const WATCH_COSTS = [0, 0.005, 0.05];

const succeeded = (m: MatchSummary, kinds: string[]) =>
  m.attacks.some((a) => kinds.includes(a.kind) && a.outcome === "succeeded");

/** Epochs from genesis until finality first returns after a stall; null when it never does. */
function recoveryEpoch(m: MatchSummary): number | null {
  const curve = m.metrics.finalizedByEpoch;
  const index = curve.findIndex((finalized) => finalized > 0);
  return index < 0 ? null : index;
}

const fmt = (e: Estimate) => `${round(e.mean, 2)} ± ${round(e.ci95, 2)}`;

/** A verdict whose first word is the boolean it reports, so the sentence cannot contradict it. */
function verdict(holds: boolean, because: string): Pick<ClaimResult, "holds" | "verdict"> {
  return { holds, verdict: `${holds ? "holds" : "fails"}: ${because}` };
}

/** What a result repeats of its claim. */
function about({ id, title, sentence }: Pick<Claim, "id" | "title" | "sentence">) {
  return { id, title, sentence };
}

/** A chart series of means with their 95% intervals. */
function series(label: string, estimates: Estimate[]) {
  return {
    label,
    values: estimates.map((e) => round(e.mean, 2)),
    ci95: estimates.map((e) => round(e.ci95, 2)),
  };
}

/** The player seat's score in `dishonest` matches minus its honest twin's in the match of the same seed. */
function pairedDifference(dishonest: MatchSummary[], honest: MatchSummary[]): Estimate {
  const score = (m: MatchSummary) => m.seats.find((s) => s.id === "player")?.score ?? 0;
  const honestBySeed = new Map(honest.map((m) => [m.seed, score(m)]));
  return estimate(
    dishonest.filter((m) => honestBySeed.has(m.seed)).map((m) => score(m) - honestBySeed.get(m.seed)!),
  );
}

export const CLAIMS: Claim[] = [
  {
    id: "l1-safety",
    title: "1. Layer 1 stays safe",
    sentence:
      "No finalized block is ever reverted; with more than 1/3 of stake offline finality stops, and the inactivity leak brings it back.",
    points: () => [
      ...["0.375", "0.4375", "0.5"].map((share) => ({
        label: `offline ${share}`,
        overrides: {},
        long: true,
        seats: [seat("cartel", "attacker", "stalling-cartel", Math.round(Number(share) * 32))],
      })),
      ...[
        "double-voter",
        "equivocating-proposer",
        "surround-voter",
        "lazy-validator",
        "censoring-proposer",
        "lazy-da-attester",
      ].map((strategy) => ({
        label: `mix ${strategy}`,
        overrides: {},
        seats: [seat("a", "validator", strategy), seat("b", "validator", "double-voter")],
      })),
    ],
    judge(results, scale) {
      const shares = ["0.375", "0.4375", "0.5"];
      const curves = shares.map((share) => {
        const matches = results.get(`offline ${share}`) ?? [];
        const epochs = matches.map(recoveryEpoch);
        const recovered = epochs.filter((e): e is number => e !== null);
        return {
          share: Number(share),
          matches: matches.map((m) => m.id),
          recovered: recovered.length,
          of: matches.length,
          epochs: estimate(recovered),
        };
      });
      const mixes = [...results.entries()].filter(([label]) => label.startsWith("mix "));
      const allMatches = [...results.values()].flat();
      // Finality never moves backwards in any match (the engine also checks every slot in its property tests).
      const reverted = allMatches.filter((m) =>
        m.metrics.finalizedByEpoch.some((f, i, curve) => i > 0 && f < curve[i - 1]),
      );
      const stalled = curves.every(
        (c) =>
          c.of > 0 &&
          (results.get(`offline ${c.share}`) ?? []).every((m) => m.metrics.maxFinalityLagEpochs > 4),
      );
      const allRecover = curves.every((c) => c.recovered === c.of && c.of > 0);
      const holds = reverted.length === 0 && stalled && allRecover;
      const worst = curves.filter((c) => c.recovered < c.of).map((c) => c.share);
      return {
        ...about(this),
        ...verdict(
          holds,
          holds
            ? `no finalized block reverted in ${allMatches.length} matches; finality returns after ${curves.map((c) => `${fmt(c.epochs)} epochs at ${c.share * 100}% offline`).join(", ")}`
            : reverted.length > 0
              ? `finality went backwards in ${reverted.length} matches`
              : !stalled
                ? `finality did not stall in every match with more than 1/3 of stake offline`
                : `within ${scale.leakSlots} slots, finality had not returned with ${worst.map((share) => `${share * 100}%`).join(", ")} of stake offline (a longer match may show it return)`,
        ),
        numbers: {
          reverted: reverted.map((m) => m.id),
          mixes: mixes.map(([label, ms]) => ({ label, matches: ms.map((m) => m.id) })),
          recovery: curves,
        },
        chart: {
          type: "line",
          labels: curves.map((c) => `${c.share * 100}% offline`),
          series: [
            series(
              "epochs until finality returns",
              curves.map((c) => c.epochs),
            ),
          ],
          yLabel: "epochs",
        },
      };
    },
  },
  {
    id: "rollup-security",
    title: "2. Rollups inherit Layer 1's security",
    sentence:
      "With at least one honest challenger online and data available, no invalid batch finalizes; remove the challenger, or withhold the data from a lazy committee, and fraud gets through.",
    points: () => [
      {
        label: "challenger online, data available",
        overrides: {},
        seats: [seat("sequencer", "sequencer", "fraudulent-sequencer"), honestChallenger],
      },
      {
        label: "no challenger, data available",
        overrides: {},
        seats: [seat("sequencer", "sequencer", "fraudulent-sequencer")],
      },
      {
        label: "challenger online, data withheld (lazy committee)",
        overrides: {},
        seats: [seat("sequencer", "sequencer", "withholding-sequencer"), honestChallenger, ...lazyCommittee],
      },
      {
        label: "no challenger, data withheld (lazy committee)",
        overrides: {},
        seats: [seat("sequencer", "sequencer", "withholding-sequencer"), ...lazyCommittee],
      },
      ...WATCH_COSTS.map((watchCost) => ({
        label: `${DILEMMA} watchCost ${watchCost}`,
        overrides: { watchCost },
        seats: [
          seat("sequencer", "sequencer", "patient-fraudster"),
          seat("challenger", "challenger", "lazy-challenger"),
        ],
      })),
    ],
    judge(results) {
      // No matches is no evidence: NaN shows in the report instead of a made-up 0%.
      const rateOf = (matches: MatchSummary[]) =>
        round(
          matches.filter((m) => succeeded(m, ["invalid-state-root", "data-withholding"])).length /
            matches.length,
        );
      const dilemma = WATCH_COSTS.map((watchCost) => {
        const matches = results.get(`${DILEMMA} watchCost ${watchCost}`) ?? [];
        return { watchCost, rate: rateOf(matches), matches: matches.map((m) => m.id) };
      });
      const grid = [...results.entries()].filter(([label]) => !label.startsWith(DILEMMA));
      const cells = grid.map(([label, matches]) => ({
        label,
        rate: rateOf(matches),
        matches: matches.map((m) => m.id),
      }));
      const safe = cells.find((c) => c.label === "challenger online, data available");
      const others = cells.filter((c) => c !== safe);
      const holds = safe !== undefined && safe.rate === 0 && others.every((c) => c.rate > 0);
      return {
        ...about(this),
        ...verdict(
          holds,
          holds
            ? `invalid batches finalized in 0% of matches with a challenger and data, and in ${others.map((c) => `${c.rate * 100}% (${c.label})`).join(", ")}; ` +
                `with a challenger who quits when watching does not pay, ${dilemma.map((d) => `${d.rate * 100}% at watchCost ${d.watchCost}`).join(", ")}`
            : `invalid batches finalized in ${cells.map((c) => `${c.rate * 100}% with ${c.label}`).join("; ")}`,
        ),
        numbers: { cells, verifiersDilemma: dilemma },
        chart: {
          type: "bar",
          labels: [
            ...cells.map((c) => c.label),
            ...dilemma.map((d) => `lazy challenger, watchCost ${d.watchCost}`),
          ],
          series: [
            {
              label: "share of matches where fraud finalized",
              values: [...cells.map((c) => c.rate), ...dilemma.map((d) => d.rate)],
            },
          ],
          yLabel: "rate",
        },
      };
    },
  },
  {
    id: "zk-finality",
    title: "3. ZK rollups finalize faster",
    sentence:
      "A validity proof needs no challenge window, so ZK batches are final sooner than optimistic ones.",
    // On the default time scale (docs/rules.md, time): its proving speed, then faster provers; matches of the
    // default length, so that batches outlast the challenge window.
    points: () => [
      { label: "default proving speed", overrides: {}, seats: [], long: true },
      ...[2, 5, 25].map((speed) => ({
        label: `${speed} tx/slot proving`,
        overrides: { txsProvedPerSlot: speed },
        seats: [],
        long: true,
      })),
    ],
    judge(results) {
      const rows = [...results.entries()].map(([label, matches]) => {
        const lag = (kind: string) =>
          estimate(
            matches.flatMap((m) =>
              m.rollups
                .filter((r) => r.kind === kind && r.finalityLagSlots !== null)
                .map((r) => r.finalityLagSlots as number),
            ),
          );
        return { label, zk: lag("zk"), optimistic: lag("optimistic"), matches: matches.map((m) => m.id) };
      });
      const faster = rows.filter((r) => r.zk.mean < r.optimistic.mean);
      const holds = rows.length > 0 && faster.length === rows.length;
      const defaultRow = rows.find((r) => r.label === "default proving speed");
      const measured = defaultRow ? defaultRow.optimistic.mean / defaultRow.zk.mean : null;
      const ratios = [
        compareRatio("optimistic/ZK finality", measured, REAL_VALUES.challengeWindow, REAL_VALUES.zkFinality),
      ];
      return {
        ...about(this),
        ...verdict(
          holds,
          holds
            ? `ZK lag ${defaultRow ? fmt(defaultRow.zk) : "?"} slots vs optimistic ${defaultRow ? fmt(defaultRow.optimistic) : "?"} at the default proving speed, at every speed tried`
            : faster.length === 0
              ? "ZK batches were never final sooner"
              : `not at every proving speed: ZK is faster at ${faster.map((r) => r.label).join(", ")}, slower at ${rows
                  .filter((r) => !faster.includes(r))
                  .map((r) => r.label)
                  .join(", ")}`,
        ),
        numbers: { rows, ratios },
        chart: {
          type: "line",
          labels: rows.map((r) => r.label),
          series: [
            series(
              "ZK finality lag",
              rows.map((r) => r.zk),
            ),
            series(
              "optimistic finality lag",
              rows.map((r) => r.optimistic),
            ),
          ],
          yLabel: "slots from posting to final",
        },
      };
    },
  },
  {
    id: "sharding",
    title: "4. Sharding adds capacity",
    sentence:
      "More shards mean more blob space, so at saturation Layer 2 throughput grows with the shard count.",
    points: () =>
      [1, 2, 4, 8].map((shards) => ({
        label: `${shards} shard${shards > 1 ? "s" : ""}`,
        overrides: { shards, l2TxPerSlot: 240, blobCapacity: 4, blobMax: 2 },
        seats: [],
      })),
    judge(results) {
      const rows = [...results.entries()].map(([label, matches]) => ({
        label,
        throughput: estimate(
          matches.map((m) => m.rollups.reduce((sum, r) => sum + r.txsFinalizedPerSlot, 0)),
        ),
        blobFee: estimate(matches.map((m) => m.shards.blobFeeFinal)),
        matches: matches.map((m) => m.id),
      }));
      const increasing = rows.every((r, i) => i === 0 || r.throughput.mean > rows[i - 1].throughput.mean);
      const ratio = rows.length > 2 ? rows[2].throughput.mean / rows[0].throughput.mean : 0;
      const holds = rows.length > 2 && increasing && ratio >= 3;
      return {
        ...about(this),
        ...verdict(
          holds,
          `${rows.map((r) => `${r.label} ${round(r.throughput.mean, 1)}`).join(", ")} L2 tx finalized per slot ` +
            `(4 shards = ${round(ratio, 2)}× one; the claim needs throughput rising with every shard added and at least 3× at 4 shards)`,
        ),
        numbers: { rows },
        chart: {
          type: "bar",
          labels: rows.map((r) => r.label),
          series: [
            series(
              "L2 tx finalized per slot",
              rows.map((r) => r.throughput),
            ),
            {
              label: "final blob fee (milli-coins)",
              values: rows.map((r) => round(r.blobFee.mean * 1000, 2)),
            },
          ],
          yLabel: "per slot",
        },
      };
    },
  },
  {
    id: "incentives",
    title: "5. Incentives punish dishonesty",
    sentence: "Every dishonest strategy earns less than its honest twin in the same seat.",
    points: () =>
      TWINS.flatMap(({ role, dishonest, honest, context }) =>
        [dishonest, honest].map((strategy) => ({
          label: `${dishonest} | ${strategy}`,
          overrides: {},
          seats: [seat("player", role, strategy, role === "attacker" ? 12 : undefined), ...context],
        })),
      ),
    judge(results) {
      const rows = TWINS.map(({ dishonest, honest }) => {
        const bad = results.get(`${dishonest} | ${dishonest}`) ?? [];
        const good = results.get(`${dishonest} | ${honest}`) ?? [];
        // Paired by seed: the same match but for the one seat's strategy.
        const difference = pairedDifference(bad, good);
        const pays = difference.mean - difference.ci95 > 0;
        return { dishonest, honest, difference, pays, matches: [...bad, ...good].map((m) => m.id) };
      });
      const paying = rows.filter((r) => r.pays);
      const holds = rows.every((r) => r.difference.n > 0) && paying.length === 0;
      return {
        ...about(this),
        ...verdict(
          holds,
          holds
            ? `every dishonest strategy scored below its honest twin (${rows.length} pairs)`
            : paying.length === 0
              ? `not every pair was played (${rows
                  .filter((r) => r.difference.n === 0)
                  .map((r) => r.dishonest)
                  .join(", ")} has no match)`
              : `${paying.map((r) => `${r.dishonest} earns ${fmt(r.difference)} coins more than ${r.honest}`).join("; ")}: these attacks pay under the defaults`,
        ),
        numbers: { rows },
        chart: {
          type: "bar",
          labels: rows.map((r) => r.dishonest),
          series: [
            series(
              "score minus honest twin's (coins)",
              rows.map((r) => r.difference),
            ),
          ],
          yLabel: "coins",
        },
      };
    },
  },
];

/** Each dishonest strategy, its honest twin, and who else sits at the table. */
const TWINS: { role: SeatSpec["role"]; dishonest: string; honest: string; context: SeatSpec[] }[] = [
  { role: "validator", dishonest: "double-voter", honest: "honest-validator", context: [] },
  { role: "validator", dishonest: "equivocating-proposer", honest: "honest-validator", context: [] },
  { role: "validator", dishonest: "surround-voter", honest: "honest-validator", context: [] },
  { role: "validator", dishonest: "lazy-validator", honest: "honest-validator", context: [] },
  { role: "validator", dishonest: "lazy-da-attester", honest: "honest-validator", context: [] },
  { role: "validator", dishonest: "censoring-proposer", honest: "honest-validator", context: [] },
  { role: "attacker", dishonest: "stalling-cartel", honest: "honest-validator", context: [] },
  {
    role: "sequencer",
    dishonest: "fraudulent-sequencer",
    honest: "honest-sequencer",
    context: [honestChallenger],
  },
  {
    role: "sequencer",
    dishonest: "withholding-sequencer",
    honest: "honest-sequencer",
    context: [honestChallenger],
  },
  {
    role: "sequencer",
    dishonest: "censoring-sequencer",
    honest: "honest-sequencer",
    context: [honestChallenger],
  },
  { role: "sequencer", dishonest: "mev-sequencer", honest: "honest-sequencer", context: [honestChallenger] },
  { role: "sequencer", dishonest: "zk-forger", honest: "honest-zk-sequencer", context: [] },
  {
    role: "challenger",
    dishonest: "griefing-challenger",
    honest: "honest-challenger",
    context: [seat("sequencer", "sequencer", "honest-sequencer")],
  },
];

/** Parameters a workshop could turn against an attack that pays, by the attacker's role, strongest last. */
const REMEDIES: Record<SeatSpec["role"], { key: string; values: number[] }> = {
  validator: { key: "minSlashingPenaltyQuotient", values: [16, 8, 4] },
  attacker: { key: "inactivityPenaltyQuotient", values: [128, 64, 32] },
  sequencer: { key: "sequencerBond", values: [25, 50, 100] },
  challenger: { key: "challengeBond", values: [5, 10, 20] },
};

export interface Remedy {
  dishonest: string;
  key: string;
  /** The first value tried at which the attack stops paying, or null when none did. */
  stoppedAt: number | null;
  tried: { value: number; difference: Estimate }[];
}

/** Paired matches for each paying attack at each remedy value (the sweep behind the verdict). */
export function planRemedies(paying: string[], scale: ClaimScale): MatchJob[] {
  return TWINS.filter((twin) => paying.includes(twin.dishonest)).flatMap((twin) => {
    const remedy = REMEDIES[twin.role];
    return remedy.values.flatMap((value) =>
      [twin.dishonest, twin.honest].flatMap((strategy) =>
        Array.from({ length: scale.seeds }, (_, i) => ({
          id: `remedy/${twin.dishonest}/${remedy.key}=${value}/${strategy}/seed-${i + 1}`,
          preset: "phase0",
          overrides: { slots: scale.slots, [remedy.key]: value },
          seed: `claims-seed-${i + 1}`,
          seats: [
            seat("player", twin.role, strategy, twin.role === "attacker" ? 12 : undefined),
            ...twin.context,
          ],
          tags: { claim: "remedy", attack: twin.dishonest, value, strategy },
        })),
      ),
    );
  });
}

export function judgeRemedies(paying: string[], results: MatchSummary[]): Remedy[] {
  return TWINS.filter((twin) => paying.includes(twin.dishonest)).map((twin) => {
    const remedy = REMEDIES[twin.role];
    const tried = remedy.values.map((value) => {
      const at = results.filter(
        (r) => r.tags.claim === "remedy" && r.tags.attack === twin.dishonest && r.tags.value === value,
      );
      const difference = pairedDifference(
        at.filter((m) => m.tags.strategy === twin.dishonest),
        at.filter((m) => m.tags.strategy === twin.honest),
      );
      return { value, difference };
    });
    const stop = tried.find((t) => t.difference.mean <= 0);
    return { dishonest: twin.dishonest, key: remedy.key, stoppedAt: stop ? stop.value : null, tried };
  });
}

/** The jobs of every claim at a scale; ids are stable so a run resumes. */
export function planClaims(scale: ClaimScale): MatchJob[] {
  const jobs: MatchJob[] = [];
  for (const claim of CLAIMS) {
    for (const point of claim.points(scale)) {
      for (let i = 1; i <= scale.seeds; i++) {
        const slots = point.long ? scale.leakSlots : scale.slots;
        jobs.push({
          id: `${claim.id}/${point.label}/seed-${i}`,
          preset: "phase0",
          overrides: { ...point.overrides, slots },
          seed: `claims-seed-${i}`,
          seats: point.seats,
          tags: { claim: claim.id, point: point.label },
        });
      }
    }
  }
  return jobs;
}

export function judgeClaims(results: MatchSummary[], scale: ClaimScale): ClaimResult[] {
  return CLAIMS.map((claim) => {
    const byPoint = new Map<string, MatchSummary[]>();
    for (const point of claim.points(scale)) byPoint.set(point.label, []);
    for (const result of results)
      if (result.tags.claim === claim.id) byPoint.get(String(result.tags.point))?.push(result);
    return claim.judge(byPoint, scale);
  });
}

const WALL = {
  id: "wall",
  title: "The wall: scale out, not up",
  sentence:
    "Scaling Layer 1 up (bigger blocks, shorter slots) buys throughput only until the weaker nodes stop keeping up and blocks are orphaned; the same throughput on rollups keeps more nodes, and with data-availability sampling the most.",
};

/** One rung of one architecture over its seeds. */
export interface WallPoint {
  architecture: Architecture;
  rung: number;
  nominalTxPerSecond: number;
  deliveredTxPerSecond: Estimate;
  keepUpShare: Estimate;
  nakamoto33: Estimate;
  missedHeadVoteShare: Estimate;
  orphanRate: Estimate;
  downloadP50Mbps: Estimate;
  seeds: string[];
}

function wallPoint(architecture: Architecture, rung: number, runs: WallRun[]): WallPoint {
  const mine = runs.filter((r) => r.architecture === architecture && r.rung === rung);
  const of = (key: keyof WallRun) => estimate(mine.map((r) => r[key] as number).filter(Number.isFinite));
  return {
    architecture,
    rung,
    nominalTxPerSecond: round(mine[0]?.nominalTxPerSecond ?? Number.NaN, 1),
    deliveredTxPerSecond: of("deliveredTxPerSecond"),
    keepUpShare: of("keepUpShare"),
    nakamoto33: of("nakamoto33"),
    missedHeadVoteShare: of("missedHeadVoteShare"),
    orphanRate: of("orphanRate"),
    downloadP50Mbps: of("downloadP50Mbps"),
    seeds: mine.map((r) => r.seed),
  };
}

/** A mean ± interval, or a dash where no run had the figure (every node gone: no download to measure). */
const fmtOrDash = (e: Estimate) => (Number.isFinite(e.mean) ? fmt(e) : "—");

/** `a` lies above `b` with their 95% intervals apart; false on no evidence (NaN). */
const clearlyAbove = (a: Estimate, b: Estimate) => a.mean - a.ci95 > b.mean + b.ci95;
const pct = (e: Estimate) => `${round(e.mean * 100, 1)}% ± ${round(e.ci95 * 100, 1)}`;

/** The triangle's three corners of a point, each a share (1 is best). */
function corners(p: WallPoint): { values: number[]; ci95: number[] } {
  const nominal = p.nominalTxPerSecond;
  return {
    values: [p.deliveredTxPerSecond.mean / nominal, p.keepUpShare.mean, 1 - p.orphanRate.mean].map((v) =>
      round(v, 3),
    ),
    ci95: [p.deliveredTxPerSecond.ci95 / nominal, p.keepUpShare.ci95, p.orphanRate.ci95].map((v) =>
      round(v, 3),
    ),
  };
}

function wallTable(points: WallPoint[]): NonNullable<ClaimResult["table"]> {
  return {
    columns: [
      "architecture",
      "rung",
      "nominal tx/s",
      "delivered tx/s",
      "nodes keeping up",
      "Nakamoto (> 1/3)",
      "missed head votes",
      "orphaned blocks",
      "download p50 (Mbit/s)",
    ],
    rows: points.map((p) => [
      p.architecture,
      `×${p.rung}`,
      p.nominalTxPerSecond,
      fmt(p.deliveredTxPerSecond),
      pct(p.keepUpShare),
      fmt(p.nakamoto33),
      pct(p.missedHeadVoteShare),
      pct(p.orphanRate),
      fmtOrDash(p.downloadP50Mbps),
    ]),
  };
}

/**
 * The wall holds when, at the ladder's top rung (the same nominal throughput for all three), the monolithic
 * chain has lost nodes since the bottom rung, nodes keeping up rank sampling > full blobs > monolithic, and
 * the monolithic chain orphans more blocks than sampling — each comparison with the 95% intervals apart.
 */
export function judgeWall(runs: WallRun[]): ClaimResult {
  const points = ARCHITECTURES.flatMap((a) => RUNGS.map((rung) => wallPoint(a, rung, runs)));
  const at = (a: Architecture, rung: number) =>
    points.find((p) => p.architecture === a && p.rung === rung) as WallPoint;
  const top = RUNGS[RUNGS.length - 1];
  const [monolithic, full, sampled] = ARCHITECTURES.map((a) => at(a, top));
  const checks = [
    {
      ok: clearlyAbove(at("monolithic", RUNGS[0]).keepUpShare, monolithic.keepUpShare),
      failure: "scaling Layer 1 up did not lose nodes",
    },
    {
      ok: clearlyAbove(sampled.keepUpShare, full.keepUpShare),
      failure: "sampling kept no more nodes than full blobs",
    },
    {
      ok: clearlyAbove(full.keepUpShare, monolithic.keepUpShare),
      failure: "rollups kept no more nodes than Layer 1",
    },
    {
      ok: clearlyAbove(monolithic.orphanRate, sampled.orphanRate),
      failure: "the monolithic chain orphaned no more blocks than sampling",
    },
  ];
  const holds = checks.every((c) => c.ok);
  const measured =
    `at ×${top} today's throughput (${monolithic.nominalTxPerSecond} tx/s nominal), nodes keeping up: ` +
    `${ARCHITECTURES.map((a) => `${a} ${pct(at(a, top).keepUpShare)}`).join(", ")} (from ${pct(at("monolithic", RUNGS[0]).keepUpShare)} at ×${RUNGS[0]}); ` +
    `orphaned blocks: ${ARCHITECTURES.map((a) => `${a} ${pct(at(a, top).orphanRate)}`).join(", ")}; ` +
    `Nakamoto coefficient (> 1/3): ${ARCHITECTURES.map((a) => `${a} ${fmt(at(a, top).nakamoto33)}`).join(", ")}`;
  const failures = checks.filter((c) => !c.ok).map((c) => c.failure);
  return {
    ...about(WALL),
    ...verdict(holds, holds ? measured : `${failures.join("; ")} — ${measured}`),
    numbers: { points },
    chart: {
      type: "radar",
      labels: [
        "throughput (delivered / nominal)",
        "decentralization (nodes keeping up)",
        "security (blocks not orphaned)",
      ],
      series: [monolithic, full, sampled].map((p) => ({
        label: `${p.architecture} at ×${top} (${p.nominalTxPerSecond} tx/s)`,
        ...corners(p),
      })),
      yLabel: "share",
    },
    table: wallTable(points),
  };
}
