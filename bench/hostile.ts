// What an attacker sends a Trilemma server: raw frames (the crash vectors of issue 12, deep nesting, binary
// garbage, random and structured payloads), a client that stops reading, hostile lineups. Used by the soak
// (bench/soak.ts) and the server tests; talks to 127.0.0.1 only.
import { connect, type Socket } from "node:net";

const ROOM_DATA = 13;
const JOIN_ROOM = 10;

/** A msgpack string, as Colyseus encodes a message type. */
export function msgpackString(text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length < 32) return Uint8Array.of(0xa0 | bytes.length, ...bytes);
  return Uint8Array.of(0xd9, bytes.length, ...bytes);
}

/** A room-data frame: the protocol byte, the type, the payload's bytes. */
export function dataFrame(type: string, payload: Uint8Array = new Uint8Array()): Uint8Array {
  return Uint8Array.from([ROOM_DATA, ...msgpackString(type), ...payload]);
}

function hex(text: string): Uint8Array {
  return Uint8Array.from(text.match(/../g) ?? [], (byte) => Number.parseInt(byte, 16));
}

/** `{a: 1, self: <itself>}` in msgpackr's structured-clone extension (ids 0x69, pointers 0x70). */
const SELF_REFERENCE = hex("d66900000001de0002a16101a473656c66d67000000001");
/** The same, with the object as a msgpackr record. */
const SELF_REFERENCE_RECORD = hex("d66900000001d4724092a161a473656c6601d67000000001");
const TO_STRING = encodePlain({ toString: 1, valueOf: 1 });

export function nestedArrays(depth: number): Uint8Array {
  return Uint8Array.from([...new Array(depth).fill(0x91), 0xc0]);
}

export function nestedMaps(depth: number): Uint8Array {
  const level = [0x81, 0xa1, 0x61];
  return Uint8Array.from([...Array.from({ length: depth }, () => level).flat(), 0xc0]);
}

/** The frames that ended the whole process before (issue 12, finding 1), and their kin. */
export function crashFrames(): Uint8Array[] {
  return [
    dataFrame("exit", SELF_REFERENCE),
    dataFrame("exit", SELF_REFERENCE_RECORD),
    dataFrame("propose", nestedArrays(1500)),
    dataFrame("propose", nestedMaps(1300)),
    dataFrame("*", TO_STRING),
    dataFrame("toString", TO_STRING),
    dataFrame("constructor", Uint8Array.of(0x80)),
    dataFrame("__proto__", Uint8Array.of(0x80)),
    dataFrame("kick", encodePlain({ seat: { toString: 1 } })),
    dataFrame("restart", encodePlain({ seed: null })),
    Uint8Array.of(ROOM_DATA, 0x05, 0x80),
    Uint8Array.of(21, 0x01, ...msgpackString("exit"), 0x80),
    Uint8Array.of(17, ...msgpackString("exit"), 1, 2, 3),
    Uint8Array.of(ROOM_DATA, 0xdb, 0xff, 0xff, 0xff, 0xff),
    Uint8Array.of(ROOM_DATA),
  ];
}

/** A small deterministic PRNG (mulberry32): the soak's runs repeat. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = [
  "propose",
  "attest",
  "exit",
  "reportSlashing",
  "postBatch",
  "challenge",
  "bisect",
  "autopilot",
];
const FACILITATOR = ["pause", "resume", "setParams", "restart", "kick"];

/** One fuzzed frame: random bytes, a random type, a random msgpack-ish payload, or a plausible action. */
export function fuzzFrame(random: () => number): Uint8Array {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
  const kind = random();
  if (kind < 0.1) {
    // Random bytes, but not a leave-room frame (code 12): a fuzzer that leaves stops fuzzing.
    const frame = bytes(1 + Math.floor(random() * 64));
    if ((frame[0] & 0x1f) === 12) frame[0] ^= 0x01;
    return frame;
  }
  if (kind < 0.25)
    return dataFrame(pick([...TYPES, ...FACILITATOR, "teleport", "x"]), bytes(Math.floor(random() * 48)));
  if (kind < 0.35) return pick(crashFrames());
  const payload: Record<string, unknown> = {
    validator: pick([0, 1, -1, 1e9, "7", null, [], {}]),
    slot: Math.floor(random() * 1000),
    rollup: pick(["optimistic", "zk", "", "x".repeat(50)]),
    batch: pick(["0".repeat(64), "g".repeat(64), 3]),
    evidence: pick([[], ["a".repeat(64), "b".repeat(64)], "none"]),
    on: pick([true, false, "maybe"]),
    config: pick([{ slots: 10 }, { slotz: 1 }, "x"]),
    seat: pick(["validator-1", { toString: 1 }, 5]),
  };
  const keys = Object.keys(payload).filter(() => random() < 0.4);
  const chosen = Object.fromEntries(keys.map((key) => [key, payload[key]]));
  return dataFrame(pick([...TYPES, ...FACILITATOR]), encodePlain(chosen));
}

/** Plain JSON-like data as msgpack (maps, arrays, strings, small and large numbers, booleans, null). */
export function encodePlain(value: unknown): Uint8Array {
  const out: number[] = [];
  const write = (v: unknown): void => {
    if (v === null || v === undefined) out.push(0xc0);
    else if (typeof v === "boolean") out.push(v ? 0xc3 : 0xc2);
    else if (typeof v === "number" && Number.isInteger(v) && v >= 0 && v < 128) out.push(v);
    else if (typeof v === "number") {
      const view = new DataView(new ArrayBuffer(8));
      view.setFloat64(0, v);
      out.push(0xcb, ...new Uint8Array(view.buffer));
    } else if (typeof v === "string") out.push(...msgpackString(v));
    else if (Array.isArray(v)) {
      out.push(0x90 | Math.min(v.length, 15));
      for (const item of v.slice(0, 15)) write(item);
    } else {
      const entries = Object.entries(v as object).slice(0, 15);
      out.push(0x80 | entries.length);
      for (const [key, item] of entries) {
        write(key);
        write(item);
      }
    }
  };
  write(value);
  return Uint8Array.from(out);
}

/** Lineups and configs a live room must refuse at create, each naming what is wrong. */
export const HOSTILE_CREATES: { options: Record<string, unknown>; names: RegExp }[] = [
  {
    options: { lineup: [{ id: "v", role: "validator", strategy: "honest-validator", validators: 1e8 }] },
    names: /validators/,
  },
  {
    options: { lineup: [{ id: "v", role: "validator", strategy: "../../../etc/passwd.ts" }] },
    names: /strategy/,
  },
  { options: { lineup: [{ id: "v", role: "validator", strategy: "/tmp/evil.mjs" }] }, names: /strategy/ },
  {
    options: { lineup: [{ id: "v", role: "validator", strategy: "no-such-bot" }] },
    names: /unknown strategy/,
  },
  {
    options: { lineup: [{ id: "__proto__", role: "validator", strategy: "honest-validator" }] },
    names: /reserved/,
  },
  { options: { config: { validators: 4096 } }, names: /"validators"/ },
  { options: { config: { l2TxPerSlot: 5000 } }, names: /"l2TxPerSlot"/ },
  { options: { config: { attackerBudget: 100_000, stakePerValidator: 17 } }, names: /attackerBudget/ },
  { options: { config: { slots: 1e9 } }, names: /"slots"/ },
  {
    options: { config: { slots: 100_000, slotMs: 50 } },
    names: /"slots" must be at most 1024 in a live room/,
  },
];

/**
 * A WebSocket client that joins a room from a seat reservation and then stops reading: its socket is paused,
 * so the server's sends pile up in the kernel and then in its own send buffer.
 */
export function stalledClient(
  port: number,
  reservation: { sessionId: string; roomId: string; processId: string },
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => {
      const path = `/${reservation.processId}/${reservation.roomId}?sessionId=${reservation.sessionId}`;
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: dHJpbGVtbWFzdGFsbGVkIQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    socket.once("data", () => {
      socket.write(clientFrame(Uint8Array.of(JOIN_ROOM)));
      socket.pause();
      resolve(socket);
    });
    socket.once("error", reject);
  });
}

/** A masked binary WebSocket frame (a client must mask; a zero key leaves the bytes as they are). */
export function clientFrame(payload: Uint8Array): Buffer {
  const header =
    payload.length < 126
      ? [0x82, 0x80 | payload.length]
      : [0x82, 0x80 | 126, payload.length >> 8, payload.length & 0xff];
  return Buffer.from([...header, 0, 0, 0, 0, ...payload]);
}
