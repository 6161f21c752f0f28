// The top strip (slot, epoch, finality, time to the next slot, scoreboard) and the event feed: HTML, so it is
// crisp on a projector and read by screen readers.
import { BACKGROUND_SEAT } from "../shared/index.ts";
import { coins, h, roleCss } from "./dom.ts";
import type { ArenaSnapshot, SeatSnap } from "./snapshot.ts";

/** How many leaders the strip names beside your own seat; the rest are a count and the full table on demand. */
const LEADERS = 3;

export class TopBar {
  readonly element = h("div", { class: "topbar" });
  private readonly clock = h("span", { class: "clock" });
  private readonly status = h("span", { class: "status" });
  private readonly round = h("span", { class: "round hint" });
  private readonly scores = h("ol", { class: "scores", "aria-label": "your seat and the leaders" });
  private readonly boardButton = h(
    "button",
    { class: "small board-toggle", "aria-expanded": "false", "aria-controls": "board" },
    h("kbd", {}, "="),
    h("span", {}, "All seats"),
  );
  /** Every seat's score, on demand: a class of 30 does not fit in one strip. */
  private readonly board = h(
    "div",
    { class: "board", id: "board", hidden: true, role: "dialog", "aria-label": "all seats" },
    h("table", { class: "results" }),
  );
  readonly actions = h("span", { class: "top-actions" });
  private snapshot: ArenaSnapshot | null = null;
  private scoresKey = "";
  /** The seats the full table shows, best first, and your own. */
  private boardSeats: { seats: SeatSnap[]; mine: SeatSnap | undefined } = { seats: [], mine: undefined };

  constructor() {
    this.boardButton.addEventListener("click", () => this.toggleBoard());
    this.element.append(this.status, this.round, this.clock, this.scores, this.boardButton, this.actions);
    this.element.append(this.board);
  }

  /** Shows or hides the full table; `force` sets it. Returns whether it is open now. */
  toggleBoard(force?: boolean): boolean {
    const open = force ?? this.board.hidden === true;
    if (open && this.board.hidden) this.renderBoard();
    this.board.hidden = !open;
    this.boardButton.setAttribute("aria-expanded", String(open));
    return open;
  }

  get boardOpen(): boolean {
    return !this.board.hidden;
  }

  update(s: ArenaSnapshot, mySeat: string | null): void {
    this.snapshot = s;
    this.status.textContent =
      `Slot ${s.slot}/${s.slotsTotal} · epoch ${s.epoch} · finalized epoch ${s.finalizedEpoch}` +
      (s.phase === "running" ? "" : ` · ${s.phase}`);
    this.status.dataset.slot = String(s.slot);
    // The seed is synced once the match ends, or to the referee (docs/rules.md, "What each role sees").
    const seed = s.seed || s.referee?.seed;
    const round = seed ? `Round ${s.round} · seed ${shortSeed(seed)}` : `Round ${s.round}`;
    if (this.round.textContent !== round) {
      this.round.textContent = round;
      this.round.title = seed ? `seed ${seed}` : "";
    }
    this.tick();
    // The built-in users' background seat is nobody's to play: the results leave it out too.
    const seats = Object.values(s.seats)
      .filter((seat) => seat.id !== BACKGROUND_SEAT)
      .sort((a, b) => b.score - a.score);
    const key = seats.map((seat) => `${seat.id}/${seat.name}/${seat.score}/${seat.controller}`).join(" ");
    if (key === this.scoresKey) return;
    this.scoresKey = key;
    const rank = new Map(seats.map((seat, i) => [seat.id, i + 1]));
    const mine = seats.find((seat) => seat.id === mySeat);
    const shown = [...(mine ? [mine] : []), ...seats.filter((seat) => seat !== mine).slice(0, LEADERS)];
    this.scores.replaceChildren(
      ...shown.map((seat) => scoreChip(seat, seat === mine, rank.get(seat.id) ?? 0)),
    );
    this.boardButton.lastElementChild!.textContent = `All ${seats.length} seats`;
    this.boardSeats = { seats, mine };
    if (!this.board.hidden) this.renderBoard();
  }

  /** The full table, built only while it is open: a class's 32 rows change every slot. */
  private renderBoard(): void {
    const { seats, mine } = this.boardSeats;
    this.board.firstElementChild!.replaceChildren(
      h("tr", {}, h("th", {}, "#"), h("th", {}, "Seat"), h("th", {}, "Role"), h("th", {}, "Score (coins)")),
      ...seats.map((seat, i) =>
        h(
          "tr",
          { class: seat === mine ? "mine" : "", "data-seat": seat.id },
          h("td", {}, String(i + 1)),
          h("td", {}, seatName(seat)),
          h("td", { style: `color:${roleCss(seat.role)}` }, seat.role),
          h("td", { class: "score" }, coins(seat.score)),
        ),
      ),
    );
  }

  /** The countdown: slots, with seconds in brackets (UI.md); called every frame. */
  tick(): void {
    const s = this.snapshot;
    if (!s) return;
    const left = s.nextSlotAt > 0 ? Math.max(0, s.nextSlotAt - Date.now()) : 0;
    const text = s.nextSlotAt > 0 ? `next slot (${(left / 1000).toFixed(1)} s)` : "";
    if (this.clock.textContent !== text) this.clock.textContent = text;
  }
}

/** Default seeds are long (room id and time): the strip shows their start. */
function shortSeed(seed: string): string {
  return seed.length > 10 ? `${seed.slice(0, 9)}…` : seed;
}

function seatName(seat: SeatSnap): string {
  return seat.controller === "bot" ? seat.id : seat.name;
}

function scoreChip(seat: SeatSnap, mine: boolean, rank: number): HTMLElement {
  const parts = Object.entries(seat.breakdown)
    .filter(([, v]) => v !== 0)
    .map(([k, v]) => `${k} ${coins(v)}`)
    .join(", ");
  return h(
    "li",
    {
      class: mine ? "chip mine" : "chip",
      style: `border-color:${roleCss(seat.role)}`,
      title: parts || "no change yet",
      "data-seat": seat.id,
      "data-score": seat.score,
    },
    h("span", { class: "rank" }, `#${rank}`),
    h("b", { style: `color:${roleCss(seat.role)}` }, seatName(seat)),
    ` ${coins(seat.score)} coins`,
  );
}

/** Events where someone was caught or something was lost: the feed shows them in red (UI.md). */
const CAUGHT_OR_LOST = new Set([
  "slashed",
  "correlation-penalty",
  "batch-reverted",
  "blob-verdict",
  "proof",
  "sequencer-ejected",
  "fraud-finalized",
  "finality-stalled",
  "inactivity-leak",
]);

export class Feed {
  readonly element = h("ol", { class: "feed", "aria-label": "events", "aria-live": "polite" });
  private lastKey = "";

  update(s: ArenaSnapshot): void {
    const last = s.feed.at(-1);
    const key = `${s.feed.length}/${last?.slot}/${last?.text}`;
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.element.replaceChildren(
      ...s.feed
        .slice(-12)
        .reverse()
        .map((item) =>
          h(
            "li",
            {
              class: CAUGHT_OR_LOST.has(item.type) ? "bad" : "",
            },
            h("span", { class: "when" }, String(item.slot)),
            ` ${item.text}`,
          ),
        ),
    );
  }
}
