// Match configuration: every rule-book default as a named, ranged, documented parameter.
// Money parameters are in coins (the engine converts them to integer milli-coins once).
import { NETWORK_PARAMS, NETWORK_PRESETS } from "./network/params.ts";

export type ParamGroup =
  | "match"
  | "layer1"
  | "slashing"
  | "inactivity"
  | "layer2"
  | "optimistic"
  | "zk"
  | "shards"
  | "network";

export interface ParamSpec {
  group: ParamGroup;
  default: number | boolean;
  min?: number;
  max?: number;
  integer?: boolean;
  /** The real protocol's value, where it differs from the game's scaled default. */
  real?: string;
  meaning: string;
}

/** Real Ethereum time: 12 s slots, 32-slot epochs. The game's epoch stands for one real epoch. */
const REAL_EPOCH_SECONDS = 32 * 12;
/** Layer 1 finality, in epochs, in the game as on mainnet (Casper FFG finalizes epoch e−1 at the end of e). */
export const L1_FINALITY_EPOCHS = 2;
/** The time scale's default: the game keeps a third of each real ratio's order of magnitude. */
const DEFAULT_TIME_SCALE = 0.33;
const DEFAULT_SLOTS_PER_EPOCH = 8;
const HOUR = 3600;
/** Slots a proof needs beyond proving: submitted in the slot it is ready, included by the next block. */
export const MIN_PROOF_SLOTS = 2;
const DAY = 24 * HOUR;

/**
 * The real value of every time constant the time scale derives, with its source (docs/rules.md, "Time").
 * Exported for reports that compare a measured ratio with the real one.
 */
export const REAL_TIME_CONSTANTS = {
  l1Finality: {
    seconds: L1_FINALITY_EPOCHS * REAL_EPOCH_SECONDS,
    shown: "2 epochs (~13 min)",
    source: "Ethereum consensus specs: Casper FFG finality after 2 justified epochs",
  },
  minEpochsToInactivityPenalty: {
    seconds: 4 * REAL_EPOCH_SECONDS,
    shown: "4 epochs (~26 min)",
    source: "Ethereum consensus specs: MIN_EPOCHS_TO_INACTIVITY_PENALTY = 4",
  },
  zkProving: {
    seconds: HOUR,
    shown: "~1 h",
    source: "L2BEAT, zkSync Era and Starknet: batches are proven minutes to hours after they are posted",
  },
  clockExtension: {
    seconds: 3 * HOUR,
    shown: "3 h",
    source: "Optimism fault proofs: CLOCK_EXTENSION = 10800 s",
  },
  forcedInclusionDelay: {
    seconds: 12 * HOUR,
    shown: "12 h",
    source: "OP Stack: sequencing window of 3600 L1 blocks (12 h); Arbitrum: 24 h",
  },
  fallbackDelay: {
    seconds: DAY,
    shown: "24 h",
    source: "Arbitrum: anyone may force-include the delayed inbox after ~24 h without the sequencer",
  },
  proofDeadline: {
    seconds: DAY,
    shown: "24 h",
    source:
      "no protocol deadline on zkSync Era or Starknet: the game's stands for a day's operator service level",
  },
  disputeClock: {
    seconds: 3.5 * DAY,
    shown: "3.5 days",
    source: "Optimism fault proofs: MAX_CLOCK_DURATION = 302400 s",
  },
  challengeWindow: {
    seconds: 7 * DAY,
    shown: "7 days",
    source: "Optimism: FINALIZATION_PERIOD_SECONDS = 604800; Arbitrum BOLD: 6.4 days",
  },
  slashingWindow: {
    seconds: 8192 * REAL_EPOCH_SECONDS,
    shown: "8192 epochs (~36 days)",
    source: "Ethereum consensus specs: EPOCHS_PER_SLASHINGS_VECTOR = 8192",
  },
} as const;

export type RealTimeConstant = keyof typeof REAL_TIME_CONSTANTS;

/**
 * The time scale's one mapping, in epochs: game = F × (real / F)^timeScale, with F = Layer 1 finality
 * (2 epochs, which the game runs at its real length). It is monotone, so the real order stays, and every
 * real ratio r between two constants becomes r^timeScale: the game keeps that share of its orders of magnitude.
 */
export function scaledEpochs(realSeconds: number, timeScale: number): number {
  const realEpochs = realSeconds / REAL_EPOCH_SECONDS;
  return L1_FINALITY_EPOCHS * (realEpochs / L1_FINALITY_EPOCHS) ** timeScale;
}

/** A real duration in game slots on this time scale. */
export function scaledSlots(constant: RealTimeConstant, timeScale: number, slotsPerEpoch: number): number {
  return Math.round(scaledEpochs(REAL_TIME_CONSTANTS[constant].seconds, timeScale) * slotsPerEpoch);
}

type TimeInputs = { timeScale: number; slotsPerEpoch: number; l2TxPerSlot: number };

/** The scaled proving time of a batch, in slots: after Layer 1 finality, as on mainnet. */
export function scaledProvingSlots(config: Omit<TimeInputs, "l2TxPerSlot">): number {
  const finality = L1_FINALITY_EPOCHS * config.slotsPerEpoch;
  return Math.max(scaledSlots("zkProving", config.timeScale, config.slotsPerEpoch), finality + 1);
}

/** Proving speed: a typical batch (one slot's transactions of one of the two rollups) proves in the scaled proving time. */
function derivedTxsProvedPerSlot(config: TimeInputs): number {
  const typicalBatch = Math.ceil(config.l2TxPerSlot / 2);
  return Math.max(1, Math.round(typicalBatch / scaledProvingSlots(config)));
}

/**
 * Every time constant the time scale derives, from its real value (an explicit config value wins). Rounded
 * to whole slots, each constant of the real order is at least a slot longer than the one before it.
 */
export function timeScaledDefaults(config: TimeInputs) {
  const slots = (key: RealTimeConstant) => scaledSlots(key, config.timeScale, config.slotsPerEpoch);
  const proving = scaledProvingSlots(config);
  const forcedInclusionDelay = Math.max(slots("forcedInclusionDelay"), proving + 1);
  const disputeClock = Math.max(slots("disputeClock"), forcedInclusionDelay + 1);
  const epochs = (key: RealTimeConstant) =>
    Math.max(1, Math.round(scaledEpochs(REAL_TIME_CONSTANTS[key].seconds, config.timeScale)));
  return {
    challengeWindow: Math.max(slots("challengeWindow"), disputeClock + 1),
    disputeClock,
    clockExtension: Math.min(slots("clockExtension"), disputeClock - 1),
    forcedInclusionDelay,
    fallbackDelay: slots("fallbackDelay"),
    proofDeadline: Math.max(slots("proofDeadline"), proving + 1),
    txsProvedPerSlot: derivedTxsProvedPerSlot(config),
    slashingWindow: epochs("slashingWindow"),
    minEpochsToInactivityPenalty: epochs("minEpochsToInactivityPenalty"),
  };
}

export type TimeScaledKey = keyof ReturnType<typeof timeScaledDefaults>;

const DEFAULT_TIMES = timeScaledDefaults({
  timeScale: DEFAULT_TIME_SCALE,
  slotsPerEpoch: DEFAULT_SLOTS_PER_EPOCH,
  l2TxPerSlot: 50,
});

/** A network model parameter (shared/network/params.ts) as a match parameter of the `network` group. */
function networkParam<K extends keyof typeof NETWORK_PARAMS>(key: K) {
  return { group: "network" as const, ...NETWORK_PARAMS[key] };
}

export const PARAMS = {
  slots: {
    group: "match",
    default: 384,
    min: 1,
    max: 100_000,
    integer: true,
    meaning: "Match length in slots",
  },
  slotsPerEpoch: {
    group: "match",
    default: DEFAULT_SLOTS_PER_EPOCH,
    min: 2,
    max: 64,
    integer: true,
    real: "32",
    meaning: "Slots in an epoch",
  },
  timeScale: {
    group: "match",
    default: DEFAULT_TIME_SCALE,
    min: 0.1,
    max: 0.6,
    real: "1 (real time)",
    meaning:
      "Share of each real time ratio the game keeps: a constant lasts 2 × (real epochs / 2)^timeScale epochs (L1 finality, 2 epochs, as on mainnet)",
  },
  slotMs: {
    group: "match",
    default: 1000,
    min: 50,
    max: 60_000,
    integer: true,
    real: "12000",
    meaning: "Live slot length in milliseconds",
  },
  attackerBudget: {
    group: "match",
    default: 200,
    min: 0,
    max: 100_000,
    meaning: "The attacker seat's capital, in coins",
  },
  validators: {
    group: "layer1",
    default: 32,
    min: 4,
    max: 4096,
    integer: true,
    real: "~1,000,000",
    meaning: "Validators in the set (at least enough for every seat)",
  },
  stakePerValidator: {
    group: "layer1",
    default: 32,
    min: 1,
    max: 10_000,
    real: "32 ETH",
    meaning: "Stake of each validator at genesis, in coins",
  },
  validatorsPerSeat: {
    group: "layer1",
    default: 4,
    min: 1,
    max: 64,
    integer: true,
    meaning: "Validators a validator seat controls",
  },
  baseRewardFactor: {
    group: "layer1",
    default: 1,
    min: 0,
    max: 1000,
    integer: true,
    real: "64 (on Gwei balances)",
    meaning: "Base reward = stake × factor / isqrt(total active stake), per epoch",
  },
  proposerBoost: {
    group: "layer1",
    default: 40,
    min: 0,
    max: 100,
    integer: true,
    meaning: "Proposer boost, % of a slot committee's weight",
  },
  ejectionBalance: {
    group: "layer1",
    default: 16,
    min: 0,
    max: 10_000,
    real: "16 ETH",
    meaning: "A validator whose stake falls to this is exited, in coins",
  },
  exitDelay: {
    group: "layer1",
    default: 1,
    min: 1,
    max: 64,
    integer: true,
    real: "1 + MAX_SEED_LOOKAHEAD (5) epochs plus churn",
    meaning: "Epochs from an exit request to the exit",
  },
  maxOperationsPerBlock: {
    group: "layer1",
    default: 64,
    min: 1,
    max: 10_000,
    integer: true,
    meaning: "L1 transactions (reports, exits, rollup calls) a block carries",
  },
  minSlashingPenaltyQuotient: {
    group: "slashing",
    default: 32,
    min: 1,
    max: 1_000_000,
    integer: true,
    real: "32 (phase0), 4096 (Electra)",
    meaning: "Immediate slashing penalty = stake / quotient",
  },
  whistleblowerRewardQuotient: {
    group: "slashing",
    default: 512,
    min: 1,
    max: 1_000_000,
    integer: true,
    real: "512 (phase0), 4096 (Electra)",
    meaning: "Reporter's reward = offender's stake / quotient",
  },
  reportDelay: {
    group: "slashing",
    default: 2,
    min: 0,
    max: 64,
    integer: true,
    meaning:
      "Slots the background validators wait after an offense is visible before reporting it, so a player who spots it first earns the whistleblower reward",
  },
  proportionalSlashingMultiplier: {
    group: "slashing",
    default: 3,
    min: 0,
    max: 100,
    integer: true,
    real: "3 (Bellatrix on)",
    meaning: "Correlation penalty uses min(multiplier × stake slashed in the window, total)",
  },
  slashingWindow: {
    group: "slashing",
    default: DEFAULT_TIMES.slashingWindow,
    min: 2,
    max: 1024,
    integer: true,
    real: "8192 epochs (~36 days); derived from timeScale",
    meaning: "EPOCHS_PER_SLASHINGS_VECTOR: correlation penalty applies half way through",
  },
  minEpochsToInactivityPenalty: {
    group: "inactivity",
    default: DEFAULT_TIMES.minEpochsToInactivityPenalty,
    min: 1,
    max: 64,
    integer: true,
    real: "4 epochs; derived from timeScale",
    meaning: "Epochs without finality before the inactivity leak starts",
  },
  inactivityScoreBias: {
    group: "inactivity",
    default: 4,
    min: 1,
    max: 64,
    integer: true,
    meaning: "Inactivity score added per missed target during a leak",
  },
  inactivityScoreRecoveryRate: {
    group: "inactivity",
    default: 16,
    min: 0,
    max: 64,
    integer: true,
    meaning: "Inactivity score removed per epoch outside a leak",
  },
  inactivityPenaltyQuotient: {
    group: "inactivity",
    default: 256,
    min: 1,
    max: 2 ** 26,
    integer: true,
    real: "2^24 (Bellatrix); scaled so a leak lasts epochs, not weeks",
    meaning: "Leak penalty = stake × score / (bias × quotient) per epoch",
  },
  seatBalance: {
    group: "layer2",
    default: 50,
    min: 0,
    max: 100_000,
    meaning: "Liquid coins a sequencer or challenger seat starts with, for bonds and fees",
  },
  l2Accounts: {
    group: "layer2",
    default: 32,
    min: 2,
    max: 1024,
    integer: true,
    meaning: "L2 user accounts per rollup",
  },
  l2TxPerSlot: {
    group: "layer2",
    default: 50,
    min: 0,
    max: 5000,
    integer: true,
    meaning: "Transfers the built-in users send each slot, over both rollups",
  },
  forcedInclusionShare: {
    group: "layer2",
    default: 2,
    min: 0,
    max: 100,
    integer: true,
    meaning: "% of user transactions sent through the L1 inbox (forced inclusion)",
  },
  forcedInclusionDelay: {
    group: "layer2",
    default: DEFAULT_TIMES.forcedInclusionDelay,
    min: 1,
    max: 10_000,
    integer: true,
    real: "12 h (Optimism), 24 h (Arbitrum); derived from timeScale",
    meaning: "Slots within which an inbox transaction must be in a batch",
  },
  l2Fee: {
    group: "layer2",
    default: 0.01,
    min: 0,
    max: 100,
    meaning: "Fee a user pays the sequencer per transaction, in coins",
  },
  fraudValue: {
    group: "layer2",
    default: 20,
    min: 0,
    max: 100_000,
    meaning: "Coins an invalid batch lets its sequencer withdraw if it finalizes",
  },
  sequencerBond: {
    group: "optimistic",
    default: 10,
    min: 0,
    max: 100_000,
    meaning: "Bond a sequencer locks to post batches, in coins",
  },
  challengeWindow: {
    group: "optimistic",
    default: DEFAULT_TIMES.challengeWindow,
    min: 1,
    max: 10_000,
    integer: true,
    real: "7 days (OP), 6.4 days (BOLD); derived from timeScale",
    meaning: "Slots a batch can be challenged",
  },
  challengeBond: {
    group: "optimistic",
    default: 2,
    min: 0,
    max: 100_000,
    meaning: "Bond to open a dispute, in coins; each move's bond grows with depth",
  },
  bondGrowthPerDepth: {
    group: "optimistic",
    default: 1.09493,
    min: 1,
    max: 10,
    real: "1.09493 (OP fault proofs)",
    meaning: "Factor by which a dispute move's bond grows per level",
  },
  disputeClock: {
    group: "optimistic",
    default: DEFAULT_TIMES.disputeClock,
    min: 1,
    max: 10_000,
    integer: true,
    real: "3.5 days (OP); derived from timeScale",
    meaning: "Each side's chess clock in a dispute, in slots",
  },
  clockExtension: {
    group: "optimistic",
    default: DEFAULT_TIMES.clockExtension,
    min: 0,
    max: 1000,
    integer: true,
    real: "3 h (OP); derived from timeScale",
    meaning: "A move made with less than this left on the clock gets this much back",
  },
  fallbackDelay: {
    group: "optimistic",
    default: DEFAULT_TIMES.fallbackDelay,
    min: 1,
    max: 10_000,
    integer: true,
    real: "~24 h (Arbitrum delayed inbox); derived from timeScale",
    meaning: "Slots without a sequencer before the fallback sequencer takes over",
  },
  watchCost: {
    group: "optimistic",
    default: 0.005,
    min: 0,
    max: 100,
    meaning: "What a challenger pays per slot it re-executes batches, in coins",
  },
  proofDeadline: {
    group: "zk",
    default: DEFAULT_TIMES.proofDeadline,
    min: MIN_PROOF_SLOTS + 1,
    max: 10_000,
    integer: true,
    real: "none on mainnet (stands for 24 h); derived from timeScale",
    meaning: "Slots after posting by which a ZK batch must be proven",
  },
  txsProvedPerSlot: {
    group: "zk",
    default: DEFAULT_TIMES.txsProvedPerSlot,
    min: 1,
    max: 100_000,
    integer: true,
    real: "a batch proves in ~1 h; derived from timeScale and l2TxPerSlot",
    meaning: "Proving takes ceil(txs / this) slots",
  },
  proverFee: {
    group: "zk",
    default: 0.001,
    min: 0,
    max: 100,
    meaning: "Prover cost per transaction, in coins",
  },
  verificationCost: {
    group: "zk",
    default: 0.05,
    min: 0,
    max: 100,
    meaning: "L1 gas to verify a proof, paid by the submitter, in coins",
  },
  shards: {
    group: "shards",
    default: 4,
    min: 1,
    max: 64,
    integer: true,
    meaning: "Data-availability shards",
  },
  blobTarget: {
    group: "shards",
    default: 3,
    min: 1,
    max: 64,
    integer: true,
    real: "3 (EIP-4844)",
    meaning: "Target blobs per shard per slot",
  },
  blobMax: {
    group: "shards",
    default: 6,
    min: 1,
    max: 64,
    integer: true,
    real: "6 (EIP-4844)",
    meaning: "Most blobs per shard per slot",
  },
  blobCapacity: {
    group: "shards",
    default: 128,
    min: 1,
    max: 4096,
    integer: true,
    meaning: "Transactions one blob carries",
  },
  blobChunks: {
    group: "shards",
    default: 16,
    min: 2,
    max: 256,
    integer: true,
    real: "64 (PeerDAS: 128 columns from 64)",
    meaning: "k: a blob is erasure-coded from k chunks to 2k; any k rebuild it",
  },
  samplesPerBlob: {
    group: "shards",
    default: 8,
    min: 1,
    max: 64,
    integer: true,
    real: "8 (PeerDAS)",
    meaning: "Chunks each committee member samples per blob",
  },
  minBlobFee: {
    group: "shards",
    default: 0.001,
    min: 0,
    max: 100,
    real: "1 wei",
    meaning: "Blob fee at or below target, in coins",
  },
  blobFeeUpdateFraction: {
    group: "shards",
    default: 8,
    min: 1,
    max: 10_000,
    integer: true,
    meaning: "fake_exponential denominator: the blob fee rises e× per this many excess blobs",
  },
  calldataCostPerTx: {
    group: "shards",
    default: 0.01,
    min: 0,
    max: 100,
    meaning: "L1 data fee per transaction when a batch falls back to calldata, in coins",
  },
  penalizeFalseAvailability: {
    group: "shards",
    default: false,
    meaning: "Slash validators that attested a withheld blob available (off, as on Ethereum)",
  },
  synchronous: {
    group: "network",
    default: false,
    meaning:
      "Every message arrives within its slot, with no nodes or load (the game before the network model)",
  },
  nodes: networkParam("nodes"),
  homeStakerShare: networkParam("homeStakerShare"),
  fullNodeShare: networkParam("fullNodeShare"),
  operators: networkParam("operators"),
  validatorsPerServer: networkParam("validatorsPerServer"),
  networkSlotMs: {
    ...networkParam("slotMs"),
    meaning: "Slot length in simulated ms for the network's timing (the live pace is slotMs)",
  },
  peerDegree: networkParam("peerDegree"),
  blockGas: {
    ...networkParam("blockGas"),
    meaning:
      "Layer 1 execution gas per block, filled with plain transfers (21,000 gas each): the monolithic scaling knob",
  },
  sampling: networkParam("sampling"),
  bandwidthBudgetShare: networkParam("bandwidthBudgetShare"),
  cpuBudgetShare: networkParam("cpuBudgetShare"),
  patience: networkParam("patience"),
  delegateShare: networkParam("delegateShare"),
  rewardUsdPerValidatorMonth: {
    ...networkParam("rewardUsdPerValidatorMonth"),
    meaning:
      "A validator's rewards per month in USD, for operators' decisions (the game's coins have no USD price)",
  },
  hardwareLifetimeMonths: networkParam("hardwareLifetimeMonths"),
  priorityFeeGwei: {
    group: "network",
    default: 1.5,
    min: 0,
    max: 10_000,
    real: "1.5 gwei (ethers v5's default tip)",
    meaning:
      "Tip per gas a Layer 1 user pays the proposer whose block carries its transfer, in gwei (a coin is an ETH)",
  },
  outageRegion: networkParam("outageRegion"),
  outageStartSlot: {
    group: "network",
    default: 0,
    min: 0,
    max: 100_000,
    integer: true,
    meaning: "First slot of the outage of outageRegion",
  },
  outageSlots: {
    group: "network",
    default: 0,
    min: 0,
    max: 100_000,
    integer: true,
    meaning: "Slots the outage of outageRegion lasts (0: no outage)",
  },
  partitionRegions: {
    group: "network",
    default: 0,
    min: 0,
    max: 62,
    integer: true,
    meaning:
      "Regions on one side of a partition, as a bitmask (bit i: region i of NA EU SA AP JP AU; 0: no partition; 63, every region, is no split)",
  },
  partitionStartSlot: {
    group: "network",
    default: 1,
    min: 1,
    max: 100_000,
    integer: true,
    meaning: "First slot of the partition (from slot 1: the sides are weighed at the end of the slot before)",
  },
  partitionSlots: {
    group: "network",
    default: 0,
    min: 0,
    max: 100_000,
    integer: true,
    meaning: "Slots the partition lasts (0: no partition)",
  },
} as const satisfies Record<string, ParamSpec>;

export type ParamKey = keyof typeof PARAMS;
export type MatchConfig = {
  [K in ParamKey]: (typeof PARAMS)[K]["default"] extends boolean ? boolean : number;
};

export const PRESETS: Record<string, Partial<MatchConfig>> = {
  phase0: {},
  electra: { minSlashingPenaltyQuotient: 4096, whistleblowerRewardQuotient: 4096 },
  synchronous: { synchronous: true },
  mainnet: {
    nodes: NETWORK_PRESETS.mainnet.nodes,
    operators: NETWORK_PRESETS.mainnet.operators,
    validatorsPerServer: NETWORK_PRESETS.mainnet.validatorsPerServer,
    slotsPerEpoch: NETWORK_PRESETS.mainnet.slotsPerEpoch,
  },
};

export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`invalid config:\n  ${problems.join("\n  ")}`);
    this.problems = problems;
    this.name = "ConfigError";
  }
}

function checkValue(key: string, value: unknown): string | null {
  const spec = (PARAMS as Record<string, ParamSpec>)[key];
  if (!spec) return `unknown key "${key}"`;
  if (typeof spec.default === "boolean") {
    return typeof value === "boolean" ? null : `"${key}" must be true or false, got ${JSON.stringify(value)}`;
  }
  if (typeof value !== "number" || !Number.isFinite(value)) {
    return `"${key}" must be a number, got ${JSON.stringify(value)}`;
  }
  if (spec.integer && !Number.isInteger(value)) return `"${key}" must be a whole number, got ${value}`;
  if (spec.min !== undefined && value < spec.min)
    return `"${key}" must be at least ${spec.min}, got ${value}`;
  if (spec.max !== undefined && value > spec.max) return `"${key}" must be at most ${spec.max}, got ${value}`;
  return null;
}

/** Preset, then overrides; every problem is named by its key before anything runs. */
export function resolveConfig(preset = "phase0", overrides: Record<string, unknown> = {}): MatchConfig {
  const problems: string[] = [];
  const base = PRESETS[preset];
  if (!base) problems.push(`unknown preset "${preset}" (known: ${Object.keys(PRESETS).join(", ")})`);
  if (typeof overrides !== "object" || overrides === null || Array.isArray(overrides)) {
    throw new ConfigError(["config overrides must be an object of key: value"]);
  }
  for (const [key, value] of Object.entries(overrides)) {
    const problem = checkValue(key, value);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const config = Object.fromEntries(
    Object.entries(PARAMS).map(([key, spec]) => [key, spec.default]),
  ) as MatchConfig;
  const chosen = { ...config, ...base, ...overrides } as MatchConfig;
  const resolved = { ...chosen, ...timeScaledDefaults(chosen), ...base, ...overrides } as MatchConfig;
  const conflicts = checkCombination(resolved);
  if (conflicts.length > 0) throw new ConfigError(conflicts);
  return resolved;
}

/** Values each in range that cannot work together, each named with both keys. */
function checkCombination(config: MatchConfig): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(DEFAULT_TIMES) as TimeScaledKey[]) {
    const problem = checkValue(key, config[key]);
    if (problem) problems.push(`${problem} (derived from "timeScale" ${config.timeScale})`);
  }
  if (config.ejectionBalance >= config.stakePerValidator)
    problems.push(
      `"ejectionBalance" ${config.ejectionBalance} must be below "stakePerValidator" ${config.stakePerValidator}: every validator would be ejected at genesis`,
    );
  if (config.homeStakerShare + config.fullNodeShare > 1)
    problems.push(
      `"homeStakerShare" ${config.homeStakerShare} + "fullNodeShare" ${config.fullNodeShare} exceed 1: the rest of the nodes are servers`,
    );
  if (!config.synchronous && config.nodes - Math.round(config.nodes * config.fullNodeShare) < 1)
    problems.push(
      `"fullNodeShare" ${config.fullNodeShare} of "nodes" ${config.nodes} leaves no node to run a validator on`,
    );
  if (config.samplesPerBlob > 2 * config.blobChunks)
    problems.push(
      `"samplesPerBlob" ${config.samplesPerBlob} exceeds the 2 × "blobChunks" = ${2 * config.blobChunks} chunks a member can draw distinct indices from`,
    );
  return problems;
}

/** Parses a `--set key=value` string into a typed override, by the key's spec. */
export function parseOverride(assignment: string): [string, unknown] {
  const eq = assignment.indexOf("=");
  if (eq <= 0) throw new ConfigError([`"${assignment}" is not key=value`]);
  const key = assignment.slice(0, eq).trim();
  const raw = assignment.slice(eq + 1).trim();
  const spec = (PARAMS as Record<string, ParamSpec>)[key];
  if (!spec) throw new ConfigError([`unknown key "${key}"`]);
  if (typeof spec.default === "boolean") {
    if (raw === "true" || raw === "false") return [key, raw === "true"];
    throw new ConfigError([`"${key}" must be true or false, got "${raw}"`]);
  }
  const value = Number(raw);
  if (raw === "" || Number.isNaN(value)) throw new ConfigError([`"${key}" must be a number, got "${raw}"`]);
  return [key, value];
}
