import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSeatRuns, DEFAULT_BUDGET, takeTurn } from "../../runtime/match.ts";
import { DEFAULT_LINEUP } from "../../server/room-options.ts";
import { advance, createMatch, getPlayerView, resolveConfig, type SeatSpec } from "../../shared/index.ts";
import { applyDelta, diffView } from "../../shared/present/view-delta.ts";

/** What crosses the wire: plain JSON, nothing shared with the sender. */
const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value));

describe("PlayerView deltas for remote bots", () => {
  it("turns any JSON value into any other", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (before, after) => {
        const copy = applyDelta(wire(before), wire(diffView(before, after)));
        expect(JSON.stringify(copy)).toBe(JSON.stringify(after));
      }),
    );
  });

  it("keeps a remote copy equal to the seat's view slot after slot, for less than the whole view", async () => {
    const state = createMatch({
      config: resolveConfig("phase0", { slots: 48 }),
      seed: "delta",
      seats: DEFAULT_LINEUP.map((seat) => ({ ...seat }) as SeatSpec),
    });
    const runs = await createSeatRuns(state, DEFAULT_BUDGET);
    const copies = new Map<string, { sent: unknown; remote: unknown }>();
    let deltaBytes = 0;
    let viewBytes = 0;
    while (state.slot < state.config.slots) {
      const actions: Record<string, unknown[]> = {};
      for (const run of runs) actions[run.id] = await takeTurn(run, state, DEFAULT_BUDGET);
      advance(state, actions);
      for (const seat of ["validator-1", "sequencer-1", "challenger-1"]) {
        const view = getPlayerView(state, seat);
        const copy = copies.get(seat) ?? { sent: undefined, remote: undefined };
        const ops = diffView(copy.sent, view);
        copy.sent = applyDelta(copy.sent, structuredClone(ops));
        copy.remote = applyDelta(copy.remote, wire(ops));
        copies.set(seat, copy);
        expect(copy.remote).toEqual(wire(view));
        if (state.slot > 24) {
          deltaBytes += JSON.stringify(ops).length;
          viewBytes += JSON.stringify(view).length;
        }
      }
    }
    expect(deltaBytes).toBeLessThan(viewBytes / 4);
  });
});
