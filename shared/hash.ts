import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";

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

export { bytesToHex, hexToBytes };
