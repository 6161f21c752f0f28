// `npm run bench:server`: R rooms × C SDK clients on loopback for a fixed number of slots, against a server in
// a child process. Prints slot work (the time a slot blocks the patch loop) and slot latency (tick to outcome,
// through the engine thread) p50/p99, slots late or deferred,
// bytes per client per second and the server's RSS. Flags: --rooms R --clients C --slots N --slot-ms M
// [--bots] (clients are remote bots fed PlayerView deltas) [--engine-threads T] [--profile FILE] (the server's CPU profile over the
// measured window, for Chrome DevTools). With no flags: the two targets of issue 5.
import { type ChildProcess, fork } from "node:child_process";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { Client, type Room } from "@colyseus/sdk";
import { BUILT_IN_BOTS } from "../bots/registry.ts";
import type { SlotTimings } from "../server/slot-clock.ts";
import type { Role, SeatSpec } from "../shared/index.ts";

interface Scenario {
  rooms: number;
  clients: number;
  slots: number;
  slotMs: number;
  bots: boolean;
  /** The server's engine threads (its default when unset). */
  engineThreads?: number;
  /** Where the server writes its CPU profile of the measured window. */
  profile?: string;
}

/** Replies are tagged: Colyseus sends its own IPC messages (pm2 options) through the same channel. */
type RoomWithTimings = { rounds?: { slots: { timings: SlotTimings } } };
type ServerReply = { bench: "stats"; rss: number; rooms: Record<string, SlotTimings> };
type ServerAsk = { ask: "stats"; roomIds: string[]; profile?: "start" | string };

const ROLES_BY_CLIENT: Role[] = [
  "validator",
  "sequencer",
  "challenger",
  "attacker",
  "validator",
  "validator",
  "validator",
  "validator",
];

const STRATEGY: Record<Role, string> = {
  validator: "honest-validator",
  sequencer: "honest-sequencer",
  challenger: "honest-challenger",
  attacker: "honest-validator",
};

/** One seat per client, by role, so that every client sits; roles beyond the first four are validators. */
function lineupFor(clients: number): SeatSpec[] {
  return Array.from({ length: clients }, (_, i) => {
    const role = ROLES_BY_CLIENT[i % ROLES_BY_CLIENT.length];
    return { id: `${role}-${i + 1}`, role, strategy: STRATEGY[role] };
  });
}

// ---- the server side (child process) ----
async function serve(port: number, engineThreads?: number): Promise<void> {
  const { matchMaker } = await import("@colyseus/core");
  const { startServer } = await import("../server/main.ts");
  await startServer({ port, database: ":memory:", handleSignals: false, engineThreads });
  const { Session } = await import("node:inspector/promises");
  const inspector = new Session();
  inspector.connect();
  process.on("message", async (message: ServerAsk) => {
    if (message.profile === "start") {
      await inspector.post("Profiler.enable");
      await inspector.post("Profiler.start");
    } else if (message.profile) {
      const { profile } = await inspector.post("Profiler.stop");
      writeFileSync(message.profile, JSON.stringify(profile));
    }
    const rooms: Record<string, SlotTimings> = {};
    for (const id of message.roomIds) {
      // A room's slot timer (server/slot-clock.ts) keeps its timings.
      const room = matchMaker.getLocalRoomById(id) as unknown as RoomWithTimings | undefined;
      const timings = room?.rounds?.slots.timings;
      if (timings) rooms[id] = timings;
    }
    process.send?.({ bench: "stats", rss: process.memoryUsage().rss, rooms } satisfies ServerReply);
  });
  process.send?.({ bench: "ready" });
}

// ---- the client side ----
function ask(server: ChildProcess, roomIds: string[], profile?: string): Promise<ServerReply> {
  return new Promise((resolve) => {
    const onMessage = (reply: { bench?: string }) => {
      if (reply?.bench !== "stats") return;
      server.off("message", onMessage);
      resolve(reply as unknown as ServerReply);
    };
    server.on("message", onMessage);
    server.send({ ask: "stats", roomIds, profile } satisfies ServerAsk);
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Counts bytes the client receives over its WebSocket from now on. */
function meter(room: Room): { bytes: number } {
  const counter = { bytes: 0 };
  const ws = (room.connection as unknown as { transport: { ws: WebSocket } }).transport.ws;
  ws.addEventListener("message", (event: MessageEvent) => {
    counter.bytes += (event.data as ArrayBuffer).byteLength;
  });
  return counter;
}

async function joinRoom(url: string, scenario: Scenario, index: number): Promise<Room[]> {
  const lineup = lineupFor(scenario.clients);
  const config = { slots: scenario.slots * 4 + 100, slotMs: scenario.slotMs };
  const rooms: Room[] = [];
  if (scenario.bots) {
    const { joinRemoteBot } = await import("../bots/remote-bot.ts");
    for (const [i, seat] of lineup.entries()) {
      if (i === 0) {
        rooms.push(
          await new Client(url).create("arena", {
            name: `host-${index}`,
            seed: `bench-${index}`,
            role: seat.role,
            config,
            lineup,
            view: true,
          }),
        );
        continue;
      }
      const bot = await joinRemoteBot({
        url,
        roomId: rooms[0].roomId,
        role: seat.role,
        definition: BUILT_IN_BOTS.get(seat.strategy)!,
      });
      rooms.push(bot.room);
    }
    return rooms;
  }
  for (const [i, seat] of lineup.entries()) {
    const options = { name: `player-${index}-${i}`, role: seat.role };
    const room =
      i === 0
        ? await new Client(url).create("arena", { ...options, seed: `bench-${index}`, config, lineup })
        : await joinWithRetries(() => new Client(url).joinById(rooms[0].roomId, options));
    // A player gets these too; the bench client only counts their bytes.
    room.onMessage("welcome", () => undefined);
    room.onMessage("refused", () => undefined);
    rooms.push(room);
  }
  return rooms;
}

/** Joins that failed because the seat reservation expired (the server was too busy to accept in time). */
let expiredReservations = 0;

async function joinWithRetries(join: () => Promise<Room>): Promise<Room> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await join();
    } catch (error) {
      if ((error as { code?: number }).code !== 524 || attempt === 3) throw error;
      expiredReservations += 1;
    }
  }
}

async function run(scenario: Scenario): Promise<void> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const server = fork(
    import.meta.filename,
    [
      "--serve",
      String(port),
      ...(scenario.engineThreads ? ["--engine-threads", String(scenario.engineThreads)] : []),
    ],
    {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    },
  );
  try {
    await new Promise<void>((resolve) =>
      server.on("message", (message: { bench?: string }) => message?.bench === "ready" && resolve()),
    );
    await measure(server, port, scenario);
  } finally {
    server.kill("SIGKILL");
  }
}

async function measure(server: ChildProcess, port: number, scenario: Scenario): Promise<void> {
  const url = `ws://127.0.0.1:${port}`;
  const label = `${scenario.rooms} rooms × ${scenario.clients} ${scenario.bots ? "remote bots" : "clients"} at ${scenario.slotMs} ms/slot`;
  const joinStarted = performance.now();
  const rooms: Room[][] = [];
  // Rooms join a few at a time: matchmaking is the slow part, not the slots.
  for (let i = 0; i < scenario.rooms; i += 10) {
    const batch = [];
    for (let j = i; j < Math.min(scenario.rooms, i + 10); j++) batch.push(joinRoom(url, scenario, j));
    rooms.push(...(await Promise.all(batch)));
  }
  const joinSeconds = (performance.now() - joinStarted) / 1000;
  const retried = expiredReservations;
  expiredReservations = 0;
  const roomIds = rooms.map((r) => r[0].roomId);
  const meters = rooms.flat().map(meter);
  const before = await ask(server, roomIds, scenario.profile && "start");
  const measureStarted = performance.now();
  await new Promise((resolve) => setTimeout(resolve, scenario.slots * scenario.slotMs));
  const after = await ask(server, roomIds, scenario.profile);
  const seconds = (performance.now() - measureStarted) / 1000;

  const work: number[] = [];
  const latency: number[] = [];
  let played = 0;
  let late = 0;
  let deferred = 0;
  const lateness: number[] = [];
  for (const id of roomIds) {
    const start = before.rooms[id]?.startedAt.length ?? 0;
    const timings = after.rooms[id];
    if (!timings) continue;
    const starts = timings.startedAt.slice(start);
    work.push(...timings.workMs.slice(start));
    latency.push(...timings.latencyMs.slice(start));
    played += starts.length;
    deferred += timings.deferred - (before.rooms[id]?.deferred ?? 0);
    // Schedule from the first slot in the window; the room clock ticks with the 50 ms patch loop.
    for (const [k, at] of starts.entries()) {
      const delay = at - (starts[0] + k * scenario.slotMs);
      lateness.push(delay);
      if (delay > scenario.slotMs / 2) late += 1;
    }
  }
  work.sort((a, b) => a - b);
  latency.sort((a, b) => a - b);
  lateness.sort((a, b) => a - b);
  const expected = Math.floor((seconds * 1000) / scenario.slotMs) * roomIds.length;
  const bytes = meters.reduce((sum, m) => sum + m.bytes, 0);
  console.log(
    `\n${label} (joined in ${joinSeconds.toFixed(1)} s${retried ? `, ${retried} joins retried after an expired seat reservation` : ""}, measured ${seconds.toFixed(1)} s)`,
  );
  console.log(
    `  slot work      p50 ${percentile(work, 50).toFixed(2)} ms · p99 ${percentile(work, 99).toFixed(2)} ms · max ${work.at(-1)?.toFixed(2)} ms (${work.length} slots)`,
  );
  console.log(
    `  slot latency   p50 ${percentile(latency, 50).toFixed(2)} ms · p99 ${percentile(latency, 99).toFixed(2)} ms (tick to outcome applied: the engine thread's work and queue)`,
  );
  console.log(
    `  slots          ${played} played of ~${expected} due · ${late} late (> half a slot) · ${deferred} deferred (a tick found the last slot playing) · start delay p99 ${percentile(lateness, 99).toFixed(0)} ms`,
  );
  console.log(`  per client     ${(bytes / meters.length / seconds / 1024).toFixed(2)} KB/s received`);
  console.log(`  server RSS     ${(after.rss / 1024 / 1024).toFixed(0)} MB`);
  await Promise.all(rooms.flat().map((room) => room.leave().catch(() => undefined)));
}

const { values } = parseArgs({
  options: {
    serve: { type: "string" },
    "engine-threads": { type: "string" },
    rooms: { type: "string" },
    clients: { type: "string", default: "8" },
    slots: { type: "string", default: "20" },
    "slot-ms": { type: "string" },
    bots: { type: "boolean", default: false },
    profile: { type: "string" },
  },
});

if (values.serve) {
  await serve(Number(values.serve), values["engine-threads"] ? Number(values["engine-threads"]) : undefined);
} else {
  console.log(`Trilemma server benchmark · node ${process.version} · ${new Date().toISOString()}`);
  const base = {
    clients: Number(values.clients),
    slots: Number(values.slots),
    bots: values.bots,
    profile: values.profile && resolve(values.profile),
    engineThreads: values["engine-threads"] ? Number(values["engine-threads"]) : undefined,
  };
  const scenarios: Scenario[] = values.rooms
    ? [{ ...base, rooms: Number(values.rooms), slotMs: Number(values["slot-ms"] ?? 1000) }]
    : [
        { ...base, rooms: 100, slotMs: 1000 },
        { ...base, rooms: 50, slotMs: 250, slots: base.slots * 2 },
      ];
  for (const scenario of scenarios) await run(scenario);
  process.exit(0);
}
