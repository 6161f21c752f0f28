// The `arena` room: seats for players and bots, one slot per tick, the synced projection. The room stays thin:
// rules live in shared/, bots in bots/, and the match itself in an engine thread (server/room-engine.ts), so a
// slot's engine work never blocks this thread's patch loop; here messages become intents and plain projections
// become schema.
import { type Client, CloseCode, Room } from "@colyseus/core";
import { StateView } from "@colyseus/schema";
import {
  ACTION_ROLES,
  type ActionType,
  BACKGROUND_SEAT,
  parseAction,
  type RefusalCode,
  type Role,
  resolveConfig,
  type SeatSpec,
} from "../shared/index.ts";
import { assignChanged, syncProjection } from "./arena-sync.ts";
import { setupOptions } from "./classroom.ts";
import type { EnginePool } from "./engine-pool.ts";
import type { MatchRecord, Projection, SlotOutcome, SlotRequest } from "./room-engine.ts";
import {
  type CreateOptions,
  createOptionsSchema,
  DEFAULT_LINEUP,
  describeProblem,
  joinOptionsSchema,
} from "./room-options.ts";
import { ArenaState, SeatPrivate, SeatView } from "./schema.ts";
import type { MatchStore } from "./store.ts";

/** Intents a player may queue in one slot. */
const MAX_INTENTS_PER_SLOT = 64;

export interface ArenaRoomOptions extends CreateOptions {
  store: MatchStore;
  engines: EnginePool;
  reconnectSeconds?: number;
  slotMs?: number;
}

interface Seat {
  id: string;
  role: Role;
  strategy: string;
  /** Session of the player in the seat, if any. */
  player: string | null;
  name: string;
  autopilotOn: boolean;
  queued: unknown[];
  replacedByBot: boolean;
  /** The player's connection dropped and it may still reconnect. */
  dropped: boolean;
}

export interface SlotTimings {
  /** performance.now() when each slot began. */
  startedAt: number[];
  /** Time each slot's outcome blocked this thread (applying the projection, sending refusals and views), ms. */
  workMs: number[];
  /** From the tick to the outcome applied, ms: the engine thread's work and its queue included. */
  latencyMs: number[];
  /** Ticks that found the previous slot still playing. */
  skipped: number;
}

/** `wantsView`: sent its seat's PlayerView every slot as a delta; `freshView`: the next one whole. */
type ClientData = { seat: string | null; wantsView: boolean; freshView: boolean };

export class ArenaRoom extends Room<{ state: InstanceType<typeof ArenaState> }> {
  private store!: MatchStore;
  private engines!: EnginePool;
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
  /** No slot is played: the match is over, interrupted, or not yet started. */
  private finished = true;
  /** The round's match was saved (a round is saved once, finished or interrupted). */
  private saved = true;
  private tickTimer: { clear(): void } | null = null;
  /** The slot the engine thread is playing: a tick that finds one is skipped, never overlapped. */
  private slotInFlight: Promise<void> | null = null;
  /** The facilitator paused: no slot starts, and the phase turns "paused" once the slot in flight is applied. */
  private pausing = false;
  /** Sequence number of the next feed item (feed keys sort by it). */
  private feedSeq = 0;
  /** What `npm run bench:server` reads: when each slot started, how long it blocked the event loop, ticks skipped. */
  readonly timings: SlotTimings = { startedAt: [], workMs: [], latencyMs: [], skipped: 0 };

  async onCreate(options: ArenaRoomOptions): Promise<void> {
    const { store, engines, reconnectSeconds, slotMs, ...requested } = options;
    this.store = store;
    this.engines = engines;
    this.reconnectSeconds = reconnectSeconds ?? 30;
    const parsed = createOptionsSchema.safeParse(requested);
    if (!parsed.success) throw new Error(`cannot create the room: ${describeProblem(parsed.error)}`);
    this.password = parsed.data.password;
    if (parsed.data.private) await this.setPrivate(true);
    this.setState(new ArenaState());
    this.options = parsed.data;
    this.serverSlotMs = slotMs;
    try {
      await this.startMatch();
    } catch (error) {
      await this.engines.close(this.roomId);
      throw error;
    }
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
    const previous = this.seats;
    const players = [...previous.values()].flatMap((seat) => (seat.player ? [seat.id] : []));
    const started = await this.engines.start(this.roomId, { config, seed, lineup }, players);
    this.seats = new Map();
    for (const id of started.seats) {
      const spec: SeatSpec = lineup.find((s) => s.id === id) ?? {
        id,
        role: "validator",
        strategy: "honest-validator",
      };
      const before = previous.get(id);
      this.seats.set(id, {
        id,
        role: spec.role,
        strategy: spec.strategy,
        player: before?.player ?? null,
        name: before?.name ?? spec.strategy,
        // A player keeps the autopilot they chose from round to round; a bot's seat plays on autopilot.
        autopilotOn: before?.player ? before.autopilotOn : true,
        queued: [],
        replacedByBot: false,
        dropped: before?.dropped ?? false,
      });
    }
    this.finished = false;
    this.saved = false;
    this.pausing = false;
    // Timings are per round: a room that plays round after round keeps a bounded record.
    this.timings.startedAt.length = 0;
    this.timings.workMs.length = 0;
    this.timings.latencyMs.length = 0;
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
        seat.id,
        new SeatView().assign({
          id: seat.id,
          role: seat.role,
          strategy: seat.strategy,
          private: new SeatPrivate(),
        }),
      );
    for (const client of this.clients) {
      (client.userData as ClientData).freshView = true;
      this.showPrivate(client);
    }
    this.project(started.projection);
    this.publishSeats();
    this.tickTimer?.clear();
    this.tickTimer = this.clock.setInterval(() => this.tick(), config.slotMs);
    state.nextSlotAt = Date.now() + config.slotMs;
  }

  onJoin(client: Client, options: unknown): void {
    const parsed = joinOptionsSchema.safeParse(options ?? {});
    if (!parsed.success) throw new Error(`cannot join: ${describeProblem(parsed.error)}`);
    const { name, role, password, view } = parsed.data;
    // The first client to join is the one that created the room.
    if (!this.creatorJoined || (this.password !== undefined && password === this.password))
      this.facilitators.add(client.sessionId);
    this.creatorJoined = true;
    (client.userData as ClientData) = { seat: null, wantsView: view, freshView: true };
    client.view = new StateView();
    if (!role) {
      this.welcome(client);
      return;
    }
    const free = [...this.seats.values()].find(
      (seat) => seat.role === role && seat.player === null && seat.id !== BACKGROUND_SEAT,
    );
    if (!free)
      throw new Error(
        `no free ${role} seat in this room (seats: ${[...this.seats.values()].map((s) => `${s.id}:${s.role}`).join(", ")})`,
      );
    free.player = client.sessionId;
    free.name = name;
    (client.userData as ClientData).seat = free.id;
    this.showPrivate(client);
    this.projectSeats();
    this.welcome(client);
    this.publishSeats();
  }

  /** What the room list (GET /api/rooms, matchmaking) shows: the seats still free, by role. */
  private publishSeats(): void {
    const freeSeats: Record<string, number> = {};
    for (const seat of this.seats.values())
      if (seat.player === null && seat.id !== BACKGROUND_SEAT)
        freeSeats[seat.role] = (freeSeats[seat.role] ?? 0) + 1;
    const { setup } = this.options;
    void this.setMetadata({ preset: this.preset, round: this.state.round, freeSeats, setup });
  }

  private welcome(client: Client): void {
    const seat = this.seatOf(client);
    client.send("welcome", {
      seat: seat?.id ?? null,
      role: seat?.role ?? null,
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
    // A reconnected client gets its next view whole.
    (client.userData as ClientData).freshView = true;
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
    if (!allowed.includes(seat.role)) return ["wrong-role", `a ${seat.role} cannot ${type}`];
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
        if (this.finished) return;
        this.pausing = true;
        // "paused" is shown only once nothing moves any more: after the slot in flight, if any.
        void (this.slotInFlight ?? Promise.resolve()).then(() => {
          if (this.pausing && !this.finished) this.state.assign({ phase: "paused", nextSlotAt: 0 });
        });
        return;
      case "resume":
        this.pausing = false;
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
        this.restart(client, body);
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

  /** Ends the round (saved as interrupted unless it finished) and starts the next, maybe from another setup. */
  private restart(client: Client, body: Record<string, unknown>): void {
    const seed = typeof body.seed === "string" && body.seed !== "" ? body.seed.slice(0, 100) : undefined;
    // The next lesson (or any ready setup) brings its own seats and rules; players keep their seat ids.
    const next = typeof body.setup === "string" ? setupOptions(body.setup) : null;
    if (body.setup !== undefined && !next) {
      this.refuse(client, { type: "restart" }, "malformed", `restart: no ready setup ${String(body.setup)}`);
      return;
    }
    const config = { ...(next ?? this.options).config, ...this.nextRound };
    this.nextRound = {};
    // The round stops and is saved as interrupted (unless it had finished), then the next one starts.
    this.finished = true;
    this.tickTimer?.clear();
    void this.saveMatch(true)
      .then(() => {
        this.state.round += 1;
        this.options = { ...this.options, ...next, seed, config };
        return this.startMatch();
      })
      .catch((error) => this.crash(error));
  }

  private tick(): void {
    if (this.finished || this.pausing || this.state.phase !== "running") return;
    if (this.slotInFlight) {
      this.timings.skipped += 1;
      return;
    }
    this.state.nextSlotAt = Date.now() + this.state.slotMs;
    const started = performance.now();
    this.timings.startedAt.push(started);
    const round = this.state.round;
    this.slotInFlight = this.engines
      .playSlot(this.roomId, this.slotRequest())
      .then((outcome) => {
        // A restart while the slot was being played: that outcome belongs to the old round.
        if (round !== this.state.round || this.finished) return;
        const applying = performance.now();
        this.applyOutcome(outcome);
        this.timings.workMs.push(performance.now() - applying);
        this.timings.latencyMs.push(performance.now() - started);
      })
      .catch((error) => this.crash(error))
      .finally(() => {
        this.slotInFlight = null;
      });
  }

  /** What the engine thread needs for a slot: who plays each seat, the players' intents, who wants views. */
  private slotRequest(): SlotRequest {
    const request: SlotRequest = { seats: {}, viewSeats: [], freshViews: [] };
    for (const seat of this.seats.values()) {
      request.seats[seat.id] = {
        player: seat.player !== null,
        autopilot: seat.autopilotOn,
        intents: seat.queued,
      };
      seat.queued = [];
    }
    for (const client of this.clients) {
      const data = client.userData as ClientData | undefined;
      if (!data?.wantsView || !data.seat) continue;
      request.viewSeats.push(data.seat);
      if (data.freshView) request.freshViews.push(data.seat);
      data.freshView = false;
    }
    return request;
  }

  private applyOutcome(outcome: SlotOutcome): void {
    for (const refusal of outcome.refusals) {
      const player = this.seats.get(refusal.seat)?.player;
      const client = player ? this.clients.getById(player) : undefined;
      client?.send("refused", { action: refusal.action, code: refusal.code, reason: refusal.reason });
    }
    this.project(outcome.projection);
    if (outcome.finished) {
      this.finished = true;
      this.tickTimer?.clear();
      this.state.assign({ phase: "finished", nextSlotAt: 0 });
      void this.saveMatch(false);
      return;
    }
    // Remote bots and browser players play from the same PlayerView as in-process bots, sent to them alone.
    for (const client of this.clients) {
      const data = client.userData as ClientData | undefined;
      const view = data?.wantsView && data.seat ? outcome.views[data.seat] : undefined;
      if (view) client.send("view", view);
    }
  }

  /** A fault in this room's slot ends this room only: logged with the room id, the match saved as interrupted. */
  private crash(error: unknown): void {
    console.error(`[room ${this.roomId}] slot ${this.state.slot} failed:`, error);
    void this.interrupt().finally(() => this.disconnect());
  }

  private project(projection: Projection): void {
    this.feedSeq = syncProjection(this.state, projection, this.feedSeq);
    this.projectSeats();
  }

  /** Who holds each seat: this thread's own knowledge, synced as it changes. */
  private projectSeats(): void {
    for (const seat of this.seats.values()) {
      const view = this.state.seats.get(seat.id);
      if (!view) continue;
      assignChanged(view, {
        name: seat.name,
        controller: seat.player ? (seat.dropped ? "dropped" : "player") : "bot",
        replacedByBot: seat.replacedByBot,
        autopilot: seat.autopilotOn,
      });
    }
  }

  /** Stores the round's match once, finished or interrupted; the seats are read now, before any player leaves. */
  private async saveMatch(interrupted: boolean): Promise<void> {
    if (this.saved) return;
    this.saved = true;
    const id = `${this.roomId}-${this.state.round}`;
    const seats = new Map([...this.seats.values()].map((seat) => [seat.id, { ...seat }]));
    let record: MatchRecord;
    try {
      record = await this.engines.finish(this.roomId, interrupted);
    } catch (error) {
      console.error(`[room ${this.roomId}] match ${id} could not be saved:`, error);
      return;
    }
    const { replay, scores } = record;
    if (record.slots === 0) return;
    this.store.save(
      {
        id,
        room: this.roomId,
        seed: record.seed,
        preset: this.preset,
        slots: record.slots,
        stateRoot: record.stateRoot,
        interrupted,
        finishedAt: new Date().toISOString(),
        seats: scores.map((score) => {
          const seat = seats.get(score.id);
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
    void this.interrupt().finally(() => super.onBeforeShutdown());
  }

  /** Stops the round's slots and saves its match as interrupted (a finished match was saved already). */
  private async interrupt(): Promise<void> {
    if (!this.finished) {
      this.finished = true;
      this.tickTimer?.clear();
      this.state.assign({ phase: "interrupted", nextSlotAt: 0 });
    }
    await this.saveMatch(true);
  }

  async onDispose(): Promise<void> {
    await this.interrupt();
    await this.engines.close(this.roomId);
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
