// The match store (server/store.ts) behind one interface, the same suite against SQLite and against PostgreSQL:
// what /api/matches, a match, its replay and the leaderboard show, paging, replacing a saved match, a failed save
// that changes nothing, versioned migrations applied once, and a live match's saves appending only its new slots.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type SqlDatabase } from "../../runtime/database.ts";
import { DEFAULT_LINEUP } from "../../server/room-options.ts";
import { MatchStore, openStore, STORE_MIGRATIONS, type StoredMatch } from "../../server/store.ts";
import {
  advance,
  createMatch,
  type ReplayParts,
  ReplayRecorder,
  resolveConfig,
  type SeatSpec,
} from "../../shared/index.ts";
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

/** A whole replay of made-up parts, from its first slot. */
function whole(slots: string[], snapshots: string[] = []): ReplayParts {
  return { header: '{"format":"test"}', from: { slots: 0, snapshots: 0 }, slots, snapshots };
}

/** The database, counting the characters of what is written to it. */
function counting(db: SqlDatabase, written: { chars: number }): SqlDatabase {
  return {
    dialect: db.dialect,
    all: (sql, params) => db.all(sql, params),
    run: (sql, params = []) => {
      written.chars += params.reduce<number>((sum, value) => sum + String(value).length, 0);
      return db.run(sql, params);
    },
    transaction: (work) => db.transaction((tx) => work(counting(tx, written))),
    close: () => db.close(),
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
      await store.save(saved, whole(['{"slot":0}', '{"slot":1}'], ['{"slot":1,"state":{}}']));
      expect(await store.get("m1")).toEqual(saved);
      expect(await store.replay("m1")).toBe(
        '{"format":"test","interrupted":false,"slots":[{"slot":0},{"slot":1}],"snapshots":[{"slot":1,"state":{}}]}',
      );
      expect(await store.get("nope")).toBeNull();
      expect(await store.replay("nope")).toBeNull();
    });

    it("lists newest first, a page at a time", async () => {
      const store = await open();
      for (const [i, id] of ["a", "b", "c"].entries())
        await store.save(match(id, `2026-12-02T1${i}:00:00.000Z`), whole(["{}"]));
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
        whole(["1", "2"]),
      );
      const last = match("m", "2026-12-02T10:01:00.000Z", { seats: match("x", "").seats.slice(1) });
      await store.save(last, whole(["3"]));
      expect(await store.get("m")).toEqual(last);
      expect(await store.replay("m")).toBe(
        '{"format":"test","interrupted":false,"slots":[3],"snapshots":[]}',
      );
      expect(await store.list()).toHaveLength(1);
    });

    it("ranks players by the slots they held and strategies by the seats only bots played", async () => {
      const store = await open();
      await store.save(match("m1", "2026-12-02T10:00:00.000Z"), whole(["{}"]));
      await store.save(match("m2", "2026-12-02T11:00:00.000Z"), whole(["{}"]));
      expect(await store.leaderboard()).toEqual({
        players: [{ key: "dana", matches: 2, total: 2_000, mean: 1_000 }],
        strategies: [{ key: "lazy-validator", matches: 2, total: -1_000, mean: -500 }],
        playersByRole: [{ key: "dana", role: "validator", matches: 2, total: 2_000, mean: 1_000 }],
      });
    });

    it("a save that fails changes nothing: the match stays as it was", async () => {
      const store = await open();
      const before = match("m", "2026-12-02T10:00:00.000Z");
      await store.save(before, whole(["1"]));
      const twice = before.seats[0];
      const more = { ...whole(["2"]), from: { slots: 1, snapshots: 0 } };
      await expect(
        store.save(match("m", "2026-12-02T11:00:00.000Z", { seats: [twice, twice] }), more),
      ).rejects.toThrow();
      expect(await store.get("m")).toEqual(before);
      expect(await store.replay("m")).toBe(
        '{"format":"test","interrupted":false,"slots":[1],"snapshots":[]}',
      );
    });

    it("applies each migration once: reopening keeps the matches and the recorded versions", async () => {
      const location = await freshLocation();
      const first = await open(location);
      await first.save(match("kept", "2026-12-02T10:00:00.000Z"), whole(["{}"]));
      await first.close();
      const again = await open(location);
      expect((await again.list()).map((m) => m.id)).toEqual(["kept"]);
      const database = await openDatabase(location, []);
      const recorded = await database.all("SELECT version FROM schema_migrations ORDER BY version");
      await database.close();
      expect(recorded.map((row) => Number(row.version))).toEqual(STORE_MIGRATIONS.map((m) => m.version));
    });

    it("reads a match saved before the replay parts (migration 1) with its whole replay", async () => {
      const location = await freshLocation();
      const before = await openDatabase(location, STORE_MIGRATIONS.slice(0, 1));
      await before.run(
        "INSERT INTO matches (id, room, seed, preset, slots, state_root, interrupted, finished_at, replay) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ["old", "r", "s", "phase0", 1, "ab", 0, "2026-12-01T10:00:00.000Z", '{"whole":true}'],
      );
      await before.close();
      const store = await open(location);
      expect(await store.replay("old")).toBe('{"whole":true}');
    });

    it("saves a live match by appending the slots since its last save, and reads back the replay recorded", async () => {
      const written = { chars: 0 };
      const database = await openDatabase(await freshLocation(), STORE_MIGRATIONS);
      const store = new MatchStore(counting(database, written));
      opened.push(store);
      const config = resolveConfig("phase0", { slots: 48 });
      const seats = DEFAULT_LINEUP.map((seat) => ({ ...seat })) as SeatSpec[];
      const state = createMatch({ config, seed: "parts", seats });
      const recorder = new ReplayRecorder(config, "parts", seats, 4);
      let saved = { slots: 0, snapshots: 0 };
      const overheads: number[] = [];
      let last = 0;
      while (state.slot < config.slots) {
        for (let i = 0; i < 8; i++) recorder.record({}, advance(state, {}));
        const finished = state.slot === config.slots;
        const before = written.chars;
        const parts = recorder.partsSince(saved);
        const status = { slots: state.slot, interrupted: !finished, live: !finished };
        await store.save(match("live", "2026-12-02T10:00:00.000Z", status), parts);
        last = written.chars - before;
        overheads.push(last - [parts.header, ...parts.slots, ...parts.snapshots].join("").length);
        saved = { slots: recorder.progress.slots, snapshots: recorder.progress.snapshots };
        expect(await store.replay("live")).toBe(recorder.toJson(!finished));
      }
      // Each save writes its 8 slots (and their snapshots) and the match's row, never what was saved before.
      expect(overheads).toHaveLength(6);
      expect(Math.max(...overheads)).toBeLessThan(1_000);
      expect(last).toBeLessThan(recorder.toJson().length / 3);
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
