// The top strip (slot, epoch, finality, time to the next slot, scoreboard) and the event feed: HTML, so it is
// crisp on a projector and read by screen readers.
import { coins, h, roleCss } from "./dom.ts";
import type { ArenaSnapshot, SeatSnap } from "./snapshot.ts";

export class TopBar {
  readonly element = h("div", { class: "topbar" });
  private readonly clock = h("span", { class: "clock" });
  private readonly status = h("span", { class: "status" });
  private readonly round = h("span", { class: "round hint" });
  private readonly scores = h("ol", { class: "scores", "aria-label": "scoreboard" });
  readonly actions = h("span", { class: "top-actions" });
  private snapshot: ArenaSnapshot | null = null;
  private scoresKey = "";

  constructor() {
    this.element.append(this.status, this.round, this.clock, this.scores, this.actions);
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
    const seats = Object.values(s.seats).sort((a, b) => b.score - a.score);
    const key = seats.map((seat) => `${seat.id}/${seat.name}/${seat.score}/${seat.controller}`).join(" ");
    if (key === this.scoresKey) return;
    this.scoresKey = key;
    this.scores.replaceChildren(...seats.map((seat) => scoreChip(seat, seat.id === mySeat)));
  }

  /** The countdown: slots, with seconds in brackets (UI.md); called every frame. */
  tick(): void {
    const s = this.snapshot;
    if (!s) return;
    const left = s.nextSlotAt > 0 ? Math.max(0, s.nextSlotAt - Date.now()) : 0;
    const text = s.nextSlotAt > 0 ? `next slot in (${(left / 1000).toFixed(1)} s)` : "";
    if (this.clock.textContent !== text) this.clock.textContent = text;
  }
}

/** Default seeds are long (room id and time): the strip shows their start. */
function shortSeed(seed: string): string {
  return seed.length > 16 ? `${seed.slice(0, 15)}…` : seed;
}

function scoreChip(seat: SeatSnap, mine: boolean): HTMLElement {
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
    h("b", { style: `color:${roleCss(seat.role)}` }, seat.controller === "bot" ? seat.id : seat.name),
    ` ${coins(seat.score)}`,
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
