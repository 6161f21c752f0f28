// Blocks and attestations: proposals, attestations and their inclusion (the spec's process_attestation).

import { type ActionRule, refusal, refuse } from "./action-rule.ts";
import { ACTION_SCHEMAS, type AttestAction, type ProposeAction } from "./action-schemas.ts";

import {
  PARTICIPATION_FLAG_WEIGHTS,
  PROPOSER_WEIGHT,
  TIMELY_HEAD_FLAG,
  TIMELY_SOURCE_FLAG,
  TIMELY_TARGET_FLAG,
  WEIGHT_DENOMINATOR,
} from "./constants.ts";
import { epochOf, epochStartSlot, type StepContext } from "./context.ts";
import { getAttestationSlot, getBeaconProposerIndex } from "./duties.ts";
import { type Hex, hashParts } from "./hash.ts";
import { mint } from "./ledger.ts";
import { integerSquareroot, mulDiv } from "./money.ts";
import { forkHead, isCutOff } from "./network-partition.ts";
import { headSeenBy, isOffline } from "./network-state.ts";
import { userTransfersFor } from "./priority-fees.ts";
import { getBaseReward } from "./rewards.ts";
import type {
  AttestationData,
  AttestationMessage,
  Block,
  Checkpoint,
  EngineState,
  SeatState,
} from "./types.ts";
import { checkOwnValidator, isActiveValidator } from "./validators.ts";

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

export function blockId(
  slot: number,
  proposer: number,
  parent: Hex,
  graffiti: string,
  userTransfers: number,
  contents: Hex[],
): Hex {
  return hashParts("block", slot, proposer, parent, graffiti, userTransfers, ...contents);
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

export function sameCheckpoint(a: Checkpoint, b: Checkpoint): boolean {
  return a.epoch === b.epoch && a.root === b.root;
}

/**
 * The participation flags an attestation earns included in `block`, and whether they go to the block's
 * current epoch (else the previous); null when it cannot count (wrong source, out of range, slashed).
 */
export function attestationCredit(
  state: EngineState,
  block: Block,
  message: AttestationMessage,
): { flags: number; currentEpoch: boolean } | null {
  const { config } = state;
  const currentEpoch = epochOf(config, block.slot);
  const targetEpoch = message.target.epoch;
  if (targetEpoch !== currentEpoch && targetEpoch !== currentEpoch - 1) return null;
  if (targetEpoch !== epochOf(config, message.slot)) return null;
  const inclusionDelay = block.slot - message.slot;
  if (inclusionDelay < 1 || inclusionDelay > config.slotsPerEpoch) return null;
  const justified = targetEpoch === currentEpoch ? state.currentJustified : state.previousJustified;
  if (!sameCheckpoint(message.source, justified)) return null;
  if (state.validators[message.validator].slashed) return null;

  const matchingTarget = message.target.root === getBlockRoot(state, targetEpoch);
  const matchingHead = matchingTarget && message.head === getBlockRootAtSlot(state, message.slot);
  let flags = 0;
  if (inclusionDelay <= integerSquareroot(config.slotsPerEpoch)) flags |= TIMELY_SOURCE_FLAG;
  if (matchingTarget) flags |= TIMELY_TARGET_FLAG;
  if (matchingHead && inclusionDelay === 1) flags |= TIMELY_HEAD_FLAG;
  return { flags, currentEpoch: targetEpoch === currentEpoch };
}

/**
 * process_attestation: sets the attester's participation flags and pays the including proposer.
 * An attestation that cannot count (wrong source, out of range) is dropped with no effect.
 */
export function processAttestation(ctx: StepContext, block: Block, message: AttestationMessage): void {
  const { state } = ctx;
  const credit = attestationCredit(state, block, message);
  if (!credit) return;
  const { flags } = credit;
  const participation = credit.currentEpoch ? state.currentParticipation : state.previousParticipation;
  const currentEpoch = epochOf(state.config, block.slot);
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

/** A candidate block for this slot from the mempool as it stands once every action is in. */
function buildBlock(ctx: StepContext, action: ProposeAction): Block {
  const { state, config, slot } = ctx;
  const excluded = new Set(action.exclude ?? []);
  const excludedTypes = new Set<string>(action.excludeTypes ?? []);
  const attestations = includableAttestations(state, slot);
  const operations = state.mempool
    .filter((op) => !excluded.has(op.id) && !excludedTypes.has(op.action.type))
    .slice(0, config.maxOperationsPerBlock)
    .map((op) => op.id);
  const parent = action.parent ?? (isCutOff(state, action.validator, slot) ? forkHead(state) : state.head);
  const graffiti = action.graffiti ?? "";
  const userTransfers = userTransfersFor(state, slot, action.publishMs ?? 0);
  const id = blockId(slot, action.validator, parent, graffiti, userTransfers, [
    ...attestations,
    ...operations,
  ]);
  return { id, slot, proposer: action.validator, parent, graffiti, attestations, operations, userTransfers };
}

/** A proposal enters the block tree; an identical second block is a duplicate. */
export function proposeBlock(ctx: StepContext, seat: SeatState, action: ProposeAction): Block | null {
  const { state, slot } = ctx;
  const block = buildBlock(ctx, action);
  if (state.blocks[block.id]) {
    refuse(ctx, seat.id, action, refusal("duplicate", "an identical block was already proposed"));
    return null;
  }
  state.blocks[block.id] = block;
  recordHistory(state, block.id);
  ctx.events.push({
    type: "block",
    slot,
    id: block.id,
    proposer: block.proposer,
    seat: seat.id,
    attestations: block.attestations.length,
    operations: block.operations.length,
  });
  return block;
}

/** propose: the slot's proposer builds a block; a second one is an equivocation. */
export const proposeRule: ActionRule<"propose"> = {
  type: "propose",
  roles: ["validator", "attacker"],
  schema: ACTION_SCHEMAS.propose,
  takesEffect: "as-proposal",
  check: ({ state, slot }, seat, action) => {
    const problem = checkOwnValidator(state, seat, action.validator);
    if (problem) return problem;
    if (getBeaconProposerIndex(state, slot) !== action.validator)
      return refusal("not-proposer", `validator ${action.validator} is not the proposer of slot ${slot}`);
    if (state.validators[action.validator].slashed)
      return refusal("inactive-validator", `validator ${action.validator} is slashed`);
    if (action.parent !== undefined && !state.blocks[action.parent])
      return refusal("unknown-block", `parent ${action.parent.slice(0, 10)}… is not a known block`);
    return null;
  },
  apply: proposeBlock,
};

/** An attestation's slot, committee and checkpoints, as far as they can be checked before inclusion. */
function checkAttestation(ctx: StepContext, action: AttestAction) {
  const { state, config, slot } = ctx;
  const epoch = epochOf(config, action.slot);
  if (action.slot >= slot || action.slot < slot - config.slotsPerEpoch) {
    const first = Math.max(slot - config.slotsPerEpoch, 0);
    return refusal("wrong-slot", `slot ${slot} accepts attestations for slots ${first}–${slot - 1}`);
  }
  const validator = state.validators[action.validator];
  if (validator.slashed || !isActiveValidator(validator, epoch))
    return refusal("inactive-validator", `validator ${action.validator} is not active`);
  if (isOffline(state, action.validator, action.slot) || isOffline(state, action.validator, slot))
    return refusal(
      "offline",
      isCutOff(state, action.validator, slot)
        ? `validator ${action.validator}'s node is cut off from the chain by the partition`
        : `validator ${action.validator}'s node is offline (region ${config.outageRegion})`,
    );
  if (getAttestationSlot(state, action.validator, epoch) !== action.slot)
    return refusal(
      "not-assigned",
      `validator ${action.validator} is not in the committee of slot ${action.slot}`,
    );
  if (action.target.epoch !== epoch)
    return refusal(
      "malformed",
      `target epoch ${action.target.epoch} is not the epoch of slot ${action.slot}`,
    );
  if (action.source.epoch > action.target.epoch)
    return refusal("malformed", "source epoch is after target epoch");
  if (state.attestations[attestationId(action.validator, action)])
    return refusal("duplicate", "this attestation was already sent");
  return null;
}

/** attest: gossiped at once, counted in fork choice, included by a later block. */
export const attestRule: ActionRule<"attest"> = {
  type: "attest",
  roles: ["validator", "attacker"],
  schema: ACTION_SCHEMAS.attest,
  takesEffect: "at-once",
  check: (ctx, seat, action) =>
    checkOwnValidator(ctx.state, seat, action.validator) ?? checkAttestation(ctx, action),
  apply: ({ state }, _seat, action) => {
    const { validator, ...signed } = action;
    const data = { ...signed, head: headSeenBy(state, validator, signed.slot, signed.head) };
    onAttestation(state, { id: attestationId(validator, data), validator, ...data });
  },
};
