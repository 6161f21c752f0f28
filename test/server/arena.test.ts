import { matchMaker } from "@colyseus/core";
import { Client, type Room } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnginePool } from "../../server/engine-pool.ts";
import type { RunningServer } from "../../server/main.ts";
import { type Replay, verifyReplay } from "../../shared/index.ts";
import { collectRefusals, ready, startTestServer, until, welcomeOf } from "./helpers.ts";

type FeedItem = { type: string; text: string };

/** Long enough that no test sees its match end unless it asks for it. */
const LONG = { slots: 400 };

describe("the arena room over real sockets", () => {
  let running: RunningServer;
  let url: string;

  beforeAll(async () => {
    ({ running, url } = await startTestServer({ reconnectSeconds: 1 }));
  });
  afterAll(async () => {
    await running.stop();
  });

  async function host(options: Record<string, unknown> = {}): Promise<Room> {
    return ready(
      new Client(url).create("arena", { name: "host", role: "validator", config: LONG, ...options }),
    );
  }

  it("seats a player of each role in a seat of that role, and slots advance for everyone", async () => {
    const rooms: Room[] = [];
    const welcomes = [];
    for (const role of ["validator", "sequencer", "challenger", "attacker"]) {
      const room = rooms.length
        ? await ready(new Client(url).joinById(rooms[0].roomId, { name: `${role}-player`, role }))
        : await host({ name: `${role}-player`, role });
      welcomes.push(await welcomeOf(room));
      rooms.push(room);
    }
    expect(welcomes.map((w) => w.role)).toEqual(["validator", "sequencer", "challenger", "attacker"]);
    expect(welcomes.map((w) => w.facilitator)).toEqual([true, false, false, false]);
    for (const [i, room] of rooms.entries()) {
      const seat = room.state.seats.get(welcomes[i].seat);
      expect(seat.role).toBe(welcomes[i].role);
      expect(seat.controller).toBe("player");
      const start = room.state.slot;
      await until(() => room.state.slot > start, `a slot for the ${welcomes[i].role}`);
    }
    await until(
      () => rooms[3].state.seats.get("attacker-1").private?.validators?.length > 0,
      "attacker's stake",
    );
    await expect(new Client(url).joinById(rooms[0].roomId, { role: "sequencer" })).rejects.toThrow(
      /no free sequencer seat/,
    );
    for (const room of rooms) await room.leave();
  });

  it("keeps another seat's duties private (StateView)", async () => {
    const alice = await host({ name: "alice" });
    const mine = await until(() => alice.state.seats.get("validator-1"), "alice's seat");
    await until(() => mine.private?.validators?.length === 4, "own duties");
    const bob = await ready(new Client(url).joinById(alice.roomId, { name: "bob", role: "validator" }));
    await until(() => bob.state.seats.get("validator-2")?.private?.validators?.length === 4, "bob's duties");
    expect(bob.state.seats.get("validator-1").name).toBe("alice");
    expect(bob.state.seats.get("validator-1").private).toBeUndefined();
    expect(alice.state.seats.get("validator-2").private).toBeUndefined();
    const watcher = await ready(new Client(url).joinById(alice.roomId, { name: "watcher" }));
    await until(() => watcher.state.slot > 0, "the watcher's state");
    for (const seat of watcher.state.seats.values()) expect(seat.private).toBeUndefined();
    for (const room of [watcher, bob, alice]) await room.leave();
  });

  it("gives a player joining a long-running match the same state as the others", async () => {
    const early = await host({ name: "early" });
    await until(() => early.state.slot >= 70 && early.state.blobs.size > 0, "a match well under way", 20_000);
    const decodeErrors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => decodeErrors.push(args);
    try {
      const late = await ready(new Client(url).joinById(early.roomId, { name: "late" }));
      const slot = late.state.slot;
      await until(() => late.state.slot > slot + 3, "a few slots for the late player");
      const ids = (room: Room) => [...room.state.blobs.keys()].sort().join();
      await until(
        () => late.state.slot === early.state.slot && ids(late) === ids(early) && ids(late) !== "",
        "the same recent blobs as the early player",
      );
      expect(decodeErrors).toEqual([]);
      for (const room of [late, early]) await room.leave();
    } finally {
      console.error = original;
    }
  });

  it("plays a valid action: the player's exit shows in the feed", async () => {
    const room = await host();
    const mine = room.state.seats.get("validator-1");
    await until(() => mine.private?.validators?.length === 4, "own duties");
    const validator: number = mine.private.validators[0];
    const refusals = collectRefusals(room);
    room.send("exit", { validator });
    const exit = await until(
      () =>
        [...room.state.feed.values()].find(
          (item: FeedItem) => item.type === "exit" && item.text.includes(`Validator ${validator} `),
        ),
      "the exit in the feed",
    );
    expect(exit.text).toContain("validator-1");
    expect(refusals).toEqual([]);
    await room.leave();
  });

  it("refuses each kind of bad message with its code, changes nothing, and keeps the client", async () => {
    const room = await host();
    const refusals = collectRefusals(room);
    const own = await until(() => room.state.seats.get("validator-1").private?.validators?.length, "duties");
    expect(own).toBe(4);
    room.send("pause", {});
    await until(() => room.state.phase === "paused", "paused");
    const root = room.state.stateRoot;
    const slot = room.state.slot;
    room.send("teleport", { x: 1 });
    room.send("exit", { validator: "seven" });
    room.send("exit", { validator: 0, extra: true });
    room.send("exit", "not an object");
    room.send("postBatch", { rollup: "optimistic", txs: [] });
    room.send("autopilot", { on: "maybe" });
    await until(() => refusals.length >= 6, "six refusals");
    expect(refusals.map((r) => [r.action.type, r.code])).toEqual([
      ["teleport", "unknown-action"],
      ["exit", "malformed"],
      ["exit", "malformed"],
      ["exit", "malformed"],
      ["postBatch", "wrong-role"],
      ["autopilot", "malformed"],
    ]);
    for (const refusal of refusals) expect(refusal.reason.length).toBeGreaterThan(10);
    // Rate limit: at most 64 queued actions per seat per slot.
    for (let i = 0; i < 65; i++)
      room.send("forceInclude", { rollup: "optimistic", from: 0, to: 1, amount: 1 });
    await until(() => refusals.length >= 7, "the rate limit");
    expect(refusals[6].code).toBe("rate-limited");
    expect(room.state.stateRoot).toBe(root);
    expect(room.state.slot).toBe(slot);
    const spectator = await ready(new Client(url).joinById(room.roomId, { name: "spectator" }));
    const spectatorRefusals = collectRefusals(spectator);
    spectator.send("exit", { validator: 0 });
    await until(() => spectatorRefusals.length > 0, "the spectator's refusal");
    expect(spectatorRefusals[0].code).toBe("no-seat");
    room.send("resume", {});
    await until(() => room.state.slot > slot + 1, "slots keep coming");
    for (const r of [spectator, room]) await r.leave();
  });

  it("refuses acting with another seat's validator, when the slot is played", async () => {
    const alice = await host({ name: "alice" });
    const bob = await ready(new Client(url).joinById(alice.roomId, { name: "bob", role: "validator" }));
    // A seat's duties reach its player with the first slot played after the join.
    const bobs: number[] = await until(() => {
      const validators = bob.state.seats.get("validator-2").private?.validators?.slice();
      return validators?.length ? validators : undefined;
    }, "bob's duties");
    const refusals = collectRefusals(alice);
    alice.send("exit", { validator: bobs[0] });
    const refusal = await until(() => refusals.find((r) => r.code === "not-owner"), "not-owner");
    expect(refusal.action).toMatchObject({ type: "exit", validator: bobs[0] });
    await until(() => alice.state.slot > 3, "a few slots");
    expect(
      [...alice.state.feed.values()].some((item: FeedItem) => item.text.includes(`Validator ${bobs[0]} `)),
    ).toBe(false);
    for (const r of [bob, alice]) await r.leave();
  });

  it("gives a dropped player its seat back inside the window, and its bot the seat after it", async () => {
    const client = new Client(url);
    const room = await host({ name: "erin" });
    const seat = () => matchMakerSeat(room.roomId, "validator-1");
    await until(() => room.state.slot > 1, "a slot");
    const token = room.reconnectionToken;
    await room.leave(false);
    await until(() => seat()?.controller === "dropped", "the seat marked dropped");
    const back = await ready(client.reconnect(token));
    await until(() => back.state.seats.get("validator-1")?.controller === "player", "the seat back");
    expect(back.state.seats.get("validator-1").name).toBe("erin");
    await until(
      () => back.state.seats.get("validator-1").private?.validators?.length === 4,
      "own duties again",
    );

    const keeper = await ready(new Client(url).joinById(room.roomId, { name: "keeper", role: "validator" }));
    const lateToken = back.reconnectionToken;
    await back.leave(false);
    await until(
      () => keeper.state.seats.get("validator-1").controller === "bot",
      "the bot taking over",
      5_000,
    );
    expect(keeper.state.seats.get("validator-1").replacedByBot).toBe(true);
    await expect(new Client(url).reconnect(lateToken)).rejects.toThrow();
    await keeper.leave();
  });

  it("lets only the facilitator pause, resume, set parameters, restart and kick", async () => {
    const room = await host({ password: "sesame" });
    const guest = await ready(new Client(url).joinById(room.roomId, { name: "guest", role: "validator" }));
    const guestRefusals = collectRefusals(guest);
    for (const type of ["pause", "resume", "setParams", "restart", "kick"])
      guest.send(type, { config: { slots: 10 } });
    await until(() => guestRefusals.length >= 5, "five refusals");
    expect(guestRefusals.map((r) => r.code)).toEqual(Array(5).fill("not-facilitator"));
    expect(room.state.phase).toBe("running");

    room.send("pause", {});
    await until(() => room.state.phase === "paused", "paused");
    const pausedAt = room.state.slot;
    await new Promise((r) => setTimeout(r, 200));
    expect(room.state.slot).toBe(pausedAt);
    room.send("resume", {});
    await until(() => room.state.slot > pausedAt, "resumed");

    const params = new Promise((resolve) => room.onMessage("params", resolve));
    room.send("setParams", { config: { slots: 30 } });
    expect(await params).toEqual({ nextRound: { slots: 30 } });
    const refusals = collectRefusals(room);
    room.send("setParams", { config: { slotz: 3 } });
    await until(() => refusals.some((r) => r.code === "malformed" && r.reason.includes("slotz")), "bad key");
    // A player who took the duties over keeps them in the next round; the others stay on autopilot.
    guest.send("autopilot", { on: false });
    await until(() => room.state.seats.get("validator-2").autopilot === false, "the guest's autopilot off");
    room.send("restart", { seed: "round-two" });
    // The round number counts up before the next round's engine has started: wait for its config.
    await until(() => room.state.round === 2 && room.state.slotsTotal === 30, "round two");
    // The seed is the referee's until the round ends (a facilitator who plays no seat), no player's.
    expect(room.state).toMatchObject({ seed: "", slotsTotal: 30 });
    expect(room.state.referee?.toJSON() ?? {}).toEqual({});
    expect(room.state.seats.get("validator-2").autopilot).toBe(false);
    expect(room.state.seats.get("validator-1").autopilot).toBe(true);
    expect(room.state.seats.get("validator-2").name).toBe("guest");
    expect((await running.store.get(`${room.roomId}-1`))?.interrupted).toBe(true);

    const admin = await ready(new Client(url).joinById(room.roomId, { name: "admin", password: "sesame" }));
    const adminWelcome = await welcomeOf(admin);
    expect(adminWelcome).toMatchObject({ seat: null, facilitator: true });
    await until(() => admin.state.referee?.seed === "round-two", "the round's seed, for the referee");
    const kicked = new Promise((resolve) => guest.onLeave(resolve));
    admin.send("kick", { seat: "validator-2" });
    await kicked;
    await until(() => room.state.seats.get("validator-2").controller === "bot", "the kicked seat's bot");
    for (const r of [admin, room]) await r.leave();
  });

  it("stores a finished match in SQLite, with a replay that verifies, and serves it over HTTP", async () => {
    const room = await host({ name: "dana", seed: "stored", config: { slots: 24 } });
    await until(() => room.state.phase === "finished", "the end of the match");
    const id = `${room.roomId}-1`;
    // Saved at every epoch while live, and once more at the end.
    const record = await until(async () => {
      const stored = await running.store.get(id);
      return stored && !stored.live && stored;
    }, "the stored match");
    expect(record).toMatchObject({ slots: 24, seed: "stored", interrupted: false, live: false });
    expect(record.seats.find((s) => s.seat === "validator-1")).toMatchObject({ name: "dana", bot: false });
    const api = `http://127.0.0.1:${running.port}/api`;
    const replay = (await (await fetch(`${api}/matches/${id}/replay`)).json()) as Replay;
    expect(verifyReplay(replay)).toEqual({ ok: true, slots: 24 });
    const list = await (await fetch(`${api}/matches`)).json();
    expect(list.some((m: { id: string }) => m.id === id)).toBe(true);
    const one = await (await fetch(`${api}/matches/${id}`)).json();
    expect(one.seats.find((s: { seat: string }) => s.seat === "validator-1").breakdown).toHaveProperty(
      "attesting",
    );
    const leaderboard = await (await fetch(`${api}/leaderboard`)).json();
    expect(leaderboard.players.some((p: { key: string }) => p.key === "dana")).toBe(true);
    expect(leaderboard.playersByRole).toContainEqual(
      expect.objectContaining({ key: "dana", role: "validator" }),
    );
    expect(leaderboard.strategies.some((p: { key: string }) => p.key === "honest-sequencer")).toBe(true);
    expect((await fetch(`${api}/matches/nope`)).status).toBe(404);
    expect((await fetch(`${api}/nothing`)).status).toBe(404);
    await room.leave();
  });

  it("a room whose tick throws ends alone, saved as interrupted; another room goes on", async () => {
    const a = await host({ name: "a", seed: "doomed" });
    const b = await host({ name: "b" });
    await until(() => a.state.slot >= 2 && b.state.slot >= 2, "both rooms running");
    // The doomed room's engine thread answers its next slot with an error, as a throwing engine would.
    const doomed = (matchMaker.getLocalRoomById(a.roomId) as unknown as { rounds: { engines: EnginePool } })
      .rounds;
    const engines = doomed.engines;
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      doomed.engines = {
        playSlot: () => Promise.reject(new Error("the engine threw")),
        finish: (...args: Parameters<EnginePool["finish"]>) => engines.finish(...args),
        close: (room: string) => engines.close(room),
      } as unknown as EnginePool;
      const record = await until(() => running.store.get(`${a.roomId}-1`), "the interrupted match");
      expect(record.interrupted).toBe(true);
    } finally {
      console.error = original;
    }
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

/** A seat's synced view read on the server, for when no client of that seat is connected. */
function matchMakerSeat(roomId: string, seat: string) {
  const room = matchMaker.getLocalRoomById(roomId) as unknown as {
    state: { seats: Map<string, { controller: string }> };
  };
  return room?.state.seats.get(seat);
}
