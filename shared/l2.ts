// Layer 2 users and state (docs/rules.md, rollups): accounts, transfers, skipped transactions, traces and their roots.
import type { MatchConfig } from "./config.ts";
import { STARTING_L2_BALANCE } from "./constants.ts";
import type { StepContext } from "./context.ts";
import { type Hex, sha256Bytes } from "./hash.ts";
import { IncrementalMerkleTree, merkleRoot } from "./merkle.ts";
import { coinsToMilli } from "./money.ts";
import type { Batch, EngineState, L2Tx, RollupKind, RollupState } from "./types.ts";

const ACCOUNT_TAG = 0x61;
const ACCOUNT_LEAF_BYTES = 17;

export const ROLLUP_IDS: Record<RollupKind, string> = { optimistic: "optimistic", zk: "zk" };

export function rollupById(state: EngineState, id: string): RollupState | undefined {
  return state.l2.rollups.find((rollup) => rollup.id === id);
}

export function findBatch(state: EngineState, id: Hex): { rollup: RollupState; batch: Batch } | null {
  for (const rollup of state.l2.rollups) {
    const batch = rollup.batches.find((b) => b.id === id);
    if (batch) return { rollup, batch };
  }
  return null;
}

export function createRollup(config: MatchConfig, kind: RollupKind): RollupState {
  return {
    id: ROLLUP_IDS[kind],
    kind,
    balances: new Array(config.l2Accounts).fill(STARTING_L2_BALANCE),
    nonces: new Array(config.l2Accounts).fill(0),
    sentNonces: new Array(config.l2Accounts).fill(0),
    pending: [],
    batches: [],
    bonded: [],
    ejected: [],
    orphanedSince: -1,
    lastSeatBatchSlot: 0,
    txsFinalized: 0,
    finalityLags: [],
    escrow: config.l2Accounts * STARTING_L2_BALANCE,
    stolen: new Array(config.l2Accounts).fill(0),
  };
}

/** One input buffer for every leaf: sha256 reads it before returning (leaves are hashed per transaction). */
const leafInput = new Uint8Array(ACCOUNT_LEAF_BYTES);
const leafFields = new DataView(leafInput.buffer);

/** An account leaf: sha256 of a tag byte, the index, balance and nonce, as bytes. */
function accountLeaf(index: number, balance: number, nonce: number): Uint8Array {
  leafFields.setUint8(0, ACCOUNT_TAG);
  leafFields.setUint32(1, index);
  leafFields.setFloat64(5, balance);
  leafFields.setUint32(13, nonce);
  return sha256Bytes(leafInput);
}

/**
 * The account tree of a state, kept for the balances array it was built from so the next batch starts
 * from it instead of rehashing every account (a cache: the result never depends on it).
 */
const treeOfState = new WeakMap<number[], IncrementalMerkleTree>();

function accountTree(balances: number[], nonces: number[]): IncrementalMerkleTree {
  const cached = treeOfState.get(balances);
  if (cached) return cached.clone();
  const tree = new IncrementalMerkleTree(Math.max(1, Math.ceil(Math.log2(balances.length))));
  balances.forEach((balance, i) => {
    tree.setLeaf(i, accountLeaf(i, balance, nonces[i]));
  });
  return tree;
}

/** The rollup's state root: a Merkle root over accounts by id. */
export function accountsRoot(balances: number[], nonces: number[]): Hex {
  return accountTree(balances, nonces).root();
}

/**
 * Applies a transfer if funds and nonce allow; a failed one changes nothing (it is skipped). A forced (inbox)
 * transaction is an L1 message, as an OP Stack deposit: the inbox orders it, so it is not checked against the
 * sender's L2 nonce and does not move it (docs/rules.md, rollups).
 */
export function applyL2Tx(balances: number[], nonces: number[], tx: L2Tx): boolean {
  const nonceOk = tx.forced || nonces[tx.from] === tx.nonce;
  if (!nonceOk || balances[tx.from] < tx.amount + tx.fee || tx.from === tx.to) return false;
  balances[tx.from] -= tx.amount + tx.fee;
  balances[tx.to] += tx.amount;
  if (!tx.forced) nonces[tx.from] += 1;
  return true;
}

export interface Execution {
  trace: Hex[];
  executed: L2Tx[];
  balances: number[];
  nonces: number[];
}

/** Executes a batch from a pre-state; the trace is the state root after each transaction. */
export function executeBatch(preBalances: number[], preNonces: number[], txs: L2Tx[]): Execution {
  // The tree is looked up by the pre-state arrays (the cache's keys), before they are copied.
  const tree = accountTree(preBalances, preNonces);
  const balances = [...preBalances];
  const nonces = [...preNonces];
  const trace: Hex[] = [];
  const executed: L2Tx[] = [];
  for (const tx of txs) {
    if (applyL2Tx(balances, nonces, tx)) {
      executed.push(tx);
      tree.setLeaf(tx.from, accountLeaf(tx.from, balances[tx.from], nonces[tx.from]));
      tree.setLeaf(tx.to, accountLeaf(tx.to, balances[tx.to], nonces[tx.to]));
    }
    trace.push(tree.root());
  }
  treeOfState.set(balances, tree);
  return { trace, executed, balances, nonces };
}

export function traceRoot(trace: Hex[]): Hex {
  return merkleRoot(trace);
}

/**
 * The built-in users: seeded transfers each slot, a share of them through the L1 inbox. Transactions go to the
 * rollups in turn by id, across slots, so an odd `l2TxPerSlot` (even 1) still reaches every rollup.
 */
export function generateUserTransactions(ctx: StepContext): void {
  const { state, config, rng, slot } = ctx;
  const { rollups } = state.l2;
  for (let i = 0; i < config.l2TxPerSlot; i++) {
    const rollup = rollups[state.l2.nextTxId % rollups.length];
    const from = rng.int(config.l2Accounts);
    const to = (from + 1 + rng.int(config.l2Accounts - 1)) % config.l2Accounts;
    const amount = 1 + rng.int(coinsToMilli(5));
    const forced = rng.int(100) < config.forcedInclusionShare;
    const tx: L2Tx = {
      id: state.l2.nextTxId++,
      from,
      to,
      amount,
      fee: coinsToMilli(config.l2Fee),
      // An inbox transaction takes no L2 nonce (applyL2Tx): it carries the sender's next one, unused.
      nonce: forced ? rollup.sentNonces[from] : rollup.sentNonces[from]++,
      forced,
      sentSlot: slot,
    };
    if (tx.forced) state.l2.inbox.push({ ...tx });
    rollup.pending.push(tx);
  }
}

/** The order an honest sequencer uses: forced-inclusion transactions first, then arrival order. */
export function inHonestOrder(txs: L2Tx[]): L2Tx[] {
  return [...txs].sort((a, b) => Number(b.forced) - Number(a.forced) || a.id - b.id);
}
