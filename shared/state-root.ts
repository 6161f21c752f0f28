// The state root: a Merkle root over every part of the engine state (docs/rules.md, state root).
import { bytesToHex, hashStringBytes } from "./hash.ts";
import { merkleRootBytes } from "./merkle.ts";
import type { EngineState, L2State } from "./types.ts";

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
const OWN_LEAVES = new Set(["config", "validators", "seats", "l2"]);

/**
 * The mutable core of Layer 2. A batch's contents and id follow from the postBatch operation in history
 * and the rollup's state before it, and a blob's from its batch, so each is committed by what still
 * changes about it: a batch's status and proof slot, a pending blob's votes (a judged blob, its verdict).
 * This keeps the digest a few kilobytes: it is hashed every slot.
 */
function l2Digest(l2: L2State): unknown {
  return {
    nextTxId: l2.nextTxId,
    rollups: l2.rollups.map((r) => [
      r.id,
      r.balances,
      r.nonces,
      r.sentNonces,
      r.pending.map((tx) => tx.id),
      r.batches.map((b) => [b.status, b.provedSlot]),
      r.bonded,
      r.ejected,
      r.lastSeatBatchSlot,
      r.txsFinalized,
      r.escrow,
      r.stolen,
    ]),
    inbox: l2.inbox.map((tx) => tx.id),
    blobs: l2.blobs.map((b) => (b.verdict === "pending" ? b.votes : b.verdict)),
    shards: l2.shards,
    disputes: l2.disputes.map((d) => [
      d.id,
      d.lo,
      d.hi,
      d.turn,
      d.clocks,
      d.rounds,
      d.bonds,
      d.status,
      d.claims,
    ]),
    attacks: l2.attacks.map((a) => [a.subject, a.kind, a.outcome]),
    notWatching: l2.notWatching,
  };
}

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
    hashStringBytes(JSON.stringify(l2Digest(state.l2))),
  ];
  return bytesToHex(merkleRootBytes(leaves));
}
