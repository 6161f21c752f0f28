// The client in a real browser against the real server: create a room as a challenger facing a fraudulent
// sequencer, dispute its batch from the panel by the re-execution's verdicts and win; a validator joins from a
// second browser context and sees the same slot; the finished match opens in the replay viewer and scrubs,
// and so does its replay saved as a local file; the lobby works from the keyboard alone; the facilitator
// changes a parameter and restarts with a new seed. Screenshots go to test-results/.
import { mkdirSync, writeFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../server/main.ts";
import { freePort, until } from "../server/helpers.ts";
import { browserSuiteSkipped, buildClient, launchChromium } from "./browser.ts";

const missing = browserSuiteSkipped();

const SHOTS = "test-results";
/**
 * Slow enough that the dispute's chess clock (12 slots) leaves the test seconds to answer each bisection even
 * while the machine is busy, fast enough that the first match finishes within the suite.
 */
const SLOT_MS = 400;
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
    server = await startServer({ port, host: "127.0.0.1", database: ":memory:", slotMs: SLOT_MS });
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

  /** Presses Tab until the element matching `selector` has the focus, as a keyboard user would. */
  async function tabTo(page: Page, selector: string): Promise<void> {
    for (let presses = 0; presses < 40; presses++) {
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      await page.keyboard.press("Tab");
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  /** Replaces the text of the focused field by typing. */
  async function retype(page: Page, text: string): Promise<void> {
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type(text);
  }

  const slotOf = async (page: Page) => Number(await page.locator(".status").getAttribute("data-slot"));
  const myScore = async (page: Page) => Number(await page.locator(".chip.mine").getAttribute("data-score"));

  it("a challenger disputes a fraudulent batch from the panel, wins and scores", async () => {
    challenger = await openPage();
    await challenger.fill("#name", "Ada");
    await challenger.click('button[data-role="challenger"]');
    await challenger.fill("#slots", "64");
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
    // The choice carries the verdict of re-executing the batch from its data.
    const challenge = challenger.locator('.decision[data-key="1"]', { hasText: "root wrong from tx" });
    await challenge.waitFor({ timeout: 20_000 });
    expect(await challenges.count()).toBe(0);
    const before = await myScore(challenger);
    await challenge.click();
    await challenges.waitFor();

    // The bisection by hand, autopilot off: each turn take the answer the re-execution calls true, then the
    // one-step proof. Both answers are on show with their verdicts.
    const won = challenger.locator(".feed li", { hasText: "challenger-1 won the dispute" });
    const lost = challenger.locator(".feed li", { hasText: "sequencer-1 won the dispute" });
    const trueMove = challenger
      .locator(".decision:not([disabled])", { hasText: /\(true by re-execution\)|Prove step/ })
      .first();
    await challenger.locator(".decision", { hasText: "(false)" }).waitFor({ timeout: 20_000 });
    await challenger.screenshot({ path: `${SHOTS}/client-challenger-bisect.png` });
    while (!(await won.isVisible())) {
      await won.or(lost).or(trueMove).first().waitFor({ timeout: 30_000 });
      if (await lost.isVisible()) throw new Error(`the challenger lost: ${await lost.textContent()}`);
      // A new slot may replace the move between seeing and pressing it: the next pass takes the new one.
      if (await trueMove.isVisible()) await trueMove.click({ timeout: 1_000 }).catch(() => {});
    }
    // Winning pays half the sequencer's bond (docs/rules.md, optimistic rollup): the score moves up within a slot or two.
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
    // Its own validators' duties come from its view: a vote falls due at least once an epoch.
    await validator
      .locator(".decision[data-key='v']", { hasText: "Attest honestly with validator" })
      .waitFor({ timeout: 15_000 });
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
    try {
      // "paused" shows once the slot in flight, if any, is applied: from then on nothing moves.
      await challenger.screenshot({ path: `${SHOTS}/client-facilitator.png` });
      await new Promise((resolve) => setTimeout(resolve, 3 * SLOT_MS));
      expect(await slotOf(validator)).toBe(paused);
    } finally {
      // The later tests need the match to finish, whatever this one found.
      await challenger.locator("button", { hasText: "Resume" }).click();
    }
    await until(async () => (await slotOf(validator)) > paused, "the slots to go on after resume");
    await challenger.keyboard.press("Escape");
    await challenger.locator(".panel").waitFor();
  });

  it("opens the finished match in the replay viewer and scrubs", async () => {
    await challenger.locator("button", { hasText: "Results" }).waitFor({ timeout: 40_000 });
    // A finished match takes no more actions: only the autopilot switch is left on the panel.
    await until(
      async () => (await challenger.locator(".decision").count()) === 1,
      "the panel to drop the finished match's choices",
    );
    await challenger.keyboard.press("r");
    await challenger.locator("table.results").waitFor();
    await challenger.locator('tr[data-seat="challenger-1"]').waitFor();
    await challenger.screenshot({ path: `${SHOTS}/client-results.png` });
    await challenger.click("#open-replay");
    await challenger.locator(".hint", { hasText: "Verified" }).waitFor({ timeout: 30_000 });
    await challenger.locator("#scrubber").fill("40");
    await challenger.locator("#replay-position", { hasText: "slot 40 of 64" }).waitFor();
    expect(await slotOf(challenger)).toBe(40);
    await challenger.keyboard.press("ArrowLeft");
    await challenger.locator("#replay-position", { hasText: "slot 39 of 64" }).waitFor();
    expect(await slotOf(challenger)).toBe(39);
    await challenger.screenshot({ path: `${SHOTS}/client-replay.png` });
  });

  it("opens a replay saved as a local file and scrubs it", async () => {
    const [match] = (await (await fetch(`${url}api/matches`)).json()) as { id: string }[];
    const file = `${SHOTS}/client-local-replay.json`;
    writeFileSync(file, await (await fetch(`${url}api/matches/${match.id}/replay`)).text());
    const page = await openPage();
    await page.setInputFiles("#replay-file", file);
    await page.locator(".hint", { hasText: "Verified" }).waitFor({ timeout: 30_000 });
    await page.locator("#scrubber").fill("30");
    await page.locator("#replay-position", { hasText: "slot 30 of 64" }).waitFor();
    expect(await slotOf(page)).toBe(30);
    await page.keyboard.press("ArrowRight");
    await page.locator("#replay-position", { hasText: "slot 31 of 64" }).waitFor();
    await page.screenshot({ path: `${SHOTS}/client-local-replay.png` });
  });

  it("takes a seat from the lobby with the keyboard alone", async () => {
    const page = await openPage();
    // The name field has the focus on arrival.
    await page.locator("#name:focus").waitFor();
    await retype(page, "Kay");
    await tabTo(page, 'button[data-role="sequencer"]');
    await page.keyboard.press("Enter");
    expect(await page.locator('button[data-role="sequencer"]').getAttribute("aria-checked")).toBe("true");
    await tabTo(page, "#slots");
    await retype(page, "60");
    await tabTo(page, "#create");
    await page.keyboard.press("Enter");
    await page.locator(".panel h2", { hasText: "sequencer" }).waitFor();
    expect(await page.locator(".chip.mine").textContent()).toContain("Kay");
    // In the arena the panel's shortcuts are keys too: A hands the duties over.
    await page.keyboard.press("a");
    await page.locator(".panel", { hasText: "Autopilot is off" }).waitFor();
    await page.screenshot({ path: `${SHOTS}/client-keyboard-lobby.png` });
  });

  it("the facilitator changes a parameter for the next round and restarts with a new seed", async () => {
    const page = await openPage();
    await page.fill("#name", "Fay");
    await page.click('button[data-role="validator"]');
    await page.fill("#slots", "200");
    await page.click("#create");
    await page.locator(".status", { hasText: "/200" }).waitFor();
    await page.keyboard.press("d");
    const slots = page.locator('input[name="slots"]');
    // The dashboard starts from the round being played.
    await until(async () => (await slots.inputValue()) === "200", "the dashboard to show this round's slots");
    await slots.fill("48");
    await slots.press("Tab");
    await page.locator(".sent", { hasText: 'Next round: {"slots":48}' }).waitFor();
    await page.fill("#seed", "round-two");
    await page.locator("button", { hasText: "Restart" }).click();
    await page.locator(".round", { hasText: "Round 2" }).waitFor();
    await page.locator(".status", { hasText: "/48" }).waitFor();
    // A facilitator who plays a seat is no referee: the seed stays hidden while the round plays.
    expect(await page.locator(".round").textContent()).toBe("Round 2");
    // Opened again, the dashboard reads the new round's config from the room.
    await page.keyboard.press("Escape");
    await page.locator(".panel h2", { hasText: "validator" }).waitFor();
    await page.keyboard.press("d");
    await until(
      async () => (await slots.inputValue()) === "48",
      "the dashboard to show the new round's slots",
    );
    await page.screenshot({ path: `${SHOTS}/client-facilitator-restart.png` });
  });
});
