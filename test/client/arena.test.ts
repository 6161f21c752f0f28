// The client in a real browser against the real server: create a room as a challenger facing a fraudulent
// sequencer, dispute its batch from the panel and win; a validator joins from a second browser context and
// sees the same slot; the finished match opens in the replay viewer and scrubs. Screenshots go to test-results/.
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../server/main.ts";
import { freePort, until } from "../server/helpers.ts";
import { buildClient, launchChromium, missingChromium } from "./browser.ts";

const missing = missingChromium();
if (missing && process.env.CI === "true") throw new Error(`CI needs chromium: ${missing}`);
if (missing) console.warn(`skipping the browser tests: ${missing}`);

const SHOTS = "test-results";
const LINEUP = [
  "validator honest-validator",
  "sequencer fraudulent-sequencer",
  "challenger honest-challenger",
].join("\n");

describe.skipIf(missing !== null)("the browser client", () => {
  let server: RunningServer;
  let browser: Browser;
  let url: string;
  let challenger: Page;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await buildClient();
    const port = await freePort();
    server = await startServer({ port, host: "127.0.0.1", database: ":memory:", slotMs: 150 });
    url = `http://127.0.0.1:${port}/`;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  async function openPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on("pageerror", (error) => console.error("page error:", error));
    await page.goto(url);
    return page;
  }

  const slotOf = async (page: Page) => Number(await page.locator(".status").getAttribute("data-slot"));
  const myScore = async (page: Page) => Number(await page.locator(".chip.mine").getAttribute("data-score"));

  it("a challenger disputes a fraudulent batch from the panel, wins and scores", async () => {
    challenger = await openPage();
    await challenger.fill("#name", "Ada");
    await challenger.click('button[data-role="challenger"]');
    await challenger.fill("#slots", "120");
    await challenger.fill("#lineup", LINEUP);
    // Duties taken over from the start, so that the autopilot's own re-execution does not challenge first.
    await challenger.uncheck("#autopilot");
    await challenger.click("#create");
    await challenger.locator(".status[data-slot]").waitFor();
    const first = await slotOf(challenger);
    await until(async () => (await slotOf(challenger)) > first, "the slot to advance");

    const challenges = challenger.locator(".feed li", {
      hasText: "challenger-1 challenged a batch of sequencer-1",
    });
    const challenge = challenger.locator('.decision[data-key="1"]');
    await challenge.waitFor({ timeout: 20_000 });
    expect(await challenges.count()).toBe(0);
    const before = await myScore(challenger);
    await challenge.click();
    await challenges.waitFor();
    // The autopilot plays the bisection from its own re-execution.
    await challenger.keyboard.press("a");
    await challenger
      .locator(".feed li", { hasText: "challenger-1 won the dispute" })
      .waitFor({ timeout: 30_000 });
    // Winning pays half the sequencer's bond (RULES §3): the score moves up within a slot or two.
    const after = await until(async () => {
      const score = await myScore(challenger);
      return score > before && score;
    }, "the challenger's score to rise");
    expect(after).toBeGreaterThan(before);
    await challenger.screenshot({ path: `${SHOTS}/client-challenger-won.png` });
  });

  it("a validator joining from a second browser sees the same slot; the facilitator pauses it", async () => {
    const validator = await openPage();
    await validator.fill("#name", "Bo");
    await validator.click('button[data-role="validator"]');
    await validator.locator("#rooms button").first().click();
    await validator.locator(".status[data-slot]").waitFor();
    await validator.locator(".panel h2", { hasText: "validator" }).waitFor();
    await until(async () => {
      const [a, b] = await Promise.all([slotOf(challenger), slotOf(validator)]);
      return a === b && a > 0;
    }, "both browsers to show the same slot");
    await validator.screenshot({ path: `${SHOTS}/client-validator.png` });

    // The room's creator is its facilitator: pausing from the dashboard stops the slots for everyone.
    await challenger.keyboard.press("d");
    await challenger.locator("button", { hasText: "Pause" }).click();
    await validator.locator(".status", { hasText: "paused" }).waitFor();
    const paused = await slotOf(validator);
    await challenger.screenshot({ path: `${SHOTS}/client-facilitator.png` });
    expect(await slotOf(validator)).toBe(paused);
    await challenger.locator("button", { hasText: "Resume" }).click();
    await until(async () => (await slotOf(validator)) > paused, "the slots to go on after resume");
    await challenger.keyboard.press("Escape");
    await challenger.locator(".panel").waitFor();
  });

  it("opens the finished match in the replay viewer and scrubs", async () => {
    await challenger.locator("button", { hasText: "Results" }).waitFor({ timeout: 40_000 });
    await challenger.keyboard.press("r");
    await challenger.locator("table.results").waitFor();
    await challenger.locator('tr[data-seat="challenger-1"]').waitFor();
    await challenger.screenshot({ path: `${SHOTS}/client-results.png` });
    await challenger.click("#open-replay");
    await challenger.locator(".hint", { hasText: "Verified" }).waitFor({ timeout: 30_000 });
    await challenger.locator("#scrubber").fill("60");
    await challenger.locator("#replay-position", { hasText: "slot 60 of 120" }).waitFor();
    expect(await slotOf(challenger)).toBe(60);
    await challenger.keyboard.press("ArrowLeft");
    await challenger.locator("#replay-position", { hasText: "slot 59 of 120" }).waitFor();
    expect(await slotOf(challenger)).toBe(59);
    await challenger.screenshot({ path: `${SHOTS}/client-replay.png` });
  });
});
