// Ready setups for a class: every lesson, scenario and workshop file reads as room options; a room made from
// the first lesson carries its players, in their seats and by name, into the next lesson in one restart.
import { Client } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSetups } from "../../server/classroom.ts";
import { type RunningServer, startServer } from "../../server/main.ts";
import { collectRefusals, freePort, ready, until, welcomeOf } from "./helpers.ts";

describe("ready setups for a class", () => {
  let running: RunningServer;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    running = await startServer({ port, database: ":memory:", slotMs: 50, handleSignals: false });
    url = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await running.stop();
  });

  it("reads every lesson, scenario and workshop file, lessons first in chapter order", () => {
    const { setups, problems } = loadSetups();
    expect(problems).toEqual([]);
    const lessons = setups.filter((s) => s.kind === "lesson");
    expect(lessons.map((s) => s.name)).toEqual([
      "layer-1",
      "optimistic-rollup",
      "zk-rollup",
      "shards-sampling",
      "trilemma-wall",
    ]);
    expect(setups.slice(0, 5)).toEqual(lessons);
    // Every lesson seats a class of 30 in the same seats, so a student keeps theirs from lesson to lesson.
    const seatIds = lessons.map((s) => s.options.lineup!.map((seat) => seat.id).join(" "));
    expect(new Set(seatIds).size).toBe(1);
    expect(lessons[0].options.lineup).toHaveLength(30);
    expect(setups.some((s) => s.kind === "workshop" && s.name === "sampling")).toBe(true);
    expect(setups.some((s) => s.kind === "scenario" && s.name === "stalling-cartel")).toBe(true);
  });

  it("serves them, and moves a lesson's room to the next lesson with the class in its seats", async () => {
    const { setups } = (await (await fetch(`${url}/api/setups`)).json()) as ReturnType<typeof loadSetups>;
    const [first, second] = setups;
    const host = await ready(
      new Client(url).create("arena", { name: "Tess", ...first.options, setup: first.name }),
    );
    const student = await ready(new Client(url).joinById(host.roomId, { name: "Uma", role: "challenger" }));
    const { seat } = await welcomeOf(student);
    const listed = async () =>
      (
        (await (await fetch(`${url}/api/rooms`)).json()) as { roomId: string; metadata: { setup?: string } }[]
      ).find((room) => room.roomId === host.roomId)?.metadata.setup;
    expect(await listed()).toBe("layer-1");

    const refusals = collectRefusals(host);
    host.send("restart", { setup: "no-such-lesson" });
    await until(() => refusals.some((r) => r.reason.includes("no-such-lesson")), "the refusal");
    host.send("restart", { setup: second.name });
    // The round number moves first; the new lesson's seats and rules once its engine has started.
    await until(
      () =>
        host.state.round === 2 && host.state.seats.get("sequencer-1")?.strategy === "fraudulent-sequencer",
      "the next lesson's seats",
    );
    expect(host.state.slotsTotal).toBe(second.options.config!.slots);
    expect(host.state.seats.get(seat!)).toMatchObject({ name: "Uma", controller: "player" });
    await until(async () => (await listed()) === "optimistic-rollup", "the room to name its new setup");
    for (const room of [student, host]) await room.leave();
  });
});
