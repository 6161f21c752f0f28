// Your seat (UI.md, left): role, purse, bonds at risk, autopilot, and the role's decisions (RULES §8) as large
// buttons with a keyboard shortcut and a line on what each costs or earns. The buttons send intents; the
// server and the engine decide, and a refusal comes back as a short message saying why.
import type { MatchConfig } from "../shared/index.ts";
import { coins, h, roleCss } from "./dom.ts";
import type { Connection, Refused } from "./net.ts";
import type { ArenaSnapshot, BatchSnap } from "./snapshot.ts";

export interface Decision {
  key: string;
  label: string;
  hint: string;
  /** The intents the button sends. */
  intents: { type: string; payload: object }[];
}

const HOW_TO_PLAY: Record<string, string> = {
  validator:
    "Your 4 validators propose and attest on autopilot. Decide when to cheat (two blocks in one slot, lazy availability votes) or to leave.",
  sequencer:
    "Autopilot posts and defends your rollup batches. Submit ZK proofs yourself, or watch whether anyone catches a bad root.",
  challenger:
    "Watch the optimistic batches. Challenge one you think is wrong before its window closes, then agree or disagree as the range halves.",
  attacker:
    "A coalition: validators, bonds and every role's verbs. Play honest until it pays to strike across layers.",
};

export function howToPlay(role: string): string {
  return HOW_TO_PLAY[role] ?? "Watch the match: the court, the workers and the warehouse.";
}

/** Batches a challenge can still reach: optimistic, pending, window open, not already disputed. */
export function challengeable(s: ArenaSnapshot, config: MatchConfig): BatchSnap[] {
  const optimistic = new Set(s.rollups.filter((r) => r.kind === "optimistic").map((r) => r.id));
  const disputed = new Set(s.disputes.filter((d) => d.status === "open").map((d) => d.batch));
  return s.batches.filter(
    (b) =>
      optimistic.has(b.rollup) &&
      b.status === "pending" &&
      s.slot < b.postedSlot + config.challengeWindow &&
      !disputed.has(b.id),
  );
}

/** What this seat can decide now, in a stable order with stable keys. */
export function decisions(s: ArenaSnapshot, seatId: string, config: MatchConfig): Decision[] {
  const seat = s.seats[seatId];
  if (!seat) return [];
  const role = seat.role;
  const list: Decision[] = [
    {
      key: "a",
      label: seat.autopilot ? "Autopilot: on — take over" : "Autopilot: off — hand back",
      hint: seat.autopilot
        ? "Stop the honest routine: you play every duty (a missed duty costs its reward)"
        : "Let the honest routine play your duties again",
      intents: [{ type: "autopilot", payload: { on: !seat.autopilot } }],
    },
  ];
  const mine = seat.private;
  const bears = (r: string) => role === r || role === "attacker";
  if (bears("challenger")) {
    challengeable(s, config)
      .slice(0, 3)
      .forEach((batch, i) => {
        list.push({
          key: String(i + 1),
          label: `Challenge ${batch.rollup} batch of slot ${batch.postedSlot} (${batch.seat})`,
          hint: `Bond ${config.challengeBond.toFixed(1)}; win half the sequencer's ${config.sequencerBond.toFixed(1)} if the root is wrong, lose the bond if not`,
          intents: [{ type: "challenge", payload: { batch: batch.id } }],
        });
      });
    const mineOpen = s.disputes.filter((d) => d.status === "open" && d.challenger === seatId);
    for (const dispute of mineOpen.slice(0, 1)) {
      if (dispute.hi - dispute.lo <= 1) {
        list.push({
          key: "p",
          label: `Prove step: L1 re-executes tx ${dispute.hi}`,
          hint: "Ends the dispute: whoever's root is wrong loses the bonds",
          intents: [{ type: "proveStep", payload: { dispute: dispute.id } }],
        });
      } else if (dispute.turn === "challenger") {
        const mid = Math.floor((dispute.lo + dispute.hi) / 2);
        list.push(
          {
            key: "y",
            label: `Agree with the root after tx ${mid}`,
            hint: "The fault lies later: the range becomes the upper half",
            intents: [{ type: "bisect", payload: { dispute: dispute.id, agree: true } }],
          },
          {
            key: "n",
            label: `Disagree with the root after tx ${mid}`,
            hint: "The fault lies earlier: the range becomes the lower half",
            intents: [{ type: "bisect", payload: { dispute: dispute.id, agree: false } }],
          },
        );
      }
    }
  }
  if (bears("sequencer")) {
    const zk = new Set(s.rollups.filter((r) => r.kind === "zk").map((r) => r.id));
    const unproven = s.batches.filter(
      (b) => zk.has(b.rollup) && b.seat === seatId && b.status === "pending" && b.provedSlot < 0,
    );
    if (unproven.length > 0)
      list.push({
        key: "s",
        label: `Submit proofs for ${unproven.length} ZK batch${unproven.length > 1 ? "es" : ""}`,
        hint: `Pays ${config.verificationCost.toFixed(1)} verification each; unproven after ${config.proofDeadline} slots: bond slashed`,
        intents: unproven.map((b) => ({ type: "submitProof", payload: { batch: b.id } })),
      });
  }
  if (bears("validator") && mine && mine.validators.length > 0) {
    // proposeSlots does not say which of the seat's validators proposes: each signs two blocks, and the
    // engine refuses (not-proposer) the ones whose turn it is not.
    const proposing = mine.proposeSlots.includes(s.slot);
    list.push({
      key: "e",
      label: proposing ? "Propose two blocks in this slot" : "Propose two blocks (not your slot)",
      hint: `Equivocation: a fork now, stake/${config.minSlashingPenaltyQuotient} slashed and forced exit if reported`,
      intents: proposing
        ? mine.validators.flatMap((validator) => [
            { type: "propose", payload: { validator } },
            { type: "propose", payload: { validator, graffiti: "twin" } },
          ])
        : [],
    });
    const pendingBlobs = s.blobs.filter((b) => b.verdict === "pending");
    list.push({
      key: "l",
      label: `Vote "available" on ${pendingBlobs.length} blob${pendingBlobs.length === 1 ? "" : "s"} without sampling`,
      hint: "Lazy: saves nothing you can see, lets withheld data slip through",
      intents: pendingBlobs.flatMap((blob) =>
        mine.validators.map((validator) => ({
          type: "attestAvailability",
          payload: { validator, blob: blob.id, available: true },
        })),
      ),
    });
    list.push({
      key: "x",
      label: `Exit validator ${mine.validators[0]}`,
      hint: "Leave the validator set: no more rewards or penalties for it",
      intents: [{ type: "exit", payload: { validator: mine.validators[0] } }],
    });
  }
  const rollup = s.rollups[0];
  if (rollup)
    list.push({
      key: "f",
      label: `Force a transfer through the L1 inbox (${rollup.id})`,
      hint: `Must be in a batch within ${config.forcedInclusionDelay} slots, or the batch that skips it is invalid`,
      intents: [{ type: "forceInclude", payload: { rollup: rollup.id, from: 0, to: 1, amount: 1 } }],
    });
  return list;
}

export class SeatPanel {
  readonly element = h("section", { class: "panel", "aria-label": "your seat" });
  private readonly body = h("div");
  private readonly buttons = h("div", { class: "decisions" });
  private readonly message = h("p", { class: "refusal", role: "status", "aria-live": "polite" });
  private current: Decision[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly config: () => MatchConfig,
  ) {
    this.element.append(this.body, this.buttons, this.message);
    connection.refusals.add((refused) => this.showRefusal(refused));
  }

  update(s: ArenaSnapshot): void {
    const seatId = this.connection.welcome.seat;
    const seat = seatId ? s.seats[seatId] : undefined;
    if (!seatId || !seat) {
      this.body.replaceChildren(h("h2", {}, "Watching"), h("p", { class: "hint" }, howToPlay("")));
      this.buttons.replaceChildren();
      this.current = [];
      return;
    }
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
    this.current = decisions(s, seatId, this.config());
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
      button.disabled = decision.intents.length === 0;
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
    if (!decision || decision.intents.length === 0) return false;
    this.take(decision);
    return true;
  }

  private take(decision: Decision): void {
    for (const intent of decision.intents) this.connection.send(intent.type, intent.payload);
    this.message.className = "sent";
    this.message.textContent = `Sent: ${decision.label}`;
  }

  private showRefusal(refused: Refused): void {
    this.message.className = "refusal";
    this.message.textContent = `Refused ${refused.action?.type ?? ""}: ${refused.reason} (${refused.code})`;
  }
}
