// The lab's results in a database beside results.jsonl (lab/results-db.ts), on SQLite and on PostgreSQL: one row
// per match and per seat, the same numbers as the results file, and a rerun that replaces instead of adding.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MatchJob } from "../../lab/jobs.ts";
import { runJobs } from "../../lab/runner.ts";
import { openDatabase } from "../../runtime/database.ts";
import { missingPostgres, type Service, startPostgres, suiteSkippedWithout } from "../services.ts";

const JOBS: MatchJob[] = ["a", "b"].map((seed) => ({
  id: `point-1/${seed}`,
  preset: "phase0",
  overrides: { slots: 16 },
  seed,
  seats: [
    { id: "validator-1", role: "validator", strategy: "honest-validator" },
    { id: "validator-2", role: "validator", strategy: "lazy-validator" },
  ],
  tags: { point: "point-1", seed },
}));

function resultsSuite(backend: string, location: () => string) {
  it(`puts every match and seat of a run in ${backend}, once, with the results file's numbers`, async () => {
    const outDir = mkdtempSync(join(tmpdir(), "trilemma-results-db-"));
    const results = await runJobs(JOBS, { outDir, workers: 1, database: location() });
    // A rerun (nothing left to play) writes the same rows again, replacing them.
    await runJobs(JOBS, { outDir, workers: 1, database: location() });
    const db = await openDatabase(location(), []);
    try {
      const matches = await db.all(
        "SELECT match_id, tags, state_root FROM lab_matches WHERE run = ? ORDER BY match_id",
        [outDir],
      );
      expect(matches.map((m) => [m.match_id, JSON.parse(String(m.tags)), m.state_root])).toEqual(
        results.map((r) => [r.id, r.tags, r.stateRoot]),
      );
      const seats = await db.all(
        "SELECT match_id, seat, score FROM lab_seats WHERE run = ? AND background = 0 ORDER BY match_id, seat",
        [outDir],
      );
      expect(seats.map((s) => [s.match_id, s.seat, Number(s.score)])).toEqual(
        results.flatMap((r) => r.seats.filter((s) => !s.background).map((s) => [r.id, s.id, s.score])),
      );
    } finally {
      await db.close();
    }
  });
}

describe("the lab's results in SQLite", () => {
  const file = join(mkdtempSync(join(tmpdir(), "trilemma-results-db-")), "lab.sqlite");
  resultsSuite("SQLite", () => file);

  it("refuses a database it cannot open before any match is played", async () => {
    const outDir = join(mkdtempSync(join(tmpdir(), "trilemma-results-db-")), "never");
    const database = "postgres://127.0.0.1:1/none";
    await expect(runJobs(JOBS, { outDir, workers: 1, database })).rejects.toThrow(
      `cannot open the database ${database}`,
    );
    expect(existsSync(outDir)).toBe(false);
  });
});

const postgresSkipped = suiteSkippedWithout("lab results in PostgreSQL", missingPostgres());
describe.skipIf(postgresSkipped)("the lab's results in PostgreSQL", () => {
  let postgres: Service;
  beforeAll(async () => {
    postgres = await startPostgres();
  });
  afterAll(() => postgres?.stop());
  resultsSuite("PostgreSQL", () => postgres.url);
});
