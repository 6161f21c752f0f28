// What the renderer draws: snapshotOf an engine state for the replay viewer, the live room's state mirrored
// through the SDK's state callbacks; the lobby reads lineups.
import { Client, getStateCallbacks } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseLineup } from "../../client/lineup.ts";
import { type ArenaSnapshot, mirrorArena, snapshotOf } from "../../client/snapshot.ts";
import type { RunningServer } from "../../server/main.ts";
import { BATCH_STATUSES, BLOB_VERDICTS } from "../../shared/index.ts";
import { feedLines } from "../../shared/present/arena.ts";
import type { ArenaStateType } from "../../shared/present/arena-schema.ts";
import { play } from "../helpers.ts";
import { startTestServer, until } from "../server/helpers.ts";

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

describe("the client's mirror of a live room", () => {
  let running: RunningServer;
  let url: string;
  beforeAll(async () => {
    ({ running, url } = await startTestServer());
  });
  afterAll(async () => {
    await running.stop();
  });

  it("after every patch, the snapshot read through the state callbacks is the synced state, across a restart", async () => {
    const referee = await new Client(url).create("arena", {
      name: "teacher",
      config: { slots: 400 },
      lineup: [
        { id: "sequencer-1", role: "sequencer", strategy: "withholding-sequencer" },
        { id: "challenger-1", role: "challenger", strategy: "honest-challenger" },
        { id: "validator-1", role: "validator", strategy: "double-voter" },
      ],
    });
    const player = await new Client(url).joinById(referee.roomId, { name: "pat", role: "challenger" });
    const mismatches: string[] = [];
    const reads = [referee, player].map((room) => {
      const read = mirrorArena(getStateCallbacks(room)!, room.state as ArenaStateType);
      room.onStateChange((state: { toJSON(): unknown }) => {
        const expected = snapshotFromJson(state.toJSON() as Json);
        const actual = read();
        const [a, e] = [sortKeys(actual) as Json, sortKeys(expected) as Json];
        for (const key of Object.keys({ ...a, ...e }))
          if (JSON.stringify(a[key]) !== JSON.stringify(e[key]))
            mismatches.push(
              `slot ${actual.slot}, ${key}: ${JSON.stringify(a[key])?.slice(0, 300)} vs ${JSON.stringify(e[key])?.slice(0, 300)}`,
            );
      });
      return read;
    });
    await until(() => referee.state.slot >= 24, "24 slots", 60_000);
    referee.send("restart", {});
    await until(
      () => referee.state.round === 2 && referee.state.slot >= 8,
      "eight slots of round two",
      60_000,
    );
    expect(mismatches).toEqual([]);
    const [refereeSees, playerSees] = reads.map((read) => read());
    expect(playerSees.seats["challenger-1"].private?.balance).toBeGreaterThan(0);
    expect(playerSees.referee).toBeUndefined();
    expect(refereeSees.referee?.strategies["sequencer-1"]).toBe("withholding-sequencer");
    expect(refereeSees.blocks.length).toBeGreaterThan(5);
    expect(refereeSees.feed.length).toBeGreaterThan(0);
    await Promise.all([referee.leave(), player.leave()]);
  });
});

type Json = Record<string, unknown>;

/** The plain reading the mirror must equal: the whole state's JSON, maps as lists by their keys. */
function snapshotFromJson(json: Json): ArenaSnapshot {
  const list = (field: string, order: (a: Json, b: Json) => number, decode = (item: Json) => item) =>
    Object.entries((json[field] ?? {}) as Record<string, Json>)
      .map(([id, item]) => decode({ id, ...item }))
      .sort(order);
  const by = (key: string) => (a: Json, b: Json) => (a[key] as number) - (b[key] as number);
  const plain = (field: string) => Object.values((json[field] ?? {}) as Record<string, Json>);
  const { config: _config, referee, ...scalars } = json;
  return {
    ...scalars,
    blocks: list("blocks", by("slot")),
    seats: json.seats,
    feed: plain("feed").sort(by("seq")),
    rollups: plain("rollups"),
    batches: list("batches", by("postedSlot"), (b) => ({ ...b, status: BATCH_STATUSES[b.status as number] })),
    disputes: list("disputes", by("openedSlot")),
    blobs: list("blobs", by("slot"), (b) => ({ ...b, verdict: BLOB_VERDICTS[b.verdict as number] })),
    shards: json.shards,
    attacks: list("attacks", by("slot")),
    referee: (referee as Json | undefined)?.seed
      ? {
          ...(referee as Json),
          pendingAttacks: Object.entries((referee as { pendingAttacks: Record<string, Json> }).pendingAttacks)
            .map(([id, item]) => ({ id, ...item }))
            .sort(by("slot")),
        }
      : undefined,
  } as unknown as ArenaSnapshot;
}

/** Key order differs between the two readings; sorted lists with ties keep their keys' order. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .filter((key) => (value as Json)[key] !== undefined)
      .sort()
      .map((key) => [key, sortKeys((value as Json)[key])]),
  );
}
