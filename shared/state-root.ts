// The state root: a Merkle root over every part of the engine state (RULES §0).
import { bytesToHex, hashStringBytes } from "./hash.ts";
import { merkleRootBytes } from "./merkle.ts";
import type { EngineState } from "./types.ts";

const configRoots = new WeakMap<object, Uint8Array>();

function configRoot(config: EngineState["config"]): Uint8Array {
  let root = configRoots.get(config);
  if (!root) {
    root = hashStringBytes(JSON.stringify(config));
    configRoots.set(config, root);
  }
  return root;
}

/** Append-only history (committed by `historyRoot`) and what is derived from it and the stakes. */
const COMMITTED_BY_HISTORY = new Set([
  "blocks",
  "attestations",
  "blockRoots",
  "epochMixes",
  "latestMessages",
  "duties",
]);
/** Parts that get leaves of their own. */
const OWN_LEAVES = new Set(["config", "validators", "seats"]);

/**
 * Blocks, messages, block roots and RANDAO mixes are append-only, so `historyRoot` (a hash chain over
 * them) commits to them. Everything else that mutates is hashed here, one leaf per validator and seat.
 */
export function computeStateRoot(state: EngineState): string {
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state)) {
    if (!COMMITTED_BY_HISTORY.has(key) && !OWN_LEAVES.has(key)) rest[key] = value;
  }
  const leaves = [
    configRoot(state.config),
    hashStringBytes(JSON.stringify(rest)),
    merkleRootBytes(state.validators.map((v) => hashStringBytes(JSON.stringify(v)))),
    merkleRootBytes(state.seats.map((s) => hashStringBytes(JSON.stringify(s)))),
  ];
  return bytesToHex(merkleRootBytes(leaves));
}
