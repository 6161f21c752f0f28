// Finished (and interrupted) matches in SQLite, through Node 22's built-in node:sqlite. A live match is saved at
// every epoch too (`live`), so a server that is killed leaves it stored as interrupted with the slots it had.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
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

export class MatchStore {
  private readonly db: DatabaseSync;

  constructor(path: string) {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS matches (
        id TEXT PRIMARY KEY, room TEXT NOT NULL, seed TEXT NOT NULL, preset TEXT NOT NULL, slots INTEGER NOT NULL,
        state_root TEXT NOT NULL, interrupted INTEGER NOT NULL, finished_at TEXT NOT NULL, replay TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS seats (
        match_id TEXT NOT NULL REFERENCES matches(id), seat TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
        strategy TEXT NOT NULL, bot INTEGER NOT NULL, score INTEGER NOT NULL, breakdown TEXT NOT NULL,
        replaced_by_bot INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (match_id, seat)
      );
      CREATE TABLE IF NOT EXISTS credits (
        match_id TEXT NOT NULL REFERENCES matches(id), seat TEXT NOT NULL, position INTEGER NOT NULL,
        name TEXT NOT NULL, player INTEGER NOT NULL, from_slot INTEGER NOT NULL, to_slot INTEGER NOT NULL,
        score INTEGER NOT NULL, PRIMARY KEY (match_id, seat, position)
      );
    `);
    this.addColumn("seats", "replaced_by_bot", "INTEGER NOT NULL DEFAULT 0");
    this.addColumn("matches", "live", "INTEGER NOT NULL DEFAULT 0");
    // Matches still live in the file were cut short by a process that died: they stay interrupted.
    this.db.exec("UPDATE matches SET live = 0 WHERE live = 1");
  }

  /** For files written before the column existed. */
  private addColumn(table: string, column: string, definition: string): void {
    const columns = this.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
    if (!columns.some((c) => c.name === column))
      this.db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
  }

  /** Stores a match with its replay, given as JSON text. */
  save(record: StoredMatch, replay: string): void {
    const insertMatch = this.db.prepare(
      "INSERT OR REPLACE INTO matches (id, room, seed, preset, slots, state_root, interrupted, finished_at, replay, live) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const insertSeat = this.db.prepare(
      "INSERT OR REPLACE INTO seats (match_id, seat, name, role, strategy, bot, score, breakdown, replaced_by_bot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    this.db.exec("BEGIN");
    try {
      insertMatch.run(
        record.id,
        record.room,
        record.seed,
        record.preset,
        record.slots,
        record.stateRoot,
        record.interrupted ? 1 : 0,
        record.finishedAt,
        replay,
        record.live ? 1 : 0,
      );
      this.db.prepare("DELETE FROM credits WHERE match_id = ?").run(record.id);
      for (const seat of record.seats) {
        this.saveCredits(record.id, seat);
        insertSeat.run(
          record.id,
          seat.seat,
          seat.name,
          seat.role,
          seat.strategy,
          seat.bot ? 1 : 0,
          seat.score,
          JSON.stringify(seat.breakdown),
          seat.replacedByBot ? 1 : 0,
        );
      }
      this.db.exec("COMMIT");
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }

  private saveCredits(matchId: string, seat: StoredSeat): void {
    const insert = this.db.prepare(
      "INSERT INTO credits (match_id, seat, position, name, player, from_slot, to_slot, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    );
    for (const [position, credit] of seat.credits.entries())
      insert.run(
        matchId,
        seat.seat,
        position,
        credit.name,
        credit.player ? 1 : 0,
        credit.fromSlot,
        credit.toSlot,
        credit.score,
      );
  }

  /** Newest first, `limit` at a time; `before`: the id of the last match of the previous page. */
  list(page: { limit?: number; before?: string } = {}): Omit<StoredMatch, "seats">[] {
    const limit = Math.min(Math.max(1, Math.floor(page.limit ?? MAX_PAGE)), MAX_PAGE);
    const columns = "id, room, seed, preset, slots, state_root, interrupted, live, finished_at";
    const rows = (
      page.before === undefined
        ? this.db
            .prepare(`SELECT ${columns} FROM matches ORDER BY finished_at DESC, id DESC LIMIT ?`)
            .all(limit)
        : this.db
            .prepare(
              `SELECT ${columns} FROM matches WHERE (finished_at, id) < (SELECT finished_at, id FROM matches WHERE id = ?) ORDER BY finished_at DESC, id DESC LIMIT ?`,
            )
            .all(page.before, limit)
    ) as Record<string, string | number>[];
    return rows.map(toMatch);
  }

  get(id: string): StoredMatch | null {
    const row = this.db
      .prepare(
        "SELECT id, room, seed, preset, slots, state_root, interrupted, live, finished_at FROM matches WHERE id = ?",
      )
      .get(id) as Record<string, string | number> | undefined;
    if (!row) return null;
    const seats = this.db.prepare("SELECT * FROM seats WHERE match_id = ? ORDER BY seat").all(id) as Record<
      string,
      string | number
    >[];
    const credits = this.db
      .prepare("SELECT * FROM credits WHERE match_id = ? ORDER BY seat, position")
      .all(id) as Record<string, string | number>[];
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

  replay(id: string): string | null {
    const row = this.db.prepare("SELECT replay FROM matches WHERE id = ?").get(id) as
      | { replay: string }
      | undefined;
    return row?.replay ?? null;
  }

  /**
   * Per player name: the score made in the slots it held (a seat taken over mid-match credits each holder its
   * own part), over the matches it played; per strategy: seats only a bot played.
   */
  leaderboard() {
    const players = this.db
      .prepare(
        "SELECT name AS key, COUNT(DISTINCT match_id) AS matches, SUM(score) AS total, CAST(SUM(score) AS REAL) / COUNT(DISTINCT match_id) AS mean FROM credits WHERE player = 1 GROUP BY name ORDER BY mean DESC",
      )
      .all();
    const strategies = this.db
      .prepare(
        "SELECT strategy AS key, COUNT(*) AS matches, SUM(score) AS total, AVG(score) AS mean FROM seats WHERE bot = 1 AND replaced_by_bot = 0 GROUP BY strategy ORDER BY mean DESC",
      )
      .all();
    // The class leaderboard's table: each player's credited slots in each role it played.
    const playersByRole = this.db
      .prepare(
        "SELECT c.name AS key, s.role AS role, COUNT(DISTINCT c.match_id) AS matches, SUM(c.score) AS total, CAST(SUM(c.score) AS REAL) / COUNT(DISTINCT c.match_id) AS mean FROM credits c JOIN seats s ON s.match_id = c.match_id AND s.seat = c.seat WHERE c.player = 1 GROUP BY c.name, s.role ORDER BY s.role, mean DESC",
      )
      .all();
    return { players, strategies, playersByRole };
  }

  close(): void {
    this.db.close();
  }
}

function toMatch(row: Record<string, string | number>): Omit<StoredMatch, "seats"> {
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

function toCredit(row: Record<string, string | number>): Credit {
  return {
    name: String(row.name),
    player: Number(row.player) === 1,
    fromSlot: Number(row.from_slot),
    toSlot: Number(row.to_slot),
    score: Number(row.score),
  };
}
