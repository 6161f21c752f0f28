import { describe, expect, it } from "vitest";
import { play, SHORT_CLOCKS } from "../helpers.ts";

async function optimisticRun(strategy: string) {
  const outcome = await play({
    seed: "mev",
    seats: [{ id: "seq", role: "sequencer", strategy }],
    overrides: { ...SHORT_CLOCKS, slots: 96 },
  });
  return { outcome };
}

describe("the MEV sequencer", () => {
  it("reorders across senders only: its batches skip no more transactions than honest ones, and it extracts value", async () => {
    const honest = await optimisticRun("honest-sequencer");
    const mev = await optimisticRun("mev-sequencer");
    const finalized = (run: typeof honest) =>
      run.outcome.state.l2.rollups.find((r) => r.kind === "optimistic")!.txsFinalized;
    // Skipped transactions (a broken nonce order) would leave the finalized count well below honest play.
    expect(finalized(mev)).toBeGreaterThanOrEqual(Math.floor(finalized(honest) * 0.95));
    const gains = mev.outcome.scores.find((s) => s.id === "seq")!.breakdown.attackGains;
    expect(gains).toBeGreaterThan(0);
    console.log(
      `MEV extracted ${gains / 1000} coins; finalized ${finalized(mev)} vs honest ${finalized(honest)} txs`,
    );
  });
});
