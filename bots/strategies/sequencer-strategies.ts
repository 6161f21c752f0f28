// The built-in sequencer strategies (docs/rules.md, Layer 2 and shards): honest ones and each attack a sequencer can try.
import type { L2Tx } from "../../shared/index.ts";
import { defineBot } from "../api.ts";
import {
  defendDisputes,
  forgedTrace,
  nextBatchTxs,
  planBatch,
  rollupOf,
  submitProofs,
} from "./rollup-routine.ts";

const SEQUENCER = ["sequencer", "attacker"] as const;

export const honestSequencer = defineBot({
  name: "honest-sequencer",
  roles: SEQUENCER,
  description: "Sequences the optimistic rollup honestly, inbox first, and defends its batches in disputes.",
  create: () => ({ act: (view) => [...planBatch(view, "optimistic"), ...defendDisputes(view)] }),
});

export const fraudulentSequencer = defineBot({
  name: "fraudulent-sequencer",
  roles: SEQUENCER,
  description:
    "Posts optimistic batches whose trace turns false half way: a wrong post root that steals if it finalizes.",
  create: () => ({
    act: (view) => [
      ...planBatch(view, "optimistic", (txs, rollup) => ({ trace: forgedTrace(txs, rollup) })),
      ...defendDisputes(view),
    ],
  }),
});

export const withholdingSequencer = defineBot({
  name: "withholding-sequencer",
  roles: SEQUENCER,
  description:
    "Posts invalid batches and releases fewer than k chunks of their blobs, so nobody can build a fraud proof.",
  create: () => ({
    act: (view) => [
      ...planBatch(view, "optimistic", (txs, rollup) => ({
        trace: forgedTrace(txs, rollup),
        release: view.config.blobChunks - 1,
      })),
      ...defendDisputes(view),
    ],
  }),
});

export const censoringSequencer = defineBot({
  name: "censoring-sequencer",
  roles: SEQUENCER,
  description: "Leaves forced-inclusion (L1 inbox) transactions out of its batches, past their deadline.",
  create: () => ({
    act: (view) => [
      ...planBatch(view, "optimistic", (_, rollup) => ({
        txs: nextBatchTxs(rollup, { skipForced: true }),
      })),
      ...defendDisputes(view),
    ],
  }),
});

/**
 * MEV: the largest transfers go first (front-running them), reordered across senders only: each sender's
 * transactions keep their nonce order, or the later ones would fail. Visible and scored, not slashable.
 */
export function byValueAcrossSenders(txs: L2Tx[]): L2Tx[] {
  const queues = new Map<number, L2Tx[]>();
  for (const tx of [...txs].sort((a, b) => a.nonce - b.nonce || a.id - b.id)) {
    queues.set(tx.from, [...(queues.get(tx.from) ?? []), tx]);
  }
  const ordered: L2Tx[] = [];
  while (ordered.length < txs.length) {
    let best: L2Tx[] | undefined;
    for (const queue of queues.values()) {
      if (queue.length === 0) continue;
      if (
        !best ||
        queue[0].amount > best[0].amount ||
        (queue[0].amount === best[0].amount && queue[0].id < best[0].id)
      )
        best = queue;
    }
    ordered.push(best!.shift()!);
  }
  return ordered;
}

export const mevSequencer = defineBot({
  name: "mev-sequencer",
  roles: SEQUENCER,
  description: "Sequences honestly but reorders each batch by value to extract MEV.",
  create: () => ({
    act: (view) => [
      ...planBatch(view, "optimistic", (txs) => ({ txs: byValueAcrossSenders(txs) })),
      ...defendDisputes(view),
    ],
  }),
});

export const honestZkSequencer = defineBot({
  name: "honest-zk-sequencer",
  roles: SEQUENCER,
  description: "Sequences the ZK rollup and submits each batch's validity proof once it is proven.",
  create: () => ({ act: (view) => [...planBatch(view, "zk"), ...submitProofs(view)] }),
});

export const zkForger = defineBot({
  name: "zk-forger",
  roles: SEQUENCER,
  description: "Posts an invalid ZK batch and submits a forged proof for it (the verifier rejects it).",
  create: () => ({
    act: (view) => {
      const rollup = rollupOf(view, "zk");
      return [
        ...planBatch(view, "zk", (txs) => ({ trace: forgedTrace(txs, rollup) })),
        ...submitProofs(view, true),
      ];
    },
  }),
});
