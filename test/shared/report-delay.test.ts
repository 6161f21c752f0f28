import { describe, expect, it } from "vitest";
import { play, SHORT_CLOCKS } from "../helpers.ts";

async function reporters(reportDelay?: number): Promise<string[]> {
  const reporters: string[] = [];
  await play({
    seed: "whistle",
    // Seats act in id order: the background ("background") before the player, the offender ("zz-…") last.
    seats: [
      { id: "zz-cheat", role: "validator", strategy: "equivocating-proposer" },
      { id: "player", role: "validator", strategy: "honest-validator" },
    ],
    overrides: { ...SHORT_CLOCKS, slots: 48, ...(reportDelay === undefined ? {} : { reportDelay }) },
    onSlot: ({ events }) => {
      for (const event of events) if (event.type === "slashed") reporters.push(event.reporter);
    },
  });
  return reporters;
}

describe("whistleblowing is winnable (reportDelay)", () => {
  it("by default a player who reports at once is paid, not the background", async () => {
    const paid = await reporters();
    expect(paid.length).toBeGreaterThan(0);
    expect(paid.every((seat) => seat === "player")).toBe(true);
  });

  it("with reportDelay 0 the background races the player", async () => {
    expect(await reporters(0)).toContain("background");
  });
});
