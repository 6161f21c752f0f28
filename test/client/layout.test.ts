// A class of 32 seats on ordinary laptops and a projector: at 1280×720, 1366×768 and 1920×1080 the stage (the
// lanes), the seat's panel and the event feed lie inside the viewport with room to be read, the scoreboard
// strip stays one line (your seat and the leaders; the full table on demand), and a shortcut whose button the
// panel has scrolled away still works and brings the button into view. Screenshots go to test-results/.
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../server/main.ts";
import { freePort, until } from "../server/helpers.ts";
import { browserSuiteSkipped, buildClient, launchChromium } from "./browser.ts";

const missing = browserSuiteSkipped();

const SHOTS = "test-results";
/** 32 seats, the most a room takes (server/room-options.ts): the player takes the attacker's, whose panel is longest. */
export const CLASS_LINEUP = [
  ...Array.from({ length: 24 }, () => "validator honest-validator"),
  ...Array.from({ length: 3 }, () => "sequencer honest-sequencer"),
  ...Array.from({ length: 3 }, () => "challenger honest-challenger"),
  ...Array.from({ length: 2 }, () => "attacker honest-validator"),
].join("\n");

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The element's box; retried, as the strip and the panel replace their children while the match plays. */
function box(page: Page, selector: string): Promise<Box> {
  return until(() => page.locator(selector).first().boundingBox(), `${selector} on screen`);
}

function inside(b: Box, viewport: { width: number; height: number }): boolean {
  return (
    b.x >= 0 && b.y >= 0 && b.x + b.width <= viewport.width + 0.5 && b.y + b.height <= viewport.height + 0.5
  );
}

describe.skipIf(missing !== null)("the arena with 32 seats", () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await buildClient();
    const port = await freePort();
    server = await startServer({ port, host: "127.0.0.1", database: ":memory:", slotMs: 500 });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: SIZES[0] })).newPage();
    page.on("pageerror", (error) => console.error("page error:", error));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.fill("#name", "Ada");
    await page.click('button[data-role="attacker"]');
    await page.fill("#lineup", CLASS_LINEUP);
    await page.click("#create");
    await page.locator(".status[data-slot]").waitFor();
    // The attacker's panel lists its coalition's duties once the first view arrives.
    await page.locator(".decision").nth(4).waitFor({ timeout: 20_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const size of SIZES)
    it(`holds at ${size.width}×${size.height}`, async () => {
      await page.setViewportSize(size);
      await page.locator(".chip.mine").waitFor();
      // Phaser's RESIZE scale follows its parent on a later frame: measure once the canvas has caught up.
      await page.waitForFunction(() => {
        const stage = document.querySelector("#stage")?.getBoundingClientRect();
        const canvas = document.querySelector("#stage canvas")?.getBoundingClientRect();
        return (
          !!stage &&
          !!canvas &&
          Math.abs(stage.height - canvas.height) < 1 &&
          Math.abs(stage.width - canvas.width) < 1
        );
      });
      const top = await box(page, "#top");
      const stage = await box(page, "#stage canvas");
      const panel = await box(page, "#left > .panel");
      const feed = await box(page, "#left > .feed");
      await page.screenshot({ path: `${SHOTS}/layout-32-seats-${size.width}x${size.height}.png` });
      for (const [name, b] of Object.entries({ top, stage, panel, feed }))
        expect(inside(b, size), `${name} ${JSON.stringify(b)} inside ${size.width}×${size.height}`).toBe(
          true,
        );
      // One line of scoreboard, however many seats: your seat, three leaders and the button for the rest.
      expect(top.height).toBeLessThanOrEqual(60);
      expect(await page.locator(".scores .chip").count()).toBe(4);
      const mine = await box(page, ".chip.mine");
      expect(mine.y + mine.height, "your own chip shows whole").toBeLessThanOrEqual(top.y + top.height);
      expect(await page.locator(".board-toggle").textContent()).toContain("All 32 seats");
      expect(stage.width).toBeGreaterThanOrEqual(size.width - 340);
      expect(stage.height).toBeGreaterThanOrEqual(size.height - 70);
      expect(panel.height).toBeGreaterThanOrEqual(200);
      expect(feed.height).toBeGreaterThanOrEqual(150);
    });

  it("explains a block of Layer 1 when the pointer rests on it", async () => {
    await page.setViewportSize(SIZES[0]);
    const stage = await box(page, "#stage canvas");
    const tip = page.locator("#stage .tip");
    // The newest blocks sit at the right end of the court's lane (client/arena-view.ts): one of the last few
    // slots has a block, whichever proposers missed theirs.
    await until(async () => {
      for (let back = 1; back <= 4; back++) {
        await page.mouse.move(stage.x + stage.width - 30 * back + 10, stage.y + stage.height - 44);
        if (await tip.isVisible()) return true;
      }
      return false;
    }, "a block to explain itself");
    expect(await tip.textContent()).toMatch(/Block of slot \d+, proposed by validator \d+/);
    await page.screenshot({ path: `${SHOTS}/layout-tooltip.png` });
    await page.mouse.move(stage.x + 40, stage.y + stage.height / 2);
    await tip.waitFor({ state: "hidden" });
  });

  it("guides the first round and says why the score changed, in coins", async () => {
    await page.setViewportSize(SIZES[0]);
    const guide = page.locator(".panel details.guide");
    expect(await guide.getAttribute("open")).not.toBeNull();
    expect(await guide.textContent()).toContain("What you risk");
    // The attacker's validators earn for their votes within the first epochs.
    const change = page.locator(".story .changes li:not(.hint)").first();
    await change.waitFor({ timeout: 30_000 });
    expect(await change.textContent()).toMatch(/slot \d+ [+-]\d+\.\d+ coins \(\w+ [+-]\d+\.\d+/);
    await page.locator("#left > .panel").evaluate((e) => e.scrollTo(0, e.scrollHeight));
    await page.screenshot({ path: `${SHOTS}/layout-score-story.png` });
  });

  it("opens the full table from the keyboard and closes it with Escape", async () => {
    await page.setViewportSize(SIZES[0]);
    await page.keyboard.press("=");
    const rows = page.locator("#board tr[data-seat]");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(32);
    expect(inside(await box(page, "#board"), SIZES[0])).toBe(true);
    await page.screenshot({ path: `${SHOTS}/layout-32-seats-board.png` });
    await page.keyboard.press("Escape");
    await page.locator("#board").waitFor({ state: "hidden" });
  });

  it("a shortcut reaches a button the panel scrolled away, and shows it", async () => {
    await page.setViewportSize(SIZES[0]);
    const panel = page.locator("#left > .panel");
    await panel.evaluate((element) => element.scrollTo(0, 0));
    const key = (await page.locator(".decision").last().getAttribute("data-key"))!;
    // The button by its shortcut: a new slot may add or drop others around it.
    const last = page.locator(`.decision[data-key="${key}"]`);
    const hidden = async () => {
      const [b, p] = await Promise.all([last.boundingBox(), panel.boundingBox()]);
      return !b || !p || b.y + b.height > p.y + p.height;
    };
    expect(await panel.evaluate((e) => e.scrollHeight > e.clientHeight), "the panel overflows").toBe(true);
    expect(await hidden(), "the last choice starts out of view").toBe(true);
    await page.keyboard.press(key);
    await page.locator(".panel .sent").waitFor();
    await until(async () => !(await hidden()), "the pressed choice to scroll into view", 2_000);
  });
});
