// The class leaderboard: every player by name across the rounds and lessons the server stored, per role
// (GET /api/leaderboard), in coins, with a CSV export for the facilitator's records.
import Phaser from "phaser";
import { ROLES } from "../../shared/index.ts";
import { coins, h, layout, regions, roleCss } from "../dom.ts";

interface PlayerRow {
  key: string;
  role: string;
  matches: number;
  total: number;
  mean: number;
}

/** The rows as CSV: names quoted, scores in coins. */
export function leaderboardCsv(rows: PlayerRow[]): string {
  const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;
  return [
    "name,role,rounds,total_coins,mean_coins",
    ...rows.map((r) =>
      [quote(r.key), r.role, r.matches, (r.total / 1000).toFixed(3), (r.mean / 1000).toFixed(3)].join(","),
    ),
  ].join("\n");
}

export class LeaderboardScene extends Phaser.Scene {
  constructor() {
    super("leaderboard");
  }

  create(): void {
    layout("screen");
    const status = h("p", { class: "hint", role: "status" }, "Loading…");
    const tables = h("div", { class: "columns" });
    let rows: PlayerRow[] = [];
    const download = () => {
      const link = h("a", {
        href: URL.createObjectURL(new Blob([leaderboardCsv(rows)], { type: "text/csv" })),
        download: "trilemma-class-leaderboard.csv",
      });
      link.click();
      URL.revokeObjectURL(link.href);
    };
    const back = () => this.scene.start("lobby");
    regions
      .screen()
      .append(
        h("h1", {}, "Class leaderboard"),
        h(
          "p",
          { class: "lead" },
          "Every player by name, over all the rounds and lessons played here; scores in coins.",
        ),
        h(
          "div",
          { class: "controls" },
          h("button", { id: "csv", class: "small", onclick: download }, "Download CSV"),
          h("button", { class: "small", onclick: back }, h("kbd", {}, "Esc"), " Lobby"),
        ),
        status,
        tables,
      );
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") back();
    };
    window.addEventListener("keydown", onKey);
    this.events.once("shutdown", () => window.removeEventListener("keydown", onKey));
    void fetch("api/leaderboard")
      .then((response) => response.json())
      .then((board: { playersByRole: PlayerRow[] }) => {
        rows = board.playersByRole;
        status.textContent = rows.length
          ? ""
          : "No rounds stored yet: a round counts once it ends or restarts.";
        tables.replaceChildren(
          ...ROLES.filter((role) => rows.some((r) => r.role === role)).map((role) =>
            h(
              "section",
              {},
              h("h2", { style: `color:${roleCss(role)}` }, role),
              h(
                "table",
                { class: "results", "data-role": role },
                h(
                  "tr",
                  {},
                  h("th", {}, "#"),
                  h("th", {}, "Name"),
                  h("th", {}, "Rounds"),
                  h("th", {}, "Mean (coins)"),
                  h("th", {}, "Total (coins)"),
                ),
                ...rows
                  .filter((r) => r.role === role)
                  .map((r, i) =>
                    h(
                      "tr",
                      { "data-name": r.key },
                      h("td", {}, String(i + 1)),
                      h("td", {}, r.key),
                      h("td", {}, String(r.matches)),
                      h("td", { class: "score" }, coins(r.mean)),
                      h("td", {}, coins(r.total)),
                    ),
                  ),
              ),
            ),
          ),
        );
      })
      .catch((error: Error) => {
        status.textContent = `The server is not answering: ${error.message}`;
      });
  }
}
