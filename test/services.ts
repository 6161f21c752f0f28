// Throwaway Redis and PostgreSQL servers on free 127.0.0.1 ports in temporary folders, for the scale-out tests
// (docs/scale-out.md), and the skip-or-fail rule for a suite that needs a Debian package.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./server/helpers.ts";

/**
 * For a suite's file: why it is skipped, or null. Under CI=true a missing package is a failure, since .ci/run
 * installs it; elsewhere the suite is skipped with a message naming it.
 */
export function suiteSkippedWithout(what: string, missing: string | null): string | null {
  if (missing && process.env.CI === "true") throw new Error(`CI needs ${what}: ${missing}`);
  if (missing) console.warn(`skipping the ${what} tests: ${missing}`);
  return missing;
}

const REDIS_SERVER = "/usr/bin/redis-server";
const PG_ROOT = "/usr/lib/postgresql";

/** Debian installs each PostgreSQL major version under /usr/lib/postgresql/N/bin: the newest one present. */
function postgresBin(): string | null {
  const versions = existsSync(PG_ROOT)
    ? readdirSync(PG_ROOT).filter((v) => existsSync(join(PG_ROOT, v, "bin", "initdb")))
    : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest === undefined ? null : join(PG_ROOT, newest, "bin");
}

export function missingRedis(): string | null {
  return existsSync(REDIS_SERVER)
    ? null
    : `${REDIS_SERVER} is missing: install the Debian package \`redis-server\` (apt-get install -y redis-server)`;
}

export function missingPostgres(): string | null {
  return postgresBin()
    ? null
    : `no ${PG_ROOT}/*/bin/initdb: install the Debian package \`postgresql\` (apt-get install -y postgresql)`;
}

export interface Service {
  url: string;
  stop(): Promise<void>;
}

/** A Redis with no persistence, answering PING before this resolves. */
export async function startRedis(): Promise<Service> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "trilemma-redis-"));
  const child: ChildProcess = spawn(
    REDIS_SERVER,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`redis-server exited (${code}) before it was ready`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Ready to accept connections")) resolve();
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** PostgreSQL 15 refuses to run as root: as root, its commands run as the `postgres` user. */
function asPostgres(command: string, args: string[]): void {
  const root = process.getuid?.() === 0;
  const [file, argv] = root ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
  execFileSync(file, argv, { stdio: "ignore" });
}

/** A fresh PostgreSQL cluster (trust authentication, user postgres) on 127.0.0.1 only. */
export async function startPostgres(): Promise<Service> {
  const bin = postgresBin();
  if (bin === null) throw new Error(missingPostgres()!);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "trilemma-pg-"));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, "data");
  asPostgres(join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  asPostgres(join(bin, "pg_ctl"), ["-D", data, "-o", settings, "-w", "-l", join(dir, "log"), "start"]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      asPostgres(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
