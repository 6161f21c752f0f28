// A student reloads the tab mid-match: the tab keeps its reconnection token, returns to the same seat with its
// name, and the scoreboard never lists the player twice; a second tab of the same browser is a new player.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/main.ts";
import { until } from "../server/helpers.ts";
import { browserSuiteSkipped, openBrowserSuite } from "./browser.ts";

const missing = browserSuiteSkipped();

describe.skipIf(missing !== null)("reloading the tab", () => {
  let server: RunningServer;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    ({ server, browser, url } = await openBrowserSuite(500));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("returns to the same seat, listed once", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const errors: Error[] = [];
    page.on("pageerror", (error) => errors.push(error));
    await page.goto(url);
    await page.fill("#name", "Rosa");
    await page.click('button[data-role="validator"]');
    await page.click("#create");
    const heading = page.locator(".panel h2", { hasText: "validator" });
    await heading.waitFor();
    const seat = await heading.textContent();
    const named = page.locator("#board tr", { hasText: "Rosa" });
    const slotBefore = Number(await page.locator(".status").getAttribute("data-slot"));

    await page.reload();
    // Back in the arena without touching the lobby, on the seat held before, with the match gone on.
    await heading.waitFor({ timeout: 20_000 });
    expect(await heading.textContent()).toBe(seat);
    expect(await page.locator(".chip.mine").textContent()).toContain("Rosa");
    await until(
      async () => Number(await page.locator(".status").getAttribute("data-slot")) > slotBefore,
      "the match to go on",
    );
    // Once the server has had a slot to hand a lost seat to its bot, the name still shows once.
    await page.waitForTimeout(1_000);
    // The full table is built while it is open (client/hud.ts).
    await page.keyboard.press("=");
    expect(await named.count()).toBe(1);
    await page.keyboard.press("Escape");

    // Another tab is another player: it takes a seat of its own from the lobby.
    const second = await context.newPage();
    await second.goto(url);
    await second.locator("#rooms button").first().waitFor();
    expect(await second.locator(".panel").count()).toBe(0);
    await second.close();
    expect(errors).toEqual([]);
    await context.close();
  });
});
