// Browser helpers for the client tests and the browser benchmark: Debian's chromium driven by playwright-core,
// the real built client, the real server on 127.0.0.1.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { build } from "vite";
import { type RunningServer, startServer } from "../../server/main.ts";
import { freePort } from "../server/helpers.ts";
import { suiteSkippedWithout } from "../services.ts";

export const CHROMIUM = "/usr/bin/chromium";

/** Why the browser tests cannot run here, or null when they can. */
export function missingChromium(): string | null {
  return existsSync(CHROMIUM)
    ? null
    : `${CHROMIUM} is missing: install the Debian package \`chromium\` (apt-get install -y chromium)`;
}

/** For a script outside the tests (the browser benchmarks): a missing chromium ends it with the reason. */
export function exitWithoutChromium(): void {
  const missing = missingChromium();
  if (!missing) return;
  console.error(missing);
  process.exit(1);
}

/** For a browser suite's file: why it is skipped, or null (a failure under CI=true, see suiteSkippedWithout). */
export function browserSuiteSkipped(): string | null {
  return suiteSkippedWithout("browser", missingChromium());
}

/** A suite's stage: the current client built, a server with it on a free port, and a chromium to open it. */
export async function openBrowserSuite(
  slotMs: number,
): Promise<{ server: RunningServer; browser: Browser; url: string }> {
  await buildClient();
  const port = await freePort();
  const server = await startServer({ port, host: "127.0.0.1", database: ":memory:", slotMs });
  return { server, browser: await launchChromium(), url: `http://127.0.0.1:${port}/` };
}

/** The chromium flags this machine needs (docs: no background networking on a closed network); playwright gives every launch a fresh temporary --user-data-dir itself (it refuses one in args). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Builds the client into dist/client, as `npm run build` does, so the server serves the current code. Under
 * vitest the slow project's globalSetup (build-once.ts) has built it already for this run: nothing to do.
 */
export async function buildClient(): Promise<void> {
  if (process.env.TRILEMMA_CLIENT_BUILT === "1") return;
  await build({
    configFile: join(import.meta.dirname, "../../client/vite.config.ts"),
    logLevel: "warn",
  });
}
