// The wall (docs/claims.md, "The wall"): one throughput ladder climbed three ways on the same node population —
// a monolithic Layer 1 (bigger blocks, shorter slots), rollups posting full blobs, rollups with PeerDAS
// sampling — and what each rung costs in nodes keeping up, concentration of stake and orphaned blocks.
// Runs the network model of shared/network (docs/network.md); every figure below is an input from there.
import {
  BYTES_PER_TRANSFER,
  createNetwork,
  type EpochOutcome,
  isBlockTimely,
  l1TxPerSecond,
  type NetworkParams,
  resolveNetworkParams,
  runEpoch,
  type SlotOutcome,
  SPEC,
  shouldReorgLateHead,
  summarize,
} from "../../shared/network/index.ts";

export type Architecture = "monolithic" | "full blobs" | "sampling";
export const ARCHITECTURES: Architecture[] = ["monolithic", "full blobs", "sampling"];

/** Today's Layer 1: 15M gas (the gas target before 2025) every 12 s, about 60 transfers a second. */
const BASE = { blockGas: 15_000_000, slotMs: 12_000 };
/** The ladder: each rung carries 4× the last rung's transfers per second. */
export const RUNGS = [1, 4, 16, 64];

/** A rollup posts its transfers as blob data, uncompressed (docs/network.md, "a transfer is 120 bytes"). */
export const TRANSFERS_PER_BLOB = Math.floor(SPEC.bytesPerBlob / BYTES_PER_TRANSFER);

/**
 * The network parameters for one rung of one architecture. Layer 1 scales up by doubling its gas and
 * halving its slot per 4× (half the growth from each knob); rollups keep Layer 1 at BASE and add blobs
 * for the rest, downloaded whole or sampled.
 */
export function rungParams(architecture: Architecture, rung: number): Partial<NetworkParams> {
  if (architecture === "monolithic") {
    const step = Math.sqrt(rung);
    return {
      blockGas: Math.round(BASE.blockGas * step),
      slotMs: Math.round(BASE.slotMs / step),
      blobsPerBlock: 0,
    };
  }
  const target = l1TxPerSecond(BASE.blockGas, BASE.slotMs) * rung;
  const l2Needed = target - l1TxPerSecond(BASE.blockGas, BASE.slotMs);
  const blobs = Math.round((l2Needed * BASE.slotMs) / 1000 / TRANSFERS_PER_BLOB);
  return { ...BASE, blobsPerBlock: blobs, sampling: architecture === "sampling" };
}

/** Transfers per second the rung's blocks and blobs carry, before any block is lost. */
export function nominalTxPerSecond(params: Pick<NetworkParams, "blockGas" | "slotMs" | "blobsPerBlock">) {
  const l2 = (params.blobsPerBlock * TRANSFERS_PER_BLOB) / (params.slotMs / 1000);
  return l1TxPerSecond(params.blockGas, params.slotMs) + l2;
}

/** What one run of one rung measured. */
export interface WallRun {
  architecture: Architecture;
  rung: number;
  seed: string;
  nominalTxPerSecond: number;
  /** Transfers per second in blocks that stayed canonical (neither missed nor orphaned). */
  deliveredTxPerSecond: number;
  keepUpShare: number;
  nakamoto33: number;
  missedHeadVoteShare: number;
  /** Proposed blocks the next proposer did not build on. */
  orphanRate: number;
  downloadP50Mbps: number;
}

/**
 * Is slot `i`'s block orphaned: the next proposer's own node did not have it when it built (the next slot's
 * start), or had it late and weak enough for the spec's honest reorg (get_proposer_head) — weights are
 * one committee's expected share of the head votes each node cast (docs/network.md, "Inside the slot").
 */
export function isOrphaned(slots: readonly SlotOutcome[], i: number, params: NetworkParams): boolean {
  const slot = slots[i];
  const next = slots[i + 1];
  if (slot.missed || !next || next.proposer < 0) return false;
  const arrivalUs = slot.hadUs[next.proposer];
  if (arrivalUs > params.slotMs * 1000) return true;
  const perCommittee = (votes: number) => votes / params.slotsPerEpoch;
  const before = slots[i - 1];
  const total = slot.votes.timely + slot.votes.missed;
  return shouldReorgLateHead({
    headLate: !isBlockTimely(arrivalUs, params.slotMs),
    headWeight: perCommittee(slot.votes.timely),
    parentWeight: perCommittee(total + (before && !before.missed ? before.votes.timely : 0)),
    totalStake: total,
    slotsPerEpoch: params.slotsPerEpoch,
    shufflingStable: (i + 1) % params.slotsPerEpoch !== 0,
    ffgCompetitive: true,
    epochsSinceFinalization: 0,
    singleSlotReorg: before !== undefined && !before.missed,
    // The model's proposer builds at its slot's start, before the reorg cutoff.
    proposingOnTime: true,
  });
}

/** Runs one rung of one architecture for `epochs` epochs from the seed. */
export function runWallPoint(
  architecture: Architecture,
  rung: number,
  seed: string,
  epochs: number,
): WallRun {
  const params = resolveNetworkParams("fast", rungParams(architecture, rung));
  const network = createNetwork(params, seed);
  const outcomes: EpochOutcome[] = [];
  for (let e = 0; e < epochs; e++) outcomes.push(runEpoch(network));
  const slots = outcomes.flatMap((o) => o.slots);
  const proposed = slots.filter((s) => !s.missed).length;
  const orphaned = slots.filter((_, i) => isOrphaned(slots, i, params)).length;
  const nominal = nominalTxPerSecond(params);
  const metrics = summarize(network, outcomes);
  return {
    architecture,
    rung,
    seed,
    nominalTxPerSecond: nominal,
    deliveredTxPerSecond: (nominal * (proposed - orphaned)) / slots.length,
    keepUpShare: metrics.keepUpShare,
    nakamoto33: metrics.nakamoto33,
    missedHeadVoteShare: metrics.missedHeadVoteShare,
    orphanRate: proposed === 0 ? 0 : orphaned / proposed,
    downloadP50Mbps: metrics.downloadP50Mbps,
  };
}

/** Epochs a rung runs: three rounds of the operators' decisions at the fast preset's patience of 2. */
export const WALL_EPOCHS = 6;

/** Every rung of every architecture on each seed (the claims' seeds, so the populations match). */
export function runWall(seeds: number): WallRun[] {
  return ARCHITECTURES.flatMap((architecture) =>
    RUNGS.flatMap((rung) =>
      Array.from({ length: seeds }, (_, i) =>
        runWallPoint(architecture, rung, `claims-seed-${i + 1}`, WALL_EPOCHS),
      ),
    ),
  );
}
