// Keeping up: a node's load each epoch (bytes down and up per second, verification CPU share, storage over
// its hardware's life) against its capacity and the budget shares of docs/network.md.
import { blobBytesForNode } from "./availability.ts";
import {
  aggregateBytes,
  HARDWARE_CLASSES,
  REFERENCE_CPU_RATING,
  REFERENCE_GAS_PER_SECOND,
  SPEC,
} from "./inputs.ts";
import type { NetworkParams } from "./params.ts";
import type { NetNode } from "./population.ts";

export interface NodeLoad {
  downBps: number;
  upBps: number;
  cpuShare: number;
  /** Bytes the node must store by the end of its hardware's lifetime. */
  storageBytes: number;
}

/** Seconds the node's CPU needs to execute a block of `gas`: the reference speed scaled by its rating. */
export function verificationSeconds(node: NetNode, gas: number): number {
  const rating = HARDWARE_CLASSES[node.hardware].cpuRating;
  return gas / ((REFERENCE_GAS_PER_SECOND * rating) / REFERENCE_CPU_RATING);
}

/** Committees and their aggregates per slot, from the validator count (phase0 get_committee_count_per_slot). */
export function aggregateBytesPerSlot(totalValidators: number, slotsPerEpoch: number): number {
  const perSlot = Math.floor(totalValidators / slotsPerEpoch);
  const committees = Math.max(
    1,
    Math.min(SPEC.maxCommitteesPerSlot, Math.floor(perSlot / SPEC.targetCommitteeSize)),
  );
  const committeeSize = Math.max(1, Math.ceil(perSlot / committees));
  return committees * SPEC.targetAggregatorsPerCommittee * aggregateBytes(committeeSize);
}

export interface SlotTraffic {
  blockBytes: number;
  totalValidators: number;
  /** Copies of each block a node received and sent in the slot's gossip (from the propagation's tree). */
  blockCopiesIn: number;
  blockCopiesOut: number;
}

/**
 * A node's load in one slot's steady state. Gossip sends each message to every mesh peer but the sender
 * (no IDONTWANT), so blobs and aggregates cost D − 1 copies each way; the block's copies come from its tree.
 */
export function nodeLoad(node: NetNode, params: NetworkParams, traffic: SlotTraffic): NodeLoad {
  const slotSeconds = params.slotMs / 1000;
  const copies = params.peerDegree - 1;
  const blobBytes = blobBytesForNode(node.validators, params.blobsPerBlock, params.sampling);
  const aggregates = aggregateBytesPerSlot(traffic.totalValidators, params.slotsPerEpoch);
  const shared = (blobBytes + aggregates) * copies;
  const slotsPerMonth = (30 * 24 * 3600) / slotSeconds;
  const retainedSlots = SPEC.columnRetentionEpochs * params.slotsPerEpoch;
  return {
    downBps: ((shared + traffic.blockBytes * traffic.blockCopiesIn) * 8) / slotSeconds,
    upBps: ((shared + traffic.blockBytes * traffic.blockCopiesOut) * 8) / slotSeconds,
    cpuShare: verificationSeconds(node, params.blockGas) / slotSeconds,
    storageBytes:
      traffic.blockBytes * slotsPerMonth * params.hardwareLifetimeMonths + blobBytes * retainedSlots,
  };
}

/** Does the node keep up: every resource within its budget share of capacity. */
export function keepsUp(node: NetNode, load: NodeLoad, params: NetworkParams): boolean {
  return (
    load.downBps <= node.downBps * params.bandwidthBudgetShare &&
    load.upBps <= node.upBps * params.bandwidthBudgetShare &&
    load.cpuShare <= params.cpuBudgetShare &&
    load.storageBytes <= HARDWARE_CLASSES[node.hardware].storageBytes
  );
}
