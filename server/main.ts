// `trilemma serve`: Colyseus on one port with the client and the API beside it.

import { readdirSync } from "node:fs";
import type { Server as HttpServer } from "node:http";
import { defineRoom, defineServer, type Server } from "@colyseus/core";
import { Encoder } from "@colyseus/schema";
import { WebSocketTransport } from "@colyseus/ws-transport";
import { ArenaRoom } from "./arena-room.ts";
import { EnginePool } from "./engine-pool.ts";
import { issueFacilitatorKeys } from "./facilitator.ts";
import { mountHttp } from "./http.ts";
import { type GateOptions, gateRequests } from "./request-gate.ts";
import { publishedBotsIn } from "./room-options.ts";
import { type MatchStore, openStore } from "./store.ts";

export interface ServeOptions extends GateOptions {
  port: number;
  /** Interface to listen on: 127.0.0.1 by default; 0.0.0.0 (all) for a classroom LAN. */
  host?: string;
  /** A folder of bot files whose names (file name without extension) lineups may use. */
  botsDir?: string;
  /** Where finished matches go: a SQLite file (":memory:" in tests) or a postgres:// URL shared by processes. */
  database: string;
  reconnectSeconds?: number;
  /** Slot length for every room, overriding configs (tests use short slots). */
  slotMs?: number;
  greet?: boolean;
  /** Whether SIGTERM/SIGINT stop the process after saving in-flight matches (off in tests). */
  handleSignals?: boolean;
  /** Threads that play the rooms' matches (default: one per core but one). */
  engineThreads?: number;
  /** Scale-out: processes sharing one Redis share rooms and matchmaking. */
  redisUrl?: string;
  /** How other processes reach this one (host:port); required with Redis, or joins fail with code 524. */
  publicAddress?: string;
}

export interface RunningServer {
  server: Server;
  store: MatchStore;
  port: number;
  stop(): Promise<void>;
}

/**
 * Room state encoding buffer. Colyseus 0.18 grows it when a full state does not fit, but then encodes the
 * full state of a client with a StateView into the old, smaller buffer: a player joining a running match
 * got a corrupt state ("refId" not found). The projection is bounded (recent windows), well under this.
 */
const STATE_BUFFER_BYTES = 256 * 1024;

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  Encoder.BUFFER_SIZE = STATE_BUFFER_BYTES;
  const publishedBots = options.botsDir
    ? publishedBotsIn(options.botsDir, readdirSync(options.botsDir))
    : new Map();
  const store = await openStore(options.database);
  const engines = new EnginePool(options.engineThreads);
  const scaleOut = options.redisUrl ? await redisServices(options.redisUrl) : {};
  const server = defineServer({
    ...scaleOut,
    publicAddress: options.publicAddress,
    rooms: {
      arena: defineRoom(ArenaRoom, {
        store,
        engines,
        publishedBots,
        reconnectSeconds: options.reconnectSeconds,
        slotMs: options.slotMs,
      }),
    },
    transport: new WebSocketTransport(),
    express: (app) => mountHttp(app, store),
    greet: options.greet ?? false,
    // Colyseus' own handler shuts every room down on any uncaught exception: ours below never does.
    gracefullyShutdown: false,
  });
  issueFacilitatorKeys();
  // Rooms save their matches as interrupted when disposed; the store closes only after all of them.
  server.onShutdown(async () => {
    await store.close();
    await engines.destroy();
  });
  await server.listen(options.port, options.host ?? "127.0.0.1");
  gateRequests((server.transport as unknown as { server: HttpServer }).server, options);
  if (options.handleSignals ?? true) handleSignals(() => server.gracefullyShutdown(true));
  return {
    server,
    store,
    port: options.port,
    async stop() {
      await server.gracefullyShutdown(false);
    },
  };
}

/**
 * SIGTERM/SIGINT save every room's match and exit. An exception nothing caught is logged and the process goes
 * on: a room's own faults end that room (ArenaRoom.onUncaughtException); ending every room for one is what a
 * hostile client would want.
 */
function handleSignals(shutdown: () => Promise<void>): void {
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => void shutdown());
  process.on("uncaughtException", (error) =>
    console.error("[server] uncaught exception, rooms go on:", error),
  );
  process.on("unhandledRejection", (error) =>
    console.error("[server] unhandled rejection, rooms go on:", error),
  );
}

/** Loaded only when REDIS_URL is set, so a single process needs no Redis client at all. */
async function redisServices(url: string) {
  const [{ RedisPresence }, { RedisDriver }] = await Promise.all([
    import("@colyseus/redis-presence"),
    import("@colyseus/redis-driver"),
  ]);
  return { presence: new RedisPresence(url), driver: new RedisDriver(url) };
}
