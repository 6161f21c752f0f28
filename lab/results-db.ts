// The lab's results in SQL as well as in results.jsonl, when DATABASE_URL names a database (Postgres, shared by
// the machines of a research group, or a SQLite file): the hierarchy run (the output folder) → the match's tags
// (sweep point, scenario, tournament role) → seed → match → seat, one row per match and per seat, so that any
// figure can be traced and compared across runs with a query (docs/scale-out.md, "Lab results in Postgres").
import { type Migration, openDatabase, type SqlDatabase } from "../runtime/database.ts";
import type { MatchSummary } from "./jobs.ts";

export const LAB_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: "lab matches and seats",
    sql: `
      CREATE TABLE IF NOT EXISTS lab_matches (
        run TEXT NOT NULL, match_id TEXT NOT NULL, tags TEXT NOT NULL, seed TEXT NOT NULL, fingerprint TEXT NOT NULL,
        slots INTEGER NOT NULL, state_root TEXT NOT NULL, summary TEXT NOT NULL, PRIMARY KEY (run, match_id)
      );
      CREATE TABLE IF NOT EXISTS lab_seats (
        run TEXT NOT NULL, match_id TEXT NOT NULL, seat TEXT NOT NULL, role TEXT NOT NULL, strategy TEXT NOT NULL,
        background INTEGER NOT NULL, score DOUBLE PRECISION NOT NULL, status TEXT NOT NULL,
        PRIMARY KEY (run, match_id, seat)
      )`,
  },
];

export interface LabResultsDb {
  /** Stores (or replaces) every match of `run` and its seats: kept results and new ones alike. */
  saveAll(run: string, results: MatchSummary[]): Promise<void>;
  close(): Promise<void>;
}

export async function openLabResults(location: string): Promise<LabResultsDb> {
  const db = await openDatabase(location, LAB_MIGRATIONS);
  return {
    async saveAll(run, results) {
      for (const summary of results) await db.transaction((tx) => saveMatch(tx, run, summary));
    },
    close: () => db.close(),
  };
}

async function saveMatch(tx: SqlDatabase, run: string, summary: MatchSummary): Promise<void> {
  await tx.run("DELETE FROM lab_seats WHERE run = ? AND match_id = ?", [run, summary.id]);
  await tx.run("DELETE FROM lab_matches WHERE run = ? AND match_id = ?", [run, summary.id]);
  await tx.run(
    "INSERT INTO lab_matches (run, match_id, tags, seed, fingerprint, slots, state_root, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    [
      run,
      summary.id,
      JSON.stringify(summary.tags),
      summary.seed,
      summary.fingerprint ?? "",
      summary.slots,
      summary.stateRoot,
      JSON.stringify(summary),
    ],
  );
  for (const seat of summary.seats)
    await tx.run(
      "INSERT INTO lab_seats (run, match_id, seat, role, strategy, background, score, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      [
        run,
        summary.id,
        seat.id,
        seat.role,
        seat.strategy,
        seat.background ? 1 : 0,
        seat.score,
        summary.statuses[seat.id] ?? "active",
      ],
    );
}
