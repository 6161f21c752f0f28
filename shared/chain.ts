// Blocks, attestations and their inclusion: the spec's block processing (process_block).

import {
  PARTICIPATION_FLAG_WEIGHTS,
  PROPOSER_WEIGHT,
  TIMELY_HEAD_FLAG,
  TIMELY_SOURCE_FLAG,
  TIMELY_TARGET_FLAG,
  WEIGHT_DENOMINATOR,
} from "./constants.ts";
import { epochOf, epochStartSlot, type StepContext } from "./context.ts";
import { type Hex, hashParts } from "./hash.ts";
import { mint } from "./ledger.ts";
import { integerSquareroot, mulDiv } from "./money.ts";
import { processOperation } from "./operations.ts";
import { getBaseReward } from "./rewards.ts";
import type { AttestationData, AttestationMessage, Block, Checkpoint, EngineState } from "./types.ts";

/** Appends to the hash chain that commits the state root to all history. */
export function recordHistory(state: EngineState, id: Hex): void {
  state.historyRoot = hashParts(state.historyRoot, id);
}

/** The canonical block root at `slot` (the spec's get_block_root_at_slot). */
export function getBlockRootAtSlot(state: EngineState, slot: number): Hex {
  return slot < 0 ? state.genesisRoot : (state.blockRoots[slot] ?? state.head);
}

/** The checkpoint root of `epoch`: the canonical block at its first slot (get_block_root). */
export function getBlockRoot(state: EngineState, epoch: number): Hex {
  return epoch === 0 ? state.genesisRoot : getBlockRootAtSlot(state, epochStartSlot(state.config, epoch));
}

export function attestationId(validator: number, data: AttestationData): Hex {
  return hashParts(
    "attestation",
    validator,
    data.slot,
    data.head,
    data.source.epoch,
    data.source.root,
    data.target.epoch,
    data.target.root,
  );
}

export function blockId(slot: number, proposer: number, parent: Hex, graffiti: string, contents: Hex[]): Hex {
  return hashParts("block", slot, proposer, parent, graffiti, ...contents);
}

/** What an honest attester signs for `slot`, seen after that slot's block (the beacon API's attestation data). */
export function produceAttestationData(state: EngineState, slot: number): AttestationData {
  const epoch = epochOf(state.config, slot);
  const target: Checkpoint = { epoch, root: getBlockRoot(state, epoch) };
  const source =
    epoch === epochOf(state.config, state.slot) ? state.currentJustified : state.previousJustified;
  return { slot, head: getBlockRootAtSlot(state, slot), source: { ...source }, target };
}

/** Gossip: an attestation becomes visible, counts in fork choice and waits for inclusion. */
export function onAttestation(state: EngineState, message: AttestationMessage): void {
  state.attestations[message.id] = message;
  state.attestationPool.push(message.id);
  const latest = state.latestMessages[message.validator];
  if (!latest || message.slot > latest.slot) {
    state.latestMessages[message.validator] = { slot: message.slot, head: message.head };
  }
  recordHistory(state, message.id);
}

function sameCheckpoint(a: Checkpoint, b: Checkpoint): boolean {
  return a.epoch === b.epoch && a.root === b.root;
}

/**
 * process_attestation: sets the attester's participation flags and pays the including proposer.
 * An attestation that cannot count (wrong source, out of range) is dropped with no effect.
 */
function processAttestation(ctx: StepContext, block: Block, message: AttestationMessage): void {
  const { state, config } = ctx;
  const currentEpoch = epochOf(config, block.slot);
  const targetEpoch = message.target.epoch;
  if (targetEpoch !== currentEpoch && targetEpoch !== currentEpoch - 1) return;
  if (targetEpoch !== epochOf(config, message.slot)) return;
  const inclusionDelay = block.slot - message.slot;
  if (inclusionDelay < 1 || inclusionDelay > config.slotsPerEpoch) return;
  const justified = targetEpoch === currentEpoch ? state.currentJustified : state.previousJustified;
  if (!sameCheckpoint(message.source, justified)) return;

  const validator = state.validators[message.validator];
  if (validator.slashed) return;
  const matchingTarget = message.target.root === getBlockRoot(state, targetEpoch);
  const matchingHead = matchingTarget && message.head === getBlockRootAtSlot(state, message.slot);
  let flags = 0;
  if (inclusionDelay <= integerSquareroot(config.slotsPerEpoch)) flags |= TIMELY_SOURCE_FLAG;
  if (matchingTarget) flags |= TIMELY_TARGET_FLAG;
  if (matchingHead && inclusionDelay === 1) flags |= TIMELY_HEAD_FLAG;

  const participation =
    targetEpoch === currentEpoch ? state.currentParticipation : state.previousParticipation;
  const baseReward = getBaseReward(state, message.validator, currentEpoch);
  let proposerRewardNumerator = 0;
  for (const [flag, weight] of PARTICIPATION_FLAG_WEIGHTS) {
    if (flags & flag && !(participation[message.validator] & flag)) {
      participation[message.validator] |= flag;
      proposerRewardNumerator += baseReward * weight;
    }
  }
  const proposerRewardDenominator =
    ((WEIGHT_DENOMINATOR - PROPOSER_WEIGHT) * WEIGHT_DENOMINATOR) / PROPOSER_WEIGHT;
  mint(
    ctx,
    { validator: block.proposer },
    mulDiv(proposerRewardNumerator, 1, proposerRewardDenominator),
    "proposing",
  );
}

/** Applies the canonical block of this slot: attestations, operations, RANDAO reveal. */
export function processBlock(ctx: StepContext, block: Block): void {
  const { state } = ctx;
  const included = new Set(block.attestations);
  for (const id of block.attestations) processAttestation(ctx, block, state.attestations[id]);
  state.attestationPool = state.attestationPool.filter((id) => !included.has(id));
  const operations = new Set(block.operations);
  for (const operation of state.mempool)
    if (operations.has(operation.id)) processOperation(ctx, block, operation);
  state.mempool = state.mempool.filter((operation) => !operations.has(operation.id));
  state.randaoMix = hashParts(
    state.randaoMix,
    hashParts(state.seed, "randao-reveal", block.proposer, block.slot),
  );
}

/** Attestations a proposer may still include: recent enough, not yet on chain. */
export function includableAttestations(state: EngineState, slot: number): Hex[] {
  const oldest = slot - state.config.slotsPerEpoch;
  return state.attestationPool.filter((id) => {
    const message = state.attestations[id];
    return message.slot < slot && message.slot >= oldest;
  });
}

/** Drops attestations that can no longer be included. */
export function pruneAttestationPool(state: EngineState, slot: number): void {
  const oldest = slot - state.config.slotsPerEpoch;
  state.attestationPool = state.attestationPool.filter((id) => state.attestations[id].slot >= oldest);
}
