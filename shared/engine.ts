// The step function: one slot of the whole game, in the fixed order of docs/rules.md (a match). Actions go
// through their descriptors (shared/actions.ts); the rules are in the modules this one calls.

import { refuse } from "./action-rule.ts";
import type { Action } from "./action-schemas.ts";
import { ACTION_RULES, parseAction, ruleOf } from "./actions.ts";
import { type Proposal, processProposals } from "./block.ts";
import { pruneAttestationPool, recordHistory } from "./chain.ts";
import { epochOf, isEpochEnd, type StepContext } from "./context.ts";
import { processDisputeClocks } from "./dispute.ts";
import { computeEpochDuties, dutiesMix } from "./duties.ts";
import { processJustificationAndFinalization } from "./finality.ts";
import { hashParts } from "./hash.ts";
import { generateUserTransactions } from "./l2.ts";
import { seatById } from "./ledger.ts";
import { processNetworkEpoch } from "./network-slot.ts";
import { Rng } from "./random.ts";
import { isInInactivityLeak, processInactivityUpdates, processRewardsAndPenalties } from "./rewards.ts";
import { processBatchFinalization, processRollups } from "./rollup.ts";
import { processShards } from "./shards.ts";
import { processSlashings, processSlashingsReset } from "./slashing.ts";
import { computeStateRoot } from "./state-root.ts";
import type { EngineState, Operation, Problem, SeatState, SlotActions, StepResult } from "./types.ts";
import { processRegistryUpdates } from "./validators.ts";

/** The checks every action gets before its own: the seat's role, and no second copy in one slot. */
function checkAction(ctx: StepContext, seat: SeatState, action: Action, seen: Set<string>): Problem | null {
  const rule = ruleOf(action);
  if (!rule.roles.includes(seat.role)) {
    const allowed = ACTION_RULES[action.type].roles.join(", ");
    return { code: "wrong-role", reason: `a ${seat.role} cannot ${action.type} (allowed: ${allowed})` };
  }
  const key = JSON.stringify(action);
  if (seen.has(key)) return { code: "duplicate", reason: `the same ${action.type} was sent twice this slot` };
  seen.add(key);
  return rule.check(ctx, seat, action);
}

/** An accepted action enters the game as its descriptor says: at once, as a proposal, or into the mempool. */
function admitAction(ctx: StepContext, seat: SeatState, action: Action, proposals: Proposal[]): void {
  const rule = ruleOf(action);
  if (rule.takesEffect === "as-proposal") proposals.push({ seat, action: action as Proposal["action"] });
  else if (rule.takesEffect === "at-once") rule.apply(ctx, seat, action);
  else {
    const operation: Operation = {
      id: hashParts("operation", seat.id, ctx.slot, JSON.stringify(action)),
      seat: seat.id,
      submittedSlot: ctx.slot,
      action: action as Operation["action"],
    };
    ctx.state.mempool.push(operation);
    recordHistory(ctx.state, operation.id);
  }
}

/** One seat's list: each action parsed, checked and admitted at once (so a later duplicate is refused). */
function collectSeatActions(ctx: StepContext, seat: SeatState, list: unknown[], proposals: Proposal[]): void {
  const seen = new Set<string>();
  for (const raw of list) {
    const parsed = parseAction(raw);
    if (!parsed.ok) {
      refuse(ctx, seat.id, raw, parsed);
      continue;
    }
    const problem = checkAction(ctx, seat, parsed.action, seen);
    if (problem) refuse(ctx, seat.id, raw, problem);
    else admitAction(ctx, seat, parsed.action, proposals);
  }
}

/** Every seat's actions, seats in id order; refused actions change nothing. Returns the proposals. */
function collectActions(ctx: StepContext, actions: SlotActions): Proposal[] {
  const proposals: Proposal[] = [];
  for (const seatId of Object.keys(actions).sort()) {
    const list = actions[seatId];
    const seat = seatById(ctx.state, seatId);
    if (!seat) {
      const problem: Problem = { code: "unknown-seat", reason: `no seat "${seatId}" in this match` };
      for (const action of Array.isArray(list) ? list : [list]) refuse(ctx, seatId, action, problem);
    } else if (!Array.isArray(list)) {
      refuse(ctx, seatId, list, { code: "malformed", reason: "a seat's actions must be a list" });
    } else collectSeatActions(ctx, seat, list, proposals);
  }
  return proposals;
}

/** Epoch processing in the spec's order, then the next-but-one epoch's duties. */
function processEpoch(ctx: StepContext, epoch: number): void {
  const { state, config } = ctx;
  const wasLeaking = epoch > 0 && isInInactivityLeak(state, epoch - 1);
  processJustificationAndFinalization(ctx, epoch);
  processInactivityUpdates(ctx, epoch);
  processRewardsAndPenalties(ctx, epoch);
  processNetworkEpoch(ctx, epoch);
  processRegistryUpdates(ctx, epoch);
  processSlashings(ctx, epoch);
  processSlashingsReset(state, epoch + 1);
  const leaking = isInInactivityLeak(state, epoch);
  if (leaking !== wasLeaking)
    ctx.events.push({ type: "inactivity-leak", slot: ctx.slot, epoch: epoch + 1, leaking });

  state.previousParticipation = state.currentParticipation;
  state.currentParticipation = state.validators.map(() => 0);
  state.epochMixes.push(state.randaoMix);
  recordHistory(state, state.randaoMix);
  state.duties[epoch + 2] = computeEpochDuties(state, config, epoch + 2, dutiesMix(state, epoch + 2));
  delete state.duties[epoch - 1];
  pruneHistory(state, epoch);
}

/** Keeps the state bounded: messages older than the slashing window can no longer matter. */
function pruneHistory(state: EngineState, epoch: number): void {
  const oldestSlot = (epoch - state.config.slashingWindow) * state.config.slotsPerEpoch;
  if (oldestSlot <= 0) return;
  for (const [id, message] of Object.entries(state.attestations))
    if (message.slot < oldestSlot) delete state.attestations[id];
  for (const [id, block] of Object.entries(state.blocks)) {
    if (block.slot >= 0 && block.slot < oldestSlot && id !== state.finalized.root) delete state.blocks[id];
  }
}

/**
 * Advances `state` by one slot in place and returns what happened. Deterministic: the same state and
 * actions give the same result on every machine. Use `step` for a copy-on-write version.
 */
export function advance(state: EngineState, actions: SlotActions): StepResult {
  return { ...advanceSlot(state, actions), stateRoot: computeStateRoot(state) };
}

/**
 * `advance` without the state root, for runs that need only the last one (tournaments, sweeps): hashing the
 * state every slot is a sixth of a match. `computeStateRoot(state)` gives it whenever asked.
 */
export function advanceSlot(state: EngineState, actions: SlotActions): Omit<StepResult, "stateRoot"> {
  const ctx: StepContext = {
    state,
    config: state.config,
    rng: new Rng(state),
    slot: state.slot,
    events: [],
    refusals: [],
  };
  const minted = state.supply.minted;
  const burned = state.supply.burned;
  processProposals(ctx, collectActions(ctx, actions));
  pruneAttestationPool(state, ctx.slot);
  processRollups(ctx);
  processShards(ctx);
  processDisputeClocks(ctx);
  if (isEpochEnd(ctx.config, ctx.slot)) processEpoch(ctx, epochOf(ctx.config, ctx.slot));
  processBatchFinalization(ctx);
  generateUserTransactions(ctx);

  const slotMinted = state.supply.minted - minted;
  const slotBurned = state.supply.burned - burned;
  if (slotMinted || slotBurned)
    ctx.events.push({ type: "supply", slot: ctx.slot, minted: slotMinted, burned: slotBurned });
  state.slot += 1;
  return { state, events: ctx.events, refusals: ctx.refusals };
}

/** The pure step: (state, actions) → (new state, events, refusals); the input state is not touched. */
export function step(state: EngineState, actions: SlotActions): StepResult {
  return advance(structuredClone(state), actions);
}

export { computeStateRoot };
