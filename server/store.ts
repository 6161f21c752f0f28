// Finished (and interrupted) matches in SQLite, through Node 22's built-in node:sqlite (see STACK.md).
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";

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
}

export interface MatchRecord {
  id: string;
  room: string;
  seed: string;
  preset: string;
  slots: number;
  stateRoot: string;
  interrupted: boolean;
  finishedAt: string;
  seats: StoredSeat[];
}

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
    `);
    // Files written before the column existed.
    const columns = this.db.prepare("PRAGMA table_info(seats)").all() as { name: string }[];
    if (!columns.some((column) => column.name === "replaced_by_bot"))
      this.db.exec("ALTER TABLE seats ADD COLUMN replaced_by_bot INTEGER NOT NULL DEFAULT 0");
  }

  /** Stores a match with its replay, given as JSON text. */
  save(record: MatchRecord, replay: string): void {
    const insertMatch = this.db.prepare(
      "INSERT OR REPLACE INTO matches (id, room, seed, preset, slots, state_root, interrupted, finished_at, replay) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
      );
      for (const seat of record.seats) {
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

  list(): Omit<MatchRecord, "seats">[] {
    const rows = this.db
      .prepare(
        "SELECT id, room, seed, preset, slots, state_root, interrupted, finished_at FROM matches ORDER BY finished_at DESC",
      )
      .all() as Record<string, string | number>[];
    return rows.map(toMatch);
  }

  get(id: string): MatchRecord | null {
    const row = this.db
      .prepare(
        "SELECT id, room, seed, preset, slots, state_root, interrupted, finished_at FROM matches WHERE id = ?",
      )
      .get(id) as Record<string, string | number> | undefined;
    if (!row) return null;
    const seats = this.db.prepare("SELECT * FROM seats WHERE match_id = ? ORDER BY seat").all(id) as Record<
      string,
      string | number
    >[];
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
      })),
    };
  }

  replay(id: string): string | null {
    const row = this.db.prepare("SELECT replay FROM matches WHERE id = ?").get(id) as
      | { replay: string }
      | undefined;
    return row?.replay ?? null;
  }

  /** Mean and total score per player name (seats a person played, even if a bot finished them) and per strategy (seats only a bot played). */
  leaderboard() {
    const query = (column: "name" | "strategy", played: string) =>
      this.db
        .prepare(
          `SELECT ${column} AS key, COUNT(*) AS matches, SUM(score) AS total, AVG(score) AS mean FROM seats WHERE ${played} GROUP BY ${column} ORDER BY mean DESC`,
        )
        .all();
    return {
      players: query("name", "bot = 0 OR replaced_by_bot = 1"),
      strategies: query("strategy", "bot = 1 AND replaced_by_bot = 0"),
      /** The class leaderboard's table: each player's rounds in each role they played. */
      playersByRole: this.db
        .prepare(
          "SELECT name AS key, role, COUNT(*) AS matches, SUM(score) AS total, AVG(score) AS mean FROM seats WHERE bot = 0 OR replaced_by_bot = 1 GROUP BY name, role ORDER BY role, mean DESC",
        )
        .all(),
    };
  }

  close(): void {
    this.db.close();
  }
}

function toMatch(row: Record<string, string | number>): Omit<MatchRecord, "seats"> {
  return {
    id: String(row.id),
    room: String(row.room),
    seed: String(row.seed),
    preset: String(row.preset),
    slots: Number(row.slots),
    stateRoot: String(row.state_root),
    interrupted: Number(row.interrupted) === 1,
    finishedAt: String(row.finished_at),
  };
}
