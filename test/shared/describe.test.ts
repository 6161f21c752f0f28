import { describe, expect, it } from "vitest";
import { describeEvent } from "../../shared/present/describe.ts";
import { play, seatsOf } from "../helpers.ts";

describe("the event feed", () => {
  it("tells slashings, finality and exits in plain sentences with coins to one decimal", async () => {
    const outcome = await play({ seed: "feed", seats: seatsOf(1, "double-voter"), overrides: { slots: 48 } });
    const lines = outcome.events.map(describeEvent).filter((line): line is string => line !== null);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^Validator \d+ \(double-voter-1\) was slashed for a double vote: −1\.0 coins; 0\.1 to the reporter \(\w+/,
      ),
    );
    expect(lines).toContain("Epoch 3 is final: its blocks can never be reverted.");
    expect(lines).toContainEqual(
      expect.stringMatching(/^Validator \d+ \(double-voter-1\) exits at epoch \d+ \(slashed\)\.$/),
    );
    // Bookkeeping events stay out of the feed.
    expect(outcome.events.filter((e) => e.type === "block").map(describeEvent)).toEqual(
      outcome.events.filter((e) => e.type === "block").map(() => null),
    );
  });
});
