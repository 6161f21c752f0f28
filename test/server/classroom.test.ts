// Ready setups for a class: every lesson, scenario and workshop file reads as room options; a room made from
// the first lesson carries its players, in their seats and by name, into the next lesson in one restart.
import { Client } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSetups } from "../../server/classroom.ts";
import type { RunningServer } from "../../server/main.ts";
import { collectRefusals, ready, startTestServer, until, welcomeOf } from "./helpers.ts";

describe("ready setups for a class", () => {
  let running: RunningServer;
  let url: string;

  beforeAll(async () => {
    ({ running, http: url } = await startTestServer());
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
    // The round number moves first; the new lesson's seats and rules once its engine has started. The host
    // holds no seat, so it referees and sees the strategies (a seat's own shows only once the round ends).
    await until(
      () =>
        host.state.round === 2 &&
        host.state.referee?.strategies?.get("sequencer-1") === "fraudulent-sequencer",
      "the next lesson's seats",
    );
    expect(host.state.slotsTotal).toBe(second.options.config!.slots);
    expect(host.state.seats.get(seat!)).toMatchObject({ name: "Uma", controller: "player" });
    await until(async () => (await listed()) === "optimistic-rollup", "the room to name its new setup");
    for (const room of [student, host]) await room.leave();
  });

  it("gives every room a short join code that resolves to it, private rooms included", async () => {
    const hidden = await ready(
      new Client(url).create("arena", { name: "Val", private: true, setup: "layer-1" }),
    );
    // A private room is not listed, but its own route names its setup, for the brief its players see.
    const own = await fetch(`${url}/api/rooms/${hidden.roomId}`);
    expect(((await own.json()) as { metadata: { setup: string } }).metadata.setup).toBe("layer-1");
    expect((await fetch(`${url}/api/rooms/no-such-room`)).status).toBe(404);
    const listed = await ready(new Client(url).create("arena", { name: "Wes" }));
    const [hiddenCode, listedCode] = [(await welcomeOf(hidden)).code, (await welcomeOf(listed)).code];
    expect(hiddenCode).toMatch(/^[A-Z2-9]{5}$/);
    expect(hiddenCode).not.toBe(listedCode);
    const resolve = async (code: string) => {
      const response = await fetch(`${url}/api/join/${encodeURIComponent(code)}`);
      return {
        status: response.status,
        body: (await response.json()) as { roomId?: string; error?: string },
      };
    };
    // Typed in lower case with a space, as a student might.
    const typed = `${hiddenCode.slice(0, 2).toLowerCase()} ${hiddenCode.slice(2)}`;
    expect(await resolve(typed)).toEqual({ status: 200, body: { roomId: hidden.roomId, code: hiddenCode } });
    const student = await ready(
      new Client(url).joinById((await resolve(listedCode)).body.roomId!, { name: "Xia", role: "validator" }),
    );
    expect((await welcomeOf(student)).code).toBe(listedCode);
    const unused = hiddenCode === "ZZZZZ" ? "YYYYY" : "ZZZZZ";
    const missing = await resolve(unused);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toContain(unused);
    const malformed = await resolve("AB0O1");
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toContain("5 letters and digits");
    for (const room of [student, listed, hidden]) await room.leave();
  });

  it("takes the network's knobs for the next round, refusing one out of range by name and keeping the rest", async () => {
    const host = await ready(new Client(url).create("arena", { name: "Yan", config: { slots: 400 } }));
    const replies: { nextRound: Record<string, unknown> }[] = [];
    host.onMessage("params", (reply) => replies.push(reply));
    const refusals = collectRefusals(host);
    const knobs = { blockGas: 60_000_000, networkSlotMs: 6000, sampling: true, outageRegion: 1 };
    host.send("setParams", { config: { ...knobs, outageStartSlot: 2, outageSlots: 8 } });
    await until(() => replies.length === 1, "the knobs' answer");
    host.send("setParams", { config: { outageRegion: 9 } });
    host.send("setParams", { config: { blockGas: -1 } });
    await until(() => refusals.length === 2, "both refusals");
    expect(refusals.map((r) => r.reason)).toEqual([
      expect.stringContaining("outageRegion"),
      expect.stringContaining("blockGas"),
    ]);
    // Nothing applies before the restart; then the round plays with every accepted knob.
    expect(JSON.parse(host.state.config)).toMatchObject({ blockGas: 30_000_000, sampling: false });
    host.send("restart", {});
    await until(() => host.state.round === 2 && JSON.parse(host.state.config).sampling, "the next round");
    expect(JSON.parse(host.state.config)).toMatchObject({ ...knobs, outageStartSlot: 2, outageSlots: 8 });
    await host.leave();
  });
});
