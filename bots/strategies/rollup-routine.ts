// Sequencer and challenger routines, as building blocks the honest and dishonest strategies share.
import {
  type BatchView,
  calldataIsCheaper,
  executeBatch,
  getBisectionMidpoint,
  type Hex,
  hashParts,
  inHonestOrder,
  type L2Tx,
  type PlayerView,
  type PostBatchAction,
  type RollupKind,
  type RollupView,
  traceAt,
} from "../../shared/index.ts";

export function rollupOf(view: PlayerView, kind: RollupKind): RollupView {
  return view.l2.rollups.find((rollup) => rollup.kind === kind)!;
}

/** Whether this seat's postBatch for the rollup still waits in the mempool for a proposer. */
function batchUnderWay(view: PlayerView, rollup: RollupView): boolean {
  return view.mempool.some(
    (op) => op.seat === view.seat.id && op.action.type === "postBatch" && op.action.rollup === rollup.id,
  );
}

/** The next batch's transactions: forced-inclusion ones first, then arrival order, up to capacity. */
export function nextBatchTxs(rollup: RollupView, options: { skipForced?: boolean } = {}): L2Tx[] {
  const ordered = options.skipForced
    ? rollup.pending.filter((tx) => !tx.forced)
    : inHonestOrder(rollup.pending);
  return ordered.slice(0, rollup.capacity);
}

/** How a strategy bends a batch: other transactions or order, a forged trace, withheld chunks. */
export type BatchShape = Omit<Partial<PostBatchAction>, "txs"> & { txs?: L2Tx[] };

/**
 * A postBatch for the rollup, or none when there is nothing to sequence or a batch is under way. Its data goes to
 * L1 calldata when that is cheaper than blobs this slot, unless the shape picks the channel or withholds chunks.
 */
export function planBatch(
  view: PlayerView,
  kind: RollupKind,
  shape: (txs: L2Tx[], rollup: RollupView) => BatchShape = () => ({}),
): PostBatchAction[] {
  const rollup = rollupOf(view, kind);
  if (rollup.ejected.includes(view.seat.id) || batchUnderWay(view, rollup)) return [];
  const txs = nextBatchTxs(rollup);
  if (txs.length === 0) return [];
  const { txs: chosen = txs, ...rest } = shape(txs, rollup);
  const channelChosen = rest.calldata !== undefined || rest.release !== undefined;
  const calldata = !channelChosen && calldataIsCheaper(view, rollup.id, chosen.length);
  const action: PostBatchAction = { type: "postBatch", rollup: rollup.id, txs: chosen.map((tx) => tx.id) };
  return [{ ...action, ...(calldata && { calldata }), ...rest }];
}

/** A wrong trace: true up to the middle of the batch, forged after it (an invalid state root). */
export function forgedTrace(txs: L2Tx[], rollup: RollupView): Hex[] {
  const { trace } = executeBatch(rollup.balances, rollup.nonces, txs);
  const from = Math.floor(trace.length / 2);
  return trace.map((root, i) => (i < from ? root : hashParts("forged", root)));
}

/** The defender's moves: name its own claimed root at each midpoint. */
export function defendDisputes(view: PlayerView): { type: "defend"; dispute: Hex; root: Hex }[] {
  const moves: { type: "defend"; dispute: Hex; root: Hex }[] = [];
  for (const dispute of view.l2.disputes) {
    if (dispute.status !== "open" || dispute.defender !== view.seat.id || dispute.turn !== "defender")
      continue;
    if (dispute.hi - dispute.lo <= 1 || pendingMove(view, dispute.id)) continue;
    const batch = findBatchView(view, dispute.batch);
    if (!batch) continue;
    const mid = getBisectionMidpoint(dispute);
    moves.push({ type: "defend", dispute: dispute.id, root: traceAt(batch.preRoot, batch.trace, mid) });
  }
  return moves;
}

export function findBatchView(view: PlayerView, id: Hex): BatchView | undefined {
  for (const rollup of view.l2.rollups) {
    const batch = rollup.batches.find((b) => b.id === id);
    if (batch) return batch;
  }
  return undefined;
}

/** A move of this seat on the dispute already waits in the mempool. */
export function pendingMove(view: PlayerView, dispute: Hex): boolean {
  return view.mempool.some(
    (op) => op.seat === view.seat.id && "dispute" in op.action && op.action.dispute === dispute,
  );
}

/** ZK: submit the proof of each own batch once proving time has passed (or at once, for a forger). */
export function submitProofs(view: PlayerView, immediately = false): { type: "submitProof"; batch: Hex }[] {
  const rollup = rollupOf(view, "zk");
  const waiting = new Set(
    view.mempool
      .filter((op) => op.action.type === "submitProof")
      .map((op) => (op.action as { batch: Hex }).batch),
  );
  return rollup.batches
    .filter(
      (b) => b.seat === view.seat.id && b.status === "pending" && b.provedSlot < 0 && !waiting.has(b.id),
    )
    .filter((b) => immediately || view.slot >= b.provableSlot)
    .map((b) => ({ type: "submitProof", batch: b.id }));
}
