import { sha256 } from "@noble/hashes/sha2.js";

export type Hex = string;

/** Receives the input size of every hash the engine computes (the benchmark's hashing floor). */
type HashRecorder = (inputBytes: number) => void;
let recorder: HashRecorder | null = null;

export function setHashRecorder(next: HashRecorder | null): void {
  recorder = next;
}

/** The sha256 in use: @noble/hashes everywhere, or a faster native one where the host has it (same digests). */
let sha256Impl: (input: Uint8Array) => Uint8Array = sha256;

export function setSha256(implementation: ((input: Uint8Array) => Uint8Array) | null): void {
  sha256Impl = implementation ?? sha256;
}

export function sha256Bytes(input: Uint8Array): Uint8Array {
  recorder?.(input.length);
  return sha256Impl(input);
}

const encoder = new TextEncoder();
/** Reused for encoding: the hash copies what it reads, so one buffer serves every call. */
let scratch = new Uint8Array(1024);

/** sha256 of a string's UTF-8 bytes, encoded into a reused buffer rather than a fresh array per call. */
export function hashStringBytes(text: string): Uint8Array {
  if (text.length * 3 > scratch.length) scratch = new Uint8Array(text.length * 3);
  const { written } = encoder.encodeInto(text, scratch);
  return sha256Bytes(scratch.subarray(0, written));
}

/** sha256 of a string's UTF-8 bytes, as hex. The engine's one way of naming things by content. */
export function hashString(text: string): Hex {
  return bytesToHex(hashStringBytes(text));
}

/** sha256 of parts joined with a separator that cannot occur inside hex or decimal parts. */
export function hashParts(...parts: (string | number)[]): Hex {
  return hashString(parts.join("|"));
}

export function hashPartsBytes(...parts: (string | number)[]): Uint8Array {
  return hashStringBytes(parts.join("|"));
}

const HEX_DIGITS = new TextEncoder().encode("0123456789abcdef");
const latin1 = new TextDecoder("latin1");
let hexScratch = new Uint8Array(64);

/**
 * Lowercase hex of bytes as one flat string. Hex built by concatenation is a rope that every later read (the
 * action schemas' regex, map lookups) has to flatten first; ids are read many times.
 */
export function bytesToHex(bytes: Uint8Array): Hex {
  const length = bytes.length * 2;
  if (hexScratch.length < length) hexScratch = new Uint8Array(length);
  for (let i = 0; i < bytes.length; i++) {
    hexScratch[2 * i] = HEX_DIGITS[bytes[i] >> 4];
    hexScratch[2 * i + 1] = HEX_DIGITS[bytes[i] & 15];
  }
  return latin1.decode(hexScratch.subarray(0, length));
}

function nibble(hex: string, at: number): number {
  const code = hex.charCodeAt(at);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  throw new Error(`not a hex string: ${JSON.stringify(hex.slice(0, 80))}`);
}

export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0) throw new Error(`hex of odd length ${hex.length}`);
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (nibble(hex, 2 * i) << 4) | nibble(hex, 2 * i + 1);
  return bytes;
}
