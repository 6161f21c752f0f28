// The step function: one slot of the whole game, in the fixed order of RULES §0.
import { ACTION_ROLES, parseAction } from "./actions.ts";
import {
  attestationId,
  blockId,
  includableAttestations,
  onAttestation,
  processBlock,
  pruneAttestationPool,
  recordHistory,
} from "./chain.ts";
import type { MatchConfig } from "./config.ts";
import { BACKGROUND_SEAT, FAR_FUTURE_EPOCH } from "./constants.ts";
import { epochOf, isEpochEnd, type StepContext } from "./context.ts";
import { checkChallenge, checkMove, findBatch, processDisputeClocks } from "./dispute.ts";
import { computeEpochDuties, dutiesMix, getAttestationSlot, getBeaconProposerIndex } from "./duties.ts";
import { processJustificationAndFinalization } from "./finality.ts";
import { getHead } from "./forkchoice.ts";
import { hashParts } from "./hash.ts";
import { createRollup, generateUserTransactions } from "./l2.ts";
import { netWorth, seatById, totalHoldings } from "./ledger.ts";
import { coinsToMilli } from "./money.ts";
import { Rng, seedRng } from "./random.ts";
import { isInInactivityLeak, processInactivityUpdates, processRewardsAndPenalties } from "./rewards.ts";
import {
  checkBatchFunds,
  checkPostBatch,
  checkProofFunds,
  processBatchFinalization,
  processRollups,
  rollupById,
  setWatching,
} from "./rollup.ts";
import { createShards, onAvailabilityAttestation, processShards } from "./shards.ts";
import { checkSlashingEvidence, processSlashings, processSlashingsReset } from "./slashing.ts";
import { computeStateRoot } from "./state-root.ts";
import {
  type Action,
  type Block,
  BREAKDOWN_KEYS,
  type Breakdown,
  type EngineState,
  type Operation,
  type ProposeAction,
  type RefusalCode,
  ROLES,
  type SeatSpec,
  type SeatState,
  type SlotActions,
  type StepResult,
} from "./types.ts";
import { isActiveValidator, processRegistryUpdates } from "./validators.ts";
import { ENGINE_VERSION } from "./version.ts";

export interface MatchSetup {
  config: MatchConfig;
  seed: string;
  seats: SeatSpec[];
}

export class SetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SetupError";
  }
}

function emptyBreakdown(): Breakdown {
  return Object.fromEntries(BREAKDOWN_KEYS.map((key) => [key, 0])) as Breakdown;
}

function defaultValidatorCount(config: MatchConfig, spec: SeatSpec): number {
  if (spec.validators !== undefined) return spec.validators;
  if (spec.role === "validator") return config.validatorsPerSeat;
  if (spec.role === "attacker") return Math.floor(config.attackerBudget / config.stakePerValidator / 2);
  return 0;
}

/** Liquid coins at genesis: bonds and fees for L2 roles; the attacker's budget left after its stake. */
function startingBalance(config: MatchConfig, spec: SeatSpec, validators: number): number {
  if (spec.role === "attacker")
    return Math.max(
      coinsToMilli(config.attackerBudget) - validators * coinsToMilli(config.stakePerValidator),
      0,
    );
  if (spec.role === "sequencer" || spec.role === "challenger") return coinsToMilli(config.seatBalance);
  return 0;
}

function checkSeats(seats: SeatSpec[]): void {
  const ids = new Set<string>();
  for (const seat of seats) {
    if (typeof seat.id !== "string" || seat.id === "" || seat.id === BACKGROUND_SEAT) {
      throw new SetupError(`seat id ${JSON.stringify(seat.id)} is empty or reserved`);
    }
    if (ids.has(seat.id)) throw new SetupError(`seat id "${seat.id}" is used twice`);
    ids.add(seat.id);
    if (!ROLES.includes(seat.role)) {
      throw new SetupError(`seat "${seat.id}": unknown role "${seat.role}" (roles: ${ROLES.join(", ")})`);
    }
    if (typeof seat.strategy !== "string" || seat.strategy === "") {
      throw new SetupError(`seat "${seat.id}": strategy must be a name or a bot file`);
    }
    if (seat.validators !== undefined && (!Number.isInteger(seat.validators) || seat.validators < 0)) {
      throw new SetupError(`seat "${seat.id}": validators must be a whole number ≥ 0`);
    }
  }
}

/** Genesis: validators dealt to seats in order, the rest (perhaps none) to the background seat. */
export function createMatch(setup: MatchSetup): EngineState {
  const { config, seed } = setup;
  checkSeats(setup.seats);
  const stake = coinsToMilli(config.stakePerValidator);
  const counts = setup.seats.map((spec) => defaultValidatorCount(config, spec));
  const assigned = counts.reduce((a, b) => a + b, 0);
  const total = Math.max(config.validators, assigned);
  const seats: SeatState[] = setup.seats.map((spec) => ({
    id: spec.id,
    role: spec.role,
    strategy: spec.strategy,
    background: false,
    validators: [],
    balance: startingBalance(config, spec, counts[setup.seats.indexOf(spec)]),
    locked: 0,
    startNetWorth: 0,
    breakdown: emptyBreakdown(),
  }));
  // Always there, even with no validators left to deal: the fallback sequencer posts as this seat.
  seats.push({
    id: BACKGROUND_SEAT,
    role: "validator",
    strategy: "honest-validator",
    background: true,
    validators: [],
    balance: 0,
    locked: 0,
    startNetWorth: 0,
    breakdown: emptyBreakdown(),
  });
  const owners: string[] = [];
  setup.seats.forEach((spec, i) => {
    for (let k = 0; k < counts[i]; k++) owners.push(spec.id);
  });
  while (owners.length < total) owners.push(BACKGROUND_SEAT);

  const genesisRoot = hashParts("genesis", seed);
  const rngHolder = { rng: seedRng(seed) };
  const genesisMix = hashParts("randao", new Rng(rngHolder).next());
  const state: EngineState = {
    engineVersion: ENGINE_VERSION,
    seed,
    config,
    slot: 0,
    rng: rngHolder.rng,
    randaoMix: genesisMix,
    epochMixes: [genesisMix],
    seats,
    validators: owners.map((seat, index) => ({
      index,
      seat,
      stake,
      slashed: false,
      exitEpoch: FAR_FUTURE_EPOCH,
      withdrawableEpoch: FAR_FUTURE_EPOCH,
      inactivityScore: 0,
    })),
    blocks: {
      [genesisRoot]: {
        id: genesisRoot,
        slot: -1,
        proposer: -1,
        parent: "",
        graffiti: "genesis",
        attestations: [],
        operations: [],
      },
    },
    blockRoots: [],
    head: genesisRoot,
    genesisRoot,
    attestations: {},
    attestationPool: [],
    latestMessages: {},
    mempool: [],
    previousParticipation: owners.map(() => 0),
    currentParticipation: owners.map(() => 0),
    justificationBits: [false, false, false, false],
    previousJustified: { epoch: 0, root: genesisRoot },
    currentJustified: { epoch: 0, root: genesisRoot },
    finalized: { epoch: 0, root: genesisRoot },
    slashings: new Array(config.slashingWindow).fill(0),
    duties: {},
    supply: { genesis: 0, minted: 0, burned: 0 },
    historyRoot: genesisRoot,
    l2: {
      nextTxId: 0,
      rollups: [createRollup(config, "optimistic"), createRollup(config, "zk")],
      inbox: [],
      blobs: [],
      shards: createShards(config),
      disputes: [],
      attacks: [],
      notWatching: [],
    },
  };
  owners.forEach((seat, index) => {
    seatById(state, seat)!.validators.push(index);
  });
  state.duties[0] = computeEpochDuties(state, config, 0, dutiesMix(state, 0));
  state.duties[1] = computeEpochDuties(state, config, 1, dutiesMix(state, 1));
  for (const seat of state.seats) seat.startNetWorth = netWorth(state, seat);
  state.supply.genesis = totalHoldings(state);
  return state;
}

type Accepted = { seat: SeatState; action: Action };

function refuse(ctx: StepContext, seat: string, action: unknown, code: RefusalCode, reason: string): void {
  ctx.refusals.push({ slot: ctx.slot, seat, action, code, reason });
}

function ownValidator(ctx: StepContext, seat: SeatState, index: number): string | null {
  const validator = ctx.state.validators[index];
  if (!validator) return `validator ${index} does not exist`;
  if (validator.seat !== seat.id) return `validator ${index} belongs to another seat`;
  return null;
}

/** Checks one action against the seat and the state; returns a refusal reason or null. */
function validateAction(
  ctx: StepContext,
  seat: SeatState,
  action: Action,
  seen: Set<string>,
): [RefusalCode, string] | null {
  const { state, config, slot } = ctx;
  if (!ACTION_ROLES[action.type].includes(seat.role)) {
    return [
      "wrong-role",
      `a ${seat.role} cannot ${action.type} (allowed: ${ACTION_ROLES[action.type].join(", ")})`,
    ];
  }
  const key = JSON.stringify(action);
  if (seen.has(key)) return ["duplicate", `the same ${action.type} was sent twice this slot`];
  seen.add(key);
  const epoch = epochOf(config, slot);
  switch (action.type) {
    case "propose": {
      const problem = ownValidator(ctx, seat, action.validator);
      if (problem) return [state.validators[action.validator] ? "not-owner" : "unknown-validator", problem];
      if (getBeaconProposerIndex(state, slot) !== action.validator) {
        return ["not-proposer", `validator ${action.validator} is not the proposer of slot ${slot}`];
      }
      if (state.validators[action.validator].slashed)
        return ["inactive-validator", `validator ${action.validator} is slashed`];
      if (action.parent !== undefined && !state.blocks[action.parent]) {
        return ["unknown-block", `parent ${action.parent.slice(0, 10)}… is not a known block`];
      }
      return null;
    }
    case "attest": {
      const problem = ownValidator(ctx, seat, action.validator);
      if (problem) return [state.validators[action.validator] ? "not-owner" : "unknown-validator", problem];
      if (action.slot >= slot || action.slot < slot - config.slotsPerEpoch) {
        return [
          "wrong-slot",
          `slot ${slot} accepts attestations for slots ${Math.max(slot - config.slotsPerEpoch, 0)}–${slot - 1}`,
        ];
      }
      const validator = state.validators[action.validator];
      if (validator.slashed || !isActiveValidator(validator, epochOf(config, action.slot))) {
        return ["inactive-validator", `validator ${action.validator} is not active`];
      }
      if (getAttestationSlot(state, action.validator, epochOf(config, action.slot)) !== action.slot) {
        return [
          "not-assigned",
          `validator ${action.validator} is not in the committee of slot ${action.slot}`,
        ];
      }
      if (action.target.epoch !== epochOf(config, action.slot)) {
        return ["malformed", `target epoch ${action.target.epoch} is not the epoch of slot ${action.slot}`];
      }
      if (action.source.epoch > action.target.epoch)
        return ["malformed", "source epoch is after target epoch"];
      if (state.attestations[attestationId(action.validator, action)]) {
        return ["duplicate", "this attestation was already sent"];
      }
      return null;
    }
    case "reportSlashing": {
      const check = checkSlashingEvidence(state, action.offense, action.evidence);
      if (!("offender" in check)) return [check.code, check.reason];
      if (state.validators[check.offender].slashed)
        return ["already-slashed", `validator ${check.offender} is already slashed`];
      const pending = state.mempool.some((op) => {
        if (op.action.type !== "reportSlashing") return false;
        const other = checkSlashingEvidence(state, op.action.offense, op.action.evidence);
        return "offender" in other && other.offender === check.offender;
      });
      if (pending)
        return ["duplicate", `a report against validator ${check.offender} is already waiting for inclusion`];
      return null;
    }
    case "attestAvailability": {
      const problem = ownValidator(ctx, seat, action.validator);
      if (problem) return [state.validators[action.validator] ? "not-owner" : "unknown-validator", problem];
      const blob = state.l2.blobs.find((b) => b.id === action.blob);
      if (!blob) return ["unknown-message", `no blob ${action.blob.slice(0, 10)}…`];
      if (blob.verdict !== "pending") return ["too-late", "this blob's verdict is already in"];
      if (!blob.samples[action.validator]) {
        return [
          "not-assigned",
          `validator ${action.validator} is not in shard ${blob.shard}'s committee for this blob`,
        ];
      }
      if (blob.votes[action.validator] !== undefined)
        return ["duplicate", "this validator already voted on this blob"];
      return null;
    }
    case "postBatch": {
      const problem = checkPostBatch(state, seat.id, action);
      if (problem) return [rollupById(state, action.rollup) ? "malformed" : "unknown-rollup", problem];
      const waiting = state.mempool.some(
        (op) => op.seat === seat.id && op.action.type === "postBatch" && op.action.rollup === action.rollup,
      );
      if (waiting) return ["duplicate", `your batch for ${action.rollup} still waits for inclusion`];
      const unpaid = checkBatchFunds(state, seat.id, action);
      return unpaid ? ["insufficient-funds", unpaid] : null;
    }
    case "submitProof": {
      const found = findBatch(state, action.batch);
      if (!found) return ["unknown-batch", `no batch ${action.batch.slice(0, 10)}…`];
      if (found.rollup.kind !== "zk") return ["malformed", "only ZK batches take proofs"];
      if (found.batch.seat !== seat.id) return ["not-owner", "only the batch's sequencer submits its proof"];
      if (found.batch.status !== "pending" || found.batch.provedSlot >= 0)
        return ["too-late", `the batch is ${found.batch.status}`];
      const unpaid = checkProofFunds(state, seat.id, action.batch);
      return unpaid ? ["insufficient-funds", unpaid] : null;
    }
    case "challenge":
      return checkChallenge(state, seat.id, action.batch);
    case "defend":
    case "bisect":
    case "proveStep": {
      const side = action.type === "defend" ? "defender" : "challenger";
      const check = checkMove(state, seat.id, action.dispute, side, action.type);
      return "dispute" in check ? null : [check.code, check.problem];
    }
    case "watch":
      return null;
    case "forceInclude": {
      const rollup = rollupById(state, action.rollup);
      if (!rollup) return ["unknown-rollup", `no rollup "${action.rollup}"`];
      if (action.from >= rollup.balances.length || action.to >= rollup.balances.length) {
        return ["malformed", `accounts are numbered 0–${rollup.balances.length - 1}`];
      }
      return null;
    }
    case "exit": {
      const problem = ownValidator(ctx, seat, action.validator);
      if (problem) return [state.validators[action.validator] ? "not-owner" : "unknown-validator", problem];
      const validator = state.validators[action.validator];
      if (validator.exitEpoch !== FAR_FUTURE_EPOCH || !isActiveValidator(validator, epoch)) {
        return ["inactive-validator", `validator ${action.validator} is already exiting`];
      }
      if (state.mempool.some((op) => op.action.type === "exit" && op.action.validator === action.validator)) {
        return ["duplicate", `an exit for validator ${action.validator} is already waiting for inclusion`];
      }
      return null;
    }
  }
}

/**
 * Parses and checks every action, seats in id order, and admits each accepted one at once (so a later
 * duplicate in the same slot is refused); refused actions change nothing. Returns the proposals.
 */
function collectActions(ctx: StepContext, actions: SlotActions): Accepted[] {
  const proposals: Accepted[] = [];
  for (const seatId of Object.keys(actions).sort()) {
    const list = actions[seatId];
    const seat = seatById(ctx.state, seatId);
    if (!seat) {
      for (const action of Array.isArray(list) ? list : [list])
        refuse(ctx, seatId, action, "unknown-seat", `no seat "${seatId}" in this match`);
      continue;
    }
    if (!Array.isArray(list)) {
      refuse(ctx, seatId, list, "malformed", "a seat's actions must be a list");
      continue;
    }
    const seen = new Set<string>();
    for (const raw of list) {
      const parsed = parseAction(raw);
      if (!parsed.ok) {
        refuse(ctx, seatId, raw, parsed.code, parsed.reason);
        continue;
      }
      const problem = validateAction(ctx, seat, parsed.action, seen);
      if (problem) refuse(ctx, seatId, raw, problem[0], problem[1]);
      else if (parsed.action.type === "propose") proposals.push({ seat, action: parsed.action });
      else admitAction(ctx, seat, parsed.action);
    }
  }
  return proposals;
}

/** An accepted action enters the game: attestations are gossiped, L1 operations wait in the mempool. */
function admitAction(ctx: StepContext, seat: SeatState, action: Action): void {
  const { state } = ctx;
  if (action.type === "attest") {
    const { validator, ...data } = action;
    onAttestation(state, { id: attestationId(validator, data), validator, ...data });
  } else if (action.type === "attestAvailability") {
    onAvailabilityAttestation(state, action.validator, action.blob, action.available);
  } else if (action.type === "watch") {
    setWatching(ctx, seat.id, action.watching);
  } else if (action.type !== "propose") {
    const operation: Operation = {
      id: hashParts("operation", seat.id, ctx.slot, JSON.stringify(action)),
      seat: seat.id,
      submittedSlot: ctx.slot,
      action,
    };
    state.mempool.push(operation);
    recordHistory(state, operation.id);
  }
}

function buildBlock(ctx: StepContext, action: ProposeAction): Block {
  const { state, config, slot } = ctx;
  const excluded = new Set(action.exclude ?? []);
  const excludedTypes = new Set<string>(action.excludeTypes ?? []);
  const attestations = includableAttestations(state, slot);
  const operations = state.mempool
    .filter((op) => !excluded.has(op.id) && !excludedTypes.has(op.action.type))
    .slice(0, config.maxOperationsPerBlock)
    .map((op) => op.id);
  const parent = action.parent ?? state.head;
  const graffiti = action.graffiti ?? "";
  const id = blockId(slot, action.validator, parent, graffiti, [...attestations, ...operations]);
  return { id, slot, proposer: action.validator, parent, graffiti, attestations, operations };
}

/** The L1 block of this slot: proposals, fork choice, and the winner's operations applied. */
function processProposals(ctx: StepContext, proposals: Accepted[]): void {
  const { state, slot } = ctx;
  const created: Block[] = [];
  for (const { seat, action } of proposals) {
    const block = buildBlock(ctx, action as ProposeAction);
    if (state.blocks[block.id]) {
      refuse(ctx, seat.id, action, "duplicate", "an identical block was already proposed");
      continue;
    }
    state.blocks[block.id] = block;
    recordHistory(state, block.id);
    created.push(block);
    ctx.events.push({
      type: "block",
      slot,
      id: block.id,
      proposer: block.proposer,
      seat: seat.id,
      attestations: block.attestations.length,
      operations: block.operations.length,
    });
  }
  const settled = state.head;
  const head = getHead(state, settled, created, epochOf(ctx.config, slot));
  if (created.length > 1)
    ctx.events.push({ type: "fork", slot, blocks: created.map((b) => b.id), winner: head });
  if (head !== settled) processBlock(ctx, state.blocks[head]);
  else {
    const proposer = getBeaconProposerIndex(state, slot);
    ctx.events.push({ type: "missed-slot", slot, proposer, seat: state.validators[proposer].seat });
  }
  state.head = head;
  state.blockRoots[slot] = head;
  recordHistory(state, head);
}

/** Epoch processing in the spec's order, then the next-but-one epoch's duties. */
function processEpoch(ctx: StepContext, epoch: number): void {
  const { state, config } = ctx;
  const wasLeaking = epoch > 0 && isInInactivityLeak(state, epoch - 1);
  processJustificationAndFinalization(ctx, epoch);
  processInactivityUpdates(ctx, epoch);
  processRewardsAndPenalties(ctx, epoch);
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
