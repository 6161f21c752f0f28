// Genesis (docs/rules.md, a match): the seats, their validators and coins, both rollups, the first duties.
import type { MatchConfig } from "./config.ts";
import { BACKGROUND_SEAT, FAR_FUTURE_EPOCH } from "./constants.ts";
import { computeEpochDuties, dutiesMix } from "./duties.ts";
import { type Hex, hashParts } from "./hash.ts";
import { createRollup } from "./l2.ts";
import { netWorth, seatById, totalHoldings } from "./ledger.ts";
import { coinsToMilli } from "./money.ts";
import { createNetworkState } from "./network-state.ts";
import { Rng, seedRng } from "./random.ts";
import { createShards } from "./shards.ts";
import {
  type Block,
  BREAKDOWN_KEYS,
  type Breakdown,
  type EngineState,
  type L2State,
  ROLES,
  type SeatSpec,
  type SeatState,
  type Validator,
} from "./types.ts";
import { ENGINE_VERSION } from "./version.ts";

export interface MatchSetup {
  config: MatchConfig;
  seed: string;
  seats: SeatSpec[];
  /** See EngineState.secret: a host that wants sampling unpredictable to whoever knows the seed passes fresh entropy. */
  secret?: Hex;
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

/**
 * The background seat's id, and names every JavaScript object inherits ("__proto__", "constructor"): seat ids
 * are keys of plain objects (a slot's actions, the synced seats), where those names are not plain keys.
 */
export function isReservedSeatId(id: string): boolean {
  return id === BACKGROUND_SEAT || id in Object.prototype;
}

function checkSeats(seats: SeatSpec[]): void {
  const ids = new Set<string>();
  for (const seat of seats) {
    if (typeof seat.id !== "string" || seat.id === "" || isReservedSeatId(seat.id)) {
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

function createSeat(spec: SeatSpec, balance: number, background = false): SeatState {
  return {
    id: spec.id,
    role: spec.role,
    strategy: spec.strategy,
    background,
    validators: [],
    balance,
    locked: 0,
    startNetWorth: 0,
    breakdown: emptyBreakdown(),
  };
}

/** The owner seat of each validator: dealt to seats in order, the rest (perhaps none) to the background seat. */
function dealValidators(setup: MatchSetup): string[] {
  const counts = setup.seats.map((spec) => defaultValidatorCount(setup.config, spec));
  const total = Math.max(
    setup.config.validators,
    counts.reduce((a, b) => a + b, 0),
  );
  const owners: string[] = [];
  setup.seats.forEach((spec, i) => {
    for (let k = 0; k < counts[i]; k++) owners.push(spec.id);
  });
  while (owners.length < total) owners.push(BACKGROUND_SEAT);
  return owners;
}

function createValidator(config: MatchConfig, seat: string, index: number): Validator {
  return {
    index,
    seat,
    stake: coinsToMilli(config.stakePerValidator),
    slashed: false,
    exitEpoch: FAR_FUTURE_EPOCH,
    withdrawableEpoch: FAR_FUTURE_EPOCH,
    inactivityScore: 0,
  };
}

function createL2(config: MatchConfig): L2State {
  return {
    nextTxId: 0,
    rollups: [createRollup(config, "optimistic"), createRollup(config, "zk")],
    inbox: [],
    blobs: [],
    shards: createShards(config),
    disputes: [],
    attacks: [],
    notWatching: [],
  };
}

function genesisBlock(root: Hex): Block {
  return {
    id: root,
    slot: -1,
    proposer: -1,
    parent: "",
    graffiti: "genesis",
    attestations: [],
    operations: [],
    userTransfers: 0,
  };
}

/** Genesis: the seats (and the background seat, always there: the fallback sequencer posts as it), their validators, both rollups. */
export function createMatch(setup: MatchSetup): EngineState {
  const { config, seed } = setup;
  checkSeats(setup.seats);
  const seats: SeatState[] = setup.seats.map((spec) =>
    createSeat(spec, startingBalance(config, spec, defaultValidatorCount(config, spec))),
  );
  seats.push(createSeat({ id: BACKGROUND_SEAT, role: "validator", strategy: "honest-validator" }, 0, true));
  const owners = dealValidators(setup);
  const genesisRoot = hashParts("genesis", seed);
  const rngHolder = { rng: seedRng(seed) };
  const genesisMix = hashParts("randao", new Rng(rngHolder).next());
  const checkpoint = () => ({ epoch: 0, root: genesisRoot });
  const state: EngineState = {
    engineVersion: ENGINE_VERSION,
    seed,
    secret: setup.secret ?? hashParts("secret", seed),
    config,
    slot: 0,
    rng: rngHolder.rng,
    randaoMix: genesisMix,
    epochMixes: [genesisMix],
    seats,
    validators: owners.map((seat, index) => createValidator(config, seat, index)),
    blocks: { [genesisRoot]: genesisBlock(genesisRoot) },
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
    previousJustified: checkpoint(),
    currentJustified: checkpoint(),
    finalized: checkpoint(),
    slashings: new Array(config.slashingWindow).fill(0),
    duties: {},
    supply: { genesis: 0, minted: 0, burned: 0 },
    historyRoot: genesisRoot,
    l2: createL2(config),
    network: createNetworkState(config, seed, setup.seats, owners),
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
