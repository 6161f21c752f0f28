// Self-contained HTML reports: chart.js inlined from node_modules, so the page opens from disk.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

export interface ChartSpec {
  title: string;
  /** A chart.js configuration (type, data, options). */
  config: unknown;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

/** A table cell: text, or links (relative paths, such as a point's replays). */
export type Cell = string | number | { links: { text: string; href: string }[] };

export interface Table {
  title: string;
  columns: string[];
  rows: Cell[][];
}

/**
 * A grid of values as a table of coloured cells, each with its number: one colour scale from `scale.low`
 * (white) to `scale.high` (full red), shown in a legend. Rates use 0–100% whatever the values, so 25% is
 * never as red as 100%.
 */
export interface HeatmapSpec {
  title: string;
  across: { key: string; labels: string[] };
  down: { key: string; labels: string[] };
  /** values[row][column], rows in `down` order; null where the point has no matches. */
  values: (number | null)[][];
  ci95: (number | null)[][];
  scale: { low: number; high: number; unit: string };
}

/** A text section: a workshop's question, its reading. */
export interface Section {
  title: string;
  text: string;
}

/** A column name that may break between the words of a camelCase key, so that wide tables fit. */
function headerHtml(column: string): string {
  return escapeHtml(column).replace(/([a-z])([A-Z])/g, "$1<wbr>$2");
}

function cellHtml(value: Cell): string {
  if (typeof value === "object")
    return value.links
      .map((link) => `<a href="${escapeHtml(encodeURI(link.href))}">${escapeHtml(link.text)}</a>`)
      .join(" ");
  return escapeHtml(String(value));
}

const red = (share: number) =>
  `rgba(200, 40, 40, ${Math.round(Math.min(Math.max(share, 0), 1) * 100) / 100})`;

function heatmapHtml(map: HeatmapSpec): string {
  const span = map.scale.high - map.scale.low || 1;
  const share = (v: number) => (v - map.scale.low) / span;
  const header = `<tr><th>${escapeHtml(map.down.key)} ↓ · ${escapeHtml(map.across.key)} →</th>${map.across.labels.map((l) => `<th>${escapeHtml(l)}</th>`).join("")}</tr>`;
  const body = map.down.labels
    .map((label, row) => {
      const cells = map.across.labels.map((_, column) => {
        const value = map.values[row][column];
        if (value === null) return `<td class="cell">no matches</td>`;
        const ci = map.ci95[row][column];
        const ink = share(value) > 0.55 ? "#fff" : "#222";
        return `<td class="cell" style="background:${red(share(value))};color:${ink}">${escapeHtml(String(value))}${ci ? `<small> ± ${escapeHtml(String(ci))}</small>` : ""}</td>`;
      });
      return `<tr><th>${escapeHtml(label)}</th>${cells.join("")}</tr>`;
    })
    .join("");
  const steps = [0, 0.25, 0.5, 0.75, 1];
  const legend = steps
    .map(
      (step) =>
        `<span style="background:${red(step)};color:${step > 0.55 ? "#fff" : "#222"}">${escapeHtml(String(Math.round((map.scale.low + step * span) * 1000) / 1000))}</span>`,
    )
    .join("");
  return `<h2>${escapeHtml(map.title)}</h2><div class="scroll"><table class="heatmap">${header}${body}</table></div>
<p class="legend">colour scale (${escapeHtml(map.scale.unit)}): ${legend}</p>`;
}

export function renderReport(
  title: string,
  intro: string,
  tables: Table[],
  charts: (ChartSpec | HeatmapSpec)[],
  sections: Section[] = [],
): string {
  const chartJs = readFileSync(join(dirname(require.resolve("chart.js")), "chart.umd.min.js"), "utf8");
  const sectionHtml = sections
    .map((section) => `<h2>${escapeHtml(section.title)}</h2><p>${escapeHtml(section.text)}</p>`)
    .join("\n");
  const tableHtml = tables
    .map(
      (t) =>
        `<h2>${escapeHtml(t.title)}</h2><div class="scroll"><table><tr>${t.columns.map((c) => `<th>${headerHtml(c)}</th>`).join("")}</tr>` +
        t.rows
          .map(
            (r) =>
              `<tr>${r.map((v) => `<td${typeof v === "number" ? ' class="num"' : ""}>${cellHtml(v)}</td>`).join("")}</tr>`,
          )
          .join("") +
        "</table></div>",
    )
    .join("\n");
  const chartSpecs = charts.filter((c): c is ChartSpec => "config" in c);
  const figures = charts
    .map((c) =>
      "config" in c
        ? `<h2>${escapeHtml(c.title)}</h2><div class="chart"><canvas id="chart-${chartSpecs.indexOf(c)}"></canvas></div>`
        : heatmapHtml(c),
    )
    .join("\n");
  const configs = JSON.stringify(chartSpecs.map((c) => c.config)).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:16px system-ui,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222}
.scroll{overflow-x:auto;max-width:100%}table{border-collapse:collapse;margin:1rem 0}
td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}td{overflow-wrap:anywhere}
th{background:#f3f3f3}td.num{text-align:right}a{white-space:nowrap}.chart{height:380px}.heatmap td.cell{min-width:5rem;text-align:center}
.legend span{display:inline-block;min-width:4rem;padding:.2rem .4rem;text-align:center;border:1px solid #ccc}</style>
<script>${chartJs}</script></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(intro)}</p>
${sectionHtml}
${tableHtml}
${figures}
<script>Chart.defaults.animation = false; const configs = ${configs}; configs.forEach((c, i) => new Chart(document.getElementById("chart-" + i), c));</script>
</body></html>
`;
}

/** CSV with quoting where needed. */
export function toCsv(columns: string[], rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null) => {
    const text = v === null ? "" : String(v);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `${[columns, ...rows].map((r) => r.map(cell).join(",")).join("\n")}\n`;
}
