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

/** MEV: the largest transfers go first (front-running them); visible and scored, not slashable. */
function byValueDescending(txs: L2Tx[]): L2Tx[] {
  return [...txs].sort((a, b) => b.amount - a.amount || a.id - b.id);
}

export const mevSequencer = defineBot({
  name: "mev-sequencer",
  roles: SEQUENCER,
  description: "Sequences honestly but reorders each batch by value to extract MEV.",
  create: () => ({
    act: (view) => [
      ...planBatch(view, "optimistic", (txs) => ({ txs: byValueDescending(txs) })),
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
