// `npm run bench:browser`: frames per second while the client renders a live default match (256 slots, the
// default lineup) in headless chromium, played from the arena's attacker seat: its panel builds every role's
// choices from the seat's view each slot. Prints the median frame time and the slow tail (the 95th-percentile
// frame time, i.e. the 5th-percentile fps). Flags: --slots N --slot-ms M (default 256 × 250 ms: every slot of a
// default match, four times faster than live, so more redraws per second than a real room), --role R (default
// attacker; `watch` for a spectator).
import { parseArgs } from "node:util";
import { startServer } from "../server/main.ts";
import { buildClient, launchChromium, missingChromium } from "../test/client/browser.ts";
import { freePort } from "../test/server/helpers.ts";

const { values } = parseArgs({
  options: {
    slots: { type: "string", default: "256" },
    "slot-ms": { type: "string", default: "250" },
    role: { type: "string", default: "attacker" },
  },
});
const slots = Number(values.slots);
const slotMs = Number(values["slot-ms"]);

const missing = missingChromium();
if (missing) {
  console.error(missing);
  process.exit(1);
}
await buildClient();
const port = await freePort();
const server = await startServer({ port, host: "127.0.0.1", database: ":memory:", slotMs });
const browser = await launchChromium();
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.click(`button[data-role="${values.role}"]`);
  await page.fill("#slots", String(slots));
  await page.click("#create");
  await page.locator(".status[data-slot]").waitFor();
  // Frame times from requestAnimationFrame, until the match is over.
  // A string, not a function: the page runs it as it is, with no helper a bundler might wrap it in.
  const frames: number[] = await page.evaluate(`new Promise((resolve) => {
    const times = [];
    let last = performance.now();
    function frame(now) {
      times.push(now - last);
      last = now;
      const slot = Number(document.querySelector(".status")?.getAttribute("data-slot"));
      if (slot >= ${slots}) resolve(times);
      else requestAnimationFrame(frame);
    }
    requestAnimationFrame(frame);
  })`);
  frames.shift();
  const sorted = [...frames].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const median = at(0.5);
  const tail = at(0.95);
  console.log(
    `browser (${values.role}): ${slots} slots × ${slotMs} ms, ${frames.length} frames · median frame ${median.toFixed(1)} ms ` +
      `(${(1000 / median).toFixed(1)} fps) · 95th-percentile frame ${tail.toFixed(1)} ms ` +
      `(5th-percentile ${(1000 / tail).toFixed(1)} fps) · target: median ≥ 50 fps`,
  );
} finally {
  await browser.close();
  await server.stop();
}
