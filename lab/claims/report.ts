// claims.json and claims.html: one section per claim — the sentence, the chart, the verdict in one line.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderReport } from "../report.ts";
import type { ClaimResult, Remedy } from "./experiments.ts";
import { ratioSentence } from "./real-values.ts";

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"];

/** A radar (the trilemma's triangle) has one radial axis of shares; the other charts a y axis from zero. */
function chartScales(chart: ClaimResult["chart"]) {
  if (chart.type === "radar") return { r: { min: 0, max: 1, title: { display: true, text: chart.yLabel } } };
  return { y: { beginAtZero: true, title: { display: true, text: chart.yLabel } } };
}

export function writeClaims(
  outDir: string,
  claims: ClaimResult[],
  remedies: Remedy[],
  matches: number,
): void {
  writeFileSync(join(outDir, "claims.json"), `${JSON.stringify({ matches, claims, remedies }, null, 2)}\n`);
  const paying = remedies.map((r) =>
    r.stoppedAt === null
      ? `ATTACK THAT PAYS: ${r.dishonest} — no value of ${r.key} tried (${r.tried.map((t) => t.value).join(", ")}) stops it.`
      : `ATTACK THAT PAYS: ${r.dishonest} — stops paying at ${r.key} = ${r.stoppedAt}.`,
  );
  const tables = [
    {
      title: "Verdicts",
      columns: ["claim", "verdict"],
      rows: claims.map((c) => [c.title, c.verdict]),
    },
    {
      title: "Measured here, against mainnet",
      columns: ["claim", "ratio", "here", "on mainnet", "sources"],
      rows: claims.flatMap((c) =>
        (c.numbers.ratios ?? []).map((r) => [
          c.title,
          r.ratio,
          r.here === null ? "not measured" : `${r.here}×`,
          `${r.mainnet} (about ${r.mainnetRatio}×)`,
          // The config's REAL_TIME_CONSTANTS cite specs and docs by name, not by address.
          r.sources.join("; "),
        ]),
      ),
    },
    ...claims.flatMap((c) => (c.table ? [{ title: `${c.title}: every point`, ...c.table }] : [])),
    ...(paying.length > 0
      ? [{ title: "Attacks that pay under the defaults", columns: ["finding"], rows: paying.map((p) => [p]) }]
      : []),
  ];
  const charts = claims.map((claim) => ({
    title: [
      `${claim.title} — ${claim.sentence} Verdict: ${claim.verdict}`,
      ...(claim.numbers.ratios ?? []).map(ratioSentence),
    ].join(" · "),
    config: {
      type: claim.chart.type,
      data: {
        labels: claim.chart.labels,
        datasets: claim.chart.series.map((series, i) => ({
          label: series.ci95 ? `${series.label} (± 95%: ${series.ci95.join(", ")})` : series.label,
          data: series.values,
          borderColor: COLORS[i % COLORS.length],
          backgroundColor: COLORS[i % COLORS.length],
        })),
      },
      options: { maintainAspectRatio: false, scales: chartScales(claim.chart) },
    },
  }));
  writeFileSync(
    join(outDir, "claims.html"),
    renderReport(
      "Trilemma: the essay's claims, measured",
      `${matches} matches. Each verdict is computed from the matches listed in claims.json.`,
      tables,
      charts,
    ),
  );
}
