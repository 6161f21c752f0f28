// Your seat (UI.md, left): role, purse, bonds at risk, autopilot, and the role's decisions (RULES §8) as large
// buttons with a keyboard shortcut and a line on what each costs or earns. The decisions come from the seat's
// PlayerView (bots/choices.ts); the buttons send intents, the server and the engine decide, and a refusal
// comes back as a short message saying why.
import { type Choice, choices } from "../bots/choices.ts";
import type { PlayerView } from "../shared/index.ts";
import { coins, h, roleCss } from "./dom.ts";
import type { Connection, Refused } from "./net.ts";
import type { ArenaSnapshot, SeatSnap } from "./snapshot.ts";

export interface Decision {
  key: string;
  label: string;
  hint: string;
  /** The messages the button sends: engine actions (type and payload), or the autopilot switch. */
  intents: { type: string; payload: object }[];
}

const HOW_TO_PLAY: Record<string, string> = {
  validator:
    "Your validators propose and attest on autopilot. Decide when to cheat (two blocks in one slot, a double or surround vote, lazy availability votes), report what you catch, or leave.",
  sequencer:
    "Autopilot posts and defends your rollup batches honestly. Post a wrong root, withhold the data or censor the inbox yourself, and see whether anyone catches it.",
  challenger:
    "Each optimistic batch shows what re-executing it says. Challenge a wrong one before its window closes, then agree or disagree as the range halves.",
  attacker:
    "A coalition: validators, bonds and every role's verbs. Play honest until it pays to strike across layers.",
};

export function howToPlay(role: string): string {
  return HOW_TO_PLAY[role] ?? "Watch the match: the court, the workers and the warehouse.";
}

/** The autopilot switch: not an engine action, the room's own message (server/PROTOCOL.md). */
function autopilotDecision(seat: SeatSnap): Decision {
  return {
    key: "a",
    label: seat.autopilot ? "Autopilot: on — take over" : "Autopilot: off — hand back",
    hint: seat.autopilot
      ? "Stop the honest routine: you play every duty (a missed duty costs its reward)"
      : "Let the honest routine play your duties again",
    intents: [{ type: "autopilot", payload: { on: !seat.autopilot } }],
  };
}

/** What an action acts for, as the room tells a player's action from the autopilot's (server/arena-room.ts). */
function dutyOf({ type, payload }: Decision["intents"][number]): string {
  const { validator, batch, dispute, rollup } = payload as Record<string, unknown>;
  return `${type}/${String(validator ?? batch ?? dispute ?? rollup ?? "")}`;
}

function asDecision(choice: Choice): Decision {
  return {
    key: choice.key,
    label: choice.label,
    hint: choice.hint,
    intents: choice.actions.map(({ type, ...payload }) => ({ type, payload })),
  };
}

export class SeatPanel {
  readonly element = h("section", { class: "panel", "aria-label": "your seat" });
  private readonly body = h("div");
  private readonly buttons = h("div", { class: "decisions" });
  private readonly message = h("p", { class: "refusal", role: "status", "aria-live": "polite" });
  private current: Decision[] = [];
  /** The view's choices, computed once per slot (the synced state changes far more often). */
  private viewChoices: Decision[] = [];
  /**
   * Duties acted on in this slot (an action's type and what it acts for): a second choice for the same duty,
   * say disagreeing after agreeing, would only be refused or ignored, so its button waits for the next slot.
   */
  private readonly sent = new Set<string>();
  private bodyKey = "";
  private seat: SeatSnap | undefined;

  private readonly onRefused = (refused: Refused) => this.showRefusal(refused);

  private readonly connection: Connection;

  constructor(connection: Connection) {
    this.connection = connection;
    this.element.append(this.body, this.buttons, this.message);
    connection.refusals.add(this.onRefused);
  }

  /** The scene is leaving: refusals go to whichever panel comes next. */
  close(): void {
    this.connection.refusals.delete(this.onRefused);
  }

  /** A new slot's view: the seat's choices now. */
  updateView(view: PlayerView): void {
    this.viewChoices = choices(view).map(asDecision);
    this.sent.clear();
    this.renderButtons();
  }

  update(s: ArenaSnapshot): void {
    const seatId = this.connection.welcome.seat;
    const seat = seatId ? s.seats[seatId] : undefined;
    this.seat = seat;
    if (!seatId || !seat) {
      if (this.bodyKey === "watching") return;
      this.bodyKey = "watching";
      this.body.replaceChildren(h("h2", {}, "Watching"), h("p", { class: "hint" }, howToPlay("")));
      this.viewChoices = [];
      this.renderButtons();
      return;
    }
    // A finished match takes no more actions; a restart's first view brings the choices back.
    if ((s.phase === "finished" || s.phase === "interrupted") && this.viewChoices.length > 0) {
      this.viewChoices = [];
      this.renderButtons();
    }
    const mine = seat.private;
    // The synced state patches many times a slot: rebuild the text only when what it says changed.
    const key = JSON.stringify([seat.role, seat.score, seat.breakdown, seat.autopilot, mine]);
    if (key !== this.bodyKey) {
      this.bodyKey = key;
      this.renderBody(seatId, seat);
      this.renderButtons();
    }
  }

  private renderBody(seatId: string, seat: SeatSnap): void {
    const mine = seat.private;
    this.body.replaceChildren(
      h("h2", { style: `color:${roleCss(seat.role)}` }, `${seat.role} · ${seatId}`),
      h(
        "p",
        { class: "purse" },
        `Score ${coins(seat.score)} · balance ${coins(mine?.balance ?? 0)} · at risk ${coins(mine?.locked ?? 0)}`,
      ),
      h(
        "p",
        { class: "hint breakdown" },
        Object.entries(seat.breakdown)
          .filter(([, milli]) => milli !== 0)
          .map(([key, milli]) => `${key} ${coins(milli)}`)
          .join(" · ") || "Nothing earned or lost yet.",
      ),
      mine && mine.validators.length > 0
        ? h(
            "p",
            { class: "hint" },
            `Validators ${mine.validators.join(", ")} · proposing in slots ${mine.proposeSlots.join(", ") || "—"}`,
          )
        : "",
      h(
        "p",
        { class: "hint" },
        seat.autopilot ? "Autopilot plays your honest duties." : "Autopilot is off: you play every duty.",
      ),
    );
  }

  private renderButtons(): void {
    this.current = this.seat ? [autopilotDecision(this.seat), ...this.viewChoices] : [];
    // Buttons are kept by shortcut and updated in place, so a click or the keyboard focus never lands on a
    // button a new slot just replaced.
    const kept = new Map(
      [...this.buttons.children].map((b) => [(b as HTMLElement).dataset.key, b as HTMLButtonElement]),
    );
    const buttons = this.current.map((decision) => {
      const button =
        kept.get(decision.key) ??
        h(
          "button",
          { class: "decision", "data-key": decision.key, onclick: () => this.press(decision.key) },
          h("kbd", {}, decision.key.toUpperCase()),
          h("span", { class: "label" }),
          h("span", { class: "hint" }),
        );
      button.disabled = this.taken(decision);
      const [, label, hint] = button.children;
      if (label.textContent !== decision.label) label.textContent = decision.label;
      if (hint.textContent !== decision.hint) hint.textContent = decision.hint;
      return button;
    });
    if (
      buttons.some((button, i) => this.buttons.children[i] !== button) ||
      buttons.length !== this.buttons.children.length
    )
      this.buttons.replaceChildren(...buttons);
  }

  /** A keyboard shortcut; true when it was one of the panel's. */
  press(key: string): boolean {
    const decision = this.current.find((d) => d.key === key.toLowerCase());
    if (!decision || this.taken(decision)) return false;
    for (const intent of decision.intents) {
      this.connection.send(intent.type, intent.payload);
      if (intent.type !== "autopilot") this.sent.add(dutyOf(intent));
    }
    this.message.className = "sent";
    this.message.textContent = `Sent: ${decision.label}`;
    this.renderButtons();
    // The panel scrolls when the choices outgrow it: a shortcut brings its button and the answer into view.
    this.message.scrollIntoView({ block: "nearest" });
    this.buttons.querySelector(`[data-key="${decision.key}"]`)?.scrollIntoView({ block: "nearest" });
    return true;
  }

  /** Whether a choice acts on a duty already acted on this slot (the autopilot switch never is). */
  private taken(decision: Decision): boolean {
    return decision.intents.some((intent) => this.sent.has(dutyOf(intent)));
  }

  private showRefusal(refused: Refused): void {
    this.message.className = "refusal";
    this.message.textContent = `Refused ${refused.action?.type ?? ""}: ${refused.reason} (${refused.code})`;
  }
}
