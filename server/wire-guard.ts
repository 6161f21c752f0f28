// Every frame a client sends is checked here before Colyseus decodes it (server/PROTOCOL.md, "Limits"):
// Colyseus unpacks payloads with msgpackr's default decoder, which rebuilds cyclic objects (its structured-clone
// extension), Errors, RegExps and typed arrays, and recurses as deep as the payload nests. Only plain data at a
// bounded depth gets through; a client over its message rate, or one that stopped reading, is disconnected.
import { type Client, Protocol, type Room } from "@colyseus/core";

/** Actions nest three deep (an attestation's checkpoints); a little room beyond that, never recursion-deep. */
export const MAX_PAYLOAD_DEPTH = 6;
/** Message types are short names (actions, facilitator commands): see server/messages.ts. */
export const MAX_TYPE_LENGTH = 32;
/** A player queues at most 64 actions a slot; a second of slots at the shortest slot length, and some margin. */
export const MAX_MESSAGES_PER_SECOND = 200;
/** What may wait in a client's send buffer: several full states (server/main.ts, 256 KB each). */
export const MAX_SEND_BUFFER_BYTES = 2 * 1024 * 1024;

/** Close codes (4000–4999 are the application's; Colyseus uses 4000–4010). */
export const CLOSE_TOO_MANY_MESSAGES = 4429;
export const CLOSE_NOT_READING = 4430;

/** The frames a client may send: room data, join, leave, ping. Everything else is refused. */
const ACCEPTED_CODES: ReadonlySet<number> = new Set([
  Protocol.ROOM_DATA,
  Protocol.JOIN_ROOM,
  Protocol.LEAVE_ROOM,
  Protocol.PING,
]);
const PROTOCOL_CODE_MASK = 0x1f;
const TEXT = new TextDecoder();
/** How long a closed client's socket may take to finish closing before it is cut. */
const CLOSE_GRACE_MS = 1000;

export type FrameCheck = { ok: true } | { ok: false; type: string | null; reason: string };

/** Whether Colyseus may decode this frame: a known code, and for room data a short type and plain data. */
export function checkFrame(frame: Uint8Array): FrameCheck {
  const code = frame[0] & PROTOCOL_CODE_MASK;
  if (!ACCEPTED_CODES.has(code))
    return { ok: false, type: null, reason: `frame kind ${code} is not accepted` };
  if (code !== Protocol.ROOM_DATA) return { ok: true };
  const type = readType(frame);
  if (typeof type !== "string") return { ok: false, type: null, reason: type.problem };
  if (type.length === 0 || type.length > MAX_TYPE_LENGTH || !/^[A-Za-z]+$/.test(type))
    return { ok: false, type: null, reason: `a message type is a name of 1 to ${MAX_TYPE_LENGTH} letters` };
  const start = typeEnd(frame);
  if (start === frame.length) return { ok: true };
  const scanned = scanValue(frame, start);
  if (scanned.problem) return { ok: false, type, reason: `${type}: ${scanned.problem}` };
  if (scanned.end !== frame.length) return { ok: false, type, reason: `${type}: bytes after the payload` };
  return { ok: true };
}

/** The message type: a msgpack string right after the protocol byte (as Colyseus encodes it). */
function readType(frame: Uint8Array): string | { problem: string } {
  const header = stringHeader(frame, 1);
  if (!header) return { problem: "the message type must be a string" };
  if (header.start + header.length > frame.length) return { problem: "the message type is cut short" };
  return TEXT.decode(frame.subarray(header.start, header.start + header.length));
}

function typeEnd(frame: Uint8Array): number {
  const header = stringHeader(frame, 1);
  return header ? header.start + header.length : frame.length;
}

function stringHeader(bytes: Uint8Array, at: number): { start: number; length: number } | null {
  const prefix = bytes[at];
  if (prefix >= 0xa0 && prefix <= 0xbf) return { start: at + 1, length: prefix & 0x1f };
  if (prefix === 0xd9) return { start: at + 2, length: bytes[at + 1] ?? 0 };
  if (prefix === 0xda) return { start: at + 3, length: readUint(bytes, at + 1, 2) };
  return null;
}

function readUint(bytes: Uint8Array, at: number, size: number): number {
  let value = 0;
  for (let i = 0; i < size; i++) value = value * 256 + (bytes[at + i] ?? 0);
  return value;
}

/** One msgpack item's header: its bytes, and how many children it opens (a map's keys and values both count). */
type Item = { size: number; children?: number; map?: boolean; string?: boolean } | { problem: string };

/** Sizes of the fixed-length scalars, by their first byte (nil, booleans, numbers). */
const SCALAR_SIZES: Record<number, number> = {
  192: 1,
  194: 1,
  195: 1,
  202: 5,
  203: 9,
  204: 2,
  205: 3,
  206: 5,
  207: 9,
  208: 2,
  209: 3,
  210: 5,
  211: 9,
};

/**
 * msgpackr's records (what the SDK's Packr sends for objects): `d4 72 id` then the keys as an array of strings,
 * then the values; later in the same frame the byte 0x40 + id alone starts another object of those keys.
 */
function readRecordDefinition(bytes: Uint8Array, at: number, records: Map<number, number>): Item {
  const header = bytes[at + 3];
  const keys =
    header >= 0x90 && header <= 0x9f ? header & 0x0f : header === 0xdc ? readUint(bytes, at + 4, 2) : -1;
  if (keys < 0) return { problem: "a record's keys must be an array" };
  let end = at + 3 + (header === 0xdc ? 3 : 1);
  for (let i = 0; i < keys; i++) {
    const key = stringHeader(bytes, end);
    if (!key) return { problem: "object keys must be strings" };
    end = key.start + key.length;
  }
  records.set(bytes[at + 2] & 0x3f, keys);
  return { size: end - at, children: keys };
}

function readItem(bytes: Uint8Array, at: number, records: Map<number, number>): Item {
  const b = bytes[at];
  if (b >= 0x40 && b <= 0x7f && records.has(b & 0x3f)) return { size: 1, children: records.get(b & 0x3f) };
  if (b <= 0x7f || b >= 0xe0) return { size: 1 };
  if (b === 0xd4 && bytes[at + 1] === 0x72) return readRecordDefinition(bytes, at, records);
  if (b <= 0x8f) return { size: 1, children: (b & 0x0f) * 2, map: true };
  if (b <= 0x9f) return { size: 1, children: b & 0x0f };
  const string = stringHeader(bytes, at);
  if (string) return { size: string.start - at + string.length, string: true };
  if (b === 0xdc) return { size: 3, children: readUint(bytes, at + 1, 2) };
  if (b === 0xde) return { size: 3, children: readUint(bytes, at + 1, 2) * 2, map: true };
  if (SCALAR_SIZES[b] !== undefined) return { size: SCALAR_SIZES[b] };
  return { problem: "only plain data (objects, arrays, strings, numbers, booleans, null) is accepted" };
}

/**
 * Walks one msgpack value without decoding it, with an explicit stack (no recursion): its end, or the first
 * problem (too deep, a non-string key, an extension type, binary data, cut short).
 */
export function scanValue(bytes: Uint8Array, start: number): { end: number; problem?: string } {
  const open: { left: number; map: boolean }[] = [];
  const records = new Map<number, number>();
  let at = start;
  for (;;) {
    if (at >= bytes.length) return { end: at, problem: "the payload is cut short" };
    const parent = open.at(-1);
    const item = readItem(bytes, at, records);
    if ("problem" in item) return { end: at, problem: item.problem };
    if (parent?.map && parent.left % 2 === 0 && !item.string)
      return { end: at, problem: "object keys must be strings" };
    at += item.size;
    if (item.children) {
      if (open.length >= MAX_PAYLOAD_DEPTH)
        return { end: at, problem: `the payload nests deeper than ${MAX_PAYLOAD_DEPTH} levels` };
      open.push({ left: item.children, map: item.map === true });
      continue;
    }
    // A complete value: it closes every container it was the last child of.
    for (;;) {
      const top = open.at(-1);
      if (!top) return at > bytes.length ? { end: at, problem: "the payload is cut short" } : { end: at };
      top.left -= 1;
      if (top.left > 0) break;
      open.pop();
    }
  }
}

/**
 * A client's message rate as a token bucket: MAX_MESSAGES_PER_SECOND tokens refill a second, and as many may be
 * spent at once. A client under the rate keeps its connection even when its messages arrive bunched (after the
 * server was busy, they wait in the socket and are read together); one second's worth at once, then more, is a
 * flood. `over` once, when the bucket first runs dry; `closed` for what the client sends after that.
 */
export class MessageBucket {
  private tokens = MAX_MESSAGES_PER_SECOND;
  private lastMs: number | null = null;
  private dry = false;

  take(nowMs: number): "ok" | "over" | "closed" {
    if (this.dry) return "closed";
    const elapsed = this.lastMs === null ? 0 : Math.max(0, nowMs - this.lastMs);
    this.lastMs = nowMs;
    this.tokens = Math.min(MAX_MESSAGES_PER_SECOND, this.tokens + (elapsed * MAX_MESSAGES_PER_SECOND) / 1000);
    if (this.tokens < 1) {
      this.dry = true;
      return "over";
    }
    this.tokens -= 1;
    return "ok";
  }
}

type Decode = (client: Client, frame: Uint8Array) => void;
type RefuseFrame = (client: Client, type: string | null, reason: string) => void;

/**
 * Puts the checks in front of the room's own decoding (Colyseus binds `_onMessage` to each client as it joins,
 * so this runs before any join). A refused frame is answered by `refuse`; the client stays.
 */
export function guardFrames(room: Room, refuse: RefuseFrame): void {
  // Colyseus declares `_onMessage` private: reached by name, as its own plugins do.
  const hooks = room as unknown as { _onMessage: Decode };
  const decode = hooks._onMessage.bind(room);
  const rates = new WeakMap<Client, MessageBucket>();
  hooks._onMessage = (client: Client, frame: Uint8Array) => {
    let rate = rates.get(client);
    if (!rate) {
      rate = new MessageBucket();
      rates.set(client, rate);
    }
    const verdict = rate.take(performance.now());
    if (verdict !== "ok") {
      if (verdict === "over")
        disconnect(client, CLOSE_TOO_MANY_MESSAGES, `more than ${MAX_MESSAGES_PER_SECOND} messages a second`);
      return;
    }
    const check = checkFrame(frame);
    if (check.ok) decode(client, frame);
    else refuse(client, check.type, check.reason);
  };
}

/** Disconnects every client whose unsent data is over the cap: it stopped reading, and memory is not its to grow. */
export function dropSlowReaders(clients: Iterable<Client>): void {
  for (const client of clients) {
    const buffered = (client.ref as { bufferedAmount?: number }).bufferedAmount ?? 0;
    if (buffered > MAX_SEND_BUFFER_BYTES)
      disconnect(
        client,
        CLOSE_NOT_READING,
        `over ${MAX_SEND_BUFFER_BYTES} bytes waiting: the client stopped reading`,
      );
  }
}

/** Closes with a code that says why; a socket that does not finish closing (it reads nothing) is cut. */
function disconnect(client: Client, code: number, reason: string): void {
  client.leave(code, reason);
  const socket = client.ref as { terminate?: () => void };
  setTimeout(() => socket.terminate?.(), CLOSE_GRACE_MS).unref();
}
