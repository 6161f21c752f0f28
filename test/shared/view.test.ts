// A PlayerView shows what its seat could know (docs/rules.md, "What each role sees"), on small constructed states.
import { describe, expect, it } from "vitest";
import { createMatch, type EngineState, getPlayerView, type Hex, resolveConfig } from "../../shared/index.ts";

function match(): EngineState {
  return createMatch({
    config: resolveConfig("phase0", { slots: 16 }),
    seed: "view",
    seats: [
      { id: "sequencer-1", role: "sequencer", strategy: "withholding-sequencer" },
      { id: "challenger-1", role: "challenger", strategy: "honest-challenger" },
    ],
  });
}

const hex = (c: string) => c.repeat(64) as Hex;

describe("a seat's PlayerView", () => {
  it("shows another seat's waiting postBatch without its claimed trace or released chunks, and the poster all of it", () => {
    const state = match();
    const action = {
      type: "postBatch" as const,
      rollup: "optimistic",
      txs: [1, 2],
      trace: [hex("a")],
      release: 3,
    };
    state.mempool.push({ id: hex("b"), seat: "sequencer-1", submittedSlot: 0, action });
    expect(getPlayerView(state, "challenger-1").mempool.map((op) => op.action)).toEqual([
      { type: "postBatch", rollup: "optimistic", txs: [1, 2] },
    ]);
    expect(getPlayerView(state, "sequencer-1").mempool.map((op) => op.action)).toEqual([action]);
  });

  it("shows a blob's released chunks only once it is judged", () => {
    const state = match();
    const blob = { shard: 0, slot: 0, batch: hex("c"), txCount: 10, released: 3, samples: {}, votes: {} };
    state.l2.blobs.push(
      { ...blob, id: hex("d"), verdict: "pending" },
      { ...blob, id: hex("e"), verdict: "unavailable" },
    );
    const shown = getPlayerView(state, "challenger-1").l2.blobs;
    expect(shown.find((b) => b.id === hex("d"))).not.toHaveProperty("released");
    expect(shown.find((b) => b.id === hex("e"))?.released).toBe(3);
  });
});
