// Time inside a slot: the attestation deadline, who had the block in time, proposer boost and the honest
// reorg rule's inputs, after ethereum/consensus-specs phase0 fork-choice (docs/network.md).
import { SPEC } from "./inputs.ts";
import type { NetNode } from "./population.ts";

/** Attestations are due a third of the way into the slot (INTERVALS_PER_SLOT = 3), in µs. */
export function attestationDeadlineUs(slotMs: number): number {
  return Math.floor((slotMs * 1000) / SPEC.intervalsPerSlot);
}

/** The proposer reorg cutoff: half an interval into the slot (is_proposing_on_time), in µs. */
export function proposerReorgCutoffUs(slotMs: number): number {
  return Math.floor(attestationDeadlineUs(slotMs) / 2);
}

/** A block is timely for a node if the node has it (verified) by the attestation deadline. */
export function isBlockTimely(arrivalUs: number, slotMs: number): boolean {
  return arrivalUs <= attestationDeadlineUs(slotMs);
}

export interface HeadVotes {
  /** Validators whose node had the block by the deadline: they vote for it. */
  timely: number;
  /** Validators on active nodes that did not: their head vote goes to the parent (missed). */
  missed: number;
  /** Missed head votes per region. */
  missedByRegion: number[];
}

/** Each validator votes at the deadline for the head its own node has. */
export function countHeadVotes(
  nodes: readonly NetNode[],
  arrivalUs: Float64Array,
  slotMs: number,
): HeadVotes {
  const votes: HeadVotes = { timely: 0, missed: 0, missedByRegion: [0, 0, 0, 0, 0, 0] };
  for (const node of nodes) {
    if (!node.active || node.validators === 0) continue;
    if (isBlockTimely(arrivalUs[node.id], slotMs)) votes.timely += node.validators;
    else {
      votes.missed += node.validators;
      votes.missedByRegion[node.region] += node.validators;
    }
  }
  return votes;
}

/** calculate_committee_fraction: a percentage of one slot's committee weight (all stake / slots an epoch). */
export function committeeFraction(totalStake: number, slotsPerEpoch: number, percent: number): number {
  return Math.floor((Math.floor(totalStake / slotsPerEpoch) * percent) / 100);
}

/** Proposer boost goes to a block only where it arrived in time; its weight is 40% of a committee. */
export function proposerBoost(timely: boolean, totalStake: number, slotsPerEpoch: number): number {
  return timely ? committeeFraction(totalStake, slotsPerEpoch, SPEC.proposerScoreBoost) : 0;
}

/** is_head_weak: the head has under 20% of a committee's weight. */
export function isHeadWeak(headWeight: number, totalStake: number, slotsPerEpoch: number): boolean {
  return headWeight < committeeFraction(totalStake, slotsPerEpoch, SPEC.reorgHeadWeightThreshold);
}

/** is_parent_strong: the parent has over 160% of a committee's weight. */
export function isParentStrong(parentWeight: number, totalStake: number, slotsPerEpoch: number): boolean {
  return parentWeight > committeeFraction(totalStake, slotsPerEpoch, SPEC.reorgParentWeightThreshold);
}

export interface ReorgInputs {
  headLate: boolean;
  headWeight: number;
  parentWeight: number;
  totalStake: number;
  slotsPerEpoch: number;
  /** The next slot is not an epoch's first (is_shuffling_stable). */
  shufflingStable: boolean;
  /** Head and parent justify the same checkpoint (is_ffg_competitive). */
  ffgCompetitive: boolean;
  epochsSinceFinalization: number;
  /** The head is exactly one slot after its parent. */
  singleSlotReorg: boolean;
  /** The proposer decides before proposerReorgCutoffUs. */
  proposingOnTime: boolean;
}

/** get_proposer_head: does the honest next proposer build on the late head's parent instead? */
export function shouldReorgLateHead(inputs: ReorgInputs): boolean {
  return (
    inputs.headLate &&
    inputs.shufflingStable &&
    inputs.ffgCompetitive &&
    inputs.epochsSinceFinalization <= SPEC.reorgMaxEpochsSinceFinalization &&
    inputs.proposingOnTime &&
    inputs.singleSlotReorg &&
    isHeadWeak(inputs.headWeight, inputs.totalStake, inputs.slotsPerEpoch) &&
    isParentStrong(inputs.parentWeight, inputs.totalStake, inputs.slotsPerEpoch)
  );
}
