// The `arena` room: one engine, seats for players and bots, one slot per tick. The room stays thin:
// rules live in shared/, bots in bots/; here messages become actions and state becomes a projection.
import { type Client, CloseCode, Room } from "@colyseus/core";
import { StateView } from "@colyseus/schema";
import type { Bot } from "../bots/api.ts";
import { botRandom, createSeatRuns, DEFAULT_BUDGET, type SeatRun, takeTurn } from "../bots/match.ts";
import { BUILT_IN_BOTS } from "../bots/registry.ts";
import {
  ACTION_ROLES,
  type ActionType,
  advance,
  createMatch,
  describeEvent,
  type EngineEvent,
  type EngineState,
  getPlayerView,
  getSeatView,
  parseAction,
  type RefusalCode,
  ReplayRecorder,
  type Role,
  resolveConfig,
  type SeatScore,
  type SeatSpec,
  type SlotActions,
  seatScores,
} from "../shared/index.ts";
import { applyDelta, diffView } from "../shared/view-delta.ts";
import {
  type CreateOptions,
  createOptionsSchema,
  DEFAULT_LINEUP,
  describeProblem,
  joinOptionsSchema,
} from "./room-options.ts";
import {
  ArenaState,
  AttackView,
  BatchView,
  BlobView,
  BlockView,
  DisputeView,
  FeedItem,
  RollupView,
  SeatPrivate,
  SeatView,
  ShardView,
} from "./schema.ts";
import type { MatchStore } from "./store.ts";

/** Intents a player may queue in one slot. */
const MAX_INTENTS_PER_SLOT = 64;
const RECENT_SLOTS = 32;
const FEED_LENGTH = 50;
/** The routine a player's seat runs on autopilot (RULES §0). */
const HONEST_ROUTINE: Record<Role, string> = {
  validator: "honest-validator",
  sequencer: "honest-sequencer",
  challenger: "honest-challenger",
  /** A patient attacker plays its validators honestly until it strikes. */
  attacker: "honest-validator",
};

export interface ArenaRoomOptions extends CreateOptions {
  store: MatchStore;
  reconnectSeconds?: number;
  slotMs?: number;
}

interface Seat {
  spec: SeatSpec;
  run: SeatRun;
  /** Session of the player in the seat, if any. */
  player: string | null;
  name: string;
  autopilot: Bot | null;
  autopilotOn: boolean;
  queued: unknown[];
  replacedByBot: boolean;
  /** The player's connection dropped and it may still reconnect. */
  dropped: boolean;
}

export interface SlotTimings {
  /** performance.now() when each slot began. */
  startedAt: number[];
  /** Bots, engine, projection and bot views of each slot, ms: all of it runs without yielding to the patch loop. */
  workMs: number[];
  /** Ticks that found the previous slot still playing. */
  skipped: number;
}

/** `wantsView`: sent its seat's PlayerView every slot as a delta from `lastView`, its copy. */
type ClientData = { seat: string | null; wantsView: boolean; lastView?: unknown };

export class ArenaRoom extends Room<{ state: InstanceType<typeof ArenaState> }> {
  private store!: MatchStore;
  private engine!: EngineState;
  private recorder!: ReplayRecorder;
  private seats = new Map<string, Seat>();
  private options!: CreateOptions;
  /** The server's slot length for every room (tests, benchmarks), over the room's config. */
  private serverSlotMs: number | undefined;
  private preset = "phase0";
  /** Sessions allowed the facilitator messages: the creator's (it survives reconnection) and password holders'. */
  private facilitators = new Set<string>();
  private creatorJoined = false;
  private password: string | undefined;
  private reconnectSeconds = 30;
  private nextRound: Record<string, number | boolean> = {};
  private finished = false;
  private tickTimer: { clear(): void } | null = null;
  /** Scores after the last slot that completed: what a match saved after a crash reports. */
  private lastScores: SeatScore[] = [];
  /** A slot still being played when the next tick comes: that tick is skipped, never overlapped. */
  private busy = false;
  /** Sequence number of the next feed item (feed keys sort by it). */
  private feedSeq = 0;
  /** What `npm run bench:server` reads: when each slot started, how long it blocked the event loop, ticks skipped. */
  readonly timings: SlotTimings = { startedAt: [], workMs: [], skipped: 0 };

  async onCreate(options: ArenaRoomOptions): Promise<void> {
    const { store, reconnectSeconds, slotMs, ...requested } = options;
    this.store = store;
    this.reconnectSeconds = reconnectSeconds ?? 30;
    const parsed = createOptionsSchema.safeParse(requested);
    if (!parsed.success) throw new Error(`cannot create the room: ${describeProblem(parsed.error)}`);
    this.password = parsed.data.password;
    if (parsed.data.private) await this.setPrivate(true);
    this.setState(new ArenaState());
    this.options = parsed.data;
    this.serverSlotMs = slotMs;
    await this.startMatch();
    this.onMessage("*", (client, type, payload) => this.onIntent(client, String(type), payload));
  }

  /** Starts a round from `this.options`; players keep their seats across rounds. */
  private async startMatch(): Promise<void> {
    const options = this.options;
    this.preset = options.preset ?? "phase0";
    const config = resolveConfig(this.preset, {
      ...options.config,
      ...(this.serverSlotMs ? { slotMs: this.serverSlotMs } : {}),
    });
    const lineup: SeatSpec[] = (options.lineup ?? DEFAULT_LINEUP).map((seat) => ({ ...seat }) as SeatSpec);
    const seed = options.seed ?? `${this.roomId}-${this.state.round}-${Date.now()}`;
    this.engine = createMatch({ config, seed, seats: lineup });
    this.recorder = new ReplayRecorder(config, seed, lineup);
    const previous = this.seats;
    this.seats = new Map();
    for (const run of await createSeatRuns(this.engine, DEFAULT_BUDGET)) {
      const spec = lineup.find((s) => s.id === run.id) ?? {
        id: run.id,
        role: "validator",
        strategy: "honest-validator",
      };
      const before = previous.get(run.id);
      this.seats.set(run.id, {
        spec,
        run,
        player: before?.player ?? null,
        name: before?.name ?? spec.strategy,
        autopilot: null,
        autopilotOn: true,
        queued: [],
        replacedByBot: false,
        dropped: before?.dropped ?? false,
      });
    }
    for (const seat of this.seats.values()) if (seat.player) seat.autopilot = this.honestRoutine(seat.spec);
    this.finished = false;
    // Timings are per round: a room that plays round after round keeps a bounded record.
    this.timings.startedAt.length = 0;
    this.timings.workMs.length = 0;
    this.timings.skipped = 0;
    const state = this.state;
    state.seed = seed;
    state.slotsTotal = config.slots;
    state.slotsPerEpoch = config.slotsPerEpoch;
    state.slotMs = config.slotMs;
    state.config = JSON.stringify(config);
    state.phase = "running";
    state.blocks.clear();
    state.feed.clear();
    state.seats.clear();
    for (const seat of this.seats.values())
      state.seats.set(
        seat.spec.id,
        new SeatView().assign({
          id: seat.spec.id,
          role: seat.spec.role,
          strategy: seat.spec.strategy,
          private: new SeatPrivate(),
        }),
      );
    for (const client of this.clients) this.showPrivate(client);
    this.project([], "");
    this.publishSeats();
    this.tickTimer?.clear();
    this.tickTimer = this.clock.setInterval(() => this.tick(), config.slotMs);
    state.nextSlotAt = Date.now() + config.slotMs;
  }

  private honestRoutine(seat: SeatSpec): Bot {
    const definition = BUILT_IN_BOTS.get(HONEST_ROUTINE[seat.role])!;
    return definition.create({
      seatId: seat.id,
      role: seat.role,
      config: this.engine.config,
      random: botRandom(this.engine.seed, `${seat.id}/autopilot`),
    });
  }

  onJoin(client: Client, options: unknown): void {
    const parsed = joinOptionsSchema.safeParse(options ?? {});
    if (!parsed.success) throw new Error(`cannot join: ${describeProblem(parsed.error)}`);
    const { name, role, password, view } = parsed.data;
    // The first client to join is the one that created the room.
    if (!this.creatorJoined || (this.password !== undefined && password === this.password))
      this.facilitators.add(client.sessionId);
    this.creatorJoined = true;
    (client.userData as ClientData) = { seat: null, wantsView: view };
    client.view = new StateView();
    if (!role) {
      this.welcome(client);
      return;
    }
    const free = [...this.seats.values()].find(
      (seat) => seat.spec.role === role && seat.player === null && seat.spec.id !== "background",
    );
    if (!free)
      throw new Error(
        `no free ${role} seat in this room (seats: ${[...this.seats.values()].map((s) => `${s.spec.id}:${s.spec.role}`).join(", ")})`,
      );
    free.player = client.sessionId;
    free.name = name;
    free.autopilot = this.honestRoutine(free.spec);
    (client.userData as ClientData).seat = free.spec.id;
    this.showPrivate(client);
    this.projectSeats();
    this.welcome(client);
    this.publishSeats();
  }

  /** What the room list (GET /api/rooms, matchmaking) shows: the seats still free, by role. */
  private publishSeats(): void {
    const freeSeats: Record<string, number> = {};
    for (const seat of this.seats.values())
      if (seat.player === null && seat.spec.id !== "background")
        freeSeats[seat.spec.role] = (freeSeats[seat.spec.role] ?? 0) + 1;
    void this.setMetadata({ preset: this.preset, round: this.state.round, freeSeats });
  }

  private welcome(client: Client): void {
    const seat = this.seatOf(client);
    client.send("welcome", {
      seat: seat?.spec.id ?? null,
      role: seat?.spec.role ?? null,
      facilitator: this.facilitators.has(client.sessionId),
    });
  }

  private showPrivate(client: Client): void {
    const seatId = (client.userData as ClientData | undefined)?.seat;
    const view = this.state.seats.get(seatId ?? "");
    if (view && client.view) client.view.add(view);
  }

  async onDrop(client: Client): Promise<void> {
    const seat = this.seatOf(client);
    if (!seat) return;
    seat.dropped = true;
    this.projectSeats();
    try {
      await this.allowReconnection(client, this.reconnectSeconds);
    } catch {
      this.releaseSeat(seat);
    }
  }

  onReconnect(client: Client): void {
    // A reconnected bot gets its next view whole.
    (client.userData as ClientData).lastView = undefined;
    const seat = this.seatOf(client);
    if (seat) seat.dropped = false;
    this.showPrivate(client);
    this.projectSeats();
    this.welcome(client);
  }

  onLeave(client: Client): void {
    const seat = this.seatOf(client);
    if (seat) this.releaseSeat(seat);
    this.facilitators.delete(client.sessionId);
  }

  /** A player gone for good: the seat's bot plays on, and the results say so. */
  private releaseSeat(seat: Seat): void {
    seat.player = null;
    seat.autopilot = null;
    seat.queued = [];
    seat.dropped = false;
    seat.replacedByBot = true;
    this.projectSeats();
    this.publishSeats();
  }

  private seatOf(client: Client): Seat | undefined {
    const id = (client.userData as ClientData | undefined)?.seat;
    return id ? this.seats.get(id) : undefined;
  }

  private refuse(client: Client, action: unknown, code: RefusalCode, reason: string): void {
    client.send("refused", { action, code, reason });
  }

  private onIntent(client: Client, type: string, payload: unknown): void {
    if (type in FACILITATOR_MESSAGES) {
      if (!this.facilitators.has(client.sessionId)) {
        this.refuse(client, { type }, "not-facilitator", "only the room's facilitator can do that");
      } else {
        this.onFacilitator(client, type as keyof typeof FACILITATOR_MESSAGES, payload);
      }
      return;
    }
    const action = { ...(typeof payload === "object" && payload !== null ? payload : {}), type };
    const problem = this.queueIntent(this.seatOf(client), type, action);
    if (problem) this.refuse(client, action, problem[0], problem[1]);
  }

  /** Queues a player's intent for the next slot, or says why not (the engine checks the rest then). */
  private queueIntent(seat: Seat | undefined, type: string, action: object): [RefusalCode, string] | null {
    if (!seat) return ["no-seat", "join with a role to act"];
    if (type === "autopilot") {
      const on = (action as { on?: unknown }).on;
      if (typeof on !== "boolean" || Object.keys(action).length !== 2)
        return ["malformed", "autopilot: send {on: true} or {on: false}"];
      seat.autopilotOn = on;
      this.projectSeats();
      return null;
    }
    const parsed = parseAction(action);
    if (!parsed.ok) return [parsed.code, parsed.reason];
    const allowed = ACTION_ROLES[type as ActionType];
    if (!allowed.includes(seat.spec.role)) return ["wrong-role", `a ${seat.spec.role} cannot ${type}`];
    if (this.finished) return ["wrong-slot", "the match is over"];
    if (seat.queued.length >= MAX_INTENTS_PER_SLOT) {
      return ["rate-limited", `at most ${MAX_INTENTS_PER_SLOT} actions per slot`];
    }
    seat.queued.push(parsed.action);
    return null;
  }

  private onFacilitator(client: Client, type: keyof typeof FACILITATOR_MESSAGES, payload: unknown): void {
    const body = (typeof payload === "object" && payload !== null ? payload : {}) as Record<string, unknown>;
    switch (type) {
      case "pause":
        if (!this.finished) this.state.assign({ phase: "paused", nextSlotAt: 0 });
        return;
      case "resume":
        if (!this.finished) this.state.phase = "running";
        return;
      case "setParams": {
        if (typeof body.config !== "object" || body.config === null) {
          this.refuse(client, { type }, "malformed", "setParams: send {config: {key: value}}");
          return;
        }
        try {
          resolveConfig(this.preset, { ...this.options.config, ...this.nextRound, ...body.config });
          this.nextRound = { ...this.nextRound, ...(body.config as Record<string, number | boolean>) };
          client.send("params", { nextRound: this.nextRound });
        } catch (error) {
          this.refuse(client, { type }, "malformed", (error as Error).message);
        }
        return;
      }
      case "restart":
        if (!this.finished) this.saveMatch(true);
        this.finished = true;
        this.state.round += 1;
        this.options = {
          ...this.options,
          seed: typeof body.seed === "string" && body.seed !== "" ? body.seed.slice(0, 100) : undefined,
          config: { ...this.options.config, ...this.nextRound },
        };
        this.nextRound = {};
        void this.startMatch().catch((error) => this.crash(error));
        return;
      case "kick": {
        const target = [...this.clients].find(
          (c) => (c.userData as ClientData | undefined)?.seat === body.seat,
        );
        if (!target) {
          this.refuse(client, { type }, "unknown-seat", `no player in seat ${String(body.seat)}`);
          return;
        }
        // A consented close: the kicked player cannot reconnect, its seat's bot plays on.
        target.leave(CloseCode.CONSENTED);
        return;
      }
    }
  }

  private tick(): void {
    if (this.finished || this.state.phase !== "running") return;
    if (this.busy) {
      this.timings.skipped += 1;
      return;
    }
    this.state.nextSlotAt = Date.now() + this.engine.config.slotMs;
    this.busy = true;
    const started = performance.now();
    this.timings.startedAt.push(started);
    this.playSlot()
      .then(() => this.timings.workMs.push(performance.now() - started))
      .catch((error) => this.crash(error))
      .finally(() => {
        this.busy = false;
      });
  }

  /** A fault in this room's tick ends this room only: logged with the room id, the match saved as interrupted. */
  private crash(error: unknown): void {
    console.error(`[room ${this.roomId}] slot ${this.engine.slot} failed:`, error);
    this.interrupt();
    void this.disconnect();
  }

  /** Every seat's actions for the slot; returns the players' own intents, whose refusals go back to them. */
  private async collectActions(): Promise<{ actions: SlotActions; intents: Set<unknown> }> {
    const actions: SlotActions = {};
    const all = new Set<unknown>();
    for (const seat of this.seats.values()) {
      const intents = seat.queued;
      seat.queued = [];
      for (const intent of intents) all.add(intent);
      if (seat.player === null) actions[seat.spec.id] = await takeTurn(seat.run, this.engine, DEFAULT_BUDGET);
      else if (seat.autopilotOn && seat.autopilot) {
        const takenOver = new Set(intents.map(dutyOf));
        const routine = await seat.autopilot.act(getPlayerView(this.engine, seat.spec.id));
        actions[seat.spec.id] = [...routine.filter((action) => !takenOver.has(dutyOf(action))), ...intents];
      } else actions[seat.spec.id] = intents;
    }
    return { actions, intents: all };
  }

  private async playSlot(): Promise<void> {
    const { actions, intents } = await this.collectActions();
    if (this.finished) return;
    const result = advance(this.engine, actions);
    this.recorder.record(actions, result);
    for (const refusal of result.refusals) {
      if (!intents.has(refusal.action)) continue;
      const seat = this.seats.get(refusal.seat);
      const client = seat?.player ? this.clients.getById(seat.player) : undefined;
      client?.send("refused", { action: refusal.action, code: refusal.code, reason: refusal.reason });
    }
    this.project(result.events, result.stateRoot);
    if (this.engine.slot >= this.engine.config.slots) {
      this.finished = true;
      this.tickTimer?.clear();
      this.state.assign({ phase: "finished", nextSlotAt: 0 });
      this.saveMatch(false);
      return;
    }
    this.sendBotViews();
  }

  /** Remote bots play from the same PlayerView as in-process bots, sent to them alone as a delta. */
  private sendBotViews(): void {
    for (const client of this.clients) {
      const data = client.userData as ClientData | undefined;
      if (!data?.wantsView || !data.seat) continue;
      const view = getPlayerView(this.engine, data.seat);
      const ops = diffView(data.lastView, view);
      // The copy must not share objects with the engine, which mutates them; the delta is small to clone.
      data.lastView = applyDelta(data.lastView, structuredClone(ops));
      client.send("view", { slot: view.slot, ops });
    }
  }

  private project(events: EngineEvent[], stateRoot: string): void {
    const { engine, state } = this;
    state.slot = engine.slot;
    state.epoch = Math.floor(engine.slot / engine.config.slotsPerEpoch);
    state.justifiedEpoch = engine.currentJustified.epoch;
    state.finalizedEpoch = engine.finalized.epoch;
    state.head = engine.head;
    state.stateRoot = stateRoot;
    this.projectBlocks();
    for (const event of events) {
      const text = describeEvent(event);
      if (!text) continue;
      const seq = this.feedSeq++;
      state.feed.set(feedKey(seq), new FeedItem().assign({ seq, slot: event.slot, type: event.type, text }));
    }
    const oldestKept = feedKey(this.feedSeq - FEED_LENGTH);
    for (const key of [...state.feed.keys()]) if (key < oldestKept) state.feed.delete(key);
    this.projectLayer2();
    this.projectSeats();
  }

  private projectBlocks(): void {
    const { engine, state } = this;
    const oldest = engine.slot - RECENT_SLOTS;
    const finalizedSlot = engine.blocks[engine.finalized.root]?.slot ?? -1;
    syncMap(
      state.blocks,
      Object.values(engine.blocks).filter((block) => block.slot >= oldest),
      (block) => block.id,
      () => new BlockView(),
      (view, block) => {
        const canonical = block.slot < 0 || engine.blockRoots[block.slot] === block.id;
        assignChanged(view, {
          ...pick(block, ["id", "slot", "proposer", "parent"]),
          canonical,
          justified: block.id === engine.currentJustified.root,
          finalized: canonical && block.slot <= finalizedSlot,
        });
      },
    );
  }

  private projectLayer2(): void {
    const { engine, state } = this;
    const { l2 } = engine;
    const oldest = engine.slot - RECENT_SLOTS;
    syncMap(
      state.rollups,
      l2.rollups,
      (rollup) => rollup.id,
      () => new RollupView(),
      (view, rollup) => {
        assignChanged(view, {
          id: rollup.id,
          kind: rollup.kind,
          pending: rollup.pending.length,
          txsFinalized: rollup.txsFinalized,
        });
        syncValues(view.bonded, rollup.bonded);
        syncValues(view.ejected, rollup.ejected);
      },
    );
    syncMap(
      state.batches,
      l2.rollups
        .flatMap((rollup) => rollup.batches)
        .filter((b) => b.postedSlot >= oldest || b.status === "pending"),
      (batch) => batch.id,
      () => new BatchView(),
      (view, batch) =>
        assignChanged(view, {
          ...pick(batch, [
            "id",
            "rollup",
            "seat",
            "postedSlot",
            "status",
            "inBlobs",
            "provedSlot",
            "finalSlot",
          ]),
          txCount: batch.txs.length,
        }),
    );
    syncMap(
      state.disputes,
      l2.disputes.filter((d) => d.status === "open" || d.resolvedSlot >= oldest),
      (dispute) => dispute.id,
      () => new DisputeView(),
      (view, dispute) =>
        assignChanged(view, {
          ...pick(dispute, [
            "id",
            "batch",
            "rollup",
            "challenger",
            "defender",
            "openedSlot",
            "lo",
            "hi",
            "turn",
            "rounds",
            "status",
          ]),
          clockDefender: dispute.clocks.defender,
          clockChallenger: dispute.clocks.challenger,
        }),
    );
    syncMap(
      state.blobs,
      l2.blobs.filter((blob) => blob.slot >= oldest),
      (blob) => blob.id,
      () => new BlobView(),
      (view, blob) =>
        assignChanged(view, pick(blob, ["id", "shard", "slot", "batch", "txCount", "released", "verdict"])),
    );
    // Shards are fixed for a match: the array only grows, at the first slot.
    while (state.shards.length < l2.shards.length) state.shards.push(new ShardView());
    for (const [index, shard] of l2.shards.entries())
      assignChanged(state.shards[index], { index, ...pick(shard, ["fee", "excess", "used"]) });
    syncMap(
      state.attacks,
      l2.attacks.slice(-FEED_LENGTH),
      (attack) => `${attack.kind}/${attack.by}/${attack.slot}/${attack.subject}`,
      () => new AttackView(),
      (view, attack) => assignChanged(view, pick(attack, ["kind", "by", "slot", "outcome", "detectedSlot"])),
    );
  }

  private projectSeats(): void {
    this.lastScores = seatScores(this.engine);
    const scores = new Map(this.lastScores.map((s) => [s.id, s]));
    for (const seat of this.seats.values()) {
      const view = this.state.seats.get(seat.spec.id);
      if (!view) continue;
      const score = scores.get(seat.spec.id)!;
      const engineSeat = this.engine.seats.find((s) => s.id === seat.spec.id);
      assignChanged(view, {
        name: seat.name,
        controller: seat.player ? (seat.dropped ? "dropped" : "player") : "bot",
        replacedByBot: seat.replacedByBot,
        autopilot: seat.autopilotOn,
        score: score.score,
        validatorCount: engineSeat?.validators.length ?? 0,
      });
      for (const [key, value] of Object.entries(score.breakdown))
        if (view.breakdown.get(key) !== value) view.breakdown.set(key, value);
      if (seat.player) {
        const own = getSeatView(this.engine, seat.spec.id);
        const priv = view.private;
        assignChanged(priv, { balance: own.balance, locked: own.locked });
        syncValues(
          priv.validators,
          own.validators.map((v) => v.index),
        );
        syncValues(
          priv.proposeSlots,
          own.validators.flatMap((v) => v.proposeSlots),
        );
        syncValues(
          priv.attestSlots,
          own.validators.map((v) => v.attestSlots[0]),
        );
      }
    }
  }

  private saveMatch(interrupted: boolean): void {
    const replay = this.recorder.finish(interrupted);
    if (replay.slots.length === 0) return;
    const scores = this.lastScores;
    this.store.save(
      {
        id: `${this.roomId}-${this.state.round}`,
        room: this.roomId,
        seed: replay.seed,
        preset: this.preset,
        slots: replay.slots.length,
        stateRoot: replay.slots.at(-1)?.root ?? "",
        interrupted,
        finishedAt: new Date().toISOString(),
        seats: scores.map((score) => {
          const seat = this.seats.get(score.id);
          return {
            seat: score.id,
            name: seat?.player || seat?.replacedByBot ? seat.name : score.strategy,
            role: score.role,
            strategy: score.strategy,
            bot: !seat?.player,
            replacedByBot: seat?.replacedByBot ?? false,
            score: score.score,
            breakdown: score.breakdown,
          };
        }),
      },
      replay,
    );
  }

  /** Server shutdown (SIGTERM/SIGINT): save before the players are disconnected, so their seats still count as theirs. */
  onBeforeShutdown(): void {
    this.interrupt();
    super.onBeforeShutdown();
  }

  private interrupt(): void {
    if (this.finished || !this.engine) return;
    this.finished = true;
    this.tickTimer?.clear();
    this.state.assign({ phase: "interrupted", nextSlotAt: 0 });
    this.saveMatch(true);
  }

  onDispose(): void {
    this.interrupt();
  }
}

/** Messages only the facilitator may send. */
const FACILITATOR_MESSAGES = {
  pause: true,
  resume: true,
  setParams: true,
  restart: true,
  kick: true,
} as const;

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) out[key] = source[key];
  return out;
}

/** Sets only the fields that changed, so that an unchanged slot sends no patch for them. */
function assignChanged<T extends object>(target: T, values: Partial<T>): void {
  for (const [key, value] of Object.entries(values) as [keyof T, T[keyof T]][])
    if (target[key] !== value) target[key] = value;
}

function syncValues<T>(target: T[] & { clear(): void }, next: T[]): void {
  if (target.length === next.length && next.every((value, i) => target[i] === value)) return;
  target.clear();
  target.push(...next);
}

/** The duty an action performs: a player's action replaces the autopilot's action for the same duty. */
function dutyOf(action: unknown): string {
  const { type, validator, batch, dispute, rollup } = action as Record<string, unknown>;
  return `${String(type)}/${String(validator ?? batch ?? dispute ?? rollup ?? "")}`;
}

/** Keeps a synced map holding one view per item, by key: gone items are deleted, new ones set, kept ones updated in place. */
function syncMap<V, T>(
  target: Map<string, V>,
  items: readonly T[],
  key: (item: T) => string,
  make: () => V,
  update: (view: V, item: T) => void,
): void {
  const byKey = new Map(items.map((item) => [key(item), item]));
  for (const existing of [...target.keys()]) if (!byKey.has(existing)) target.delete(existing);
  for (const [itemKey, item] of byKey) {
    let view = target.get(itemKey);
    if (!view) {
      view = make();
      target.set(itemKey, view);
    }
    update(view, item);
  }
}

/** Feed keys sort as strings in the order of their sequence numbers. */
function feedKey(seq: number): string {
  return String(seq).padStart(10, "0");
}
