// The room's seats: who holds each (a player's session, or its bot), the player's queued intents, and who held
// it from which slot, so that each controller is credited for the slots it held (server/PROTOCOL.md).
import { type Action, BACKGROUND_SEAT, type Role, type SeatSpec } from "../shared/index.ts";
import type { Message, Refusal } from "./messages.ts";
import type { SeatControl } from "./room-engine.ts";

/** Intents a player may queue in one slot. */
export const MAX_INTENTS_PER_SLOT = 64;

/** One controller's hold on a seat: from `fromSlot` (slots played then) with the seat's score then. */
export interface Tenure {
  name: string;
  player: boolean;
  fromSlot: number;
  startScore: number;
}

export interface Seat {
  id: string;
  role: Role;
  strategy: string;
  /** Session of the player in the seat, if any. */
  player: string | null;
  name: string;
  autopilotOn: boolean;
  queued: Action[];
  /** A player held the seat and left for good: its bot plays on. */
  replacedByBot: boolean;
  /** The player's connection dropped and it may still reconnect. */
  dropped: boolean;
  tenures: Tenure[];
}

/** A controller's share of a seat's score: the score it made while it held the seat. */
export interface Credit {
  name: string;
  player: boolean;
  fromSlot: number;
  toSlot: number;
  score: number;
}

/** Where the registry reads the match's progress: slots played, and a seat's score now. */
export interface MatchClock {
  slot(): number;
  score(seat: string): number;
}

export class SeatRegistry {
  private seats = new Map<string, Seat>();
  private readonly clock: MatchClock;

  constructor(clock: MatchClock) {
    this.clock = clock;
  }

  /** A new round's seats (the engine's ids, the background seat's included); players keep theirs. */
  startRound(ids: string[], lineup: readonly SeatSpec[]): void {
    const previous = this.seats;
    this.seats = new Map();
    for (const id of ids) {
      const spec = lineup.find((s) => s.id === id) ?? { id, role: "validator", strategy: "honest-validator" };
      const before = previous.get(id);
      const seat: Seat = {
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
        tenures: [],
      };
      seat.tenures.push({ name: seat.name, player: seat.player !== null, fromSlot: 0, startScore: 0 });
      this.seats.set(id, seat);
    }
  }

  all(): IterableIterator<Seat> {
    return this.seats.values();
  }

  get(id: string | null | undefined): Seat | undefined {
    return id ? this.seats.get(id) : undefined;
  }

  /** Seats the engine thread should project privately: those a player holds. */
  playerSeats(): string[] {
    return [...this.seats.values()].flatMap((seat) => (seat.player ? [seat.id] : []));
  }

  /** Gives a player the first free seat of its role; throws (refusing the join) when there is none. */
  take(role: Role, session: string, name: string): Seat {
    const free = [...this.seats.values()].find(
      (seat) => seat.role === role && seat.player === null && seat.id !== BACKGROUND_SEAT,
    );
    if (!free) {
      const seats = [...this.seats.values()].map((s) => `${s.id}:${s.role}`).join(", ");
      throw new Error(`no free ${role} seat in this room (seats: ${seats})`);
    }
    free.player = session;
    free.name = name;
    this.handOver(free, name, true);
    return free;
  }

  /** A player gone for good: the seat's bot plays on, and the results say so. */
  release(seat: Seat): void {
    seat.player = null;
    seat.queued = [];
    seat.dropped = false;
    seat.replacedByBot = true;
    this.handOver(seat, seat.strategy, false);
  }

  /** Free seats by role, for the room list. */
  freeByRole(): Record<string, number> {
    const free: Record<string, number> = {};
    for (const seat of this.seats.values())
      if (seat.player === null && seat.id !== BACKGROUND_SEAT) free[seat.role] = (free[seat.role] ?? 0) + 1;
    return free;
  }

  /** A seated player's message: the autopilot switched, or an action queued for the next slot (if any is left). */
  accept(seat: Seat, message: Exclude<Message, { kind: "facilitator" }>, playing: boolean): Refusal | null {
    if (message.kind === "autopilot") {
      seat.autopilotOn = message.on;
      return null;
    }
    if (!playing) return { code: "wrong-slot", reason: "the match is over" };
    if (seat.queued.length >= MAX_INTENTS_PER_SLOT)
      return { code: "rate-limited", reason: `at most ${MAX_INTENTS_PER_SLOT} actions per slot` };
    seat.queued.push(message.action as Action);
    return null;
  }

  /** Who plays each seat this slot, with the players' queued intents (taken, so the queues start empty). */
  takeControls(): Record<string, SeatControl> {
    const controls: Record<string, SeatControl> = {};
    for (const seat of this.seats.values()) {
      controls[seat.id] = { player: seat.player !== null, autopilot: seat.autopilotOn, intents: seat.queued };
      seat.queued = [];
    }
    return controls;
  }

  /** A new controller from now on; one that takes over before any slot replaces the previous. */
  private handOver(seat: Seat, name: string, player: boolean): void {
    const slot = this.clock.slot();
    const last = seat.tenures.at(-1);
    if (last && last.fromSlot === slot) seat.tenures.pop();
    seat.tenures.push({ name, player, fromSlot: slot, startScore: this.clock.score(seat.id) });
  }
}

/** The seat's fields the synced state shows: who holds it, as this thread knows. */
export function syncedSeat(seat: Seat) {
  return {
    // A bot seat's name is its strategy's, which tells what it will try: the seat id stands for it.
    name: seat.player || seat.replacedByBot ? seat.name : seat.id,
    controller: seat.player ? (seat.dropped ? "dropped" : "player") : "bot",
    replacedByBot: seat.replacedByBot,
    autopilot: seat.autopilotOn,
  };
}

/** Each controller's share of the seat's final score, in the order they held it. */
export function creditsOf(seat: Seat, finalScore: number, slots: number): Credit[] {
  return seat.tenures.map((tenure, i) => {
    const next = seat.tenures[i + 1];
    return {
      name: tenure.name,
      player: tenure.player,
      fromSlot: tenure.fromSlot,
      toSlot: next?.fromSlot ?? slots,
      score: (next?.startScore ?? finalScore) - tenure.startScore,
    };
  });
}
