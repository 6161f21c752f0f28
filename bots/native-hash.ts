// Node's own sha256 for headless runs: the same digests as @noble/hashes, ~1.5× faster (STACK.md).
import { hash } from "node:crypto";
import { setSha256 } from "../shared/hash.ts";

export function useNativeSha256(): void {
  setSha256((input) => hash("sha256", input, "buffer"));
}
