// The state root: a Merkle root over every part of the engine state (RULES §0).
import { hashString } from "./hash.ts";
import { merkleRoot } from "./merkle.ts";
import type { EngineState } from "./types.ts";

/**
 * Blocks and messages are append-only, so `historyRoot` (a hash chain over them) commits to them;
 * everything that mutates is hashed here, one leaf per validator and per seat.
 */
export function computeStateRoot(state: EngineState): string {
  const { validators, seats, blocks, attestations, ...rest } = state;
  void blocks;
  void attestations;
  return merkleRoot([
    hashString(JSON.stringify(rest)),
    merkleRoot(validators.map((v) => hashString(JSON.stringify(v)))),
    merkleRoot(seats.map((s) => hashString(JSON.stringify(s)))),
  ]);
}
