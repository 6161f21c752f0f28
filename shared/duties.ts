// Proposer and committee duties, drawn from the RANDAO mix one epoch ahead.
import type { MatchConfig } from "./config.ts";
import { epochOf } from "./context.ts";
import { type Hex, hashParts } from "./hash.ts";
import { computeCommittees, DOMAIN_BEACON_ATTESTER, DOMAIN_SHARD_COMMITTEE, getSeed } from "./shuffling.ts";
import type { EngineState, EpochDuties } from "./types.ts";
import { getActiveValidatorIndices } from "./validators.ts";

/** The proposer of a slot when no validator is active (every node left: docs/network.md, "Wired"). */
export const NO_PROPOSER = -1;

/** A 48-bit number from a hash, for draws that must follow the RANDAO mix rather than the PRNG. */
function hashToUint48(hex: Hex): number {
  return Number.parseInt(hex.slice(0, 12), 16);
}

/** Stake-weighted choice of the proposer of `slot` (the spec's compute_proposer_index, exact weights). */
function computeProposerIndex(state: EngineState, active: number[], mix: Hex, slot: number): number {
  if (active.length === 0) return NO_PROPOSER;
  let total = 0;
  for (const index of active) total += state.validators[index].stake;
  let point = hashToUint48(hashParts(mix, "proposer", slot)) % Math.max(total, 1);
  for (const index of active) {
    point -= state.validators[index].stake;
    if (point < 0) return index;
  }
  return active[active.length - 1];
}

/**
 * The epoch's duties from the mix: proposers, one beacon committee a slot (get_beacon_committee) and one sampling
 * committee a shard, each a compute_committee of the active set shuffled by its own seed (docs/rules.md, committees).
 */
export function computeEpochDuties(
  state: EngineState,
  config: MatchConfig,
  epoch: number,
  mix: Hex,
): EpochDuties {
  const active = getActiveValidatorIndices(state, epoch);
  const start = epoch * config.slotsPerEpoch;
  const proposers: number[] = [];
  for (let i = 0; i < config.slotsPerEpoch; i++)
    proposers.push(computeProposerIndex(state, active, mix, start + i));
  const attesterSlot = state.validators.map(() => -1);
  const beaconSeed = getSeed(mix, epoch, DOMAIN_BEACON_ATTESTER);
  computeCommittees(active, beaconSeed, config.slotsPerEpoch).forEach((committee, i) => {
    for (const index of committee) attesterSlot[index] = start + i;
  });
  const shardCommittees = computeCommittees(
    active,
    getSeed(mix, epoch, DOMAIN_SHARD_COMMITTEE),
    config.shards,
  );
  return { proposers, attesterSlot, shardCommittees };
}

/** The mix that seeds epoch `epoch`'s duties: the mix as epoch − 1 began, so duties are known one epoch ahead. */
export function dutiesMix(state: EngineState, epoch: number): Hex {
  return state.epochMixes[Math.max(epoch - 1, 0)];
}

export function getBeaconProposerIndex(state: EngineState, slot: number): number {
  return state.duties[epochOf(state.config, slot)].proposers[slot % state.config.slotsPerEpoch];
}

export function getAttestationSlot(state: EngineState, validator: number, epoch: number): number {
  return state.duties[epoch]?.attesterSlot[validator] ?? -1;
}
