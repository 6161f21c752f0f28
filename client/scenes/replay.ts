// The replay viewer: a RULES §10 replay re-run in the browser with the engine, drawn exactly as the live
// arena. Play, pause, speed, step, scrub. A first pass over the whole match checks every state root, collects
// the events the scrubber marks and keeps a state every few slots for jumps.
import Phaser from "phaser";
import {
  advance,
  createMatch,
  ENGINE_VERSION,
  type EngineState,
  REPLAY_FORMAT,
  type Replay,
} from "../../shared/index.ts";
import { feedLines } from "../../shared/present/arena.ts";
import { ArenaView } from "../arena-view.ts";
import { h, layout, regions } from "../dom.ts";
import { Feed, TopBar } from "../hud.ts";
import { type ArenaSnapshot, type FeedSnap, snapshotOf } from "../snapshot.ts";

const SPEEDS = [1, 2, 4, 8, 16];
/** Slots between the states the viewer keeps for jumps. */
const JUMP_EVERY = 8;
/** Events worth a mark on the scrubber. */
const MARKED = new Set([
  "slashed",
  "dispute-resolved",
  "batch-reverted",
  "fraud-finalized",
  "finality-stalled",
  "fork",
]);

export class ReplayScene extends Phaser.Scene {
  private view!: ArenaView;
  private top!: TopBar;
  private dirty: ArenaSnapshot | null = null;

  constructor() {
    super("replay");
  }

  create({ replay, matchId }: { replay?: Replay; matchId?: string }): void {
    layout("arena");
    this.top = new TopBar();
    regions.top().append(this.top.element);
    const note = h("p", { class: "hint", role: "status" }, "Loading the replay…");
    regions.left().append(note);
    const load = replay
      ? Promise.resolve(replay)
      : fetch(`api/matches/${encodeURIComponent(matchId ?? "")}/replay`).then(async (r) => {
          if (!r.ok) throw new Error(`no replay for ${matchId} (${r.status})`);
          return (await r.json()) as Replay;
        });
    load
      .then((loaded) => this.start(loaded, note))
      .catch((error) => {
        note.className = "refusal";
        note.textContent = (error as Error).message;
      });
  }

  private start(replay: Replay, note: HTMLElement): void {
    if (replay?.format !== REPLAY_FORMAT || !Array.isArray(replay.slots)) {
      note.className = "refusal";
      note.textContent = "not a Trilemma replay (format field missing or wrong)";
      return;
    }
    const last = replay.slots.length;
    this.view = new ArenaView(this, replay.config);
    const fresh = () =>
      createMatch({ config: replay.config, seed: replay.seed, seats: replay.seats, secret: replay.secret });
    // The whole match once, as verifyReplay does, keeping what the viewer needs on the way: each slot's feed
    // lines (the feed after a jump, the scrubber's marks), the first slot whose root differs, and a state
    // every few slots so that scrubbing re-plays at most JUMP_EVERY slots.
    const feedBySlot: FeedSnap[][] = [];
    const jumps: { slot: number; state: EngineState }[] = [];
    let diverged: number | null = null;
    {
      const state = fresh();
      for (const recorded of replay.slots) {
        const result = advance(state, recorded.actions);
        feedBySlot.push(feedLines(result.events));
        if (diverged === null && result.stateRoot !== recorded.root) diverged = recorded.slot;
        if (state.slot % JUMP_EVERY === 0) jumps.push({ slot: state.slot, state: structuredClone(state) });
      }
    }
    let state: EngineState = fresh();
    const feedUpTo = (slot: number) => feedBySlot.slice(Math.max(0, slot - 60), slot).flat();
    const phase = () => (state.slot >= last ? (replay.interrupted ? "interrupted" : "finished") : "replay");
    const show = () => {
      const snapshot = snapshotOf(state, feedUpTo(state.slot), phase());
      this.top.update(snapshot, null);
      feed.update(snapshot);
      scrubber.value = String(state.slot);
      position.textContent = `slot ${state.slot} of ${last}`;
      this.dirty = snapshot;
    };
    /** Moves to the state after `target` slots, from a snapshot when going back or far ahead. */
    const seek = (target: number) => {
      target = Math.max(0, Math.min(last, target));
      if (target < state.slot || target - state.slot > JUMP_EVERY) {
        const from = jumps.filter((jump) => jump.slot <= target).at(-1);
        state = from ? structuredClone(from.state) : fresh();
        this.view.reset();
      }
      while (state.slot < target) advance(state, replay.slots[state.slot].actions);
      show();
    };

    let speed = 0;
    let timer: ReturnType<typeof setInterval> | null = null;
    const playButton = h(
      "button",
      { id: "play", onclick: () => togglePlay() },
      h("kbd", {}, "Space"),
      " Play",
    );
    const speedLabel = h("span", { class: "hint" });
    const setSpeed = (index: number) => {
      speed = Math.max(0, Math.min(SPEEDS.length - 1, index));
      speedLabel.textContent = ` ×${SPEEDS[speed]}`;
      if (timer) {
        pause();
        play();
      }
    };
    const play = () => {
      if (state.slot >= last) seek(0);
      timer = setInterval(() => {
        if (state.slot >= last) pause();
        else seek(state.slot + 1);
      }, replay.config.slotMs / SPEEDS[speed]);
      playButton.lastChild!.textContent = " Pause";
    };
    const pause = () => {
      if (timer) clearInterval(timer);
      timer = null;
      playButton.lastChild!.textContent = " Play";
    };
    const togglePlay = () => (timer ? pause() : play());
    const scrubber = h("input", {
      id: "scrubber",
      type: "range",
      min: 0,
      max: last,
      value: 0,
      "aria-label": "slot",
    });
    scrubber.addEventListener("input", () => seek(Number(scrubber.value)));
    const marks = h("div", { class: "marks", "aria-hidden": "true" });
    feedBySlot.forEach((lines, slot) => {
      const marked = lines.find((line) => MARKED.has(line.type));
      if (marked)
        marks.append(
          h("span", {
            class: `mark ${marked.type}`,
            style: `left:${(100 * (slot + 1)) / Math.max(1, last)}%`,
            title: `slot ${slot}: ${marked.text}`,
          }),
        );
    });
    const position = h("span", { class: "position", id: "replay-position" });
    const feed = new Feed();
    const versionNote =
      replay.engineVersion === ENGINE_VERSION
        ? ""
        : ` Recorded with engine ${replay.engineVersion}; this is ${ENGINE_VERSION}.`;
    note.className = diverged === null ? "hint" : "refusal";
    note.textContent =
      diverged === null
        ? `Verified: all ${last} state roots match this engine.${versionNote}`
        : `The state root diverges at slot ${diverged}: from there this is not the recorded match.${versionNote}`;
    regions
      .left()
      .append(
        h("h2", {}, "Replay"),
        h(
          "p",
          { class: "hint" },
          `seed ${replay.seed} · ${replay.seats.map((s) => `${s.id}: ${s.strategy}`).join(", ")}`,
        ),
        h(
          "div",
          { class: "controls" },
          playButton,
          h("button", { class: "small", onclick: () => seek(state.slot - 1) }, h("kbd", {}, "←"), " Back"),
          h("button", { class: "small", onclick: () => seek(state.slot + 1) }, h("kbd", {}, "→"), " Step"),
          h("button", { class: "small", onclick: () => setSpeed(speed - 1) }, h("kbd", {}, "−"), " Slower"),
          h("button", { class: "small", onclick: () => setSpeed(speed + 1) }, h("kbd", {}, "+"), " Faster"),
          speedLabel,
        ),
        h("div", { class: "scrub" }, scrubber, marks),
        position,
        h(
          "button",
          { class: "small", onclick: () => this.scene.start("lobby") },
          h("kbd", {}, "Esc"),
          " Lobby",
        ),
        h("h3", {}, "What happened"),
        feed.element,
      );
    const onKey = (event: KeyboardEvent) => {
      const keys: Record<string, () => void> = {
        " ": togglePlay,
        ArrowRight: () => seek(state.slot + 1),
        ArrowLeft: () => seek(state.slot - 1),
        Home: () => seek(0),
        End: () => seek(last),
        PageUp: () => seek(state.slot - JUMP_EVERY),
        PageDown: () => seek(state.slot + JUMP_EVERY),
        "+": () => setSpeed(speed + 1),
        "-": () => setSpeed(speed - 1),
        Escape: () => this.scene.start("lobby"),
      };
      if (event.target === scrubber && event.key.startsWith("Arrow")) return;
      const action = keys[event.key];
      if (action) {
        event.preventDefault();
        action();
      }
    };
    window.addEventListener("keydown", onKey);
    this.events.once("shutdown", () => {
      pause();
      window.removeEventListener("keydown", onKey);
    });
    setSpeed(0);
    show();
  }

  update(): void {
    if (this.dirty && this.view) {
      this.view.draw(this.dirty);
      this.dirty = null;
    }
  }
}
