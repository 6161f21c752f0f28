// Helpers for the server tests: free ports on 127.0.0.1, polling, refusals, child servers.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import type { Room } from "@colyseus/sdk";
import { type RunningServer, type ServeOptions, startServer } from "../../server/main.ts";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

/** An in-process server on a free port with an in-memory store and fast slots, and its WebSocket and HTTP addresses. */
export async function startTestServer(
  options: Partial<ServeOptions> = {},
): Promise<{ running: RunningServer; url: string; http: string }> {
  const port = await freePort();
  const running = await startServer({
    port,
    database: ":memory:",
    slotMs: 50,
    handleSignals: false,
    ...options,
  });
  return { running, url: `ws://127.0.0.1:${port}`, http: `http://127.0.0.1:${port}` };
}

/** Polls `check` until it returns something truthy; fails naming `what` after the timeout. */
export async function until<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const welcomes = new WeakMap<Room, Promise<Welcome>>();

/** A joined room once its first state has arrived (the SDK resolves the join before it). */
export async function ready(joining: Promise<Room>): Promise<Room> {
  const room = await joining;
  welcomes.set(room, nextWelcome(room));
  await until(() => room.state?.seats?.size > 0, `the first state of room ${room.roomId}`);
  return room;
}

/** The `welcome` message the room sent a client that joined through `ready`. */
export function welcomeOf(room: Room): Promise<Welcome> {
  const welcome = welcomes.get(room);
  if (!welcome) throw new Error("join through ready() to see the welcome");
  return welcome;
}

export type Refused = { action: { type?: string }; code: string; reason: string };

export function collectRefusals(room: Room): Refused[] {
  const refusals: Refused[] = [];
  room.onMessage("refused", (message: Refused) => refusals.push(message));
  return refusals;
}

export type Welcome = { seat: string | null; role: string | null; facilitator: boolean; code: string };

function nextWelcome(room: Room): Promise<Welcome> {
  return new Promise((resolve) => {
    const stop = room.onMessage("welcome", (message: Welcome) => {
      stop();
      resolve(message);
    });
  });
}

/** `trilemma serve` in a child process (the same Node as the tests), resolved once it listens. */
export async function spawnServer(args: string[], env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [join(import.meta.dirname, "../../bin/trilemma.js"), "serve", ...args],
    {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Trilemma is serving")) resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => reject(new Error(`trilemma serve exited with ${code}:\n${output}`)));
  });
  return child;
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}
