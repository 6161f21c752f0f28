// Draws an arena snapshot in a Phaser scene (UI.md): Layer 1 (the court) along the bottom, one lane per
// rollup (the workers) in the middle, the shard grid (the warehouse) on the right. The same drawing serves
// the live arena and the replay viewer. It redraws only when a new snapshot arrives.
import type Phaser from "phaser";
import type { MatchConfig } from "../shared/index.ts";
import { ROLE_COLOURS } from "./dom.ts";
import type { ArenaSnapshot, BatchSnap, DisputeSnap } from "./snapshot.ts";

const CELL = 30;
const FONT = "Arial, Helvetica, sans-serif";
const RED = 0xe5484d;
const GREEN = 0x3fc27a;
const AMBER = 0xf0a030;
const GREY = 0x5a6070;
const INK = "#e8ecf4";
const SHARD_COLUMNS = 10;
const FEE_HISTORY = 64;

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

  private last: ArenaSnapshot | null = null;

  private readonly scene: Phaser.Scene;
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
    scene.events.once("shutdown", () => scene.scale.off("resize", redraw));
  }

  /** Forget the fee history (a replay jumped, or a new round began). */
  reset(): void {
    this.fees.length = 0;
  }

  draw(snapshot: ArenaSnapshot): void {
    this.last = snapshot;
    const { width, height } = this.scene.scale;
    const last = this.fees.at(-1);
    if (last && last.slot > snapshot.slot) this.reset();
    if (!last || last.slot !== snapshot.slot) {
      this.fees.push({ slot: snapshot.slot, fees: snapshot.shards.map((s) => s.fee) });
      if (this.fees.length > FEE_HISTORY) this.fees.shift();
    }
    this.graphics.clear();
    this.used = 0;
    const l1Top = height - 150;
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
    this.label(x + 10, y + 6, "LAYER 1 — the court", 15, "#9fb0cc", true);
    this.label(
      x + 220,
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
      this.label(bx + 2, by + 6, String(block.proposer), 11, "#0b0f18");
      const slashed = slashedSlots.get(block.slot);
      if (slashed !== undefined && block.canonical) {
        g.lineStyle(4, RED, 1).lineBetween(bx - 2, by + 30, bx + CELL - 2, by - 4);
        this.label(bx - 2, by - 22, `✗${slashed}`, 13, "#ff7b7f", true);
      }
    }
  }

  private drawLayer2(s: ArenaSnapshot, x: number, y: number, w: number, h: number): void {
    const g = this.graphics;
    this.label(x + 10, y + 6, "LAYER 2 — the workers", 15, "#9fb0cc", true);
    const lanes = Math.max(1, s.rollups.length);
    const laneH = (h - 30) / lanes;
    const right = x + w - CELL;
    s.rollups.forEach((rollup, i) => {
      const top = y + 30 + i * laneH;
      g.fillStyle(i % 2 ? 0x161c28 : 0x1a2130, 1).fillRect(x, top, w, laneH - 6);
      this.label(
        x + 10,
        top + 6,
        `${rollup.id === rollup.kind ? rollup.id : `${rollup.id} (${rollup.kind})`} rollup · ${rollup.pending} waiting · ${rollup.txsFinalized} final` +
          (rollup.ejected.length ? ` · ejected: ${rollup.ejected.join(", ")}` : ""),
        13,
        INK,
      );
      const cardTop = top + 28;
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
        this.drawDispute(dispute, batch, Math.max(x + 4, Math.min(bx, right - 220)), ladderTop);
        ladderTop += 44;
      }
    });
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
    this.label(bx + 2, top + drop + 12, String(batch.txCount), 11, "#0b0f18");
    if (batch.status !== "pending") return;
    const age = s.slot - batch.postedSlot;
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
    g.fillStyle(AMBER, 1).fillRect(bx, top + 44, wc * left, 6);
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
    const verdict = d.status === "open" ? `txs ${d.lo + 1}–${d.hi}` : d.status.replace("-", " ");
    this.label(x + full + 8, y - 2, `${verdict} · ${clocks}`, 12, d.status === "open" ? INK : "#c7f5d9");
  }

  private drawShards(s: ArenaSnapshot, x: number, y: number, w: number, h: number): void {
    const g = this.graphics;
    g.fillStyle(0x121722, 1).fillRect(x, y, w, h);
    this.label(x + 10, y + 6, "SHARDS — the warehouse", 15, "#9fb0cc", true);
    const chunks = this.config.blobChunks * 2;
    const gridTop = y + 34;
    const gridH = h - 130;
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
        if (blobs.length > 1) this.label(cx + 3, ry + 4, String(blobs.length), 11, INK);
      }
    }
    const chartTop = y + h - 90;
    this.label(x + 8, chartTop - 4, `blob fee (shard 0): ${s.shards[0]?.fee ?? 0}`, 13, "#9fb0cc");
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

  /** Text objects are pooled and only re-rasterized when their text or style changes (that is what costs). */
  private label(x: number, y: number, text: string, size: number, colour: string, bold = false): void {
    let object = this.texts[this.used];
    if (!object) {
      object = this.scene.add.text(0, 0, "", { fontFamily: FONT });
      this.texts.push(object);
    }
    this.used++;
    object.setVisible(true).setPosition(Math.round(x), Math.round(y));
    const style = `${size}|${colour}|${bold}`;
    if (this.styles.get(object) !== style) {
      this.styles.set(object, style);
      object.setStyle({
        fontFamily: FONT,
        fontSize: `${size}px`,
        color: colour,
        fontStyle: bold ? "bold" : "normal",
      });
    }
    if (object.text !== text) object.setText(text);
  }
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
