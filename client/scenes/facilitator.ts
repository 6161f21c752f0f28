// The facilitator dashboard (UI.md): pause/resume/restart, the parameters for the next round grouped as the
// rule book groups them (with the real protocol's value beside each default), and live charts.
import Phaser from "phaser";
import { coins, h, layout, regions } from "../dom.ts";
import { TopBar } from "../hud.ts";
import { joinCard } from "../join-card.ts";
import { LiveCharts } from "../live-charts.ts";
import type { Connection, Refused } from "../net.ts";
import { NetworkPanel } from "../network-map.ts";
import { paramFieldsets } from "../param-fields.ts";
import { fetchSetups, setupOfRoom } from "../setups.ts";
import type { ArenaSnapshot } from "../snapshot.ts";

export class FacilitatorScene extends Phaser.Scene {
  constructor() {
    super("facilitator");
  }

  create({ connection }: { connection: Connection }): void {
    layout("screen");
    const top = new TopBar();
    const status = h("p", { class: "sent", role: "status", "aria-live": "polite" });
    const send = (type: string, payload: object, text: string) => {
      connection.send(type, payload);
      status.className = "sent";
      status.textContent = text;
    };
    const onRefused = (refused: Refused) => {
      status.className = "refusal";
      status.textContent = `Refused: ${refused.reason}`;
    };
    connection.refusals.add(onRefused);
    const onParams = (next: Record<string, unknown>) => {
      status.className = "sent";
      status.textContent = `Next round: ${JSON.stringify(next)}`;
    };
    connection.params.add(onParams);
    const seed = h("input", { id: "seed", placeholder: "new seed (optional)" });
    const arena = () => this.scene.start("arena", { connection });
    const projector = () => this.scene.start("arena", { connection, projector: true });
    top.actions.append(
      h("button", { class: "small", onclick: () => send("pause", {}, "Paused.") }, "Pause"),
      h("button", { class: "small", onclick: () => send("resume", {}, "Resumed.") }, "Resume"),
      seed,
      h(
        "button",
        {
          class: "small",
          onclick: () => send("restart", seed.value ? { seed: seed.value } : {}, "Restarting…"),
        },
        "Restart",
      ),
      h("button", { class: "small", onclick: projector }, h("kbd", {}, "P"), " Projector"),
      h("button", { class: "small", onclick: arena }, h("kbd", {}, "Esc"), " Arena"),
    );

    // A lesson's room goes on to the next lesson in one click, with the class in the same seats.
    const nextLesson = h("button", { class: "small", id: "next-lesson", hidden: true }, "Next lesson");
    top.actions.prepend(nextLesson);
    let shownSetupRound = -1;
    const findNextLesson = async () => {
      const [current, setups] = await Promise.all([setupOfRoom(connection.room.roomId), fetchSetups()]);
      const lessons = setups.filter((setup) => setup.kind === "lesson");
      const next = current && lessons[lessons.findIndex((setup) => setup.name === current.name) + 1];
      nextLesson.hidden = !next;
      if (next) {
        nextLesson.textContent = `Next lesson: ${next.title}`;
        nextLesson.onclick = () => send("restart", { setup: next.name }, `Starting ${next.title}…`);
      }
    };

    const params = paramFieldsets((key, value) =>
      send("setParams", { config: { [key]: value } }, `Asked: ${key} = ${value} for the next round`),
    );

    const charts = new LiveCharts();
    const network = new NetworkPanel();
    let drawnSlot = -1;
    let shownRound = -1;
    const redraw = (s: ArenaSnapshot) => {
      top.update(s, connection.welcome.seat);
      if (shownRound !== s.round) {
        shownRound = s.round;
        params.showRound(connection.config);
      }
      if (shownSetupRound !== s.round && s.phase === "running") {
        shownSetupRound = s.round;
        void findNextLesson().catch(() => {});
      }
      if (drawnSlot === s.slot) return;
      drawnSlot = s.slot;
      charts.update(connection.history);
      network.update(s.network, s.slot, connection.config);
      seats.replaceChildren(
        ...Object.values(s.seats).map((seat) =>
          h(
            "li",
            {},
            `${seat.id} (${seat.controller === "bot" ? seat.strategy : seat.name}) ${coins(seat.score)} `,
            seat.controller !== "bot"
              ? h(
                  "button",
                  { class: "small", onclick: () => send("kick", { seat: seat.id }, `Kicked ${seat.id}`) },
                  "Kick",
                )
              : null,
          ),
        ),
      );
    };
    const seats = h("ul", { class: "list" });
    const unsubscribe = connection.onSnapshot(redraw);
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement) return;
      if (event.key === "=") top.toggleBoard();
      else if (event.key === "Escape" && top.boardOpen) top.toggleBoard(false);
      else if (event.key === "Escape") arena();
      else if (event.key === "p") projector();
    };
    window.addEventListener("keydown", onKey);
    this.events.once("shutdown", () => {
      unsubscribe();
      connection.params.delete(onParams);
      connection.refusals.delete(onRefused);
      window.removeEventListener("keydown", onKey);
    });
    regions
      .screen()
      .append(
        top.element,
        status,
        h(
          "div",
          { class: "dashboard" },
          h(
            "section",
            { class: "charts" },
            joinCard(connection.welcome.code),
            network.element,
            ...charts.elements,
            h("h2", {}, "Seats"),
            seats,
          ),
          h(
            "section",
            { class: "params" },
            h("h2", {}, "Parameters for the next round"),
            ...params.fieldsets,
          ),
        ),
      );
    redraw(connection.snapshot!);
  }
}
