// What the seat's panel explains beside the choices: a first-round guide per role (what you see, what your
// choices do, what you risk), what a restart changed, why your score moved (your own changes with their coins
// and the sentence that caused them) and your score over time against your role's average.
import type { MatchConfig } from "../shared/index.ts";
import { lineChart, setSeries } from "./charts.ts";
import { coinsDelta, h, roleCss } from "./dom.ts";
import type { Connection } from "./net.ts";
import type { ArenaSnapshot, FeedSnap, SeatSnap } from "./snapshot.ts";

interface Guide {
  see: string;
  do: string;
  risk: string;
}

const GUIDES: Record<string, Guide> = {
  validator: {
    see: "The court along the bottom: a block per slot, numbered by its proposer. Yours carry your colour; a white outline means final.",
    do: "Autopilot proposes and votes honestly. By hand you may vote twice, vote without checking blob data, report an offence you saw, or leave.",
    risk: "A double vote or a second block in one slot is slashed when reported; many slashed at once lose more (the correlation penalty). A missed duty costs its reward; if finality stalls, the inactive leak drains the absent.",
  },
  sequencer: {
    see: "Your rollup's lane in the middle: a card per batch you post, the amber bar is the time left to challenge it.",
    do: "Autopilot posts honest batches. By hand you may post a wrong state root, withhold a batch's data or censor the inbox.",
    risk: "A challenger who re-executes a wrong batch wins a dispute and half your bond; withheld data is caught by the samplers.",
  },
  challenger: {
    see: "Each optimistic batch, and in your choices what re-executing it says: root right, or wrong from a transaction on.",
    do: "Challenge a wrong batch before its window drains, then answer each round of the bisection (the range halves) until one step is re-executed on Layer 1.",
    risk: "Challenging costs a bond: a true batch, or running out of clock, loses it. Winning pays half the sequencer's.",
  },
  attacker: {
    see: "Every layer: your coalition holds validators, bonds and every role's moves.",
    do: "Play honest until a strike across layers pays: a withheld batch, a cartel of votes, a fork.",
    risk: "Everything the other roles risk at once: slashing, lost bonds, and being caught in the feed for the class to see.",
  },
};

/** The parameters a facilitator changed between two rounds, as "name old → new". */
export function configChanges(before: MatchConfig, after: MatchConfig): string[] {
  return (Object.keys(after) as (keyof MatchConfig)[])
    .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .map((key) => `${key} ${String(before[key])} → ${String(after[key])}`);
}

/** The feed's sentences about a seat: its id, or one of its validators by number. */
function mentions(line: FeedSnap, seat: SeatSnap): boolean {
  if (line.text.includes(seat.id)) return true;
  const validators = seat.private?.validators ?? [];
  return validators.some((v) => new RegExp(`[Vv]alidator ${v}\\b`).test(line.text));
}

interface Change {
  slot: number;
  delta: number;
  parts: string;
  because: string;
}

const CHANGES_SHOWN = 5;

export class Coach {
  readonly guide = h("details", { class: "guide" });
  readonly story = h("section", { class: "story", "aria-label": "why your score changed" });
  private readonly notice = h("p", { class: "notice", role: "status", "aria-live": "polite" });
  private readonly changesList = h("ol", { class: "changes" });
  private readonly chart = lineChart("Your score against your role's average (coins)", [], []);
  private round = -1;
  private config: MatchConfig | null = null;
  private autopilot: boolean | null = null;
  private last: { slot: number; score: number; breakdown: Record<string, number> } | null = null;
  private readonly changes: Change[] = [];
  private chartedSlot = -1;

  private readonly connection: Connection;

  constructor(connection: Connection) {
    this.connection = connection;
    this.story.append(h("h3", {}, "Why your score changed"), this.changesList, this.chart.element);
  }

  /** The notice goes above the choices, where the eye is after a restart. */
  get noticeElement(): HTMLElement {
    return this.notice;
  }

  update(s: ArenaSnapshot): void {
    const seat = this.connection.mySeat;
    if (!seat) {
      this.guide.hidden = true;
      this.story.hidden = true;
      return;
    }
    this.guide.hidden = false;
    this.story.hidden = false;
    if (s.round !== this.round) this.newRound(s, seat);
    this.autopilot = seat.autopilot;
    this.track(s, seat);
  }

  private newRound(s: ArenaSnapshot, seat: SeatSnap): void {
    const first = this.round === -1;
    this.round = s.round;
    const guide = GUIDES[seat.role];
    this.guide.replaceChildren(
      h("summary", {}, `How to play the ${seat.role}`),
      ...(guide
        ? [
            h("p", {}, h("b", {}, "What you see: "), guide.see),
            h("p", {}, h("b", {}, "What your choices do: "), guide.do),
            h("p", {}, h("b", {}, "What you risk: "), guide.risk),
          ]
        : []),
    );
    // Open in a player's first round; later rounds keep it a click away.
    this.guide.open = s.round <= 1;
    if (!first && this.config) {
      const changed = configChanges(this.config, this.connection.config);
      const autopilot =
        this.autopilot === seat.autopilot
          ? `Your autopilot stays ${seat.autopilot ? "on" : "off"}.`
          : `Your autopilot is now ${seat.autopilot ? "on" : "off"}.`;
      this.notice.textContent =
        `Round ${s.round} began (seed ${s.seed}). ` +
        (changed.length ? `Changed: ${changed.join(", ")}. ` : "Same parameters. ") +
        autopilot;
    }
    this.config = this.connection.config;
    this.changes.length = 0;
    this.last = null;
    this.changesList.replaceChildren(h("li", { class: "hint" }, "Nothing yet."));
  }

  private track(s: ArenaSnapshot, seat: SeatSnap): void {
    const last = this.last;
    this.last = { slot: s.slot, score: seat.score, breakdown: seat.breakdown };
    if (last && last.score !== seat.score) {
      const keys = new Set([...Object.keys(last.breakdown), ...Object.keys(seat.breakdown)]);
      const parts = [...keys]
        .map((key) => [key, (seat.breakdown[key] ?? 0) - (last.breakdown[key] ?? 0)] as const)
        .filter(([, delta]) => delta !== 0)
        .map(([key, delta]) => `${key} ${coinsDelta(delta)}`)
        .join(", ");
      const because = s.feed.filter((line) => line.slot >= last.slot && mentions(line, seat)).at(-1);
      this.changes.unshift({
        slot: s.slot,
        delta: seat.score - last.score,
        parts,
        because: because?.text ?? "",
      });
      this.changes.length = Math.min(this.changes.length, CHANGES_SHOWN);
      this.changesList.replaceChildren(
        ...this.changes.map((change) =>
          h(
            "li",
            { class: change.delta < 0 ? "bad" : "" },
            h("span", { class: "when" }, `slot ${change.slot}`),
            ` ${coinsDelta(change.delta)} coins (${change.parts})`,
            change.because ? h("span", { class: "hint" }, ` — ${change.because}`) : "",
          ),
        ),
      );
    }
    if (this.chartedSlot === s.slot) return;
    this.chartedSlot = s.slot;
    const history = this.connection.history;
    const sameRole = Object.values(s.seats).filter((other) => other.role === seat.role).length;
    setSeries(
      this.chart.chart,
      history.map((p) => p.slot),
      [
        { name: "you", colour: roleCss(seat.role), values: history.map((p) => p.scores[seat.id] ?? 0) },
        {
          name: `${seat.role} average`,
          colour: "#9fb0cc",
          values: history.map((p) => (p.scoreByRole[seat.role] ?? 0) / Math.max(1, sameRole)),
        },
      ],
    );
  }
}
