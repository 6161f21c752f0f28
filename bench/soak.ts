// `npm run soak`: a live server (a child process on 127.0.0.1) fuzzed with ≥ 100,000 hostile messages beside a
// clean twin match of the same seed and a bystander room. Prints process exits, room crashes, state roots that
// differ from the twin, refusals without a reason, the server's RSS before/peak/after and the bystander's slot
// cadence. `npm test` runs a short version (test/server/soak.test.ts). Options: --messages N --clients N
// --warm-up-epochs N.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Client, type Room } from "@colyseus/sdk";
import { CLOSE_TOO_MANY_MESSAGES } from "../server/wire-guard.ts";
import { resolveConfig } from "../shared/index.ts";
import { dataFrame, fuzzFrame, HOSTILE_CREATES, prng, stalledClient } from "./hostile.ts";

export interface SoakOptions {
  messages: number;
  clients: number;
  slotMs: number;
  /**
   * Epochs the rooms play before the first reading, so that "before" is a server at work rather than one just
   * started: its heaps grown to three live matches' working size (docs/architecture.md, the soak).
   */
  warmUpEpochs: number;
  log?: (line: string) => void;
}

export interface SoakReport {
  messagesSent: number;
  processExits: number;
  roomCrashes: number;
  rootsCompared: number;
  rootsDiffering: number;
  refusals: number;
  refusalsWithoutReason: number;
  floodsClosed: number;
  /** Close codes of fuzzing clients the server disconnected. */
  unexpectedCloses: number[];
  hostileCreatesRefused: number;
  facilitatorStolen: boolean;
  rssMb: { before: number; peak: number; after: number };
  bystander: { slots: number; lateSlots: number; maxGapMs: number };
  /** The machine's 1-minute load average when the fuzzing began and when it ended: cadence depends on it. */
  load: { before: number; after: number };
}

/** Messages one fuzzing client sends a second: under the server's cap, so it stays connected. */
const PER_CLIENT_RATE = 150;
const TICK_MS = 100;

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), "trilemma-soak-"));
  const server = await startChild(dir);
  try {
    return await soak(server, options, log);
  } finally {
    server.child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Child {
  child: ChildProcess;
  port: number;
  exits: number;
  stderr: string;
}

async function soak(server: Child, options: SoakOptions, log: (line: string) => void): Promise<SoakReport> {
  const url = `ws://127.0.0.1:${server.port}`;
  const seconds = options.messages / (options.clients * PER_CLIENT_RATE) + 4;
  const warmUpSlots = options.warmUpEpochs * resolveConfig("phase0", {}).slotsPerEpoch;
  const slots = Math.ceil((seconds * 1000) / options.slotMs) + 20 + warmUpSlots;
  const config = { slots, slotMs: options.slotMs };
  const create = (seed: string) =>
    new Client(url).create("arena", { name: "watcher", seed, config }).then(quiet);
  const [twin, target, bystander] = await Promise.all([create("soak"), create("soak"), create("bystander")]);
  const cadence = watchCadence(bystander);
  await warmUp(bystander, options.warmUpEpochs);
  const rss = sampleRss(server.child.pid ?? 0);
  const before = rss.now();
  const loadBefore = loadavg()[0];
  log(`server on port ${server.port}; fuzzing room ${target.roomId} beside twin ${twin.roomId}`);
  const [fuzz, side] = await Promise.all([
    fuzzRoom(url, target.roomId, options),
    sideAttacks(url, server.port, target.roomId),
  ]);
  log(`sent ${fuzz.sent} messages; waiting for the server to settle`);
  await new Promise((r) => setTimeout(r, 5000));
  const after = rss.now();
  rss.stop();
  const roots = await compareRoots(server.port, [twin.roomId, target.roomId]);
  const crashed = [twin, target, bystander].filter((room) => room.state.phase === "interrupted").length;
  const report: SoakReport = {
    messagesSent: fuzz.sent + side.sent,
    processExits: server.exits,
    roomCrashes: crashed + (server.stderr.match(/\[room [^\]]+\] slot \S+ failed/g)?.length ?? 0),
    rootsCompared: roots.compared,
    rootsDiffering: roots.differing,
    refusals: fuzz.refusals,
    refusalsWithoutReason: fuzz.reasonless,
    floodsClosed: side.floodsClosed,
    unexpectedCloses: fuzz.unexpectedCloses,
    hostileCreatesRefused: side.createsRefused,
    facilitatorStolen: side.facilitatorStolen,
    rssMb: { before, peak: rss.peak(), after },
    bystander: cadence.stop(options.slotMs),
    load: { before: loadBefore, after: loadavg()[0] },
  };
  for (const room of [twin, target, bystander]) await room.leave();
  return report;
}

/** `options.clients` spectators in the room, each sending fuzzed frames at a steady pace until all are sent. */
async function fuzzRoom(url: string, roomId: string, options: SoakOptions) {
  const totals = { sent: 0, refusals: 0, reasonless: 0, unexpectedCloses: [] as number[] };
  const perClient = Math.ceil(options.messages / options.clients);
  await Promise.all(
    Array.from({ length: options.clients }, async (_, index) => {
      const room = await new Client(url).joinById(roomId, { name: `fuzzer-${index}` });
      let open = true;
      room.onLeave((code) => {
        if (open) totals.unexpectedCloses.push(code);
        open = false;
      });
      room.onMessage("refused", (refusal: { reason?: unknown }) => {
        totals.refusals += 1;
        if (typeof refusal.reason !== "string" || refusal.reason === "") totals.reasonless += 1;
      });
      quiet(room);
      const random = prng(index + 1);
      const burst = (PER_CLIENT_RATE * TICK_MS) / 1000;
      for (let sent = 0; sent < perClient && open; sent += burst) {
        for (let i = 0; i < burst; i++) room.connection.send(fuzzFrame(random));
        totals.sent += burst;
        await new Promise((r) => setTimeout(r, TICK_MS));
      }
      open = false;
      // A room that closed the socket meanwhile never answers the leave.
      await Promise.race([room.leave().catch(() => {}), new Promise((r) => setTimeout(r, 2000))]);
    }),
  );
  return totals;
}

/** Floods (closed with their code), clients that stop reading, hostile creates, and a facilitator race. */
async function sideAttacks(url: string, port: number, roomId: string) {
  const result = { sent: 0, floodsClosed: 0, createsRefused: 0, facilitatorStolen: false };
  for (const { options } of HOSTILE_CREATES)
    await new Client(url).create("arena", options).then(
      (room) => quiet(room).leave(),
      () => {
        result.createsRefused += 1;
      },
    );
  const stalled = [];
  for (let i = 0; i < 3; i++) {
    const reservation = await matchmake(port, `joinById/${roomId}`, { name: `stalled-${i}` });
    stalled.push(await stalledClient(port, reservation));
  }
  for (let i = 0; i < 3; i++) {
    const flooder = quiet(await new Client(url).joinById(roomId, { name: `flood-${i}` }));
    const closed = new Promise<number>((resolve) => flooder.onLeave(resolve));
    for (let n = 0; n < 400; n++) flooder.connection.send(dataFrame("teleport"));
    result.sent += 400;
    if ((await closed) === CLOSE_TOO_MANY_MESSAGES) result.floodsClosed += 1;
  }
  result.facilitatorStolen = await facilitatorRace(url, port);
  for (const socket of stalled) socket.destroy();
  return result;
}

/** A client that polls for the new room and joins before its creator: does it get the facilitator's rights? */
async function facilitatorRace(url: string, port: number): Promise<boolean> {
  const reservation = await matchmake(port, "create/arena", { name: "creator", config: { slots: 400 } });
  const thief = quiet(await new Client(url).joinById(reservation.roomId, { name: "thief" }));
  const welcome = new Promise<{ facilitator: boolean }>((resolve) => thief.onMessage("welcome", resolve));
  const creator = quiet(await new Client(url).consumeSeatReservation(reservation));
  const stolen = (await welcome).facilitator;
  await Promise.all([thief.leave(), creator.leave()]);
  return stolen;
}

/** Takes every message the room sends (the SDK warns of types nobody listens to). */
function quiet(room: Room): Room {
  room.onMessage("*", () => {});
  return room;
}

async function matchmake(port: number, route: string, options: object) {
  const response = await fetch(`http://127.0.0.1:${port}/matchmake/${route}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(options),
  });
  return (await response.json()) as { sessionId: string; roomId: string; processId: string; name: string };
}

/** Each slot of the twin and the fuzzed room, compared by root over the slots both have stored. */
async function compareRoots(port: number, roomIds: string[]) {
  const replays = await Promise.all(
    roomIds.map(async (roomId) => {
      const response = await fetch(`http://127.0.0.1:${port}/api/matches/${roomId}-1/replay`);
      return response.ok ? ((await response.json()) as { slots: { root: string }[] }).slots : [];
    }),
  );
  const compared = Math.min(...replays.map((slots) => slots.length));
  let differing = 0;
  for (let i = 0; i < compared; i++) if (replays[0][i].root !== replays[1][i].root) differing += 1;
  return { compared, differing: differing + (compared === 0 ? 1 : 0) };
}

function warmUp(room: Room, epochs: number): Promise<void> {
  return new Promise((resolve) => {
    room.onStateChange((state: { epoch: number }) => {
      if (state.epoch >= epochs) resolve();
    });
  });
}

function watchCadence(room: Room) {
  const arrivals: number[] = [];
  let slot = -1;
  room.onStateChange((state: { slot: number }) => {
    if (state.slot !== slot) arrivals.push(Date.now());
    slot = state.slot;
  });
  return {
    stop(slotMs: number) {
      const gaps = arrivals.slice(2).map((t, i) => t - arrivals[i + 1]);
      return {
        slots: arrivals.length,
        lateSlots: gaps.filter((gap) => gap > 2 * slotMs).length,
        maxGapMs: Math.max(0, ...gaps),
      };
    },
  };
}

/** The child's resident memory, sampled every 100 ms (Linux /proc; NaN elsewhere). */
function sampleRss(pid: number) {
  const read = () => {
    try {
      const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/);
      return line ? Math.round(Number(line[1]) / 1024) : Number.NaN;
    } catch {
      return Number.NaN;
    }
  };
  let peak = read();
  const timer = setInterval(() => {
    peak = Math.max(peak, read());
  }, 100);
  return { now: read, peak: () => peak, stop: () => clearInterval(timer) };
}

async function startChild(dir: string): Promise<Child> {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const bin = join(import.meta.dirname, "../bin/trilemma.js");
  const args = [
    bin,
    "serve",
    "--host",
    "127.0.0.1",
    "--port",
    String(port),
    "--database",
    join(dir, "soak.sqlite"),
  ];
  const child = spawn(process.execPath, [...args, "--creates-per-minute", "1000"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const server: Child = { child, port, exits: 0, stderr: "" };
  child.stderr?.on("data", (chunk: Buffer) => {
    server.stderr += chunk.toString();
  });
  child.once("exit", () => {
    server.exits += 1;
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Trilemma is serving")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`the server exited with ${code}: ${server.stderr}`)));
  });
  return server;
}

export function printReport(report: SoakReport): void {
  const { rssMb, bystander } = report;
  console.log(`messages sent             ${report.messagesSent}`);
  console.log(`process exits             ${report.processExits} (goal 0)`);
  console.log(`room crashes              ${report.roomCrashes} (goal 0)`);
  console.log(`roots differing from twin ${report.rootsDiffering} of ${report.rootsCompared} slots (goal 0)`);
  console.log(`refusals without a reason ${report.refusalsWithoutReason} of ${report.refusals} (goal 0)`);
  console.log(
    `floods closed (4429)      ${report.floodsClosed} of 3; fuzzers disconnected ${report.unexpectedCloses.length} ${JSON.stringify(report.unexpectedCloses)}`,
  );
  console.log(`hostile creates refused   ${report.hostileCreatesRefused} of ${HOSTILE_CREATES.length}`);
  console.log(`facilitator stolen        ${report.facilitatorStolen} (goal false)`);
  console.log(
    `server RSS                before ${rssMb.before} MB, peak ${rssMb.peak} MB (+${rssMb.peak - rssMb.before}), after ${rssMb.after} MB (+${rssMb.after - rssMb.before})`,
  );
  console.log(
    `bystander cadence         ${bystander.slots} slots, ${bystander.lateSlots} late (> 2 slots apart), longest gap ${bystander.maxGapMs} ms`,
  );
  console.log(
    `load average (1 min)      ${report.load.before.toFixed(1)} when the fuzzing began, ${report.load.after.toFixed(1)} at its end, on ${availableParallelism()} cores`,
  );
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      messages: { type: "string", default: "100000" },
      clients: { type: "string", default: "24" },
      "warm-up-epochs": { type: "string", default: "4" },
    },
  });
  const report = await runSoak({
    messages: Number(values.messages),
    clients: Number(values.clients),
    slotMs: 200,
    warmUpEpochs: Number(values["warm-up-epochs"]),
    log: (line) => console.log(line),
  });
  printReport(report);
  process.exit(0);
}
