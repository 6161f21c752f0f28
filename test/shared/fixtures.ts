// Small constructed states for engine unit tests (as the consensus-spec tests build theirs): a short match,
// one seat of each role, and builders that put a batch, a dispute or a blob straight into the state.
import {
  type Batch,
  type Blob,
  createMatch,
  type Dispute,
  type EngineState,
  type Hex,
  hashParts,
  resolveConfig,
  step,
} from "../../shared/index.ts";

export const config = resolveConfig("phase0", { slots: 32, validators: 16, l2TxPerSlot: 4 });

/** A match one empty slot in: slot 1, with a validator, a sequencer and a challenger seat. */
export function smallState(): EngineState {
  const state = createMatch({
    config,
    seed: "unit",
    seats: [
      { id: "val", role: "validator", strategy: "honest-validator" },
      { id: "seq", role: "sequencer", strategy: "honest-sequencer" },
      { id: "chal", role: "challenger", strategy: "honest-challenger" },
    ],
  });
  return step(state, {}).state;
}

export const someId = (label: string): Hex => hashParts("test", label);

/** A pending optimistic batch of `seq` with `txs` transactions, posted this slot. */
export function addBatch(state: EngineState, overrides: Partial<Batch> = {}): Batch {
  const rollup = state.l2.rollups.find((r) => r.kind === (overrides.rollup ?? "optimistic"))!;
  const batch: Batch = {
    id: someId(`batch-${rollup.batches.length}`),
    rollup: rollup.id,
    seat: "seq",
    postedSlot: state.slot,
    txs: [],
    txCount: 0,
    preRoot: someId("pre"),
    trace: [someId("t0"), someId("t1"), someId("t2")],
    traceRoot: someId("trace"),
    postRoot: someId("t2"),
    preBalances: [],
    preNonces: [],
    correctTrace: [someId("t0"), someId("t1"), someId("t2")],
    valid: true,
    skipsOverdueInbox: false,
    blobs: [],
    inBlobs: false,
    status: "pending",
    provableSlot: state.slot,
    provedSlot: -1,
    finalSlot: -1,
    mevGain: 0,
    executedTxs: 0,
    fees: 0,
    ...overrides,
  };
  rollup.batches.push(batch);
  return batch;
}

/** An open dispute of `chal` against `seq` over positions lo..hi, with `turn` to move. */
export function addDispute(state: EngineState, batch: Batch, overrides: Partial<Dispute> = {}): Dispute {
  const dispute: Dispute = {
    id: someId(`dispute-${state.l2.disputes.length}`),
    batch: batch.id,
    rollup: batch.rollup,
    challenger: "chal",
    defender: "seq",
    openedSlot: state.slot,
    lo: -1,
    hi: 3,
    claims: { [-1]: batch.preRoot, 3: batch.postRoot },
    turn: "defender",
    clocks: { defender: state.config.disputeClock, challenger: state.config.disputeClock },
    rounds: 0,
    bonds: { defender: 0, challenger: 0 },
    status: "open",
    resolvedSlot: -1,
    ...overrides,
  };
  state.l2.disputes.push(dispute);
  return dispute;
}

/** A blob on shard 0 posted in the previous slot, sampled by `samplers`, `released` chunks of 2k out. */
export function addBlob(state: EngineState, samplers: number[], released: number): Blob {
  const blob: Blob = {
    id: someId(`blob-${state.l2.blobs.length}`),
    shard: 0,
    slot: state.slot - 1,
    batch: someId("batch"),
    txCount: 1,
    released,
    samples: Object.fromEntries(samplers.map((v) => [v, [0]])),
    votes: {},
    verdict: "pending",
  };
  state.l2.blobs.push(blob);
  return blob;
}

/** Validators of a seat, by index. */
export function validatorsOf(state: EngineState, seat: string): number[] {
  return state.validators.filter((v) => v.seat === seat).map((v) => v.index);
}
