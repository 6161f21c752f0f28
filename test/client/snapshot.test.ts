// What the replay viewer draws comes from snapshotOf an engine state; the lobby reads lineups.
import { describe, expect, it } from "vitest";
import { parseLineup } from "../../client/lineup.ts";
import { snapshotOf } from "../../client/snapshot.ts";
import { feedLines } from "../../shared/present/arena.ts";
import { play } from "../helpers.ts";

describe("the client's view of a match", () => {
  it("projects an engine state as the arena draws it: recent blocks with finality, batches, seats", async () => {
    const outcome = await play({
      seed: "client-snapshot",
      overrides: { slots: 40 },
      seats: [
        { id: "sequencer-1", role: "sequencer", strategy: "fraudulent-sequencer" },
        { id: "challenger-1", role: "challenger", strategy: "honest-challenger" },
      ],
    });
    const s = snapshotOf(outcome.state, feedLines(outcome.events), "finished");
    expect(s.slot).toBe(40);
    expect(s.finalizedEpoch).toBe(outcome.state.finalized.epoch);
    expect(s.blocks.every((b) => b.slot >= 40 - 32)).toBe(true);
    expect(s.blocks.some((b) => b.finalized)).toBe(s.finalizedEpoch * 8 >= 40 - 32);
    expect(Object.keys(s.seats).sort()).toEqual(["challenger-1", "sequencer-1"]);
    expect(s.feed.some((line) => line.text.includes("challenger-1 won the dispute"))).toBe(true);
    expect(s.rollups.map((r) => r.kind).sort()).toEqual(["optimistic", "zk"]);
  });

  it("reads a lineup as one seat per line, numbered per role", () => {
    expect(
      parseLineup("validator honest-validator\nattacker stalling-cartel 12\n\nvalidator double-voter"),
    ).toEqual([
      { id: "validator-1", role: "validator", strategy: "honest-validator" },
      { id: "attacker-1", role: "attacker", strategy: "stalling-cartel", validators: 12 },
      { id: "validator-2", role: "validator", strategy: "double-voter" },
    ]);
  });
});
