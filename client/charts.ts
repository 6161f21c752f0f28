// Line charts (chart.js) for results and the facilitator dashboard, styled for a projector.
import { Chart, registerables } from "chart.js";
import { h } from "./dom.ts";

Chart.register(...registerables);
Chart.defaults.color = "#c9d2e3";
Chart.defaults.font.size = 14;

const PALETTE = ["#4f8cff", "#f0a030", "#3fc27a", "#b36bff", "#e5484d", "#4fd1c5", "#f6e05e", "#ed64a6"];

/** A line; seats are drawn in their role's colour, other series take the palette's. */
export interface Series {
  name: string;
  values: number[];
  colour?: string;
}

export function lineChart(
  title: string,
  labels: number[],
  series: Series[],
): { element: HTMLElement; chart: Chart } {
  const canvas = h("canvas", { "aria-label": title, role: "img" });
  const element = h("figure", { class: "chart" }, h("figcaption", {}, title), canvas);
  const chart = new Chart(canvas, {
    type: "line",
    data: {
      labels,
      datasets: series.map((s, i) => ({
        label: s.name,
        data: s.values,
        borderColor: s.colour ?? PALETTE[i % PALETTE.length],
        backgroundColor: s.colour ?? PALETTE[i % PALETTE.length],
        pointRadius: 0,
        tension: 0.2,
      })),
    },
    options: { animation: false, responsive: true, maintainAspectRatio: false },
  });
  return { element, chart };
}

/** Replaces a chart's data in place (live charts). */
export function setSeries(chart: Chart, labels: number[], series: Series[]): void {
  chart.data.labels = labels;
  series.forEach((s, i) => {
    const dataset = chart.data.datasets[i];
    if (dataset) dataset.data = s.values;
    else
      chart.data.datasets.push({
        label: s.name,
        data: s.values,
        borderColor: s.colour ?? PALETTE[i % PALETTE.length],
        backgroundColor: s.colour ?? PALETTE[i % PALETTE.length],
        pointRadius: 0,
      });
  });
  chart.update("none");
}
