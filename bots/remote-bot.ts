// A bot playing a live room over the network (RULES §9): the same Bot interface as in-process bots,
// fed the seat's PlayerView that the room sends it each slot (join option `view: true`).
import { Client, type Room } from "@colyseus/sdk";
import type { PlayerView, Role } from "../shared/index.ts";
import { applyDelta, type DeltaOp } from "../shared/present/view-delta.ts";
import { type Bot, type BotDefinition, botRandom } from "./api.ts";

export interface RemoteBotOptions {
  url: string;
  /** A room id to join; without it, any `arena` room (one is created when there is none). */
  roomId?: string;
  role: Role;
  definition: BotDefinition;
  name?: string;
}

export interface RemoteBotResult {
  roomId: string;
  seat: string | null;
  slotsPlayed: number;
  actionsSent: number;
  refusals: number;
  lastRefusal?: string;
  /** Why the bot stopped: the match ended, or the room closed the connection (code). */
  ended: string;
  error?: string;
}

export interface RemoteBot {
  room: Room;
  /** Counts so far, updated as the bot plays. */
  progress: RemoteBotResult;
  /** Settles when the match ends or the connection closes for good. */
  done: Promise<RemoteBotResult>;
}

export async function joinRemoteBot(options: RemoteBotOptions): Promise<RemoteBot> {
  const client = new Client(options.url);
  const joinOptions = { name: options.name ?? options.definition.name, role: options.role, view: true };
  const room = options.roomId
    ? await client.joinById(options.roomId, joinOptions)
    : await client.joinOrCreate("arena", joinOptions);
  const result: RemoteBotResult = {
    roomId: room.roomId,
    seat: null,
    slotsPlayed: 0,
    actionsSent: 0,
    refusals: 0,
    ended: "",
  };
  let bot: Bot | null = null;
  /** The seat's PlayerView, kept up to date from the deltas the room sends. */
  let view: unknown;
  /** The seat's random seed, from the welcome (the match seed is not synced while the match plays). */
  let random = "";
  room.onMessage("welcome", (message: { seat: string | null; random: string | null }) => {
    result.seat = message.seat;
    random = message.random ?? "";
  });
  room.onMessage("refused", (refusal: { code: string; reason: string }) => {
    result.refusals += 1;
    result.lastRefusal = `${refusal.code}: ${refusal.reason}`;
  });
  room.onMessage("view", async (message: { ops: DeltaOp[] }) => {
    view = applyDelta(view, message.ops);
    const current = structuredClone(view) as PlayerView;
    bot ??= options.definition.create({
      seatId: current.seat.id,
      role: current.seat.role,
      config: current.config,
      random: botRandom(random, current.seat.id),
    });
    try {
      const actions = await bot.act(current);
      for (const action of Array.isArray(actions) ? actions : [actions]) {
        const { type, ...payload } = action as { type: string };
        room.send(type, payload);
        result.actionsSent += 1;
      }
    } catch (error) {
      result.error = (error as Error)?.message ?? String(error);
    }
    result.slotsPlayed += 1;
  });
  const done = new Promise<RemoteBotResult>((resolve) => {
    let ended = false;
    room.onStateChange((state: { phase?: string }) => {
      if (ended || (state.phase !== "finished" && state.phase !== "interrupted")) return;
      ended = true;
      result.ended = `match ${state.phase}`;
      void room.leave().then(() => resolve(result));
    });
    room.onLeave((code) => {
      if (ended) return;
      ended = true;
      result.ended = `connection closed (code ${code})`;
      resolve(result);
    });
  });
  return { room, progress: result, done };
}
