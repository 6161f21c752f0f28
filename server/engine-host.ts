// The body of an engine thread: the RoomEngines of the rooms assigned to it, driven by calls from the rooms'
// thread (server/engine-pool.ts). One room's error answers that call only; the thread's other rooms go on.
import { parentPort } from "node:worker_threads";
import { useNativeSha256 } from "../bots/native-hash.ts";
import { RoomEngine, type RoundSpec, type SlotRequest } from "./room-engine.ts";

export type EngineCall =
  | { id: number; room: string; method: "start"; round: RoundSpec; players: string[] }
  | { id: number; room: string; method: "playSlot"; request: SlotRequest }
  | { id: number; room: string; method: "finish"; interrupted: boolean }
  | { id: number; room: string; method: "close" };

export type EngineReply = { id: number; result: unknown } | { id: number; error: string };

useNativeSha256();
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
      return roomEngine(call.room).finish(call.interrupted);
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
