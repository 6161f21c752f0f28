// `npm run bench:browser`: frames per second while the client renders a live match in headless chromium at
// 1280×720, a class of 32 seats by default, played from the arena's attacker seat: its panel builds every
// role's choices from the seat's view each slot. Prints the median frame time and the slow tail (the
// 95th-percentile frame time, i.e. the 5th-percentile fps), and the panel's time to respond to a key press (the
// autopilot shortcut, from the key to the next painted frame with the panel's answer). Flags: --slots N
// --slot-ms M (default 256 × 250 ms: every slot of a default match, four times faster than live, so more
// redraws per second than a real room), --role R (default attacker; `watch` for a spectator), --seats N
// (default 32; 0 for the default six-seat lineup).
import { parseArgs } from "node:util";
import { exitWithoutChromium, openBrowserSuite } from "../test/client/browser.ts";

/** A class: mostly validators, a few of every other role (the lobby's lineup box, one seat a line). */
function classLineup(seats: number): string {
  const roles = ["sequencer", "challenger", "attacker"];
  const strategies: Record<string, string> = {
    validator: "honest-validator",
    sequencer: "honest-sequencer",
    challenger: "honest-challenger",
    attacker: "honest-validator",
  };
  return Array.from({ length: seats }, (_, i) => {
    const role = i % 4 === 3 ? roles[Math.floor(i / 4) % 3] : "validator";
    return `${role} ${strategies[role]}`;
  }).join("\n");
}

const { values } = parseArgs({
  options: {
    slots: { type: "string", default: "256" },
    "slot-ms": { type: "string", default: "250" },
    role: { type: "string", default: "attacker" },
    seats: { type: "string", default: "32" },
  },
});
const slots = Number(values.slots);
const slotMs = Number(values["slot-ms"]);

exitWithoutChromium();
const { server, browser, url } = await openBrowserSuite(slotMs);
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  await page.goto(url);
  await page.click(`button[data-role="${values.role}"]`);
  await page.fill("#slots", String(slots));
  if (Number(values.seats) > 0) await page.fill("#lineup", classLineup(Number(values.seats)));
  await page.click("#create");
  await page.locator(".status[data-slot]").waitFor();
  // Frame times from requestAnimationFrame, until the match is over; every 700 ms the autopilot key, timed
  // until a frame is painted with the panel's answer (an even number of presses leaves the autopilot as it was).
  // A string, not a function: the page runs it as it is, with no helper a bundler might wrap it in.
  const { frames, keys }: { frames: number[]; keys: number[] } =
    await page.evaluate(`new Promise((resolve) => {
    const times = [];
    const keys = [];
    let last = performance.now();
    let pressedAt = 0;
    const message = () => document.querySelector(".panel .sent, .panel .refusal");
    const press = setInterval(() => {
      if (pressedAt || ${values.role === "watch"} || !message()) return;
      message().textContent = "";
      pressedAt = performance.now();
      window.dispatchEvent(new KeyboardEvent("keydown", { key: "a" }));
    }, 700);
    function frame(now) {
      times.push(now - last);
      last = now;
      if (pressedAt && message()?.textContent) {
        keys.push(performance.now() - pressedAt);
        pressedAt = 0;
      }
      const slot = Number(document.querySelector(".status")?.getAttribute("data-slot"));
      if (slot >= ${slots}) {
        clearInterval(press);
        resolve({ frames: times, keys });
      } else requestAnimationFrame(frame);
    }
    requestAnimationFrame(frame);
  })`);
  frames.shift();
  const quantile = (values: number[], q: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  };
  const median = quantile(frames, 0.5);
  const tail = quantile(frames, 0.95);
  console.log(
    `browser (${values.role}, ${values.seats} seats, 1280×720): ${slots} slots × ${slotMs} ms, ${frames.length} frames · ` +
      `median frame ${median.toFixed(1)} ms (${(1000 / median).toFixed(1)} fps) · 95th-percentile frame ` +
      `${tail.toFixed(1)} ms (5th-percentile ${(1000 / tail).toFixed(1)} fps) · target: median ≥ 50 fps`,
  );
  if (keys.length)
    console.log(
      `key to answer: ${keys.length} presses · median ${quantile(keys, 0.5).toFixed(1)} ms · ` +
        `95th percentile ${quantile(keys, 0.95).toFixed(1)} ms · target: 95th percentile < 100 ms`,
    );
} finally {
  await browser.close();
  await server.stop();
}
