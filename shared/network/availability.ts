// Data availability bandwidth: without sampling every node downloads every blob; with PeerDAS sampling a
// node downloads its custody columns and samples (fulu das-core), and a node custodying all is a supernode.
import { BYTES_PER_CELL, SPEC } from "./inputs.ts";

/** Custody groups: 4 for a node without validators; one per validator's 32 ETH, at least 8 and at most 128. */
export function custodyGroups(validators: number): number {
  if (validators === 0) return SPEC.custodyRequirement;
  const groups = Math.floor(validators / SPEC.validatorsPerCustodyGroup);
  return Math.min(SPEC.numberOfColumns, Math.max(SPEC.validatorCustodyRequirement, groups));
}

/** Columns a node downloads each slot: max(SAMPLES_PER_SLOT, custody groups), one column per group. */
export function sampledColumns(validators: number): number {
  return Math.max(SPEC.samplesPerSlot, custodyGroups(validators));
}

/** The blob data a node must have each slot, in bytes, before it counts the block as available. */
export function blobBytesForNode(validators: number, blobs: number, sampling: boolean): number {
  if (!sampling) return blobs * SPEC.bytesPerBlob;
  return blobs * BYTES_PER_CELL * sampledColumns(validators);
}

/**
 * Blob data travels as parallel units, each on its own gossip topic: whole blobs without sampling (blob
 * sidecars), columns with it. A node needs `units` of `unitBytes`; they arrive through its own downlink.
 */
export function blobUnits(
  validators: number,
  blobs: number,
  sampling: boolean,
): { units: number; unitBytes: number } {
  if (!sampling) return { units: blobs, unitBytes: SPEC.bytesPerBlob };
  return { units: sampledColumns(validators), unitBytes: blobs * BYTES_PER_CELL };
}

/** When a node has all its units: the first unit's gossip arrival, then the rest serialized on its downlink. */
export function blobDataArrivalUs(
  firstUnitUs: number,
  units: number,
  unitBytes: number,
  downBps: number,
): number {
  if (units === 0) return firstUnitUs;
  return firstUnitUs + Math.ceil(((units - 1) * unitBytes * 8 * 1e6) / downBps);
}
