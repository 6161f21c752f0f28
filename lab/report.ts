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

export interface Table {
  title: string;
  columns: string[];
  rows: (string | number)[][];
}

export function renderReport(title: string, intro: string, tables: Table[], charts: ChartSpec[]): string {
  const chartJs = readFileSync(join(dirname(require.resolve("chart.js")), "chart.umd.min.js"), "utf8");
  const tableHtml = tables
    .map(
      (t) =>
        `<h2>${escapeHtml(t.title)}</h2><table><tr>${t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr>` +
        t.rows.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(String(v))}</td>`).join("")}</tr>`).join("") +
        "</table>",
    )
    .join("\n");
  const canvases = charts
    .map(
      (c, i) => `<h2>${escapeHtml(c.title)}</h2><div class="chart"><canvas id="chart-${i}"></canvas></div>`,
    )
    .join("\n");
  const configs = JSON.stringify(charts.map((c) => c.config)).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:16px system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222}table{border-collapse:collapse;margin:1rem 0}
td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}th{background:#f3f3f3}.chart{height:380px}</style>
<script>${chartJs}</script></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(intro)}</p>
${tableHtml}
${canvases}
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
