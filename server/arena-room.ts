// The `arena` room, thin: Colyseus' lifecycle and the synced state. Rounds live in live-rounds.ts (the match in
// an engine thread), seats in seats.ts, messages are read in messages.ts after wire-guard.ts checked the frames.
import { CloseCode, Room, type RoomException, type RoomMethodName } from "@colyseus/core";
import { StateView } from "@colyseus/schema";
import { hashParts, type Role } from "../shared/index.ts";
import { ArenaState, SeatPrivate, SeatView } from "../shared/present/arena-schema.ts";
import { type ArenaClient, sendViews, viewRequest } from "./arena-client.ts";
import { syncFields } from "./arena-sync.ts";
import { Facilitators, runCommand } from "./facilitator.ts";
import { drawJoinCode } from "./join-codes.ts";
import { LiveRounds, type RoundHost } from "./live-rounds.ts";
import {
  type ActionSummary,
  actionSummary,
  type FacilitatorCommand,
  isRefusal,
  type Refusal,
  readMessage,
  refusedMessage,
} from "./messages.ts";
import type { Projection, RoundSpec, SlotOutcome } from "./room-engine.ts";
import {
  type ArenaRoomOptions,
  createOptionsSchema,
  describeProblem,
  joinOptionsSchema,
} from "./room-options.ts";
import { SeatRegistry, syncedSeat } from "./seats.ts";
import { dropSlowReaders, guardFrames } from "./wire-guard.ts";

export class ArenaRoom extends Room<{ state: InstanceType<typeof ArenaState>; client: ArenaClient }> {
  private options!: ArenaRoomOptions;
  private facilitators!: Facilitators;
  /** The short code a student types (or scans from the projector) to join: server/join-codes.ts. */
  private joinCode = "";
  /** The rounds (their slot timer's timings are what `npm run bench:server` reads). */
  private rounds!: LiveRounds;
  readonly seats = new SeatRegistry({
    slot: () => this.state.slot,
    score: (id) => this.state.seats.get(id)?.score ?? 0,
  });

  async onCreate(options: ArenaRoomOptions): Promise<void> {
    const { store, engines, publishedBots, reconnectSeconds, slotMs, facilitatorKey, ...requested } = options;
    const parsed = createOptionsSchema.safeParse(requested);
    if (!parsed.success) throw new Error(`cannot create the room: ${describeProblem(parsed.error)}`);
    this.options = { ...options, ...parsed.data };
    this.facilitators = new Facilitators(facilitatorKey, parsed.data.password);
    this.rounds = new LiveRounds(this.roundHost(), engines, store, this.options);
    if (parsed.data.private) await this.setPrivate(true);
    this.joinCode = await drawJoinCode();
    this.setState(new ArenaState());
    guardFrames(this, (client, type, reason) => this.refuse(client, type, { code: "malformed", reason }));
    try {
      await this.rounds.start(1, parsed.data.seed, parsed.data.config ?? {});
    } catch (error) {
      await engines.close(this.roomId);
      throw error;
    }
    this.clock.setInterval(() => dropSlowReaders(this.clients), 250);
    this.onMessage("*", (client, type, payload) =>
      this.onClientMessage(client, typeof type === "string" ? type : "", payload),
    );
  }

  /** How the rounds reach this room: its clock and seats, and what it does as each round goes. */
  private roundHost(): RoundHost {
    return {
      roomId: this.roomId,
      seats: this.seats,
      setInterval: (tick, ms) => this.clock.setInterval(tick, ms),
      slotRequest: () => ({ seats: this.seats.takeControls(), ...viewRequest(this.clients) }),
      started: (round, spec, projection) => this.roundStarted(round, spec, projection),
      played: (outcome) => this.applyOutcome(outcome),
      stopped: (phase) => this.state.assign({ phase, nextSlotAt: 0 }),
      crashed: (error) => this.crash(error),
    };
  }

  /** A new round in the synced state (players keep their seats); slots tick once someone is in the room. */
  private roundStarted(round: number, { config }: RoundSpec, projection: Projection): void {
    const state = this.state;
    state.assign({ round, slotsTotal: config.slots, slotsPerEpoch: config.slotsPerEpoch });
    state.assign({ slotMs: config.slotMs, config: JSON.stringify(config), phase: "running" });
    state.blocks.clear();
    state.feed.clear();
    state.seats.clear();
    for (const { id, role } of this.seats.all())
      state.seats.set(id, new SeatView().assign({ id, role, private: new SeatPrivate() }));
    for (const client of this.clients) {
      if (client.userData) client.userData.freshView = true;
      this.showPrivate(client);
    }
    this.project(projection);
    this.publishSeats();
    if (this.clients.length > 0) this.startSlots();
  }

  private startSlots(): void {
    this.rounds.tick(this.state.slotMs);
    this.state.nextSlotAt = this.rounds.slots.nextSlotAt();
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
    this.startSlots();
  }

  /** What the room list (GET /api/rooms, matchmaking) shows: the seats still free, by role. */
  private publishSeats(): void {
    const { preset, round } = this.rounds;
    const freeSeats = this.seats.freeByRole();
    void this.setMetadata({ preset, round, freeSeats, setup: this.rounds.setup, code: this.joinCode });
  }

  private welcome(client: ArenaClient): void {
    const seat = this.seats.get(client.userData?.seat);
    const facilitator = this.facilitators.has(client.sessionId);
    // A remote bot's own draws: from the seed, which they do not reveal.
    const random = seat ? hashParts("bot-random", this.rounds.seed, seat.id) : null;
    const code = this.joinCode;
    client.send("welcome", { seat: seat?.id ?? null, role: seat?.role ?? null, facilitator, random, code });
  }

  private showPrivate(client: ArenaClient): void {
    const view = this.state.seats.get(client.userData?.seat ?? "");
    if (view) client.view?.add(view);
    // A facilitator who plays no seat referees: it sees what roles must discover (docs/rules.md).
    else if (this.facilitators.has(client.sessionId)) client.view?.add(this.state.referee);
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
  private refuse(client: ArenaClient, action: string | null | ActionSummary, refusal: Refusal): undefined {
    client.send("refused", refusedMessage(action, refusal));
  }

  private onClientMessage(client: ArenaClient, type: string, payload: unknown): undefined {
    const seat = this.seats.get(client.userData?.seat);
    const sender = { role: seat?.role ?? null, facilitator: this.facilitators.has(client.sessionId) };
    const message = readMessage(type, payload, sender);
    if (isRefusal(message)) return this.refuse(client, type, message);
    if (message.kind === "facilitator") return this.runCommand(client, message.command);
    const refusal = seat && this.seats.accept(seat, message, !this.rounds.finished);
    if (refusal) this.refuse(client, type, refusal);
    this.projectSeats();
  }

  private runCommand(client: ArenaClient, command: FacilitatorCommand): undefined {
    runCommand(command, {
      rounds: this.rounds,
      showPhase: (phase) => this.state.assign({ phase, ...(phase === "paused" ? { nextSlotAt: 0 } : {}) }),
      kick: (seat) => {
        const target = this.clients.find((c) => c.userData?.seat === seat);
        // A consented close: the kicked player cannot reconnect, its seat's bot plays on.
        target?.leave(CloseCode.CONSENTED);
        return target !== undefined;
      },
      reply: (type, message) => client.send(type, message),
      refuse: (type, refusal) => this.refuse(client, type, refusal),
    });
  }

  private applyOutcome(outcome: SlotOutcome): void {
    for (const { seat, action, code, reason } of outcome.refusals) {
      const player = this.seats.get(seat)?.player;
      const client = player ? this.clients.getById(player) : undefined;
      if (client) this.refuse(client, actionSummary(action), { code, reason });
    }
    this.project(outcome.projection);
    if (!outcome.finished) this.state.nextSlotAt = this.rounds.slots.nextSlotAt();
    sendViews(this.clients, outcome.views);
  }

  private project(projection: Projection): void {
    syncFields(this.state, projection);
    this.projectSeats();
  }

  /** Who holds each seat: this thread's own knowledge, synced as it changes. */
  private projectSeats(): void {
    for (const seat of this.seats.all()) {
      const view = this.state.seats.get(seat.id);
      if (view) syncFields(view, syncedSeat(seat));
    }
  }

  /** A fault in this room ends this room only: logged with the room id, the match saved as interrupted. */
  private crash(error: unknown): void {
    console.error(`[room ${this.roomId}] slot ${this.state?.slot} failed:`, error);
    void this.rounds.stop("interrupted").finally(() => this.disconnect());
  }

  /** Any exception in this room's handlers or timers: a refused create or join stays a refusal; the rest ends the room. */
  onUncaughtException(error: RoomException, method: RoomMethodName): void {
    if (method === "onCreate" || method === "onJoin" || method === "onAuth") return;
    this.crash(error);
  }

  /** Server shutdown (SIGTERM/SIGINT): save before the players are disconnected, so their seats still count as theirs. */
  onBeforeShutdown(): void {
    void this.rounds.stop("interrupted").finally(() => super.onBeforeShutdown());
  }

  async onDispose(): Promise<void> {
    // A refused create leaves no rounds.
    await this.rounds?.stop("interrupted");
    await this.rounds?.engines.close(this.roomId);
  }
}
