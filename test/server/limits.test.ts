// Issue 12's smaller findings, in-process: takeover only by accepted actions, restarts where the last wins,
// per-controller credit, paginated matches, room creation per address, and the frame and send-buffer limits.

import type { Socket } from "node:net";
import { matchMaker, type Client as ServerClient } from "@colyseus/core";
import { Client } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crashFrames, dataFrame, encodePlain, nestedArrays, stalledClient } from "../../bench/hostile.ts";
import type { RunningServer } from "../../server/main.ts";
import { JOIN_LOOKUPS_PER_MINUTE } from "../../server/request-gate.ts";
import { RoomEngine, type SlotRequest } from "../../server/room-engine.ts";
import { DEFAULT_LINEUP } from "../../server/room-options.ts";
import {
  CLOSE_NOT_READING,
  checkFrame,
  dropSlowReaders,
  MAX_MESSAGES_PER_SECOND,
  MAX_PAYLOAD_DEPTH,
  MAX_SEND_BUFFER_BYTES,
  MessageBucket,
} from "../../server/wire-guard.ts";
import { resolveConfig, type SeatSpec } from "../../shared/index.ts";
import { collectRefusals, ready, startTestServer, until } from "./helpers.ts";

describe("what a player's seat earns on autopilot", () => {
  const lineup = DEFAULT_LINEUP.map((seat) => ({ ...seat })) as SeatSpec[];
  const config = resolveConfig("phase0", { slots: 48 });

  /** The attacker seat held by a player on autopilot, who sends `intents(slot)` each slot. */
  async function reporting(intents: (slot: number) => unknown[]): Promise<number> {
    const engine = await RoomEngine.start({ config, seed: "takeover", lineup });
    let slot = 0;
    let outcome: Awaited<ReturnType<RoomEngine["playSlot"]>>;
    do {
      const request: SlotRequest = {
        seats: { "attacker-1": { player: true, autopilot: true, intents: intents(slot++) } },
        viewSeats: [],
        freshViews: [],
      };
      outcome = await engine.playSlot(request);
    } while (!outcome.finished);
    await engine.close();
    return outcome.projection.seats["attacker-1"].breakdown.reporting;
  }

  it("keeps the autopilot's duty when the player's own action for it is refused", async () => {
    const honest = await reporting(() => []);
    expect(honest).toBeGreaterThan(0);
    // A report of an offense that never happened: refused, so the autopilot's own reports must still go out.
    const bogus = {
      type: "reportSlashing",
      offense: "double-vote",
      evidence: ["a".repeat(64), "b".repeat(64)],
    };
    expect(await reporting(() => [bogus])).toBe(honest);
  });
});

describe("the server's smaller limits", () => {
  let running: RunningServer;
  let url: string;
  let api: string;
  let http: string;

  beforeAll(async () => {
    ({ running, url, http } = await startTestServer({ createsPerMinute: 8 }));
    api = `${http}/api`;
  });
  afterAll(() => running.stop());

  it("plays the seed of the last of many concurrent restarts", async () => {
    const room = await ready(new Client(url).create("arena", { name: "host", config: { slots: 400 } }));
    // As many as one client may send in a second (the message rate is capped).
    for (let i = 0; i < 150; i++) room.send("restart", { seed: `seed-${i}` });
    // The seed is not synced while a round plays: read on the server.
    const rounds = (matchMaker.getLocalRoomById(room.roomId) as unknown as { rounds: { seed: string } })
      .rounds;
    await until(() => rounds.seed === "seed-149", "the last seed", 20_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(rounds.seed).toBe("seed-149");
    await room.leave();
  });

  it("credits each player of a seat with the slots it held, and pages the stored matches", async () => {
    const host = await ready(new Client(url).create("arena", { name: "watcher", config: { slots: 40 } }));
    const first = await ready(new Client(url).joinById(host.roomId, { name: "first", role: "validator" }));
    await until(() => host.state.slot >= 12, "twelve slots");
    await first.leave();
    await until(() => host.state.seats.get("validator-1").controller === "bot", "the seat back to its bot");
    const released = host.state.slot;
    await until(() => host.state.slot >= released + 3, "slots played by the bot");
    const second = await ready(new Client(url).joinById(host.roomId, { name: "second", role: "validator" }));
    await until(() => host.state.phase === "finished", "the end of the match", 20_000);
    const id = `${host.roomId}-1`;
    const stored = await until(async () => {
      const match = await running.store.get(id);
      return match && !match.live && match;
    }, "the stored match");
    const credits = stored.seats.find((s) => s.seat === "validator-1")!.credits;
    // The seat's bot may have held it for the first slots, before "first" sat down.
    const held = credits.map((c) => [c.name, c.player]).filter(([, player], i) => i > 0 || player);
    expect(held).toEqual([
      ["first", true],
      ["honest-validator", false],
      ["second", true],
    ]);
    expect(credits.at(-1)!.toSlot).toBe(40);
    expect(credits.reduce((sum, c) => sum + c.score, 0)).toBe(
      stored.seats.find((s) => s.seat === "validator-1")!.score,
    );
    const board = await (await fetch(`${api}/leaderboard`)).json();
    const second_ = board.players.find((p: { key: string }) => p.key === "second");
    expect(second_.total).toBe(credits.at(-1)!.score);

    const page = await fetch(`${api}/matches?limit=1`);
    expect(((await page.json()) as unknown[]).length).toBe(1);
    expect(page.headers.get("link")).toMatch(/before=/);
    expect((await fetch(`${api}/matches?limit=zero`)).status).toBe(400);
    for (const r of [second, host]) await r.leave();
  });

  it("refuses next-round parameters over the live limits when they are set, so the restart still plays", async () => {
    const host = await ready(new Client(url).create("arena", { name: "host", config: { slots: 400 } }));
    const refusals = collectRefusals(host);
    host.send("setParams", { config: { slots: 100_000 } });
    await until(() => refusals.length > 0, "the refusal");
    expect(refusals[0]).toMatchObject({ code: "malformed" });
    expect(refusals[0].reason).toMatch(/"slots" must be at most 1024 in a live room/);
    host.send("restart", {});
    await until(() => host.state.round === 2 && host.state.phase === "running", "the next round");
    const slot = host.state.slot;
    await until(() => host.state.slot > slot + 2, "its slots");
    await host.leave();
  });

  it("cuts a client over a real socket once it stops reading: close code 4430, its unsent data bounded", async () => {
    const room = await ready(new Client(url).create("arena", { name: "host", config: { slots: 400 } }));
    const joined = await fetch(`${http}/matchmake/joinById/${room.roomId}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "stalled" }),
    });
    const reservation = await joined.json();
    const socket = await stalledClient(running.port, reservation);
    const arena = matchMaker.getLocalRoomById(room.roomId) as unknown as { clients: ServerClient[] };
    const stalled = await until(
      () => arena.clients.find((c) => c.sessionId === reservation.sessionId),
      "the join",
    );
    const ws = stalled.ref as unknown as { bufferedAmount: number; readyState: number };
    // A heavy room's output, 64 KB every 10 ms: the kernel's buffers (a few MB on loopback) fill first.
    const chunk = "x".repeat(64 * 1024);
    let most = 0;
    const pushing = setInterval(() => {
      stalled.send("bulk", chunk);
      most = Math.max(most, ws.bufferedAmount);
    }, 10);
    try {
      await until(() => ws.readyState !== WebSocket.OPEN, "the server to close the stalled client", 30_000);
    } finally {
      clearInterval(pushing);
    }
    // Decided at the last check (every 250 ms): over the cap by at most what a check interval added.
    expect(most).toBeGreaterThan(MAX_SEND_BUFFER_BYTES);
    expect(most).toBeLessThan(MAX_SEND_BUFFER_BYTES + 4 * 1024 * 1024);
    // Read now: the backlog drains, then the close frame says why (before the grace period cuts the socket).
    expect(await closeCodeRead(socket)).toBe(CLOSE_NOT_READING);
    await until(() => ws.readyState === WebSocket.CLOSED, "the socket closed on the server");
    expect(arena.clients.some((c) => c.sessionId === reservation.sessionId)).toBe(false);
    socket.destroy();
    await room.leave();
  });

  it("limits the rooms one address creates a minute", async () => {
    const rooms = [];
    let refused: Error | null = null;
    for (let i = 0; i < 10 && !refused; i++) {
      try {
        rooms.push(await new Client(url).create("arena", { config: { slots: 400 } }));
      } catch (error) {
        refused = error as Error;
      }
    }
    expect(refused?.message).toMatch(/too many rooms/);
    for (const room of rooms) await room.leave();
  });

  it("limits the join codes one address looks up a minute, so private rooms' codes cannot be guessed", async () => {
    const statuses = [];
    for (let i = 0; i < JOIN_LOOKUPS_PER_MINUTE; i++)
      statuses.push((await fetch(`${http}/api/join/ZZZZZ`)).status);
    expect(statuses.every((status) => status === 404)).toBe(true);
    const refused = await fetch(`${http}/api/join/ZZZZZ`);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: string }).error).toMatch(/join-code lookups/);
  });
});

/** Resumes a paused raw WebSocket client and reads server frames until the close frame: its code. */
function closeCodeRead(socket: Socket): Promise<number> {
  let pending = Buffer.alloc(0);
  return new Promise((resolve, reject) => {
    socket.on("data", (data: Buffer) => {
      pending = Buffer.concat([pending, data]);
      for (;;) {
        const frame = serverFrame(pending);
        if (!frame) return;
        if (frame.opcode === 0x8) return resolve(frame.payload.readUInt16BE(0));
        pending = pending.subarray(frame.end);
      }
    });
    socket.once("close", () => reject(new Error("the socket closed before its close frame arrived")));
    socket.resume();
  });
}

/** One unmasked frame from the server, if all of it is there. */
function serverFrame(bytes: Buffer): { opcode: number; payload: Buffer; end: number } | null {
  if (bytes.length < 2) return null;
  const short = bytes[1] & 0x7f;
  const [start, length] =
    short === 126
      ? [4, bytes.length >= 4 ? bytes.readUInt16BE(2) : Number.POSITIVE_INFINITY]
      : short === 127
        ? [10, bytes.length >= 10 ? Number(bytes.readBigUInt64BE(2)) : Number.POSITIVE_INFINITY]
        : [2, short];
  if (bytes.length < start + length) return null;
  return { opcode: bytes[0] & 0x0f, payload: bytes.subarray(start, start + length), end: start + length };
}

describe("frames a client may send", () => {
  it("accepts plain data in msgpackr's records and refuses extensions, binary and depth", () => {
    expect(checkFrame(dataFrame("exit", encodePlain({ validator: 3 })))).toEqual({ ok: true });
    // The SDK's Packr: {validator: 0} as a record, then a second object of the same keys as one byte.
    const records = Uint8Array.from([0x92, 0xd4, 0x72, 0x40, 0x91, 0xa1, 0x78, 0x01, 0x40, 0x02]);
    expect(checkFrame(dataFrame("exit", records))).toEqual({ ok: true });
    expect(checkFrame(dataFrame("exit", nestedArrays(MAX_PAYLOAD_DEPTH)))).toEqual({ ok: true });
    expect(checkFrame(dataFrame("exit", nestedArrays(MAX_PAYLOAD_DEPTH + 1))).ok).toBe(false);
    // Self-references (msgpackr's structured clone) and nesting 1,500 and 1,300 deep.
    for (const frame of crashFrames().slice(0, 4)) expect(checkFrame(frame).ok).toBe(false);
    expect(checkFrame(dataFrame("exit", Uint8Array.of(0xc4, 1, 0))).ok).toBe(false);
    expect(checkFrame(dataFrame("exit", Uint8Array.of(0x81, 0x01, 0x02))).ok).toBe(false);
  });

  it("keeps a client under the message rate whose messages arrive bunched, and closes a flood", () => {
    const steady = new MessageBucket();
    const gap = 1000 / 150;
    // 150 a second, evenly; the server is busy from 1 s to 2.1 s, reads the 165 that waited at once, goes on.
    const readAt = (sentMs: number) => (sentMs >= 1000 && sentMs < 2100 ? 2100 : sentMs);
    const verdicts = Array.from({ length: 150 * 3 }, (_, i) => steady.take(readAt(i * gap)));
    expect(verdicts.every((v) => v === "ok")).toBe(true);
    const flood = new MessageBucket();
    const flooded = Array.from({ length: MAX_MESSAGES_PER_SECOND + 2 }, () => flood.take(0));
    expect(flooded.filter((v) => v === "ok")).toHaveLength(MAX_MESSAGES_PER_SECOND);
    expect(flooded.slice(-2)).toEqual(["over", "closed"]);
  });

  it("disconnects a client whose unsent data is over the cap, saying why", () => {
    const closed: [number, string][] = [];
    const client = (bufferedAmount: number) =>
      ({
        ref: { bufferedAmount, terminate() {} },
        leave: (code: number, reason: string) => closed.push([code, reason]),
      }) as unknown as ServerClient;
    dropSlowReaders([client(1000), client(MAX_SEND_BUFFER_BYTES + 1)]);
    expect(closed).toHaveLength(1);
    expect(closed[0][0]).toBe(CLOSE_NOT_READING);
    expect(closed[0][1]).toMatch(/stopped reading/);
  });
});
