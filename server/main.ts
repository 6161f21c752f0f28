// `trilemma serve`: Colyseus on one port with the client and the API beside it.
import { defineRoom, defineServer, type Server } from "@colyseus/core";
import { Encoder } from "@colyseus/schema";
import { WebSocketTransport } from "@colyseus/ws-transport";
import { ArenaRoom } from "./arena-room.ts";
import { EnginePool } from "./engine-pool.ts";
import { mountHttp } from "./http.ts";
import { MatchStore } from "./store.ts";

export interface ServeOptions {
  port: number;
  /** Interface to listen on: all of them for a workshop room, 127.0.0.1 in tests. */
  host?: string;
  /** SQLite file for finished matches (":memory:" in tests). */
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
  const store = new MatchStore(options.database);
  const engines = new EnginePool(options.engineThreads);
  const scaleOut = options.redisUrl ? await redisServices(options.redisUrl) : {};
  const server = defineServer({
    ...scaleOut,
    publicAddress: options.publicAddress,
    rooms: {
      arena: defineRoom(ArenaRoom, {
        store,
        engines,
        reconnectSeconds: options.reconnectSeconds,
        slotMs: options.slotMs,
      }),
    },
    transport: new WebSocketTransport(),
    express: (app) => mountHttp(app, store),
    greet: options.greet ?? false,
    gracefullyShutdown: options.handleSignals ?? true,
  });
  // Rooms save their matches as interrupted when disposed; the store closes only after all of them.
  server.onShutdown(async () => {
    store.close();
    await engines.destroy();
  });
  await server.listen(options.port, options.host ?? "127.0.0.1");
  return {
    server,
    store,
    port: options.port,
    async stop() {
      await server.gracefullyShutdown(false);
    },
  };
}

/** Loaded only when REDIS_URL is set, so a single process needs no Redis client at all. */
async function redisServices(url: string) {
  const [{ RedisPresence }, { RedisDriver }] = await Promise.all([
    import("@colyseus/redis-presence"),
    import("@colyseus/redis-driver"),
  ]);
  return { presence: new RedisPresence(url), driver: new RedisDriver(url) };
}
