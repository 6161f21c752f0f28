// A real `trilemma serve` process against what an attacker sends (issue 12): it must not exit, and no room
// but a faulty one may end.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, type Room } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crashFrames, dataFrame, HOSTILE_CREATES } from "../../bench/hostile.ts";
import { CLOSE_TOO_MANY_MESSAGES, MAX_MESSAGES_PER_SECOND } from "../../server/wire-guard.ts";
import { collectRefusals, freePort, ready, spawnServer, until, welcomeOf } from "./helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "trilemma-hostile-"));
let server: ChildProcess;
let port: number;
let url: string;
let stderr = "";

beforeAll(async () => {
  port = await freePort();
  server = await spawnServer([
    "--port",
    String(port),
    "--database",
    join(dir, "db.sqlite"),
    "--slot-ms",
    "50",
  ]);
  server.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  url = `ws://127.0.0.1:${port}`;
});
afterAll(() => {
  if (server.exitCode === null) server.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

function host(options: Record<string, unknown> = {}): Promise<Room> {
  return ready(
    new Client(url).create("arena", { name: "host", role: "validator", config: { slots: 400 }, ...options }),
  );
}

describe("a server facing hostile clients", () => {
  it("survives the crash vectors from a spectator: each refused with a reason, the client kept", async () => {
    const room = await host();
    const spectator = await ready(new Client(url).joinById(room.roomId, { name: "eve" }));
    const refusals = collectRefusals(spectator);
    const frames = crashFrames();
    for (const frame of frames) spectator.connection.send(frame);
    // Frames the room does not accept at all get one refusal each too; the spectator is still there.
    await until(() => refusals.length >= frames.length, `${frames.length} refusals`);
    for (const refusal of refusals) expect(refusal.reason.length).toBeGreaterThan(5);
    expect(JSON.stringify(refusals).length).toBeLessThan(frames.length * 400);
    const slot = room.state.slot;
    await until(() => room.state.slot > slot + 2 && spectator.state.slot > slot + 2, "slots go on for both");
    expect(server.exitCode).toBeNull();
    expect(stderr).not.toMatch(/uncaught|failed:/);
    for (const r of [spectator, room]) await r.leave();
  });

  it("refuses hostile lineups and configs at create, naming what is wrong", async () => {
    for (const { options, names } of HOSTILE_CREATES)
      await expect(new Client(url).create("arena", { role: "validator", ...options })).rejects.toThrow(names);
    expect(server.exitCode).toBeNull();
  });

  it("disconnects a flooding client with a close code that says why; the room goes on", async () => {
    const room = await host();
    const flooder = await ready(new Client(url).joinById(room.roomId, { name: "flood" }));
    const closed = new Promise<number>((resolve) => flooder.onLeave((code) => resolve(code)));
    for (let i = 0; i < MAX_MESSAGES_PER_SECOND * 2; i++) flooder.connection.send(dataFrame("teleport"));
    expect(await closed).toBe(CLOSE_TOO_MANY_MESSAGES);
    const slot = room.state.slot;
    await until(() => room.state.slot > slot + 2, "the room goes on");
    await room.leave();
  });

  it("makes the creator the facilitator, not a client that joins before it", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/matchmake/create/arena`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "creator", role: "validator", config: { slots: 400 } }),
    });
    const reservation = await response.json();
    const thief = await ready(new Client(url).joinById(reservation.roomId, { name: "thief" }));
    const creator = await ready(new Client(url).consumeSeatReservation(reservation));
    expect((await welcomeOf(thief)).facilitator).toBe(false);
    expect((await welcomeOf(creator)).facilitator).toBe(true);
    const refusals = collectRefusals(thief);
    thief.send("pause", {});
    await until(() => refusals.length > 0, "the thief's refusal");
    expect(refusals[0].code).toBe("not-facilitator");
    for (const r of [thief, creator]) await r.leave();
  });

  it("answers matchmaking from its own pages only (CORS), with security headers and JSON errors", async () => {
    const api = `http://127.0.0.1:${port}`;
    const foreign = await fetch(`${api}/matchmake/create/arena`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://evil.example" },
      body: "{}",
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await fetch(`${api}/matchmake/create/arena`, {
      method: "OPTIONS",
      headers: { origin: "http://evil.example" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    const bad = await fetch(`${api}/api/matches/%E0%A4%A`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toMatch(/json/);
    const body = await bad.text();
    expect(body).not.toMatch(/at |\/work|node_modules/);
    expect(bad.headers.get("x-powered-by")).toBeNull();
    expect(bad.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await fetch(`${api}/api/rooms`)).headers.get("x-content-type-options")).toBe("nosniff");
  });
});
