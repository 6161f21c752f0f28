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

/**
 * Blocks, messages, block roots and RANDAO mixes are append-only, so `historyRoot` (a hash chain over
 * them) commits to them; latest messages and duties are functions of that history and the stakes.
 * Everything else that mutates is hashed here, one leaf per validator and per seat.
 */
export function computeStateRoot(state: EngineState): string {
  const { validators, seats, blocks, attestations, blockRoots, epochMixes, latestMessages, duties, config, ...rest } =
    state;
  void [blocks, attestations, blockRoots, epochMixes, latestMessages, duties];
  const leaves = [
    configRoot(config),
    hashStringBytes(JSON.stringify(rest)),
    merkleRootBytes(validators.map((v) => hashStringBytes(JSON.stringify(v)))),
    merkleRootBytes(seats.map((s) => hashStringBytes(JSON.stringify(s)))),
  ];
  return bytesToHex(merkleRootBytes(leaves));
}
