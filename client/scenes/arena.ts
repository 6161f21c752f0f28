// The live arena: the lanes (Phaser), the top strip, your seat's panel and the event feed.
import Phaser from "phaser";
import { ArenaView } from "../arena-view.ts";
import { Coach } from "../coach.ts";
import { h, layout, regions } from "../dom.ts";
import { Feed, TopBar } from "../hud.ts";
import { joinCard } from "../join-card.ts";
import { LiveCharts } from "../live-charts.ts";
import type { Connection } from "../net.ts";
import { NetworkPanel } from "../network-map.ts";
import { SeatPanel } from "../panel.ts";
import { SetupBrief, setupOfRoom } from "../setups.ts";
import type { ArenaSnapshot } from "../snapshot.ts";

/** The lanes' text on the projector: half as large again as on a laptop, as the page's own type (style.css). */
const PROJECTOR_TEXT_SCALE = 1.5;

export interface ArenaData {
  connection: Connection;
  /** The facilitator's projector view: the lanes beside the live charts and the feed, in large type. */
  projector?: boolean;
}

export class ArenaScene extends Phaser.Scene {
  private view!: ArenaView;
  private top!: TopBar;
  private dirty: ArenaSnapshot | null = null;

  constructor() {
    super("arena");
  }

  create({ connection, projector = false }: ArenaData): void {
    layout("arena");
    document.getElementById("app")!.classList.toggle("projector", projector);
    this.view = new ArenaView(this, connection.config);
    if (projector) this.view.textScale = PROJECTOR_TEXT_SCALE;
    this.top = new TopBar();
    const panel = new SeatPanel(connection);
    const coach = new Coach(connection);
    // The lesson's brief sits above the role's guide (docs/workshop.md, "A live class"); on the projector, under the join code.
    const brief = new SetupBrief();
    let briefRound = -1;
    panel.element.prepend(brief.element, coach.guide, coach.noticeElement);
    panel.element.append(coach.story);
    const feed = new Feed();
    const results = h(
      "button",
      { class: "small", hidden: true, onclick: () => this.scene.start("results", { connection }) },
      h("kbd", {}, "R"),
      " Results",
    );
    this.top.actions.append(results);
    if (connection.welcome.facilitator)
      this.top.actions.append(
        h(
          "button",
          { class: "small", onclick: () => this.scene.start("facilitator", { connection }) },
          h("kbd", {}, "D"),
          " Dashboard",
        ),
      );
    regions.top().append(this.top.element);
    const charts = projector ? new LiveCharts() : null;
    const network = projector ? new NetworkPanel() : null;
    if (charts)
      regions
        .left()
        .append(
          joinCard(connection.welcome.code),
          brief.element,
          h("div", { class: "charts" }, network!.element, ...charts.elements),
          h("h3", {}, "What happened"),
          feed.element,
        );
    else regions.left().append(panel.element, h("h3", {}, "What happened"), feed.element);
    const show = (snapshot: ArenaSnapshot) => {
      // A restarted round may run with other parameters.
      this.view.config = connection.config;
      const mine = connection.mySeat?.private;
      this.view.ownValidators = new Set(mine?.validators ?? []);
      this.view.ownRole = connection.mySeat?.role ?? "";
      this.top.update(snapshot, connection.welcome.seat);
      network?.update(snapshot.network, snapshot.slot, connection.config);
      if (charts) charts.update(connection.history);
      else {
        panel.update(snapshot);
        coach.update(snapshot);
      }
      feed.update(snapshot);
      brief.update(snapshot.phase);
      // The next lesson is a new round of the same room: its brief replaces the last one.
      if (briefRound !== snapshot.round && snapshot.phase === "running") {
        briefRound = snapshot.round;
        void setupOfRoom(connection.room.roomId)
          .then((setup) => setup && brief.show(setup))
          .catch(() => {});
      }
      results.hidden = snapshot.phase !== "finished" && snapshot.phase !== "interrupted";
      this.dirty = snapshot;
    };
    show(connection.snapshot!);
    if (connection.view) panel.updateView(connection.view);
    const unsubscribeSnapshots = connection.onSnapshot(show);
    const unsubscribeViews = connection.onView((view) => panel.updateView(view));
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "=") this.top.toggleBoard();
      else if (event.key === "Escape" && this.top.boardOpen) this.top.toggleBoard(false);
      else if (event.key === "Escape" && projector) this.scene.start("facilitator", { connection });
      else if (event.key === "r" && !results.hidden) this.scene.start("results", { connection });
      else if (event.key === "d" && connection.welcome.facilitator)
        this.scene.start("facilitator", { connection });
      else if (!projector && panel.press(event.key)) event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    this.events.once("shutdown", () => {
      unsubscribeSnapshots();
      unsubscribeViews();
      panel.close();
      window.removeEventListener("keydown", onKey);
    });
  }

  update(): void {
    this.top.tick();
    if (this.dirty) {
      this.view.draw(this.dirty);
      this.dirty = null;
    }
  }
}
