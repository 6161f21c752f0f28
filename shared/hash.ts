import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";

export type Hex = string;

/** Receives the input size of every hash the engine computes (the benchmark's hashing floor). */
type HashRecorder = (inputBytes: number) => void;
let recorder: HashRecorder | null = null;

export function setHashRecorder(next: HashRecorder | null): void {
  recorder = next;
}

export function sha256Bytes(input: Uint8Array): Uint8Array {
  recorder?.(input.length);
  return sha256(input);
}

/** sha256 of a string's UTF-8 bytes. */
export function hashStringBytes(text: string): Uint8Array {
  return sha256Bytes(utf8ToBytes(text));
}

/** sha256 of a string's UTF-8 bytes, as hex. The engine's one way of naming things by content. */
export function hashString(text: string): Hex {
  return bytesToHex(hashStringBytes(text));
}

/** sha256 of parts joined with a separator that cannot occur inside hex or decimal parts. */
export function hashParts(...parts: (string | number)[]): Hex {
  return hashString(parts.join("|"));
}

export { bytesToHex, hexToBytes };
