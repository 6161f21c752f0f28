// `trilemma serve` as a real process: remote bots, SIGTERM saving in-flight matches, Redis scale-out.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@colyseus/sdk";
import { afterAll, describe, expect, it } from "vitest";
import { BUILT_IN_BOTS } from "../../bots/registry.ts";
import { joinRemoteBot } from "../../bots/remote-bot.ts";
import { openStore } from "../../server/store.ts";
import { type Replay, verifyReplay } from "../../shared/index.ts";
import { missingRedis, type Service, startRedis, suiteSkippedWithout } from "../services.ts";
import { exited, freePort, ready, spawnServer, until } from "./helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "trilemma-server-"));
const children: ChildProcess[] = [];
const stopAfterAll: Service[] = [];
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await Promise.all(stopAfterAll.map((service) => service.stop()));
  rmSync(dir, { recursive: true, force: true });
});

async function serve(args: string[], env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = await spawnServer(["--host", "127.0.0.1", "--slot-ms", "50", ...args], env);
  children.push(child);
  return child;
}

describe("trilemma serve", () => {
  it("plays remote bots, and saves the in-flight match as an interrupted replay on SIGTERM", async () => {
    const port = await freePort();
    const database = join(dir, "sigterm.sqlite");
    const server = await serve(["--port", String(port), "--database", database]);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);

    const url = `ws://127.0.0.1:${port}`;
    const host = await ready(
      new Client(url).create("arena", {
        name: "host",
        role: "validator",
        seed: "sigterm",
        config: { slots: 400 },
      }),
    );
    const bot = await joinRemoteBot({
      url,
      roomId: host.roomId,
      role: "validator",
      definition: BUILT_IN_BOTS.get("honest-validator")!,
      name: "remote",
    });
    await until(() => bot.progress.slotsPlayed >= 10, "ten slots played by the remote bot");
    expect(bot.progress.seat).toBe("validator-2");
    expect(bot.progress.actionsSent).toBeGreaterThan(0);
    expect(bot.progress.error).toBeUndefined();
    // An honest remote validator attests like the in-process one: its attesting rewards grow.
    await until(
      () => Number(host.state.seats.get("validator-2").breakdown.get("attesting")) > 0,
      "attesting rewards",
    );

    server.kill("SIGTERM");
    expect(await exited(server)).toBe(0);
    // The bot learns that the match ended from the synced phase or from the closed socket, whichever comes first.
    expect((await bot.done).ended).toMatch(/match interrupted|connection closed/);

    const store = await openStore(database);
    try {
      const [match] = await store.list();
      expect(match).toMatchObject({ room: host.roomId, seed: "sigterm", interrupted: true });
      const record = (await store.get(match.id))!;
      expect(record.seats.find((s) => s.seat === "validator-1")).toMatchObject({ name: "host", bot: false });
      expect(record.seats.find((s) => s.seat === "validator-2")).toMatchObject({
        name: "remote",
        bot: false,
      });
      const replay = JSON.parse((await store.replay(match.id))!) as Replay;
      expect(verifyReplay(replay)).toEqual({ ok: true, slots: match.slots });
    } finally {
      await store.close();
    }
  });
});

describe("a server killed mid-match", () => {
  it("lists the match it was playing as interrupted, with the slots of its last epoch", async () => {
    const port = await freePort();
    const database = join(dir, "sigkill.sqlite");
    const server = await serve(["--port", String(port), "--database", database]);
    const url = `ws://127.0.0.1:${port}`;
    const host = await ready(
      new Client(url).create("arena", {
        name: "host",
        role: "validator",
        seed: "killed",
        config: { slots: 400, slotsPerEpoch: 4 },
      }),
    );
    await until(() => host.state.slot >= 10, "ten slots");
    server.kill("SIGKILL");
    await exited(server);
    const restarted = await serve(["--port", String(port), "--database", database]);
    const matches = await (await fetch(`http://127.0.0.1:${port}/api/matches`)).json();
    const match = matches.find((m: { room: string }) => m.room === host.roomId);
    expect(match).toMatchObject({ seed: "killed", interrupted: true, live: false });
    expect(match.slots).toBeGreaterThanOrEqual(8);
    const replay = (await (
      await fetch(`http://127.0.0.1:${port}/api/matches/${match.id}/replay`)
    ).json()) as Replay;
    expect(verifyReplay(replay)).toEqual({ ok: true, slots: match.slots });
    restarted.kill("SIGTERM");
    await exited(restarted);
  });
});

const redisSkipped = suiteSkippedWithout("Redis scale-out", missingRedis());

describe.skipIf(redisSkipped)("scale-out through Redis", () => {
  it("joins through process B a room created through process A", async () => {
    const redis = await startRedis();
    stopAfterAll.push(redis);
    const env = { REDIS_URL: redis.url };
    const [portA, portB] = [await freePort(), await freePort()];
    const servers = [];
    for (const port of [portA, portB]) {
      servers.push(
        await serve(
          [
            "--port",
            String(port),
            "--database",
            join(dir, `redis-${port}.sqlite`),
            "--public-address",
            `127.0.0.1:${port}`,
          ],
          env,
        ),
      );
    }
    const a = await ready(
      new Client(`ws://127.0.0.1:${portA}`).create("arena", {
        name: "alice",
        role: "validator",
        config: { slots: 400 },
      }),
    );
    const listed = await until(async () => {
      const rooms = await (await fetch(`http://127.0.0.1:${portB}/api/rooms`)).json();
      return rooms.find((room: { roomId: string }) => room.roomId === a.roomId);
    }, "process B listing the room");
    expect(listed.clients).toBe(1);
    const b = await ready(
      new Client(`ws://127.0.0.1:${portB}`).joinById(a.roomId, { name: "bob", role: "validator" }),
    );
    await until(() => b.state.seats.get("validator-2")?.name === "bob", "bob seated");
    await until(() => a.state.seats.get("validator-2")?.name === "bob", "alice seeing bob");
    const slot = b.state.slot;
    await until(() => b.state.slot > slot + 2, "slots through process B");
    await b.leave();
    await a.leave();
    for (const server of servers) server.kill("SIGTERM");
    for (const server of servers) await exited(server);
  });
});
