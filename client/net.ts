// The connection to a room: joins, the synced state as plain snapshots, the seat's PlayerView, intents out,
// refusals in.
import { Client, getStateCallbacks, type Room } from "@colyseus/sdk";
import type { MatchConfig, PlayerView } from "../shared/index.ts";
import type { ArenaStateType } from "../shared/present/arena-schema.ts";
import { applyDelta, type DeltaOp } from "../shared/present/view-delta.ts";
import { type Sample, sample } from "./metrics.ts";
import { type ArenaSnapshot, mirrorArena } from "./snapshot.ts";

export interface Welcome {
  seat: string | null;
  role: string | null;
  facilitator: boolean;
  /** The room's short join code (server/join-codes.ts). */
  code: string;
}
export interface Refused {
  action: { type?: string };
  code: string;
  reason: string;
}

/** Where the tab keeps its seat's reconnection token: a reload returns to the same seat, another tab does not. */
const SEAT_KEY = "trilemma-seat";

/** The game server: the page's own origin, or the local server when Vite's dev server serves the page. */
function serverUrl(): string {
  return GAME_SERVER || location.origin;
}

export class Connection {
  snapshot: ArenaSnapshot | null = null;
  /** The round's resolved config, as the room synced it. */
  config!: MatchConfig;
  private configJson = "";
  /** The seat's PlayerView of the current slot (null for a spectator, or before the first slot). */
  view: PlayerView | null = null;
  welcome: Welcome = { seat: null, role: null, facilitator: false, code: "" };
  private welcomed = false;
  /** The match after every slot seen, for the results chart and the facilitator's live charts. */
  readonly history: Sample[] = [];
  private readonly listeners = new Set<(snapshot: ArenaSnapshot) => void>();
  private readonly viewListeners = new Set<(view: PlayerView) => void>();
  readonly refusals = new Set<(refused: Refused) => void>();
  readonly params = new Set<(next: Record<string, unknown>) => void>();

  readonly room: Room<unknown, ArenaStateType>;

  private constructor(room: Room<unknown, ArenaStateType>) {
    this.room = room;
    const readSnapshot = mirrorArena(getStateCallbacks(room)!, room.state);
    room.onMessage("welcome", (welcome: Welcome) => {
      this.welcome = welcome;
      this.welcomed = true;
    });
    room.onMessage("refused", (refused: Refused) => {
      for (const listener of this.refusals) listener(refused);
    });
    room.onMessage("params", (message: { nextRound: Record<string, unknown> }) => {
      for (const listener of this.params) listener(message.nextRound);
    });
    room.onMessage("view", (message: { ops: DeltaOp[] }) => {
      this.view = applyDelta(this.view, message.ops) as PlayerView;
      for (const listener of this.viewListeners) listener(this.view);
    });
    room.onStateChange((state) => {
      if (state.config && state.config !== this.configJson) {
        this.configJson = state.config;
        this.config = JSON.parse(state.config) as MatchConfig;
      }
      const snapshot = readSnapshot();
      this.snapshot = snapshot;
      // A restarted round starts its history again.
      if ((this.history.at(-1)?.slot ?? -1) > snapshot.slot) this.history.length = 0;
      const last = this.history.at(-1);
      if (last?.slot !== snapshot.slot) this.history.push(sample(snapshot, last));
      for (const listener of this.listeners) listener(snapshot);
    });
  }

  // A player builds its actions from its seat's PlayerView (bots/choices.ts): ask for it each slot.
  static async create(options: Record<string, unknown>): Promise<Connection> {
    return Connection.ready(await new Client(serverUrl()).create("arena", { ...options, view: true }));
  }

  static async join(roomId: string, options: Record<string, unknown>): Promise<Connection> {
    return Connection.ready(await new Client(serverUrl()).joinById(roomId, { ...options, view: true }));
  }

  /**
   * The seat this tab held before a reload, while the room still keeps it (server/arena-room.ts allows a
   * dropped player back for a while); null when there is none or the room no longer takes it back.
   */
  static async resume(): Promise<Connection | null> {
    const token = sessionStorage.getItem(SEAT_KEY);
    if (!token) return null;
    try {
      return await Connection.ready(await new Client(serverUrl()).reconnect(token));
    } catch {
      sessionStorage.removeItem(SEAT_KEY);
      return null;
    }
  }

  /** Resolves once the first state (with its config) and the welcome have arrived. */
  private static async ready(room: Room): Promise<Connection> {
    const connection = new Connection(room);
    while (!connection.snapshot || !connection.config || !connection.welcomed)
      await new Promise((r) => setTimeout(r, 20));
    sessionStorage.setItem(SEAT_KEY, room.reconnectionToken);
    return connection;
  }

  onSnapshot(listener: (snapshot: ArenaSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onView(listener: (view: PlayerView) => void): () => void {
    this.viewListeners.add(listener);
    return () => this.viewListeners.delete(listener);
  }

  send(type: string, payload: object = {}): void {
    this.room.send(type, payload);
  }

  get mySeat() {
    return this.welcome.seat ? this.snapshot?.seats[this.welcome.seat] : undefined;
  }
}
