// The `arena` room: seats for players and bots, one slot per tick, the synced projection. The room stays thin:
// rules live in shared/, the match in an engine thread (server/room-engine.ts), seats in seats.ts, messages are
// read in messages.ts (frames checked first by wire-guard.ts), the slot timer is slot-clock.ts, the stored
// matches match-saver.ts, and the synced state is filled by arena-sync.ts.
import { type Client, CloseCode, Room, type RoomException, type RoomMethodName } from "@colyseus/core";
import { StateView } from "@colyseus/schema";
import { type MatchConfig, type Role, resolveConfig } from "../shared/index.ts";
import { assignChanged, syncProjection } from "./arena-sync.ts";
import type { EnginePool } from "./engine-pool.ts";
import { Facilitators } from "./facilitator.ts";
import { MatchSaver } from "./match-saver.ts";
import {
  type ActionSummary,
  actionSummary,
  type FacilitatorCommand,
  isRefusal,
  type Refusal,
  readMessage,
} from "./messages.ts";
import type { Projection, SlotOutcome } from "./room-engine.ts";
import {
  type CreateOptions,
  createOptionsSchema,
  describeProblem,
  joinOptionsSchema,
} from "./room-options.ts";
import { planRound } from "./round-plan.ts";
import { ArenaState, SeatPrivate, SeatView } from "./schema.ts";
import { MAX_INTENTS_PER_SLOT, SeatRegistry } from "./seats.ts";
import { SlotClock } from "./slot-clock.ts";
import type { MatchStore } from "./store.ts";
import { dropSlowReaders, guardFrames } from "./wire-guard.ts";

export interface ArenaRoomOptions extends CreateOptions {
  store: MatchStore;
  engines: EnginePool;
  /** Bot files the operator published (`serve --bots DIR`), by name. */
  publishedBots?: ReadonlyMap<string, string>;
  reconnectSeconds?: number;
  slotMs?: number;
  facilitatorKey?: string;
}

/** `wantsView`: sent its seat's PlayerView every slot as a delta; `freshView`: the next one whole. */
export type ClientData = { seat: string | null; wantsView: boolean; freshView: boolean };
type ArenaClient = Client<{ userData: ClientData }>;

/** Refusal reasons are summaries: never longer than this (they never echo a payload). */
const MAX_REASON_LENGTH = 200;

export class ArenaRoom extends Room<{ state: InstanceType<typeof ArenaState>; client: ArenaClient }> {
  private engines!: EnginePool;
  private options!: ArenaRoomOptions;
  private facilitators!: Facilitators;
  private saver!: MatchSaver;
  private preset = "phase0";
  private nextRound: Record<string, number | boolean> = {};
  /** No slot is played: the match is over, interrupted, or not yet started. */
  private finished = true;
  /** The seed of the restart asked for last, while a restart is under way (the last request wins). */
  private pendingRestart: { seed?: string } | null = null;
  private restarting = false;
  private feedSeq = 0;
  private readonly seats = new SeatRegistry({
    slot: () => this.state.slot,
    score: (id) => this.state.seats.get(id)?.score ?? 0,
  });
  private readonly slots = new SlotClock((tick, ms) => this.clock.setInterval(tick, ms), {
    play: () => this.playSlot(),
    onError: (error) => this.crash(error),
  });

  /** What `npm run bench:server` reads: when each slot started, how long it blocked the event loop, ticks skipped. */
  get timings() {
    return this.slots.timings;
  }

  async onCreate(options: ArenaRoomOptions): Promise<void> {
    const { store, engines, publishedBots, reconnectSeconds, slotMs, facilitatorKey, ...requested } = options;
    const parsed = createOptionsSchema.safeParse(requested);
    if (!parsed.success) throw new Error(`cannot create the room: ${describeProblem(parsed.error)}`);
    Object.assign(this, { engines, options: { ...options, ...parsed.data } });
    this.facilitators = new Facilitators(facilitatorKey, parsed.data.password);
    this.saver = new MatchSaver(store, this.roomId);
    if (parsed.data.private) await this.setPrivate(true);
    this.setState(new ArenaState());
    guardFrames(this, (client, type, reason) => this.refuse(client, type, { code: "malformed", reason }));
    try {
      await this.startRound(1, parsed.data.seed, parsed.data.config ?? {});
    } catch (error) {
      await this.engines.close(this.roomId);
      throw error;
    }
    this.clock.setInterval(() => dropSlowReaders(this.clients), 250);
    this.onMessage("*", (client, type, payload) =>
      this.onClientMessage(client, typeof type === "string" ? type : "", payload),
    );
  }

  /** Starts a round; players keep their seats across rounds. Slots start ticking once someone has joined. */
  private async startRound(
    round: number,
    seed: string | undefined,
    config: Record<string, number | boolean>,
  ): Promise<void> {
    const plan = planRound(this.options, config, seed ?? `${this.roomId}-${round}-${Date.now()}`);
    this.preset = plan.preset;
    const players = this.seats.playerSeats();
    const started = await this.engines.start(this.roomId, plan.round, players);
    this.seats.startRound(started.seats, plan.round.lineup);
    this.saver.begin(round, this.preset);
    this.finished = false;
    this.state.round = round;
    this.resetSyncedRound(plan.round.config, plan.round.seed);
    for (const client of this.clients) {
      if (client.userData) client.userData.freshView = true;
      this.showPrivate(client);
    }
    this.project(started.projection);
    this.publishSeats();
    if (this.clients.length > 0) this.startSlots();
  }

  private startSlots(): void {
    this.slots.start(this.state.slotMs);
    this.state.nextSlotAt = this.slots.nextSlotAt();
  }

  private resetSyncedRound(config: MatchConfig, seed: string): void {
    const state = this.state;
    state.assign({
      seed,
      slotsTotal: config.slots,
      slotsPerEpoch: config.slotsPerEpoch,
      slotMs: config.slotMs,
    });
    state.assign({ config: JSON.stringify(config), phase: "running" });
    state.blocks.clear();
    state.feed.clear();
    state.seats.clear();
    for (const seat of this.seats.all())
      state.seats.set(
        seat.id,
        new SeatView().assign({
          id: seat.id,
          role: seat.role,
          strategy: seat.strategy,
          private: new SeatPrivate(),
        }),
      );
  }

  onJoin(client: ArenaClient, options: unknown): void {
    const parsed = joinOptionsSchema.safeParse(options ?? {});
    if (!parsed.success) throw new Error(`cannot join: ${describeProblem(parsed.error)}`);
    const { name, role, view } = parsed.data;
    const seat = role ? this.seats.take(role as Role, client.sessionId, name) : undefined;
    this.facilitators.admit(client.sessionId, parsed.data);
    client.userData = { seat: seat?.id ?? null, wantsView: view, freshView: true };
    client.view = new StateView();
    this.showPrivate(client);
    this.projectSeats();
    this.welcome(client);
    this.publishSeats();
    if (!this.finished && !this.slots.running) this.startSlots();
  }

  /** What the room list (GET /api/rooms, matchmaking) shows: the seats still free, by role. */
  private publishSeats(): void {
    void this.setMetadata({
      preset: this.preset,
      round: this.state.round,
      freeSeats: this.seats.freeByRole(),
    });
  }

  private welcome(client: ArenaClient): void {
    const seat = this.seats.get(client.userData?.seat);
    const facilitator = this.facilitators.has(client.sessionId);
    client.send("welcome", { seat: seat?.id ?? null, role: seat?.role ?? null, facilitator });
  }

  private showPrivate(client: ArenaClient): void {
    const view = this.state.seats.get(client.userData?.seat ?? "");
    if (view && client.view) client.view.add(view);
  }

  async onDrop(client: ArenaClient): Promise<void> {
    const seat = this.seats.get(client.userData?.seat);
    if (!seat) return;
    seat.dropped = true;
    this.projectSeats();
    try {
      await this.allowReconnection(client, this.options.reconnectSeconds ?? 30);
    } catch {
      this.releaseSeat(client);
    }
  }

  onReconnect(client: ArenaClient): void {
    // A reconnected client gets its next view whole.
    if (client.userData) client.userData.freshView = true;
    const seat = this.seats.get(client.userData?.seat);
    if (seat) seat.dropped = false;
    this.showPrivate(client);
    this.projectSeats();
    this.welcome(client);
  }

  onLeave(client: ArenaClient): void {
    this.releaseSeat(client);
    this.facilitators.forget(client.sessionId);
  }

  private releaseSeat(client: ArenaClient): void {
    const seat = this.seats.get(client.userData?.seat);
    if (!seat || seat.player !== client.sessionId) return;
    this.seats.release(seat);
    this.projectSeats();
    this.publishSeats();
  }

  /** `refused` names the type (and for a parsed action what it is about) and says why; never the payload. */
  private refuse(client: ArenaClient, action: string | null | ActionSummary, refusal: Refusal): void {
    const reason = refusal.reason.slice(0, MAX_REASON_LENGTH);
    const summary = typeof action === "string" ? { type: action } : (action ?? {});
    client.send("refused", { action: summary, code: refusal.code, reason });
  }

  private onClientMessage(client: ArenaClient, type: string, payload: unknown): void {
    const seat = this.seats.get(client.userData?.seat);
    const sender = { role: seat?.role ?? null, facilitator: this.facilitators.has(client.sessionId) };
    const message = readMessage(type, payload, sender);
    if (isRefusal(message)) this.refuse(client, type, message);
    else if (message.kind === "facilitator") this.runCommand(client, message.command);
    else if (!seat) return;
    else if (message.kind === "autopilot") {
      seat.autopilotOn = message.on;
      this.projectSeats();
    } else if (this.finished) this.refuse(client, type, { code: "wrong-slot", reason: "the match is over" });
    else if (!this.seats.queue(seat, message.action))
      this.refuse(client, type, {
        code: "rate-limited",
        reason: `at most ${MAX_INTENTS_PER_SLOT} actions per slot`,
      });
  }

  private runCommand(client: ArenaClient, command: FacilitatorCommand): void {
    switch (command.type) {
      case "pause":
        if (this.finished) return;
        // "paused" is shown only once nothing moves any more: after the slot in flight, if any.
        void this.slots.pause().then(() => {
          if (!this.finished) this.state.assign({ phase: "paused", nextSlotAt: 0 });
        });
        return;
      case "resume":
        this.slots.resume();
        if (!this.finished) this.state.phase = "running";
        return;
      case "setParams":
        this.setParams(client, command.config);
        return;
      case "restart":
        this.pendingRestart = { seed: command.seed };
        if (!this.restarting) void this.runRestarts();
        return;
      case "kick": {
        const target = this.clients.find((c) => c.userData?.seat === command.seat);
        // A consented close: the kicked player cannot reconnect, its seat's bot plays on.
        if (target) target.leave(CloseCode.CONSENTED);
        else this.refuse(client, "kick", { code: "unknown-seat", reason: "no player in that seat" });
      }
    }
  }

  private setParams(client: ArenaClient, config: Record<string, number | boolean>): void {
    try {
      resolveConfig(this.preset, { ...this.options.config, ...this.nextRound, ...config });
      this.nextRound = { ...this.nextRound, ...config };
      client.send("params", { nextRound: this.nextRound });
    } catch (error) {
      this.refuse(client, "setParams", { code: "malformed", reason: (error as Error).message });
    }
  }

  /** Restarts one after another: requests that come in meanwhile collapse into one, with the last seed asked. */
  private async runRestarts(): Promise<void> {
    this.restarting = true;
    try {
      while (this.pendingRestart) {
        const { seed } = this.pendingRestart;
        this.pendingRestart = null;
        const config = { ...this.options.config, ...this.nextRound };
        this.nextRound = {};
        // The round stops and is saved as interrupted (unless it had finished), then the next one starts.
        await this.stopRound("interrupted");
        this.options = { ...this.options, config };
        await this.startRound(this.state.round + 1, seed, config);
      }
    } catch (error) {
      this.crash(error);
    } finally {
      this.restarting = false;
    }
  }

  /** One slot in the engine thread; what to apply once it is back (nothing if the round changed meanwhile). */
  private async playSlot(): Promise<(() => void) | null> {
    if (this.finished || this.state.phase !== "running") return null;
    this.state.nextSlotAt = this.slots.nextSlotAt();
    const round = this.state.round;
    const outcome = await this.engines.playSlot(this.roomId, this.slotRequest());
    return round === this.state.round && !this.finished ? () => this.applyOutcome(outcome) : null;
  }

  private slotRequest() {
    const viewSeats: string[] = [];
    const freshViews: string[] = [];
    for (const { userData } of this.clients) {
      if (!userData?.wantsView || !userData.seat) continue;
      viewSeats.push(userData.seat);
      if (userData.freshView) freshViews.push(userData.seat);
      userData.freshView = false;
    }
    return { seats: this.seats.takeControls(), viewSeats, freshViews };
  }

  private applyOutcome(outcome: SlotOutcome): void {
    for (const { seat, action, code, reason } of outcome.refusals) {
      const player = this.seats.get(seat)?.player;
      const client = player ? this.clients.getById(player) : undefined;
      if (client) this.refuse(client, actionSummary(action), { code, reason });
    }
    this.project(outcome.projection);
    if (outcome.checkpoint) this.saver.checkpoint(outcome.checkpoint, this.seats);
    if (outcome.finished) return void this.stopRound("finished");
    // Remote bots and browser players play from the same PlayerView as in-process bots, sent to them alone.
    for (const client of this.clients) {
      const view = client.userData?.wantsView ? outcome.views[client.userData.seat ?? ""] : undefined;
      if (view) client.send("view", view);
    }
  }

  private project(projection: Projection): void {
    this.feedSeq = syncProjection(this.state, projection, this.feedSeq);
    this.projectSeats();
  }

  /** Who holds each seat: this thread's own knowledge, synced as it changes. */
  private projectSeats(): void {
    for (const seat of this.seats.all()) {
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

  /** Stops the round's slots and saves its match (once: a finished match is not saved again as interrupted). */
  private async stopRound(phase: "finished" | "interrupted"): Promise<void> {
    if (!this.finished) {
      this.finished = true;
      this.slots.stop();
      this.state.assign({ phase, nextSlotAt: 0 });
    }
    await this.saver.finish(this.engines, this.seats, phase === "interrupted");
  }

  /** A fault in this room ends this room only: logged with the room id, the match saved as interrupted. */
  private crash(error: unknown): void {
    console.error(`[room ${this.roomId}] slot ${this.state.slot} failed:`, error);
    void this.stopRound("interrupted").finally(() => this.disconnect());
  }

  /** Any exception in this room's handlers or timers: a refused join stays a refusal; anything else ends the room. */
  onUncaughtException(error: RoomException, method: RoomMethodName): void {
    if (method === "onJoin" || method === "onAuth") return;
    this.crash(error);
  }

  /** Server shutdown (SIGTERM/SIGINT): save before the players are disconnected, so their seats still count as theirs. */
  onBeforeShutdown(): void {
    void this.stopRound("interrupted").finally(() => super.onBeforeShutdown());
  }

  async onDispose(): Promise<void> {
    await this.stopRound("interrupted");
    await this.engines.close(this.roomId);
  }
}
