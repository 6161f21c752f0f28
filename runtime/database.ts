// One SQL interface over two databases: SQLite (Node 22's built-in node:sqlite, a file or ":memory:") as the
// embedded default, and PostgreSQL through `pg` when the location is a postgres:// URL, so that several server
// processes and lab machines share one database (docs/scale-out.md). Queries use `?` placeholders in both.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { DatabaseSync } from "node:sqlite";

export type SqlValue = string | number | null;
export type SqlRow = Record<string, SqlValue>;

export interface SqlDatabase {
  readonly dialect: "sqlite" | "postgres";
  all(sql: string, params?: SqlValue[]): Promise<SqlRow[]>;
  run(sql: string, params?: SqlValue[]): Promise<void>;
  /** Runs `work` in one transaction: committed if it resolves, rolled back (nothing changed) if it throws. */
  transaction(work: (tx: SqlDatabase) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** A schema change, applied once per database in version order; the applied versions are kept in the database. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The database cannot be opened or migrated: said with its location (a URL's password left out). */
export class DatabaseError extends Error {
  constructor(location: string, cause: unknown) {
    super(`cannot open the database ${withoutPassword(location)}: ${(cause as Error).message}`);
    this.name = "DatabaseError";
  }
}

function withoutPassword(location: string): string {
  if (!isPostgresUrl(location)) return location;
  const url = new URL(location);
  if (url.password) url.password = "***";
  return url.toString();
}

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}

/** Opens the database at `location` (a postgres:// URL, a SQLite file, or ":memory:") and migrates it. */
export async function openDatabase(location: string, migrations: Migration[]): Promise<SqlDatabase> {
  let database: SqlDatabase;
  try {
    database = isPostgresUrl(location) ? await openPostgres(location) : await openSqlite(location);
  } catch (error) {
    throw new DatabaseError(location, error);
  }
  try {
    await migrate(database, migrations);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw new DatabaseError(location, error);
  }
  return database;
}

/**
 * Applies the migrations not yet recorded, each in its own transaction with its record. Concurrent processes on
 * one Postgres take an advisory lock first, so that exactly one of them applies each migration.
 */
async function migrate(database: SqlDatabase, migrations: Migration[]): Promise<void> {
  await database.transaction(async (tx) => {
    if (tx.dialect === "postgres") await tx.run("SELECT pg_advisory_xact_lock(7316316)");
    await tx.run(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    );
    const applied = new Set(
      (await tx.all("SELECT version FROM schema_migrations")).map((r) => Number(r.version)),
    );
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.sql.split(";").filter((s) => s.trim())) await tx.run(statement);
      await tx.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", [
        migration.version,
        migration.name,
        new Date().toISOString(),
      ]);
    }
  });
}

/** node:sqlite is synchronous: its answers come as settled promises, and transactions are queued one by one. */
async function openSqlite(path: string): Promise<SqlDatabase> {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const { DatabaseSync } = await import("node:sqlite");
  const db: DatabaseSync = new DatabaseSync(path);
  let queue: Promise<void> = Promise.resolve();
  const sqlite: SqlDatabase = {
    dialect: "sqlite",
    async all(sql, params = []) {
      return db.prepare(sql).all(...params) as SqlRow[];
    },
    async run(sql, params = []) {
      db.prepare(sql).run(...params);
    },
    transaction(work) {
      const turn = queue.then(async () => {
        db.exec("BEGIN");
        try {
          await work(sqlite);
          db.exec("COMMIT");
        } catch (error) {
          db.exec("ROLLBACK");
          throw error;
        }
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
    async close() {
      await queue;
      db.close();
    },
  };
  return sqlite;
}

/** `?` placeholders as Postgres numbers them: $1, $2, … */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** BIGINT and NUMERIC arrive from pg as strings (they may not fit a JS number): callers read them with Number(). */
async function openPostgres(url: string): Promise<SqlDatabase> {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle client's error (the server restarted) must not end the process; the next query reconnects.
  pool.on("error", (error) => console.error("[database] idle Postgres connection lost:", error.message));
  const over = (client: {
    query: InstanceType<typeof pg.Pool>["query"];
  }): Omit<SqlDatabase, "transaction" | "close"> => ({
    dialect: "postgres",
    async all(sql, params = []) {
      return (await client.query(numbered(sql), params)).rows as SqlRow[];
    },
    async run(sql, params = []) {
      await client.query(numbered(sql), params);
    },
  });
  return {
    ...over(pool),
    async transaction(work) {
      const client = await pool.connect();
      const tx: SqlDatabase = {
        ...over(client),
        transaction: () => Promise.reject(new Error("transactions do not nest")),
        close: () => Promise.reject(new Error("close the database, not its transaction")),
      };
      try {
        await client.query("BEGIN");
        await work(tx);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
