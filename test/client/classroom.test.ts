// The class around the arena: the lobby lists each room's free seats by role, and after a round the class
// leaderboard page shows each player by name, per role, in coins, and exports it as CSV; the facilitator's
// projector view shows the lanes and the live charts on one screen.
import { readFileSync } from "node:fs";
import { Client } from "@colyseus/sdk";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATUS_COLOURS } from "../../client/network-map.ts";
import type { RunningServer } from "../../server/main.ts";
import { until } from "../server/helpers.ts";
import { browserSuiteSkipped, openBrowserSuite } from "./browser.ts";

const missing = browserSuiteSkipped();

describe.skipIf(missing !== null)("the classroom pages", () => {
  let server: RunningServer;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    ({ server, browser, url } = await openBrowserSuite(100));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function openPage(address = url): Promise<Page> {
    const page = await (
      await browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true })
    ).newPage();
    page.on("pageerror", (error) => console.error("page error:", error));
    await page.goto(address);
    return page;
  }

  /** The font size the arena's canvas draws a text at (the lanes are Phaser text objects, not the page's). */
  function laneTitleSize(page: Page, text: string): Promise<string | undefined> {
    return page.evaluate(
      `window.trilemma.game.scene.getScene("arena").children.list.find((o) => o.text === ${JSON.stringify(text)})?.style.fontSize`,
    );
  }

  /** Rests the pointer over the Layer 2 lanes, right to left, until a card explains itself as `pattern` says. */
  async function explanationOnStage(page: Page, pattern: RegExp): Promise<string> {
    const stage = (await page.locator("#stage canvas").boundingBox())!;
    const tip = page.locator("#stage .tip");
    for (let x = stage.x + stage.width * 0.62; x > stage.x; x -= 15)
      for (let y = stage.y + 60; y < stage.y + stage.height * 0.6; y += 12) {
        await page.mouse.move(x, y);
        const text = (await tip.isVisible()) ? await tip.textContent() : null;
        if (text && pattern.test(text)) return text;
      }
    throw new Error(`nothing on the stage explains itself as ${pattern}`);
  }

  it("lists free seats by role, and ranks the class by name per role with a CSV export", async () => {
    const host = await openPage();
    await host.fill("#name", "Noor");
    await host.click('button[data-role="sequencer"]');
    await host.fill("#slots", "16");
    await host.click("#create");
    await host.locator(".status[data-slot]").waitFor();

    const student = await openPage();
    // The default lineup's six seats less the host's sequencer.
    await student
      .locator("#rooms .free-seats", { hasText: "free: 3 validator, 1 challenger, 1 attacker" })
      .waitFor();

    await host.locator("button", { hasText: "Results" }).waitFor({ timeout: 30_000 });
    // The default challenge window (time-scaled from 7 days) is far longer than this 16-slot round: the
    // sequencer's batches say they wait for it past the round, and what it stands for.
    const waiting = await explanationOnStage(host, /Waiting for the window/);
    expect(waiting).toMatch(/its \d+-slot challenge window stands for 7 days on mainnet/);
    expect(waiting).toContain("cannot be final in this round");
    await student.click("#leaderboard");
    const row = student.locator('table[data-role="sequencer"] tr[data-name="Noor"]');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/^1Noor1[+-]?\d+\.\d[+-]?\d+\.\d$/);
    const [download] = await Promise.all([student.waitForEvent("download"), student.click("#csv")]);
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv.split("\n")[0]).toBe("name,role,rounds,total_coins,mean_coins");
    expect(csv).toMatch(/^"Noor",sequencer,1,-?\d+\.\d{3},-?\d+\.\d{3}$/m);
    await student.screenshot({ path: "test-results/classroom-leaderboard.png" });
    await student.keyboard.press("Escape");
    await student.locator("#create").waitFor();
  });

  it("draws the network's nodes on the dashboard's world map in their status's colours, with the trilemma", async () => {
    const page = await openPage();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.click('button[data-role="watch"]');
    await page.fill("#slots", "400");
    await page.click("#create");
    await page.locator(".status[data-slot]").waitFor();
    await page.keyboard.press("d");
    // The network's knobs lead the parameters, the outage by region name.
    await page
      .locator("fieldset.knobs select[name='outageRegion'] option", { hasText: "Europe" })
      .waitFor({ state: "attached" });
    expect(await page.locator("fieldset.knobs input[name='blockGas']").inputValue()).toBe("30000000");
    const nodes = page.locator(".network svg.world circle[data-node]");
    await nodes.nth(10).waitFor();
    // Paused, the page's nodes must be the room's: an observer reads the synced sample beside it.
    await page.click("button:text-is('Pause')");
    await page.locator(".status", { hasText: "paused" }).waitFor();
    const code = await page.locator(".join-code").textContent();
    const { roomId } = (await (await fetch(`${url}api/join/${code}`)).json()) as { roomId: string };
    const observer = await new Client(url).joinById(roomId, { name: "observer" });
    const sample = await until(
      () => (observer.state.network?.sample?.length ? observer.state.network.toJSON().sample : null),
      "the observer's copy of the network",
    );
    const drawn = await nodes.evaluateAll((circles) =>
      circles.map((c) => ({
        id: Number(c.getAttribute("data-node")),
        status: c.getAttribute("data-status"),
        fill: c.getAttribute("fill"),
      })),
    );
    expect(drawn.map(({ id, status }) => ({ id, status }))).toEqual(
      (sample as { id: number; status: string }[]).map(({ id, status }) => ({ id, status })),
    );
    for (const node of drawn) expect(node.fill).toBe(STATUS_COLOURS[node.status!]);
    expect(await page.locator(".network dd[data-figure='Nodes keeping up']").textContent()).toMatch(/^\d+%$/);
    expect(await page.locator(".network dd[data-figure='Nakamoto coefficient']").textContent()).toMatch(
      /^\d+ \/ \d+$/,
    );
    const corners = JSON.parse(
      (await page.locator(".triangle polygon.reached").getAttribute("data-corners"))!,
    );
    for (const share of Object.values(corners) as number[]) expect(share).toBeGreaterThanOrEqual(0);
    await page.screenshot({ path: "test-results/classroom-network-map.png" });
    await observer.leave();
    await page.close();
  }, 90_000);

  it("shows a lesson's brief in a private room made from it", async () => {
    const page = await openPage();
    await page.click('button[data-role="watch"]');
    await page.check("#private");
    await page.click('#lessons button[data-setup="layer-1"]');
    await page.locator(".brief summary", { hasText: "Layer 1 alone" }).waitFor({ timeout: 30_000 });
    expect(await page.locator(".brief").textContent()).toContain("cartel");
    await page.close();
  }, 60_000);

  it("puts the lanes, the live charts and the join code on one projector screen; a student joins from its address", async () => {
    const page = await openPage();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.fill("#name", "Fay");
    await page.fill("#slots", "400");
    await page.click("#create");
    await page.locator(".status[data-slot]").waitFor();
    await page.keyboard.press("d");
    await page.keyboard.press("p");
    const charts = page.locator("#left .chart canvas");
    await charts.nth(4).waitFor();
    const stage = await page.locator("#stage canvas").boundingBox();
    expect(stage!.width).toBeGreaterThan(1300);
    expect(await page.locator("#left .panel").count()).toBe(0);
    // The lanes' own text is in large type too (a laptop's arena draws the court's title at 15 px).
    expect(await laneTitleSize(page, "LAYER 1 — the court")).toBe("23px");
    // The code and the QR code of the address that opens the lobby on it.
    const code = (await page.locator("#left .join-code").textContent()) ?? "";
    expect(code).toMatch(/^[A-Z2-9]{5}$/);
    await page.locator("#left .join-card .qr svg").waitFor();
    const address = (await page.locator("#left .join-url").textContent()) ?? "";
    expect(address).toBe(`${url}?join=${code}`);
    const student = await openPage(address);
    expect(await student.inputValue("#room-id")).toBe(code);
    await student.fill("#name", "Gil");
    await student.click('button[data-role="validator"]');
    await student.click("#join-typed");
    await student.locator(".panel h2", { hasText: "validator" }).waitFor();
    await page.keyboard.press("=");
    await page.locator("#board tr", { hasText: "Gil" }).waitFor();
    await page.keyboard.press("Escape");
    await page.locator("#left .feed li").first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: "test-results/classroom-projector.png" });
    await page.keyboard.press("Escape");
    await page.locator("button", { hasText: "Restart" }).waitFor();
  }, 120_000);
});
