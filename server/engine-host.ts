// The body of an engine thread: the RoomEngines of the rooms assigned to it, driven by calls from the rooms'
// thread (server/engine-pool.ts). One room's error answers that call only; the thread's other rooms go on.
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort } from "node:worker_threads";
import { useNativeSha256 } from "../runtime/native-hash.ts";
import type { ReplayCount } from "../shared/index.ts";
import { RoomEngine, type RoundSpec, type SlotRequest } from "./room-engine.ts";

export type EngineCall =
  | { id: number; room: string; method: "start"; round: RoundSpec; players: string[] }
  | { id: number; room: string; method: "playSlot"; request: SlotRequest }
  | { id: number; room: string; method: "finish"; since: ReplayCount }
  | { id: number; room: string; method: "close" };

export type EngineReply = { id: number; result: unknown } | { id: number; error: string };

/** How much lower than the rooms' thread an engine thread runs (a nice value: 0 equal, 19 lowest). */
const ENGINE_THREAD_NICENESS = 10;

/**
 * Engine threads yield the CPU to the rooms' thread, so patches and sockets never wait for a slot to be played.
 * Linux gives each thread its own nice value (found through /proc/thread-self); elsewhere all run alike.
 */
function yieldToTheRooms(): void {
  try {
    const threadId = Number(readlinkSync("/proc/thread-self").split("/").pop());
    setPriority(threadId, ENGINE_THREAD_NICENESS);
  } catch {
    // Not Linux: the threads share the CPU as equals.
  }
}

useNativeSha256();
yieldToTheRooms();
const rooms = new Map<string, RoomEngine>();

function roomEngine(id: string): RoomEngine {
  const engine = rooms.get(id);
  if (!engine) throw new Error(`no match is running for room ${id}`);
  return engine;
}

async function answer(call: EngineCall): Promise<unknown> {
  switch (call.method) {
    case "start": {
      await rooms.get(call.room)?.close();
      const engine = await RoomEngine.start(call.round);
      rooms.set(call.room, engine);
      return { seats: engine.seatIds(), projection: engine.projectStart(call.players) };
    }
    case "playSlot":
      return roomEngine(call.room).playSlot(call.request);
    case "finish":
      return roomEngine(call.room).finish(call.since);
    case "close":
      await rooms.get(call.room)?.close();
      rooms.delete(call.room);
      return null;
  }
}

parentPort?.on("message", (call: EngineCall) => {
  answer(call).then(
    (result) => parentPort?.postMessage({ id: call.id, result } satisfies EngineReply),
    (error: unknown) =>
      parentPort?.postMessage({
        id: call.id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      } satisfies EngineReply),
  );
});
