// Untrusted bot files run in worker threads with a time limit and a memory limit (RULES §9): a bot that
// loops, throws, allocates without bound or answers garbage costs only its own actions.
import { resolve } from "node:path";
import { Worker } from "node:worker_threads";
import type { MatchConfig, PlayerView, Role } from "../shared/index.ts";
import type { Bot, BotDefinition } from "./api.ts";

/** Heap a bot's thread may use; beyond it the thread dies and the bot is marked. */
const BOT_HEAP_MB = 64;
/** How long loading a bot file may take. */
const LOAD_TIMEOUT_MS = 10_000;

export class BotTimeoutError extends Error {
  constructor(seat: string, ms: number) {
    super(`bot of seat ${seat} gave no answer within ${Math.round(ms)} ms`);
    this.name = "BotTimeoutError";
  }
}

type WorkerReply =
  | { kind: "definition"; name: string; roles: Role[]; description: string }
  | { kind: "ready" }
  | { kind: "failed"; message: string }
  | { kind: "actions"; id: number; actions: unknown[] }
  | { kind: "error"; id: number; message: string };

function startWorker(
  file: string,
  seatId: string | null,
  role: Role | null,
  config: MatchConfig | null,
  seed: string,
): Worker {
  return new Worker(new URL("./sandbox-worker.mjs", import.meta.url), {
    workerData: { file: resolve(file), seatId, role, config, seed },
    resourceLimits: { maxOldGenerationSizeMb: BOT_HEAP_MB, maxYoungGenerationSizeMb: 16 },
    stdout: true,
    stderr: true,
  });
}

/** Waits for the worker's first reply, its death, or the timeout — whichever comes first. */
function firstReply(worker: Worker, timeoutMs: number, what: string): Promise<WorkerReply> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`${what} took longer than ${timeoutMs} ms`));
    }, timeoutMs);
    worker.once("message", (reply: WorkerReply) => {
      clearTimeout(timer);
      resolvePromise(reply);
    });
    worker.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Reads a bot file's name and roles in a throwaway thread, so its top-level code never runs here. */
export async function loadSandboxedDefinition(file: string): Promise<BotDefinition> {
  const worker = startWorker(file, null, null, null, "");
  try {
    const reply = await firstReply(worker, LOAD_TIMEOUT_MS, `loading ${file}`);
    if (reply.kind === "failed") throw new Error(reply.message);
    if (reply.kind !== "definition") throw new Error(`${file} did not describe itself`);
    return {
      name: reply.name,
      roles: reply.roles,
      description: reply.description,
      create: () => {
        throw new Error("sandboxed bots are created with createSandboxedBot");
      },
    };
  } finally {
    await worker.terminate();
  }
}

/** A bot whose every turn is a message to its own thread, answered within `timeoutMs` or never again. */
export async function createSandboxedBot(
  file: string,
  seatId: string,
  role: Role,
  config: MatchConfig,
  seed: string,
  timeoutMs: () => number,
): Promise<Bot & { close(): Promise<void> }> {
  const worker = startWorker(file, seatId, role, config, seed);
  const ready = await firstReply(worker, LOAD_TIMEOUT_MS, `starting ${file}`);
  if (ready.kind === "failed") {
    await worker.terminate();
    throw new Error(ready.message);
  }
  let dead: Error | null = null;
  let nextId = 0;
  const pending = new Map<
    number,
    { resolve: (actions: unknown[]) => void; reject: (error: Error) => void }
  >();
  const die = (error: Error) => {
    dead = dead ?? error;
    for (const waiter of pending.values()) waiter.reject(dead);
    pending.clear();
  };
  worker.on("message", (reply: WorkerReply) => {
    if (reply.kind !== "actions" && reply.kind !== "error") return;
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.kind === "actions") waiter?.resolve(reply.actions);
    else waiter?.reject(new Error(reply.message));
  });
  worker.on("error", (error) => die(error));
  worker.on("exit", (code) => die(new Error(`bot thread exited (code ${code})`)));
  return {
    act(view: PlayerView): Promise<unknown[]> {
      if (dead) return Promise.reject(dead);
      const id = nextId++;
      const limit = timeoutMs();
      return new Promise((resolvePromise, reject) => {
        const timer = setTimeout(() => {
          const timeout = new BotTimeoutError(seatId, limit);
          pending.delete(id);
          die(timeout);
          void worker.terminate();
          reject(timeout);
        }, limit);
        pending.set(id, {
          resolve: (actions) => {
            clearTimeout(timer);
            resolvePromise(actions);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        worker.postMessage({ id, view });
      });
    },
    close: () => worker.terminate().then(() => undefined),
  };
}
