// Two `trilemma serve` processes behind one Redis with one PostgreSQL (docs/scale-out.md): a match finished
// through one is listed by the other's /api/matches and counted in its leaderboard.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  missingPostgres,
  missingRedis,
  type Service,
  startPostgres,
  startRedis,
  suiteSkippedWithout,
} from "../services.ts";
import { exited, freePort, ready, spawnServer, until } from "./helpers.ts";

const skipped =
  suiteSkippedWithout("shared store (Redis)", missingRedis()) ??
  suiteSkippedWithout("shared store (PostgreSQL)", missingPostgres());

describe.skipIf(skipped)("two servers, one Redis, one PostgreSQL", () => {
  let redis: Service;
  let postgres: Service;
  const servers: ChildProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), "trilemma-shared-store-"));

  beforeAll(async () => {
    [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  });
  afterAll(async () => {
    for (const server of servers) {
      server.kill("SIGTERM");
      await exited(server);
    }
    await Promise.all([redis?.stop(), postgres?.stop()]);
  });

  async function serve(): Promise<number> {
    const port = await freePort();
    const args = ["--host", "127.0.0.1", "--port", String(port), "--slot-ms", "50"];
    const address = ["--redis", redis.url, "--public-address", `127.0.0.1:${port}`];
    // Each its own SQLite file but for DATABASE_URL: only the shared Postgres can make B list A's match.
    const own = join(dir, `server-${port}.sqlite`);
    servers.push(await spawnServer([...args, ...address], { DATABASE_URL: postgres.url, TRILEMMA_DB: own }));
    return port;
  }

  it("lists a match finished through process A in process B's matches and leaderboard", async () => {
    const [a, b] = await Promise.all([serve(), serve()]);
    const room = await ready(
      new Client(`ws://127.0.0.1:${a}`).create("arena", {
        name: "ada",
        role: "validator",
        seed: "shared",
        config: { slots: 16 },
      }),
    );
    await until(() => room.state.phase === "finished", "the end of the match", 20_000);
    const listed = await until(async () => {
      const matches = await (await fetch(`http://127.0.0.1:${b}/api/matches`)).json();
      return matches.find((m: { room: string; live: boolean }) => m.room === room.roomId && !m.live);
    }, "the match in process B's list");
    expect(listed).toMatchObject({ seed: "shared", slots: 16, interrupted: false });
    const board = await (await fetch(`http://127.0.0.1:${b}/api/leaderboard`)).json();
    expect(board.players.map((row: { key: string }) => row.key)).toContain("ada");
    const replay = await fetch(`http://127.0.0.1:${b}/api/matches/${listed.id}/replay`);
    expect(replay.status).toBe(200);
    await room.leave();
  });
});
