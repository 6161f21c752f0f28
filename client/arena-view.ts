// Draws an arena snapshot in a Phaser scene (UI.md): Layer 1 (the court) along the bottom, one lane per
// rollup (the workers) in the middle, the shard grid (the warehouse) on the right. The same drawing serves
// the live arena and the replay viewer. It redraws only when a new snapshot arrives.
import type Phaser from "phaser";
import { type MatchConfig, REAL_TIME_CONSTANTS } from "../shared/index.ts";
import { feeCoins, h, ROLE_COLOURS } from "./dom.ts";
import type { ArenaSnapshot, BatchSnap, BlockSnap, DisputeSnap, RollupSnap } from "./snapshot.ts";

const CELL = 30;
/** The stage's background (the page's --bg). */
export const STAGE_BACKGROUND = "#0b0f18";
/** The numbers inside blocks, cards and tiles fit their cell, so they keep this size on the projector too. */
const CELL_FONT_PX = 11;
const FONT = "Arial, Helvetica, sans-serif";
const RED = 0xe5484d;
const GREEN = 0x3fc27a;
const AMBER = 0xf0a030;
/** A challenge window that ends after the round: the batch waits for it past the round's end. */
const PALE_AMBER = 0x8a7350;
const GREY = 0x5a6070;
const INK = "#e8ecf4";
const SHARD_COLUMNS = 10;
const FEE_HISTORY = 64;
const LEGEND = "#7f8cab";

/** Something drawn that a pointer can point at: what it is, and why it matters. */
interface Hit {
  x: number;
  y: number;
  w: number;
  h: number;
  what: string;
  why: string;
}

export class ArenaView {
  private readonly graphics: Phaser.GameObjects.Graphics;
  private readonly texts: Phaser.GameObjects.Text[] = [];
  private readonly styles = new WeakMap<Phaser.GameObjects.Text, string>();
  private used = 0;
  /** Blob fee per shard, one entry per slot seen, for the little line chart. */
  private readonly fees: { slot: number; fees: number[] }[] = [];
  /** Validator indices the viewer controls: their blocks get the role's colour. */
  ownValidators = new Set<number>();
  ownRole = "";
  /** How much larger than on a laptop the lanes' text is: the projector view reads from the back of a room. */
  textScale = 1;

  private last: ArenaSnapshot | null = null;
  /** What the last drawing put where, for the hover (or tap) explanation. */
  private hits: Hit[] = [];
  private readonly tip = h("div", { class: "tip", role: "tooltip", hidden: true });

  private readonly scene: Phaser.Scene;
  /** Paints the next frame (the canvas keeps its picture between drawings). */
  private readonly repaint: () => void;
  config: MatchConfig;

  constructor(scene: Phaser.Scene, config: MatchConfig) {
    this.scene = scene;
    this.config = config;
    this.graphics = scene.add.graphics();
    // The stage was hidden while a full-page screen showed: measure it again, and redraw whenever it resizes.
    scene.scale.getParentBounds();
    scene.scale.refresh();
    const redraw = () => this.last && this.draw(this.last);
    scene.scale.on("resize", redraw);
    scene.game.canvas.parentElement?.append(this.tip);
    const point = (pointer: Phaser.Input.Pointer) => this.explain(pointer.x, pointer.y);
    scene.input.on("pointermove", point);
    scene.input.on("pointerdown", point);
    // The canvas keeps its last picture (client/main.ts: no clear before each frame): the lanes are painted
    // only in the frame after a drawing changed, not 60 times a second, which leaves the page's thread free
    // for the panel and the keyboard. The camera fills its own background when it paints.
    const camera = scene.cameras.main.setBackgroundColor(STAGE_BACKGROUND);
    const painted = () => camera.setAlpha(0);
    scene.game.events.on("postrender", painted);
    this.repaint = () => camera.setAlpha(1);
    scene.events.once("shutdown", () => {
      scene.game.events.off("postrender", painted);
      scene.scale.off("resize", redraw);
      scene.input.off("pointermove", point);
      scene.input.off("pointerdown", point);
      this.tip.remove();
    });
  }

  /** Shows what lies under the pointer, beside it; nothing there hides the explanation. */
  explain(x: number, y: number): void {
    const hit = this.hits.findLast((r) => x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h);
    if (!hit) {
      this.tip.hidden = true;
      return;
    }
    this.tip.replaceChildren(h("b", {}, hit.what), h("p", {}, hit.why));
    this.tip.hidden = false;
    const { width, height } = this.scene.scale;
    this.tip.style.left = `${Math.min(x + 14, width - 300)}px`;
    this.tip.style.top = `${Math.min(y + 14, height - this.tip.offsetHeight - 4)}px`;
  }

  private hit(x: number, y: number, w: number, hgt: number, what: string, why: string): void {
    this.hits.push({ x, y, w, h: hgt, what, why });
  }

  /** Forget the fee history (a replay jumped, or a new round began). */
  reset(): void {
    this.fees.length = 0;
  }

  draw(snapshot: ArenaSnapshot): void {
    this.last = snapshot;
    this.repaint();
    const { width, height } = this.scene.scale;
    const last = this.fees.at(-1);
    if (last && last.slot > snapshot.slot) this.reset();
    if (!last || last.slot !== snapshot.slot) {
      this.fees.push({ slot: snapshot.slot, fees: snapshot.shards.map((s) => s.fee) });
      if (this.fees.length > FEE_HISTORY) this.fees.shift();
    }
    this.graphics.clear();
    this.used = 0;
    this.hits = [];
    // The court keeps a readable band on a projector as on a laptop.
    const l1Top = height - Math.max(150, Math.round(height * 0.2));
    const shardLeft = Math.max(width * 0.64, width - 420);
    this.drawLayer1(snapshot, 0, l1Top, width, height - l1Top);
    this.drawLayer2(snapshot, 0, 0, shardLeft - 16, l1Top - 12);
    this.drawShards(snapshot, shardLeft, 0, width - shardLeft, l1Top - 12);
    for (let i = this.used; i < this.texts.length; i++) this.texts[i].setVisible(false);
  }

  /** Slot → x: the newest slot at the right edge of the lane, older ones scrolling left. */
  private slotX(snapshot: ArenaSnapshot, slot: number, right: number): number {
    return right - (snapshot.slot - slot) * CELL;
  }

  private drawLayer1(s: ArenaSnapshot, x: number, y: number, w: number, h: number): void {
    const g = this.graphics;
    g.fillStyle(0x141a26, 1).fillRect(x, y, w, h);
    const title = this.heading(
      x,
      y,
      w,
      "LAYER 1 — the court",
      "a block per slot, its proposer's number · faded: not final yet · gold outline: justified · white: finalized · red strike: slashed",
    );
    this.label(
      x + 26 + title.width,
      y + 8,
      `justified epoch ${s.justifiedEpoch} · finalized epoch ${s.finalizedEpoch}`,
      13,
      "#9fb0cc",
    );
    const right = x + w - CELL;
    const base = y + h - 56;
    for (let slot = s.slot - Math.ceil(w / CELL); slot <= s.slot; slot++) {
      if (slot >= 0 && slot % s.slotsPerEpoch === 0) {
        const tx = this.slotX(s, slot, right) - 3;
        g.lineStyle(1, 0x3a4560, 1).lineBetween(tx, y + 30, tx, y + h - 4);
        this.label(tx + 3, y + h - 18, `e${slot / s.slotsPerEpoch}`, 12, "#7f8cab");
      }
    }
    const slashedSlots = new Map<number, string>();
    for (const item of s.feed)
      if (item.type === "slashed")
        slashedSlots.set(item.slot, item.text.match(/Validator (\d+)/)?.[1] ?? "?");
    const forkRow = new Map<number, number>();
    for (const block of s.blocks) {
      if (block.slot < 0) continue;
      const bx = this.slotX(s, block.slot, right);
      if (bx < x) continue;
      let by = base;
      if (!block.canonical) {
        const row = (forkRow.get(block.slot) ?? 0) + 1;
        forkRow.set(block.slot, row);
        by = base - row * 34;
        g.lineStyle(2, 0x7f8cab, 0.6).lineBetween(bx + CELL / 2 - 2, by + 26, bx + CELL / 2 - 2, base);
      }
      this.drawBlock(block, bx, by);
      const slashed = slashedSlots.get(block.slot);
      if (slashed !== undefined && block.canonical) {
        g.lineStyle(4, RED, 1).lineBetween(bx - 2, by + 30, bx + CELL - 2, by - 4);
        this.label(bx - 2, by - 22, `✗${slashed}`, 13, "#ff7b7f", true);
      }
    }
  }

  /** One block: its proposer's colour (yours in your role's), faded until final, outlined when justified or final. */
  private drawBlock(block: BlockSnap, bx: number, by: number): void {
    const g = this.graphics;
    const own = this.ownValidators.has(block.proposer);
    const colour = own ? (ROLE_COLOURS[this.ownRole] ?? 0xffffff) : proposerColour(block.proposer);
    const alpha = !block.canonical ? 0.35 : block.finalized ? 1 : 0.55;
    g.fillStyle(colour, alpha).fillRect(bx, by, CELL - 4, 26);
    if (block.justified || block.finalized)
      g.lineStyle(block.finalized ? 2 : 3, block.finalized ? 0xffffff : 0xffd54a, 1).strokeRect(
        bx,
        by,
        CELL - 4,
        26,
      );
    this.cellText(bx + 2, by + 6, String(block.proposer), "#0b0f18");
    this.hit(
      bx,
      by,
      CELL - 4,
      26,
      `Block of slot ${block.slot}, proposed by validator ${block.proposer}`,
      !block.canonical
        ? "A fork that lost: its transactions count for nothing. Two blocks in one slot by one proposer is slashable."
        : block.finalized
          ? "Finalized: reverting it would cost a third of all stake in slashing."
          : block.justified
            ? "Justified: two thirds voted for it; one more justified epoch finalizes it."
            : "Not final yet: until two thirds of the stake votes for it, a fork could still replace it.",
    );
  }

  private drawLayer2(s: ArenaSnapshot, x: number, y: number, w: number, h: number): void {
    const g = this.graphics;
    const { below } = this.heading(
      x,
      y,
      w,
      "LAYER 2 — the workers",
      "a card per batch, its transaction count · amber bar: challenge window left (pale: it ends after this round) · blue bar: proving · ✓ proved · green outline: final · red slash: reverted",
    );
    const lanesTop = below + 4;
    const lanes = Math.max(1, s.rollups.length);
    const laneH = (y + h - lanesTop) / lanes;
    const right = x + w - CELL;
    s.rollups.forEach((rollup, i) => {
      const top = lanesTop + i * laneH;
      g.fillStyle(i % 2 ? 0x161c28 : 0x1a2130, 1).fillRect(x, top, w, laneH - 6);
      const heading = this.label(x + 10, top + 6, this.rollupHeading(s, rollup), 13, INK, false, w - 20);
      const cardTop = top + 12 + heading.height;
      for (const batch of s.batches.filter((b) => b.rollup === rollup.id)) {
        const bx = this.slotX(s, batch.postedSlot, right);
        if (bx < x) continue;
        this.drawBatch(s, batch, rollup.kind, bx, cardTop);
      }
      let ladderTop = cardTop + 70;
      for (const dispute of s.disputes.filter((d) => d.rollup === rollup.id)) {
        if (ladderTop > top + laneH - 40) break;
        const batch = s.batches.find((b) => b.id === dispute.batch);
        const bx = batch ? this.slotX(s, batch.postedSlot, right) : right;
        // The ladder and its two-line label stay inside the lane, clear of the shards.
        this.drawDispute(dispute, batch, Math.max(x + 4, Math.min(bx, x + w - DISPUTE_WIDTH)), ladderTop);
        ladderTop += 44;
      }
    });
  }

  /** A lane's heading; an optimistic lane says what its window stands for, and how many batches it outlasts the round for. */
  private rollupHeading(s: ArenaSnapshot, rollup: RollupSnap): string {
    const name = rollup.id === rollup.kind ? rollup.id : `${rollup.id} (${rollup.kind})`;
    const ejected = rollup.ejected.length ? ` · ejected: ${rollup.ejected.join(", ")}` : "";
    const counts = `${name} rollup · ${rollup.pending} waiting · ${rollup.txsFinalized} final${ejected}`;
    if (rollup.kind === "zk") return counts;
    const window = `window ${this.config.challengeWindow} slots = ${REAL_TIME_CONSTANTS.challengeWindow.shown} on mainnet`;
    const outlasting = s.batches.filter(
      (batch) => batch.rollup === rollup.id && batch.status === "pending" && this.waitsPastRound(s, batch),
    ).length;
    return `${counts} · ${window}${outlasting ? ` · ${outlasting} waiting for the window past this round` : ""}`;
  }

  /** An optimistic batch whose challenge window ends after the round's last slot: it cannot be final this round. */
  private waitsPastRound(s: ArenaSnapshot, batch: BatchSnap): boolean {
    return batch.postedSlot + this.config.challengeWindow > s.slotsTotal;
  }

  private drawBatch(s: ArenaSnapshot, batch: BatchSnap, kind: string, bx: number, top: number): void {
    const g = this.graphics;
    const wc = CELL - 4;
    const colour = ROLE_COLOURS.sequencer;
    const gone = batch.status === "reverted" || batch.status === "rejected";
    // A reverted batch tears and slides down out of its lane.
    const drop = gone ? Math.min(24, (s.slot - batch.postedSlot) * 2) : 0;
    g.fillStyle(colour, gone ? 0.25 : batch.status === "final" ? 0.95 : 0.6).fillRect(bx, top + drop, wc, 40);
    if (batch.status === "final") g.lineStyle(2, GREEN, 1).strokeRect(bx, top, wc, 40);
    if (gone) g.lineStyle(3, RED, 1).lineBetween(bx, top + drop, bx + wc, top + drop + 40);
    if (batch.status === "unavailable") g.lineStyle(3, AMBER, 1).strokeRect(bx, top, wc, 40);
    this.cellText(bx + 2, top + drop + 12, String(batch.txCount), "#0b0f18");
    const age = s.slot - batch.postedSlot;
    this.hit(
      bx,
      top,
      wc,
      52,
      `Batch of ${batch.txCount} transactions by ${batch.seat}, posted in slot ${batch.postedSlot}: ${batch.status}`,
      batchWhy(batch, kind, {
        slotsLeft: Math.max(0, this.config.challengeWindow - age),
        endsAfterRound: kind !== "zk" && this.waitsPastRound(s, batch),
        slotsTotal: s.slotsTotal,
        window: this.config.challengeWindow,
      }),
    );
    if (batch.status !== "pending") return;
    if (kind === "zk") {
      if (batch.provedSlot >= 0) {
        this.label(bx + 6, top + 44, "✓", 16, "#3fc27a", true);
        return;
      }
      const proving = Math.max(1, Math.ceil(batch.txCount / this.config.txsProvedPerSlot));
      const done = Math.min(1, age / proving);
      g.fillStyle(GREY, 1).fillRect(bx, top + 44, wc, 6);
      g.fillStyle(0x4f8cff, 1).fillRect(bx, top + 44, wc * done, 6);
      return;
    }
    const left = Math.max(0, 1 - age / this.config.challengeWindow);
    g.fillStyle(GREY, 1).fillRect(bx, top + 44, wc, 6);
    g.fillStyle(this.waitsPastRound(s, batch) ? PALE_AMBER : AMBER, 1).fillRect(bx, top + 44, wc * left, 6);
  }

  /** The bisection ladder: one rung per round, each as wide as the range still disputed, and both chess clocks. */
  private drawDispute(d: DisputeSnap, batch: BatchSnap | undefined, x: number, y: number): void {
    const g = this.graphics;
    const total = Math.max(1, batch?.txCount ?? d.hi + 1);
    const full = 120;
    for (let r = 0; r <= d.rounds; r++) {
      const share = r === d.rounds ? (d.hi - d.lo) / total : 1 / 2 ** r;
      const width = Math.max(3, full * Math.min(1, share));
      g.fillStyle(
        d.status === "open" ? 0xd0d6e2 : d.status === "challenger-won" ? GREEN : RED,
        0.35 + 0.1 * r,
      );
      g.fillRect(x + (full - width) / 2, y + r * 4, width, 3);
    }
    const clocks =
      `${d.challenger}${d.turn === "challenger" && d.status === "open" ? "▶" : ""} ${d.clockChallenger}` +
      `  vs  ${d.defender}${d.turn === "defender" && d.status === "open" ? "▶" : ""} ${d.clockDefender}`;
    const verdict = d.status === "open" ? `txs ${d.lo + 1}–${d.hi} in dispute` : d.status.replace("-", " ");
    const colour = d.status === "open" ? INK : "#c7f5d9";
    const first = this.label(x + full + 8, y - 4, verdict, 12, colour);
    this.label(x + full + 8, y - 3 + first.height, `clocks (slots): ${clocks}`, 12, colour);
    this.hit(
      x,
      y - 4,
      DISPUTE_WIDTH,
      32,
      `Dispute: ${d.challenger} challenges ${d.defender}'s batch (round ${d.rounds})`,
      "Each round halves the range of transactions in question; the last step is re-executed on Layer 1. Whoever is wrong, or runs out of clock, loses the bond.",
    );
  }

  private drawShards(s: ArenaSnapshot, x: number, y: number, w: number, h: number): void {
    const g = this.graphics;
    g.fillStyle(0x121722, 1).fillRect(x, y, w, h);
    const { below } = this.heading(
      x,
      y,
      w,
      "SHARDS — the warehouse",
      "a tile per shard and slot, filled by the chunks released · green: available · grey: being sampled · red: withheld (a number: blobs)",
    );
    const chunks = this.config.blobChunks * 2;
    const gridTop = below + 6;
    const gridH = y + h - 100 - gridTop;
    const rowH = Math.min(56, gridH / Math.max(1, s.shards.length));
    const colW = (w - 60) / SHARD_COLUMNS;
    for (const shard of s.shards) {
      const ry = gridTop + shard.index * rowH;
      this.label(x + 8, ry + rowH / 2 - 8, `#${shard.index}`, 13, INK);
      for (let c = 0; c < SHARD_COLUMNS; c++) {
        const slot = s.slot - SHARD_COLUMNS + c;
        const cx = x + 44 + c * colW;
        const blobs = s.blobs.filter((b) => b.shard === shard.index && b.slot === slot);
        g.lineStyle(1, 0x2a3346, 1).strokeRect(cx, ry + 2, colW - 4, rowH - 6);
        if (blobs.length === 0) continue;
        // A blob's released chunks are shown once it is judged; until then it is drawn whole, in grey.
        const released = blobs.reduce((sum, b) => sum + (b.released ?? chunks), 0) / (blobs.length * chunks);
        const bad = blobs.some((b) => b.verdict === "unavailable");
        const pending = blobs.some((b) => b.verdict === "pending");
        g.fillStyle(bad ? RED : pending ? GREY : GREEN, 0.85);
        const fillH = (rowH - 8) * released;
        g.fillRect(cx + 1, ry + rowH - 5 - fillH, colW - 6, fillH);
        this.hit(
          cx,
          ry + 2,
          colW - 4,
          rowH - 6,
          `Shard #${shard.index}, slot ${slot}: ${blobs.length} blob${blobs.length > 1 ? "s" : ""}, ${Math.round(released * 100)}% of chunks released`,
          bad
            ? "Withheld: fewer than half the chunks were released, so nobody can rebuild the data; its batch cannot be re-executed or challenged."
            : pending
              ? "The shard's committee is sampling random chunks; half of them are enough to rebuild the blob."
              : "Available: enough chunks were released for anyone to rebuild the data and check its batch.",
        );
        if (blobs.length > 1) this.cellText(cx + 3, ry + 4, String(blobs.length), INK);
      }
    }
    this.drawFeeChart(s, x, y + h - 90, w);
  }

  /** The blob fee of shard 0 over the last slots, as a little line chart at the warehouse's foot. */
  private drawFeeChart(s: ArenaSnapshot, x: number, chartTop: number, w: number): void {
    const g = this.graphics;
    this.label(
      x + 8,
      chartTop - 4,
      `blob fee (shard 0): ${feeCoins(s.shards[0]?.fee ?? 0)} a blob`,
      13,
      "#9fb0cc",
    );
    this.hit(
      x + 8,
      chartTop - 4,
      w - 16,
      80,
      "The blob fee: what posting one blob on this shard costs",
      "It rises while a shard takes more than its target of blobs a slot and falls when it takes fewer (the EIP-4844 rule).",
    );
    const series = this.fees.map((f) => f.fees[0] ?? 0);
    const max = Math.max(1, ...series);
    g.lineStyle(1, 0x2a3346, 1).strokeRect(x + 8, chartTop + 16, w - 16, 60);
    g.lineStyle(2, AMBER, 1);
    g.beginPath();
    series.forEach((fee, i) => {
      const px = x + 8 + ((w - 16) * i) / Math.max(1, FEE_HISTORY - 1);
      const py = chartTop + 74 - (56 * fee) / max;
      if (i === 0) g.moveTo(px, py);
      else g.lineTo(px, py);
    });
    g.strokePath();
  }

  /** A band's bold title and its legend under it, wrapped to the band; returns the title and where the legend ends. */
  private heading(
    x: number,
    y: number,
    w: number,
    title: string,
    legend: string,
  ): { width: number; below: number } {
    const titleText = this.label(x + 10, y + 6, title, 15, "#9fb0cc", true);
    const legendText = this.label(x + 10, y + 8 + titleText.height, legend, 12, LEGEND, false, w - 20);
    return { width: titleText.width, below: legendText.y + legendText.height };
  }

  /** A number inside a block, card or tile: the cell's size, whatever the type scale. */
  private cellText(x: number, y: number, text: string, colour: string): void {
    this.text(x, y, text, CELL_FONT_PX, colour, false, 0);
  }

  /** Text at `size` px times the type scale (large on the projector). */
  private label(
    x: number,
    y: number,
    text: string,
    size: number,
    colour: string,
    bold = false,
    wrap = 0,
  ): Phaser.GameObjects.Text {
    return this.text(x, y, text, Math.round(size * this.textScale), colour, bold, wrap);
  }

  /** Text objects are pooled and only re-rasterized when their text or style changes (that is what costs). */
  private text(
    x: number,
    y: number,
    text: string,
    size: number,
    colour: string,
    bold: boolean,
    wrap: number,
  ): Phaser.GameObjects.Text {
    let object = this.texts[this.used];
    if (!object) {
      object = this.scene.add.text(0, 0, "", { fontFamily: FONT });
      this.texts.push(object);
    }
    this.used++;
    object.setVisible(true).setPosition(Math.round(x), Math.round(y));
    const style = `${size}|${colour}|${bold}|${Math.round(wrap)}`;
    if (this.styles.get(object) !== style) {
      this.styles.set(object, style);
      object.setStyle({
        fontFamily: FONT,
        fontSize: `${size}px`,
        color: colour,
        fontStyle: bold ? "bold" : "normal",
        wordWrap: { width: wrap > 0 ? Math.round(wrap) : null },
      });
    }
    if (object.text !== text) object.setText(text);
    return object;
  }
}

/** The ladder (120 px) and its label: what a dispute needs to the right of its batch. */
const DISPUTE_WIDTH = 360;

/** Where an optimistic batch stands in its challenge window, and whether the window outlasts the round. */
interface WindowPlace {
  slotsLeft: number;
  endsAfterRound: boolean;
  slotsTotal: number;
  window: number;
}

function batchWhy(batch: BatchSnap, kind: string, place: WindowPlace): string {
  if (batch.status === "final") return "Final: its transactions are settled on Layer 1 for good.";
  if (batch.status === "reverted" || batch.status === "rejected")
    return "Thrown out: its sequencer lost the bond, and the transactions go back to waiting.";
  if (batch.status === "unavailable")
    return "Its data was withheld: nobody can re-execute it to check the root it claims.";
  if (kind === "zk")
    return "Waiting for its validity proof: once verified on Layer 1 it is final, no challenge needed.";
  const challenge = `Optimistic: anyone who re-executes it and finds a wrong root may challenge it for ${place.slotsLeft} more slots; unchallenged, it becomes final.`;
  if (!place.endsAfterRound) return challenge;
  const real = REAL_TIME_CONSTANTS.challengeWindow;
  return (
    `Waiting for the window: its ${place.window}-slot challenge window stands for ${real.shown} on mainnet ` +
    `(${real.source}) and ends after this round's ${place.slotsTotal} slots, so it cannot be final in this round. ` +
    `Its fees count already (soft confirmation); withdrawals wait for finality. ${challenge}`
  );
}

/** Each validator keeps one hue wherever its blocks appear. */
function proposerColour(index: number): number {
  const hue = (index * 47) % 360;
  const c = (1 - Math.abs(((hue / 60) % 2) - 1)) * 0.55;
  const [r, g, b] =
    hue < 60
      ? [0.55, c, 0]
      : hue < 120
        ? [c, 0.55, 0]
        : hue < 180
          ? [0, 0.55, c]
          : hue < 240
            ? [0, c, 0.55]
            : hue < 300
              ? [c, 0, 0.55]
              : [0.55, 0, c];
  const to = (v: number) => Math.round((v + 0.3) * 255);
  return (to(r) << 16) | (to(g) << 8) | to(b);
}
