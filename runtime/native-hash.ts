// Node's own sha256 for headless runs: the same digests as @noble/hashes, faster (STACK.md). Read as hex, not
// as a Buffer: a Buffer per call is an ArrayBuffer V8 has to track and sweep, which made a default match 20%
// slower and kept a second core busy sweeping.
import { hash } from "node:crypto";
import { hexToBytes, setSha256 } from "../shared/hash.ts";

export function useNativeSha256(): void {
  setSha256((input) => hexToBytes(hash("sha256", input, "hex")));
}
