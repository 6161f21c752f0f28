// A room's saves of its match (server/match-saver.ts): each epoch appends its part of the replay, and no slot is
// lost when a save fails or when the room drops an epoch's record (the round stopped while the slot played).
import { afterEach, describe, expect, it, vi } from "vitest";
import type { EnginePool } from "../../server/engine-pool.ts";
import { MatchSaver } from "../../server/match-saver.ts";
import type { MatchRecord } from "../../server/room-engine.ts";
import { DEFAULT_LINEUP } from "../../server/room-options.ts";
import { SeatRegistry } from "../../server/seats.ts";
import { type MatchStore, openStore } from "../../server/store.ts";
import {
  advance,
  createMatch,
  type ReplayCount,
  ReplayRecorder,
  resolveConfig,
  type SeatSpec,
} from "../../shared/index.ts";

/** A match recorded 8 slots at a time, the records an engine thread would hand its room, and its saver. */
function match(store: MatchStore) {
  const config = resolveConfig("phase0", { slots: 24 });
  const seats = DEFAULT_LINEUP.map((seat) => ({ ...seat })) as SeatSpec[];
  const state = createMatch({ config, seed: "saver", seats });
  const recorder = new ReplayRecorder(config, "saver", seats, 4);
  /** The same match recorded whole, as a recorder that never releases holds it. */
  const whole = new ReplayRecorder(config, "saver", seats, 4);
  let recorded: ReplayCount = { slots: 0, snapshots: 0 };
  const record = (since: ReplayCount = recorded): MatchRecord => {
    const { slots, snapshots, lastRoot } = recorder.progress;
    const replay = recorder.partsSince(since);
    recorded = { slots, snapshots };
    return { replay, seed: "saver", slots, stateRoot: lastRoot, scores: [] };
  };
  const play = () => {
    for (let i = 0; i < 8; i++) {
      const result = advance(state, {});
      recorder.record({}, result);
      whole.record({}, result);
    }
  };
  const engines = { finish: async (_room: string, since: ReplayCount) => record(since) } as EnginePool;
  const saver = new MatchSaver(store, "room");
  saver.begin(1, "phase0");
  const registry = new SeatRegistry({ slot: () => 0, score: () => 0 });
  return { recorder, whole, record, play, engines, saver, registry };
}

/** A store whose first save fails (the disk was full), logged quietly. */
async function storeFailingOnce(): Promise<MatchStore> {
  const store = await openStore(":memory:");
  const save = store.save.bind(store);
  let failures = 1;
  vi.spyOn(store, "save").mockImplementation(async (...args) => {
    if (failures-- > 0) throw new Error("disk full");
    return save(...args);
  });
  vi.spyOn(console, "error").mockImplementation(() => undefined);
  return store;
}

describe("the match saver", () => {
  afterEach(() => vi.restoreAllMocks());

  it("saves a failed epoch's slots with the next save", async () => {
    const store = await storeFailingOnce();
    const { recorder, record, play, engines, saver, registry } = match(store);
    play();
    saver.checkpoint(record(), registry);
    play();
    saver.checkpoint(record(), registry);
    play();
    await saver.finish(engines, registry, false);
    expect(await store.replay(saver.id)).toBe(recorder.toJson(false));
    await store.close();
  });

  it("asks the last save since what it received: an epoch's record the room dropped is not lost", async () => {
    const store = await openStore(":memory:");
    const { recorder, record, play, engines, saver, registry } = match(store);
    play();
    saver.checkpoint(record(), registry);
    play();
    record(); // the slot's outcome came back after the round stopped: its record is dropped
    play();
    await saver.finish(engines, registry, true);
    expect(await store.replay(saver.id)).toBe(recorder.toJson(true));
    expect((await store.get(saver.id))?.slots).toBe(24);
    await store.close();
  });

  it("stores the whole match when the engine thread lets go of each part its room received", async () => {
    const store = await storeFailingOnce();
    const { recorder, whole, record, play, engines, saver, registry } = match(store);
    for (let epoch = 0; epoch < 2; epoch++) {
      play();
      saver.checkpoint(record(), registry);
      recorder.release(saver.held);
    }
    // What was released is gone from the engine thread: it cannot be handed out twice, nor the whole replay.
    expect(() => recorder.partsSince({ slots: 0, snapshots: 0 })).toThrow(/released/);
    expect(() => recorder.toJson()).toThrow(/released/);
    expect(recorder.progress.slots).toBe(16);
    play();
    await saver.finish(engines, registry, false);
    expect(await store.replay(saver.id)).toBe(whole.toJson(false));
    await store.close();
  });
});
