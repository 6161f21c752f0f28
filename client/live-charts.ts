// The match's live charts (the facilitator dashboard): finality lag, L2 throughput, stake slashed,
// attacks tried/caught/succeeded and score by role, redrawn once a slot. The dashboard and the projector
// view show the same five.
import { lineChart, setSeries } from "./charts.ts";
import { roleCss } from "./dom.ts";
import type { Sample } from "./metrics.ts";

const ROLE_ORDER = ["validator", "sequencer", "challenger", "attacker"];

export class LiveCharts {
  private readonly charts = {
    lag: lineChart("Finality lag (epochs)", [], []),
    throughput: lineChart("L2 transactions finalized per slot", [], []),
    slashed: lineChart("Stake slashed (coins)", [], []),
    attacks: lineChart("Attacks", [], []),
    scores: lineChart("Score by role (coins)", [], []),
  };
  readonly elements = Object.values(this.charts).map((c) => c.element);
  private drawnSlot = -1;

  update(samples: Sample[]): void {
    const slot = samples.at(-1)?.slot ?? -1;
    if (slot === this.drawnSlot) return;
    this.drawnSlot = slot;
    const { charts } = this;
    const labels = samples.map((p) => p.slot);
    setSeries(charts.lag.chart, labels, [
      { name: "epochs behind", values: samples.map((p) => p.finalityLag) },
    ]);
    setSeries(charts.throughput.chart, labels, [{ name: "txs", values: samples.map((p) => p.throughput) }]);
    setSeries(charts.slashed.chart, labels, [{ name: "coins", values: samples.map((p) => p.slashed) }]);
    setSeries(charts.attacks.chart, labels, [
      { name: "tried", values: samples.map((p) => p.tried) },
      { name: "caught", values: samples.map((p) => p.caught) },
      { name: "succeeded", values: samples.map((p) => p.succeeded) },
    ]);
    setSeries(
      charts.scores.chart,
      labels,
      ROLE_ORDER.map((role) => ({
        name: role,
        colour: roleCss(role),
        values: samples.map((p) => p.scoreByRole[role] ?? 0),
      })),
    );
  }
}
