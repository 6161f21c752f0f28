// The engine threads: rooms' matches play off the rooms' thread; one room's error leaves the others playing.
import { afterAll, describe, expect, it } from "vitest";
import { EnginePool } from "../../server/engine-pool.ts";
import type { SlotRequest } from "../../server/room-engine.ts";
import { DEFAULT_LINEUP } from "../../server/room-options.ts";
import { assembleReplay, resolveConfig, type SeatSpec, verifyReplay } from "../../shared/index.ts";

const lineup = DEFAULT_LINEUP.map((seat) => ({ ...seat })) as SeatSpec[];
const botsOnly: SlotRequest = { seats: {}, viewSeats: [], freshViews: [] };
const challengers = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    id: `challenger-x${i}`,
    role: "challenger",
    strategy: "honest-challenger",
  })) as SeatSpec[];

describe("the engine pool", () => {
  const pool = new EnginePool(1);
  afterAll(() => pool.destroy());

  it("plays a room's slots in a thread, and its replay verifies", async () => {
    const config = resolveConfig("phase0", { slots: 6 });
    const started = await pool.start("room-a", { config, seed: "pool", lineup }, []);
    expect(started.seats).toContain("sequencer-1");
    expect(started.projection.slot).toBe(0);
    let outcome = await pool.playSlot("room-a", botsOnly);
    while (!outcome.finished) outcome = await pool.playSlot("room-a", botsOnly);
    expect(outcome.projection.slot).toBe(6);
    expect(Object.keys(outcome.projection.blocks).length).toBeGreaterThan(0);
    const record = await pool.finish("room-a", { slots: 0, snapshots: 0 });
    expect(record).toMatchObject({ seed: "pool", slots: 6 });
    // The synced root is the stored one's first characters.
    expect(record.stateRoot.startsWith(outcome.projection.stateRoot)).toBe(true);
    // No epoch ended in 6 slots: the last record holds the whole replay.
    const { header, slots, snapshots } = record.replay;
    const replay = JSON.parse(assembleReplay(header, false, slots, snapshots));
    expect(verifyReplay(replay)).toEqual({ ok: true, slots: 6 });
  });

  it("lets a light room's slot through while a heavy room on the same thread plays its seats", async () => {
    const heavy = [...lineup, ...challengers(26)];
    const config = resolveConfig("phase0", { slots: 60, l2TxPerSlot: 500 });
    await pool.start("heavy", { config, seed: "heavy", lineup: heavy }, []);
    await pool.start("light", { config, seed: "light", lineup }, []);
    // Batches to watch, so that the heavy room's challengers have work each slot.
    for (let slot = 0; slot < 12; slot++) await pool.playSlot("heavy", botsOnly);
    for (let slot = 0; slot < 5; slot++) {
      const answered: string[] = [];
      await Promise.all(
        ["heavy", "light"].map((room) => pool.playSlot(room, botsOnly).then(() => answered.push(room))),
      );
      // Asked second, answered first: it did not wait for the heavy room's 32 seats.
      expect(answered).toEqual(["light", "heavy"]);
    }
    for (const room of ["heavy", "light"]) await pool.close(room);
  });

  it("answers a failing call with its error and goes on playing the thread's other rooms", async () => {
    const config = resolveConfig("phase0", { slots: 20 });
    await pool.start("room-b", { config, seed: "other", lineup }, []);
    await expect(pool.playSlot("never-started", botsOnly)).rejects.toThrow(/no match is running for room/);
    const outcome = await pool.playSlot("room-b", botsOnly);
    expect(outcome.projection.slot).toBe(1);
  });

  it("sends a player only its own intents' refusals, and a view-taking seat its PlayerView as a delta", async () => {
    const config = resolveConfig("phase0", { slots: 20 });
    const started = await pool.start("room-c", { config, seed: "views", lineup }, ["validator-1"]);
    const others = started.projection.seats["validator-2"];
    expect(others?.private).toBeUndefined();
    const mine = started.projection.seats["validator-1"]?.private;
    expect(mine?.validators.length).toBeGreaterThan(0);
    const outcome = await pool.playSlot("room-c", {
      seats: {
        "validator-1": { player: true, autopilot: true, intents: [{ type: "exit", validator: 999 }] },
      },
      viewSeats: ["validator-1"],
      freshViews: [],
    });
    expect(outcome.refusals).toEqual([
      expect.objectContaining({ seat: "validator-1", action: { type: "exit", validator: 999 } }),
    ]);
    expect(Object.keys(outcome.views)).toEqual(["validator-1"]);
    expect(outcome.views["validator-1"].slot).toBe(1);
  });
});
