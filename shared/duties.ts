// Proposer and committee duties, drawn from the RANDAO mix one epoch ahead.
import type { MatchConfig } from "./config.ts";
import { epochOf } from "./context.ts";
import { type Hex, hashParts } from "./hash.ts";
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

/** Shuffles the active set by the mix and deals it across the epoch's slots (get_beacon_committee). */
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
  const keyed = active.map((index) => ({ index, key: hashParts(mix, "committee", epoch, index) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const attesterSlot = state.validators.map(() => -1);
  keyed.forEach(({ index }, position) => {
    attesterSlot[index] = start + (position % config.slotsPerEpoch);
  });
  return { proposers, attesterSlot };
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
