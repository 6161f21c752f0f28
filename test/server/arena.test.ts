import { createServer } from "node:net";
import { matchMaker } from "@colyseus/core";
import { Client, type Room } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../server/main.ts";
import { type Replay, verifyReplay } from "../../shared/index.ts";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

async function until<T>(
  check: () => T | undefined | null | false,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

type Refused = { action: unknown; code: string; reason: string };

function collectRefusals(room: Room): Refused[] {
  const refusals: Refused[] = [];
  room.onMessage("refused", (message: Refused) => refusals.push(message));
  return refusals;
}

describe("the arena room over real sockets", () => {
  let running: RunningServer;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    running = await startServer({
      port,
      database: ":memory:",
      slotMs: 50,
      reconnectSeconds: 1,
      handleSignals: false,
    });
    url = `ws://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await running.stop();
  });

  it("seats a validator, advances slots, and keeps another seat's duties private", async () => {
    const alice = new Client(url);
    const room = await alice.create("arena", { name: "alice", role: "validator", config: { slots: 400 } });
    await until(() => room.state.slot >= 3, "three slots");
    const mine = room.state.seats.get("validator-1");
    expect(mine.controller).toBe("player");
    expect(mine.name).toBe("alice");
    await until(() => mine.private?.validators?.length === 4, "own duties");

    const bob = new Client(url);
    const bobRoom = await bob.joinById(room.roomId, { name: "bob", role: "validator" });
    await until(() => bobRoom.state.slot > 0, "bob's first state");
    const aliceSeenByBob = bobRoom.state.seats.get("validator-1");
    expect(aliceSeenByBob.name).toBe("alice");
    expect(aliceSeenByBob.private).toBeUndefined();
    await until(
      () => bobRoom.state.seats.get("validator-2").private?.validators?.length === 4,
      "bob's own duties",
    );
    expect(Math.abs(bobRoom.state.slot - room.state.slot)).toBeLessThanOrEqual(1);
    await bobRoom.leave();
    await room.leave();
  });

  it("refuses bad messages with a code and a reason, and keeps the client playing", async () => {
    const client = new Client(url);
    const room = await client.create("arena", { name: "carol", role: "validator", config: { slots: 400 } });
    const refusals = collectRefusals(room);
    await until(() => room.state.slot >= 1, "first slot");
    room.send("teleport", { x: 1 });
    room.send("exit", { validator: "seven" });
    room.send("exit", { validator: 9999 });
    room.send("exit", { validator: 0, extra: true });
    await until(() => refusals.length >= 4, "four refusals");
    expect(refusals.map((r) => r.code).sort()).toEqual([
      "malformed",
      "malformed",
      "unknown-action",
      "unknown-validator",
    ]);
    for (const refusal of refusals) expect(refusal.reason.length).toBeGreaterThan(5);
    // Another seat's validator: refused by the engine, the client stays connected.
    const foreign = room.state.seats.get("validator-2") ? 4 : 31;
    room.send("exit", { validator: foreign });
    await until(() => refusals.some((r) => r.code === "not-owner"), "not-owner refusal");
    const slot = room.state.slot;
    await until(() => room.state.slot > slot + 1, "slots keep coming");
    await room.leave();
  });

  it("lets only the facilitator pause and resume", async () => {
    const host = new Client(url);
    const room = await host.create("arena", { name: "host", role: "validator", config: { slots: 400 } });
    const guest = new Client(url);
    const guestRoom = await guest.joinById(room.roomId, { name: "guest", role: "validator" });
    const guestRefusals = collectRefusals(guestRoom);
    guestRoom.send("pause", {});
    await until(() => guestRefusals.some((r) => r.code === "not-facilitator"), "guest refused");
    expect(room.state.phase).toBe("running");
    room.send("pause", {});
    await until(() => room.state.phase === "paused", "paused");
    const pausedAt = room.state.slot;
    await new Promise((r) => setTimeout(r, 200));
    expect(room.state.slot).toBe(pausedAt);
    room.send("resume", {});
    await until(() => room.state.slot > pausedAt, "resumed");
    await guestRoom.leave();
    await room.leave();
  });

  it("stores a finished match in SQLite, with a replay that verifies", async () => {
    const client = new Client(url);
    const room = await client.create("arena", {
      name: "dana",
      role: "validator",
      seed: "stored",
      config: { slots: 24 },
    });
    await until(() => room.state.phase === "finished", "the end of the match");
    const id = `${room.roomId}-stored`;
    const record = await until(() => running.store.get(id), "the stored match");
    expect(record.slots).toBe(24);
    expect(record.seats.find((s) => s.seat === "validator-1")).toMatchObject({ name: "dana", bot: false });
    const response = await fetch(`http://127.0.0.1:${running.port}/api/matches/${id}/replay`);
    const replay = (await response.json()) as Replay;
    expect(verifyReplay(replay)).toEqual({ ok: true, slots: 24 });
    const list = await (await fetch(`http://127.0.0.1:${running.port}/api/matches`)).json();
    expect(list.some((m: { id: string }) => m.id === id)).toBe(true);
    await room.leave();
  });

  it("a room whose tick throws ends alone, saved as interrupted; another room goes on", async () => {
    const a = await new Client(url).create("arena", {
      name: "a",
      role: "validator",
      seed: "doomed",
      config: { slots: 400 },
    });
    const b = await new Client(url).create("arena", { name: "b", role: "validator", config: { slots: 400 } });
    await until(() => a.state.slot >= 2 && b.state.slot >= 2, "both rooms running");
    const doomed = matchMaker.getLocalRoomById(a.roomId) as unknown as { engine: { validators: unknown } };
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    doomed.engine.validators = null;
    const record = await until(() => running.store.get(`${a.roomId}-doomed`), "the interrupted match");
    console.error = original;
    expect(record.interrupted).toBe(true);
    expect(JSON.stringify(errors)).toContain(a.roomId);
    const slot = b.state.slot;
    await until(() => b.state.slot > slot + 2, "the other room keeps playing");
    await b.leave();
  });

  it("refuses a room with a broken config, naming the key", async () => {
    await expect(
      new Client(url).create("arena", { role: "validator", config: { slotz: 3 } }),
    ).rejects.toThrow(/unknown key "slotz"/);
  });
});
