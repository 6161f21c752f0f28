// Results: final scores with their breakdowns, the match metrics, score over time, and the replay.
import Phaser from "phaser";
import { BREAKDOWN_KEYS } from "../../shared/index.ts";
import { lineChart } from "../charts.ts";
import { coins, h, layout, regions, roleCss } from "../dom.ts";
import type { Connection } from "../net.ts";

interface StoredSeat {
  seat: string;
  name: string;
  role: string;
  strategy: string;
  score: number;
  breakdown: Record<string, number>;
}

export class ResultsScene extends Phaser.Scene {
  constructor() {
    super("results");
  }

  create({ connection }: { connection: Connection }): void {
    layout("screen");
    const s = connection.snapshot!;
    const matchId = `${connection.room.roomId}-${s.round}`;
    const table = h("table", { class: "results" });
    const seats: StoredSeat[] = Object.values(s.seats)
      .filter((seat) => seat.id !== "background")
      .map((seat) => ({
        seat: seat.id,
        name: seat.name,
        role: seat.role,
        strategy: seat.strategy,
        score: seat.score,
        breakdown: seat.breakdown,
      }))
      .sort((a, b) => b.score - a.score);
    table.append(
      h("tr", {}, h("th", {}, "Seat"), h("th", {}, "Score"), ...BREAKDOWN_KEYS.map((k) => h("th", {}, k))),
      ...seats.map((seat) =>
        h(
          "tr",
          { "data-seat": seat.seat },
          h("td", { style: `color:${roleCss(seat.role)}` }, `${seat.seat} (${seat.name})`),
          h("td", { class: "score" }, coins(seat.score)),
          ...BREAKDOWN_KEYS.map((k) => h("td", {}, coins(seat.breakdown[k] ?? 0))),
        ),
      ),
    );
    const attacks = (outcome: string) => s.attacks.filter((a) => a.outcome === outcome).length;
    const metrics = h(
      "ul",
      { class: "metrics" },
      h("li", {}, `Finality lag at the end: ${Math.max(0, s.epoch - s.finalizedEpoch)} epochs`),
      h("li", {}, `L2 transactions finalized: ${s.rollups.reduce((n, r) => n + r.txsFinalized, 0)}`),
      h(
        "li",
        {},
        `Batches reverted (recent window): ${s.batches.filter((b) => b.status === "reverted").length}`,
      ),
      h(
        "li",
        {},
        `Attacks tried ${s.attacks.length}: caught ${attacks("caught")}, succeeded ${attacks("succeeded")}, failed ${attacks("failed")}`,
      ),
      h(
        "li",
        {},
        `Stake slashed: ${coins(-seats.reduce((n, seat) => n + (seat.breakdown.slashing ?? 0), 0))}`,
      ),
    );
    const history = connection.history;
    const chart = lineChart(
      "Score over time (coins)",
      history.map((point) => point.slot),
      seats.map((seat) => ({
        name: seat.seat,
        colour: roleCss(seat.role),
        values: history.map((point) => point.scores[seat.seat] ?? 0),
      })),
    );
    const replay = h(
      "button",
      { id: "open-replay", onclick: () => this.scene.start("replay", { matchId }) },
      h("kbd", {}, "P"),
      " Watch the replay",
    );
    const back = h(
      "button",
      { class: "small", onclick: () => this.scene.start("arena", { connection }) },
      "Back to the arena",
    );
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "p") this.scene.start("replay", { matchId });
    };
    window.addEventListener("keydown", onKey);
    this.events.once("shutdown", () => window.removeEventListener("keydown", onKey));
    regions
      .screen()
      .append(
        h("h1", {}, `Results — round ${s.round} (${s.phase})`),
        table,
        h(
          "div",
          { class: "columns" },
          h("section", {}, h("h2", {}, "Match"), metrics, replay, " ", back),
          h("section", { class: "wide" }, chart.element),
        ),
      );
  }
}
