// `npm run rehearse`: a 45-minute class, compressed. A facilitator and 29 more SDK clients (27 students in
// seats, 2 watching) and 3 chromium pages (a validator, a sequencer and a challenger) play three lessons of the
// track end to end in one room. In each lesson the facilitator pauses, changes a parameter for the next round
// and resumes; then every page is reloaded and must come back to its seat; at the lesson's end the facilitator
// starts the next one. Prints, per lesson, the slots played and how many started on time (within half a slot of the
// previous one's schedule, the pause left out), the reconnections after the forced reloads, and every page
// error. Flags: --slots N (per lesson, default 96) --slot-ms M (default 250). Not part of `npm test`.
import { parseArgs } from "node:util";
import { matchMaker } from "@colyseus/core";
import { Client, type Room } from "@colyseus/sdk";
import type { Page } from "playwright-core";
import { loadSetups } from "../server/classroom.ts";
import type { SlotTimings } from "../server/slot-clock.ts";
import { exitWithoutChromium, openBrowserSuite } from "../test/client/browser.ts";
import { ready, until } from "../test/server/helpers.ts";

const { values } = parseArgs({
  options: { slots: { type: "string", default: "96" }, "slot-ms": { type: "string", default: "250" } },
});
const slots = Number(values.slots);
const slotMs = Number(values["slot-ms"]);
exitWithoutChromium();

const LESSONS = loadSetups()
  .setups.filter((setup) => setup.kind === "lesson")
  .slice(0, 3);
/** The lessons seat 20 validators, 4 sequencers, 4 challengers and 2 attackers; the pages take one of three. */
const STUDENT_ROLES = [
  ...Array(19).fill("validator"),
  ...Array(3).fill("sequencer"),
  ...Array(3).fill("challenger"),
  ...Array(2).fill("attacker"),
];
const PAGE_ROLES = ["validator", "sequencer", "challenger"];

const stage = await openBrowserSuite(slotMs);
const { server, browser } = stage;
const url = stage.url.replace(/\/$/, "");
const errors: string[] = [];
const sdk: Room[] = [];
try {
  const first = LESSONS[0];
  const facilitator = await ready(
    new Client(url).create("arena", {
      name: "Facilitator",
      ...first.options,
      config: { ...first.options.config, slots },
      setup: first.name,
    }),
  );
  sdk.push(facilitator);
  const roomId = facilitator.roomId;
  for (const [i, role] of STUDENT_ROLES.entries())
    sdk.push(await ready(new Client(url).joinById(roomId, { name: `student-${i + 1}`, role })));
  for (const i of [1, 2]) sdk.push(await ready(new Client(url).joinById(roomId, { name: `watcher-${i}` })));

  const pages: Page[] = [];
  /** Each page's seat, as its panel's heading names it when it joined. */
  const seats: string[] = [];
  for (const role of PAGE_ROLES) {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    page.on("pageerror", (error) => errors.push(`${role} page: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`${role} page console: ${message.text()}`);
    });
    await page.goto(`${url}/`);
    await page.fill("#name", `browser-${role}`);
    await page.click(`button[data-role="${role}"]`);
    await page.locator("#rooms button", { hasText: roomId }).click();
    await page.locator(".panel h2", { hasText: role }).waitFor({ timeout: 30_000 });
    pages.push(page);
    seats.push((await page.locator(".panel h2").textContent()) ?? "");
  }
  console.log(
    `rehearsal: ${sdk.length} SDK clients and ${pages.length} pages in room ${roomId}, ${slots} slots × ${slotMs} ms a lesson`,
  );

  // Joining a class takes a while on a busy machine: the first lesson starts again once everyone is in.
  facilitator.send("setParams", { config: { slots } });
  facilitator.send("restart", { setup: first.name });
  const room = () =>
    matchMaker.getLocalRoomById(roomId) as unknown as { rounds: { slots: { timings: SlotTimings } } };
  const slot = () => facilitator.state.slot as number;
  for (const [index, lesson] of LESSONS.entries()) {
    // The round number moves first, the slot once the new lesson's engine has started (a pause before that
    // would land on the round being replaced).
    await until(
      () => facilitator.state.round === index + 2 && slot() < slots / 4,
      `lesson ${index + 1}`,
      60_000,
    );
    await until(() => slot() >= slots / 4, "a quarter of the lesson", 120_000);
    const pausedAt = performance.now();
    facilitator.send("pause", {});
    await until(() => facilitator.state.phase !== "running", "the pause", 60_000);
    await new Promise((r) => setTimeout(r, 1_000));
    facilitator.send("setParams", { config: { slots, challengeWindow: 12 + index } });
    facilitator.send("resume", {});
    const resumedAt = performance.now();
    const paused = facilitator.state.phase !== "finished";
    // A forced reload of every page: each must come back to the seat it held.
    let back = 0;
    for (const [i, page] of pages.entries()) {
      await page.reload();
      const returned = await page
        .locator(".panel h2", { hasText: seats[i] })
        .waitFor({ timeout: 30_000 })
        .then(() => true)
        .catch(() => false);
      if (returned) back += 1;
      else await page.screenshot({ path: `test-results/rehearse-lost-seat-${i}.png` });
    }
    await until(() => facilitator.state.phase === "finished", "the end of the lesson", 120_000);
    const starts = [...room().rounds.slots.timings.startedAt];
    // On time: within half a slot of one slot after the previous start; the slot after the pause is left out.
    let onTime = 0;
    let counted = 0;
    for (let k = 1; k < starts.length; k++) {
      if (starts[k - 1] <= resumedAt && starts[k] >= pausedAt) continue;
      counted += 1;
      if (starts[k] - starts[k - 1] <= slotMs * 1.5) onTime += 1;
    }
    console.log(
      `lesson ${index + 1} (${lesson.title}): ${starts.length} slots played${paused ? "" : " (ended before the pause)"}, ${onTime} of ${counted} on time · ` +
        `${room().rounds.slots.timings.deferred} ticks deferred · reconnections after forced reloads ${back}/${pages.length} · ` +
        `page errors so far ${errors.length}`,
    );
    const next = LESSONS[index + 1];
    if (next) facilitator.send("restart", { setup: next.name });
  }
  console.log(errors.length ? `page errors:\n  ${errors.join("\n  ")}` : "page errors: none");
} finally {
  for (const r of sdk) await r.leave().catch(() => {});
  await browser.close();
  await server.stop();
}
