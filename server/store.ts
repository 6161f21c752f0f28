// Finished (and interrupted) matches in SQL: a SQLite file by default, or Postgres (DATABASE_URL) shared by several
// server processes (docs/scale-out.md); one code path over both (runtime/database.ts). A live match is saved at
// every epoch too (`live`), so a server that is killed leaves it stored as interrupted with the slots it had.
import { type Migration, openDatabase, type SqlDatabase, type SqlRow } from "../runtime/database.ts";
import { assembleReplay, type ReplayParts } from "../shared/index.ts";
import type { Credit } from "./seats.ts";

export interface StoredSeat {
  seat: string;
  name: string;
  role: string;
  strategy: string;
  /** Whether a bot played the seat at the end (a player left for good, or nobody took it). */
  bot: boolean;
  /** A player held the seat and left for good: its bot finished the match. */
  replacedByBot: boolean;
  score: number;
  breakdown: Record<string, number>;
  /** Who held the seat, slot by slot, and the score each made: a player is credited for its own slots. */
  credits: Credit[];
}

export interface StoredMatch {
  id: string;
  room: string;
  seed: string;
  preset: string;
  slots: number;
  stateRoot: string;
  interrupted: boolean;
  /** Saved while being played (at an epoch's end): `interrupted` until its last save, and after a crash. */
  live: boolean;
  finishedAt: string;
  seats: StoredSeat[];
}

/** At most this many matches a page of `list`. */
export const MAX_PAGE = 100;

/** The schema, one version at a time; a new column or table is a new migration at the end, never an edit. */
export const STORE_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: "matches, seats and credits",
    sql: `
      CREATE TABLE IF NOT EXISTS matches (
        id TEXT PRIMARY KEY, room TEXT NOT NULL, seed TEXT NOT NULL, preset TEXT NOT NULL, slots INTEGER NOT NULL,
        state_root TEXT NOT NULL, interrupted INTEGER NOT NULL, finished_at TEXT NOT NULL, replay TEXT NOT NULL,
        live INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE IF NOT EXISTS seats (
        match_id TEXT NOT NULL REFERENCES matches(id), seat TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
        strategy TEXT NOT NULL, bot INTEGER NOT NULL, score BIGINT NOT NULL, breakdown TEXT NOT NULL,
        replaced_by_bot INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (match_id, seat)
      );
      CREATE TABLE IF NOT EXISTS credits (
        match_id TEXT NOT NULL REFERENCES matches(id), seat TEXT NOT NULL, position INTEGER NOT NULL,
        name TEXT NOT NULL, player INTEGER NOT NULL, from_slot INTEGER NOT NULL, to_slot INTEGER NOT NULL,
        score BIGINT NOT NULL, PRIMARY KEY (match_id, seat, position)
      )`,
  },
  {
    // Each save appends the slots and snapshots recorded since the last one; `matches.replay` keeps the header.
    version: 2,
    name: "replay parts",
    sql: `
      CREATE TABLE IF NOT EXISTS replay_parts (
        match_id TEXT NOT NULL REFERENCES matches(id), kind TEXT NOT NULL, position INTEGER NOT NULL,
        json TEXT NOT NULL, PRIMARY KEY (match_id, kind, position)
      )`,
  },
];

/** The leaderboard's rows: a player name or a strategy, with its matches, total and mean score. */
export interface LeaderboardRow {
  key: string;
  matches: number;
  total: number;
  mean: number;
  role?: string;
}

export interface Leaderboard {
  players: LeaderboardRow[];
  strategies: LeaderboardRow[];
  playersByRole: LeaderboardRow[];
}

const MATCH_COLUMNS = "id, room, seed, preset, slots, state_root, interrupted, live, finished_at";

/** Opens the store at `location`: a postgres:// URL, a SQLite file, or ":memory:". */
export async function openStore(location: string): Promise<MatchStore> {
  const database = await openDatabase(location, STORE_MIGRATIONS);
  if (database.dialect === "sqlite") await addColumnsOfUnversionedFiles(database);
  // Matches still live in the database were cut short by a process that died: they stay interrupted. (With
  // several processes on one Postgres, a live match of another process stays live until that process saves it.)
  if (database.dialect === "sqlite") await database.run("UPDATE matches SET live = 0 WHERE live = 1");
  return new MatchStore(database);
}

export class MatchStore {
  private readonly db: SqlDatabase;

  constructor(db: SqlDatabase) {
    this.db = db;
  }

  /**
   * Stores a match and appends the replay parts recorded since its last save; a match saved again from its
   * first slot (same id) is replaced.
   */
  async save(record: StoredMatch, replay: ReplayParts): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO matches (id, room, seed, preset, slots, state_root, interrupted, finished_at, replay, live)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET room = excluded.room, seed = excluded.seed, preset = excluded.preset,
           slots = excluded.slots, state_root = excluded.state_root, interrupted = excluded.interrupted,
           finished_at = excluded.finished_at, replay = excluded.replay, live = excluded.live`,
        [
          record.id,
          record.room,
          record.seed,
          record.preset,
          record.slots,
          record.stateRoot,
          record.interrupted ? 1 : 0,
          record.finishedAt,
          replay.header,
          record.live ? 1 : 0,
        ],
      );
      await saveParts(tx, record.id, replay);
      await tx.run("DELETE FROM credits WHERE match_id = ?", [record.id]);
      await tx.run("DELETE FROM seats WHERE match_id = ?", [record.id]);
      for (const seat of record.seats) await saveSeat(tx, record.id, seat);
    });
  }

  /** Newest first, `limit` at a time; `before`: the id of the last match of the previous page. */
  async list(page: { limit?: number; before?: string } = {}): Promise<Omit<StoredMatch, "seats">[]> {
    const limit = Math.min(Math.max(1, Math.floor(page.limit ?? MAX_PAGE)), MAX_PAGE);
    const rows =
      page.before === undefined
        ? await this.db.all(
            `SELECT ${MATCH_COLUMNS} FROM matches ORDER BY finished_at DESC, id DESC LIMIT ?`,
            [limit],
          )
        : await this.db.all(
            `SELECT ${MATCH_COLUMNS} FROM matches WHERE (finished_at, id) < (SELECT finished_at, id FROM matches WHERE id = ?) ORDER BY finished_at DESC, id DESC LIMIT ?`,
            [page.before, limit],
          );
    return rows.map(toMatch);
  }

  async get(id: string): Promise<StoredMatch | null> {
    const [row] = await this.db.all(`SELECT ${MATCH_COLUMNS} FROM matches WHERE id = ?`, [id]);
    if (!row) return null;
    const seats = await this.db.all("SELECT * FROM seats WHERE match_id = ? ORDER BY seat", [id]);
    const credits = await this.db.all("SELECT * FROM credits WHERE match_id = ? ORDER BY seat, position", [
      id,
    ]);
    return {
      ...toMatch(row),
      seats: seats.map((s) => ({
        seat: String(s.seat),
        name: String(s.name),
        role: String(s.role),
        strategy: String(s.strategy),
        bot: Number(s.bot) === 1,
        score: Number(s.score),
        breakdown: JSON.parse(String(s.breakdown)),
        replacedByBot: Number(s.replaced_by_bot) === 1,
        credits: credits.filter((c) => c.seat === s.seat).map(toCredit),
      })),
    };
  }

  /** The replay's JSON text, assembled from its parts (a match stored before the parts holds it whole). */
  async replay(id: string): Promise<string | null> {
    const [row] = await this.db.all("SELECT replay, interrupted FROM matches WHERE id = ?", [id]);
    if (!row) return null;
    const parts = await this.db.all(
      "SELECT kind, json FROM replay_parts WHERE match_id = ? ORDER BY kind, position",
      [id],
    );
    if (parts.length === 0) return String(row.replay);
    const of = (kind: string) => parts.filter((part) => part.kind === kind).map((part) => String(part.json));
    return assembleReplay(String(row.replay), Number(row.interrupted) === 1, of("slot"), of("snapshot"));
  }

  /**
   * Per player name: the score made in the slots it held (a seat taken over mid-match credits each holder its
   * own part), over the matches it played; per strategy: seats only a bot played.
   */
  async leaderboard(): Promise<Leaderboard> {
    const players = await this.db.all(
      "SELECT name AS key, COUNT(DISTINCT match_id) AS matches, SUM(score) AS total, CAST(SUM(score) AS DOUBLE PRECISION) / COUNT(DISTINCT match_id) AS mean FROM credits WHERE player = 1 GROUP BY name ORDER BY mean DESC, key",
    );
    const strategies = await this.db.all(
      "SELECT strategy AS key, COUNT(*) AS matches, SUM(score) AS total, AVG(CAST(score AS DOUBLE PRECISION)) AS mean FROM seats WHERE bot = 1 AND replaced_by_bot = 0 GROUP BY strategy ORDER BY mean DESC, key",
    );
    // The class leaderboard's table: each player's credited slots in each role it played.
    const playersByRole = await this.db.all(
      "SELECT c.name AS key, s.role AS role, COUNT(DISTINCT c.match_id) AS matches, SUM(c.score) AS total, CAST(SUM(c.score) AS DOUBLE PRECISION) / COUNT(DISTINCT c.match_id) AS mean FROM credits c JOIN seats s ON s.match_id = c.match_id AND s.seat = c.seat WHERE c.player = 1 GROUP BY c.name, s.role ORDER BY s.role, mean DESC, key",
    );
    return {
      players: players.map(toRow),
      strategies: strategies.map(toRow),
      playersByRole: playersByRole.map(toRow),
    };
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

/** SQLite files written before the migrations were versioned may lack the columns added since. */
async function addColumnsOfUnversionedFiles(db: SqlDatabase): Promise<void> {
  const added = [
    ["seats", "replaced_by_bot"],
    ["matches", "live"],
  ];
  for (const [table, column] of added) {
    const columns = await db.all(`PRAGMA table_info(${table})`);
    if (!columns.some((c) => c.name === column))
      await db.run(`ALTER TABLE ${table} ADD COLUMN ${column} INTEGER NOT NULL DEFAULT 0`);
  }
}

async function saveParts(tx: SqlDatabase, matchId: string, replay: ReplayParts): Promise<void> {
  if (replay.from.slots === 0 && replay.from.snapshots === 0)
    await tx.run("DELETE FROM replay_parts WHERE match_id = ?", [matchId]);
  const insert = "INSERT INTO replay_parts (match_id, kind, position, json) VALUES (?, ?, ?, ?)";
  for (const [i, json] of replay.slots.entries())
    await tx.run(insert, [matchId, "slot", replay.from.slots + i, json]);
  for (const [i, json] of replay.snapshots.entries())
    await tx.run(insert, [matchId, "snapshot", replay.from.snapshots + i, json]);
}

async function saveSeat(tx: SqlDatabase, matchId: string, seat: StoredSeat): Promise<void> {
  await tx.run(
    "INSERT INTO seats (match_id, seat, name, role, strategy, bot, score, breakdown, replaced_by_bot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [
      matchId,
      seat.seat,
      seat.name,
      seat.role,
      seat.strategy,
      seat.bot ? 1 : 0,
      seat.score,
      JSON.stringify(seat.breakdown),
      seat.replacedByBot ? 1 : 0,
    ],
  );
  for (const [position, credit] of seat.credits.entries())
    await tx.run(
      "INSERT INTO credits (match_id, seat, position, name, player, from_slot, to_slot, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      [
        matchId,
        seat.seat,
        position,
        credit.name,
        credit.player ? 1 : 0,
        credit.fromSlot,
        credit.toSlot,
        credit.score,
      ],
    );
}

/** Counts and sums arrive from Postgres as strings (BIGINT, NUMERIC): every number is read with Number(). */
function toRow(row: SqlRow): LeaderboardRow {
  const numbers = { matches: Number(row.matches), total: Number(row.total), mean: Number(row.mean) };
  const key = String(row.key);
  return row.role === undefined ? { key, ...numbers } : { key, role: String(row.role), ...numbers };
}

function toMatch(row: SqlRow): Omit<StoredMatch, "seats"> {
  return {
    id: String(row.id),
    room: String(row.room),
    seed: String(row.seed),
    preset: String(row.preset),
    slots: Number(row.slots),
    stateRoot: String(row.state_root),
    interrupted: Number(row.interrupted) === 1,
    live: Number(row.live) === 1,
    finishedAt: String(row.finished_at),
  };
}

function toCredit(row: SqlRow): Credit {
  return {
    name: String(row.name),
    player: Number(row.player) === 1,
    fromSlot: Number(row.from_slot),
    toSlot: Number(row.to_slot),
    score: Number(row.score),
  };
}
