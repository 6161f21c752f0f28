// Engine threads for the rooms of this process: each room's match lives in one thread (the one with the fewest
// rooms when it started), so the rooms' thread only applies projections and sends patches.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { ReplayCount } from "../shared/index.ts";
import type { EngineCall, EngineReply } from "./engine-host.ts";
import type { MatchRecord, Projection, RoundSpec, SlotOutcome, SlotRequest } from "./room-engine.ts";

interface EngineThread {
  worker: Worker;
  rooms: Set<string>;
}

interface PendingCall {
  resolve(value: unknown): void;
  reject(error: Error): void;
  thread: EngineThread;
}

/**
 * One thread per core but one, which the rooms' own thread (patches, sockets) keeps; engine threads also run
 * at a lower priority (server/engine-host.ts). Compare with `npm run bench:server -- --engine-threads N`.
 */
export function defaultEngineThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * An engine thread's nursery (V8's young generation) is capped: a slot's garbage is short-lived and small, and
 * V8's default lets each thread's nursery grow to 32 MB, which it keeps. Measured with three default rooms on
 * one thread (docs/architecture.md, the soak): 26 MB less resident memory for about 5% more CPU.
 */
const ENGINE_THREAD_LIMITS = { maxYoungGenerationSizeMb: 8 };

/** Omits a union member's `id` and `room`, which `call` fills in. */
type CallBody<C> = C extends EngineCall ? Omit<C, "id" | "room"> : never;

export class EnginePool {
  private readonly threads: EngineThread[] = [];
  private readonly roomThreads = new Map<string, EngineThread>();
  private readonly pending = new Map<number, PendingCall>();
  private nextCall = 0;

  private readonly size: number;

  constructor(size = defaultEngineThreads()) {
    this.size = size;
  }

  start(
    room: string,
    round: RoundSpec,
    players: string[],
  ): Promise<{ seats: string[]; projection: Projection }> {
    return this.call(room, { method: "start", round, players });
  }

  playSlot(room: string, request: SlotRequest): Promise<SlotOutcome> {
    return this.call(room, { method: "playSlot", request });
  }

  /** The match's record: its replay since `since` (what the room already has). */
  finish(room: string, since: ReplayCount): Promise<MatchRecord> {
    return this.call(room, { method: "finish", since });
  }

  /** Ends the room's match in its thread and frees its place. */
  async close(room: string): Promise<void> {
    const thread = this.roomThreads.get(room);
    if (!thread) return;
    try {
      await this.call(room, { method: "close" });
    } finally {
      thread.rooms.delete(room);
      this.roomThreads.delete(room);
    }
  }

  async destroy(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
    this.threads.length = 0;
    this.roomThreads.clear();
  }

  private call<T>(room: string, body: CallBody<EngineCall>): Promise<T> {
    const thread = this.threadFor(room);
    const id = this.nextCall++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, thread });
      thread.worker.postMessage({ ...body, id, room } as EngineCall);
    });
  }

  private threadFor(room: string): EngineThread {
    const assigned = this.roomThreads.get(room);
    if (assigned) return assigned;
    let thread = this.threads.reduce<EngineThread | undefined>(
      (least, t) => (least && least.rooms.size <= t.rooms.size ? least : t),
      undefined,
    );
    if (!thread || (thread.rooms.size > 0 && this.threads.length < this.size)) thread = this.spawn();
    thread.rooms.add(room);
    this.roomThreads.set(room, thread);
    return thread;
  }

  private spawn(): EngineThread {
    const worker = new Worker(new URL("./engine-host.ts", import.meta.url), {
      resourceLimits: ENGINE_THREAD_LIMITS,
    });
    // An idle pool must not keep the process alive.
    worker.unref();
    const thread: EngineThread = { worker, rooms: new Set() };
    worker.on("message", (reply: EngineReply) => {
      const call = this.pending.get(reply.id);
      if (!call) return;
      this.pending.delete(reply.id);
      if ("error" in reply) call.reject(new Error(reply.error));
      else call.resolve(reply.result);
    });
    // A thread that dies takes only its own rooms' matches: their calls fail, new rooms get a new thread.
    const fail = (error: Error) => {
      const index = this.threads.indexOf(thread);
      if (index >= 0) this.threads.splice(index, 1);
      for (const room of thread.rooms) this.roomThreads.delete(room);
      for (const [id, call] of this.pending)
        if (call.thread === thread) {
          this.pending.delete(id);
          call.reject(error);
        }
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`engine thread exited with code ${code}`)));
    this.threads.push(thread);
    return thread;
  }
}
