// The match store (server/store.ts) behind one interface, the same suite against SQLite and against PostgreSQL:
// what /api/matches, a match, its replay and the leaderboard show, paging, replacing a saved match, a failed save
// that changes nothing, and versioned migrations applied once.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../runtime/database.ts";
import { type MatchStore, openStore, STORE_MIGRATIONS, type StoredMatch } from "../../server/store.ts";
import { missingPostgres, type Service, startPostgres, suiteSkippedWithout } from "../services.ts";

function match(id: string, finishedAt: string, overrides: Partial<StoredMatch> = {}): StoredMatch {
  return {
    id,
    room: "room-a",
    seed: `seed-${id}`,
    preset: "phase0",
    slots: 24,
    stateRoot: "ab".repeat(32),
    interrupted: false,
    live: false,
    finishedAt,
    seats: [
      {
        seat: "validator-1",
        name: "dana",
        role: "validator",
        strategy: "honest-validator",
        bot: false,
        replacedByBot: false,
        score: 3_000,
        breakdown: { attesting: 3 },
        credits: [
          { name: "dana", player: true, fromSlot: 0, toSlot: 12, score: 1_000 },
          { name: "honest-validator", player: false, fromSlot: 12, toSlot: 24, score: 2_000 },
        ],
      },
      {
        seat: "validator-2",
        name: "lazy-validator",
        role: "validator",
        strategy: "lazy-validator",
        bot: true,
        replacedByBot: false,
        score: -500,
        breakdown: { missed: -0.5 },
        credits: [],
      },
    ],
    ...overrides,
  };
}

/** The suite, for a backend that hands out a fresh, empty database location per call. */
function storeSuite(backend: string, freshLocation: () => Promise<string>) {
  describe(`the match store on ${backend}`, () => {
    const opened: MatchStore[] = [];
    const open = async (location?: string) => {
      const store = await openStore(location ?? (await freshLocation()));
      opened.push(store);
      return store;
    };
    afterAll(async () => {
      for (const store of opened) await store.close().catch(() => undefined);
    });

    it("gives back a saved match, its seats, credits and replay as they were saved", async () => {
      const store = await open();
      const saved = match("m1", "2026-12-02T10:00:00.000Z");
      await store.save(saved, '{"replay":1}');
      expect(await store.get("m1")).toEqual(saved);
      expect(await store.replay("m1")).toBe('{"replay":1}');
      expect(await store.get("nope")).toBeNull();
      expect(await store.replay("nope")).toBeNull();
    });

    it("lists newest first, a page at a time", async () => {
      const store = await open();
      for (const [i, id] of ["a", "b", "c"].entries())
        await store.save(match(id, `2026-12-02T1${i}:00:00.000Z`), "{}");
      expect((await store.list()).map((m) => m.id)).toEqual(["c", "b", "a"]);
      const first = await store.list({ limit: 2 });
      expect(first.map((m) => m.id)).toEqual(["c", "b"]);
      expect((await store.list({ limit: 2, before: "b" })).map((m) => m.id)).toEqual(["a"]);
      expect(first[0]).not.toHaveProperty("seats");
    });

    it("replaces a match saved again under its id (an epoch's save, then the last one)", async () => {
      const store = await open();
      await store.save(
        match("m", "2026-12-02T10:00:00.000Z", { live: true, interrupted: true, slots: 8 }),
        "{}",
      );
      const last = match("m", "2026-12-02T10:01:00.000Z", { seats: match("x", "").seats.slice(1) });
      await store.save(last, '{"last":true}');
      expect(await store.get("m")).toEqual(last);
      expect(await store.list()).toHaveLength(1);
    });

    it("ranks players by the slots they held and strategies by the seats only bots played", async () => {
      const store = await open();
      await store.save(match("m1", "2026-12-02T10:00:00.000Z"), "{}");
      await store.save(match("m2", "2026-12-02T11:00:00.000Z"), "{}");
      expect(await store.leaderboard()).toEqual({
        players: [{ key: "dana", matches: 2, total: 2_000, mean: 1_000 }],
        strategies: [{ key: "lazy-validator", matches: 2, total: -1_000, mean: -500 }],
        playersByRole: [{ key: "dana", role: "validator", matches: 2, total: 2_000, mean: 1_000 }],
      });
    });

    it("a save that fails changes nothing: the match stays as it was", async () => {
      const store = await open();
      const before = match("m", "2026-12-02T10:00:00.000Z");
      await store.save(before, '{"v":1}');
      const twice = before.seats[0];
      await expect(
        store.save(match("m", "2026-12-02T11:00:00.000Z", { seats: [twice, twice] }), "{}"),
      ).rejects.toThrow();
      expect(await store.get("m")).toEqual(before);
      expect(await store.replay("m")).toBe('{"v":1}');
    });

    it("applies each migration once: reopening keeps the matches and the recorded versions", async () => {
      const location = await freshLocation();
      const first = await open(location);
      await first.save(match("kept", "2026-12-02T10:00:00.000Z"), "{}");
      await first.close();
      const again = await open(location);
      expect((await again.list()).map((m) => m.id)).toEqual(["kept"]);
      const database = await openDatabase(location, []);
      const recorded = await database.all("SELECT version FROM schema_migrations ORDER BY version");
      await database.close();
      expect(recorded.map((row) => Number(row.version))).toEqual(STORE_MIGRATIONS.map((m) => m.version));
    });
  });
}

const sqliteDir = mkdtempSync(join(tmpdir(), "trilemma-store-"));
let sqliteFiles = 0;
storeSuite("SQLite", async () => join(sqliteDir, `store-${++sqliteFiles}.sqlite`));

const postgresSkipped = suiteSkippedWithout("PostgreSQL store", missingPostgres());
describe.skipIf(postgresSkipped)("PostgreSQL", () => {
  let postgres: Service;
  let databases = 0;
  beforeAll(async () => {
    postgres = await startPostgres();
  });
  afterAll(() => postgres?.stop());
  storeSuite("PostgreSQL", async () => {
    const name = `store_${++databases}`;
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    return postgres.url.replace(/\/postgres$/, `/${name}`);
  });
});
