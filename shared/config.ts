// Match configuration: every rule-book default as a named, ranged, documented parameter.
// Money parameters are in coins (the engine converts them to integer milli-coins once).

export type ParamGroup =
  | "match"
  | "layer1"
  | "slashing"
  | "inactivity"
  | "layer2"
  | "optimistic"
  | "zk"
  | "shards";

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

export const PARAMS = {
  slots: {
    group: "match",
    default: 256,
    min: 1,
    max: 100_000,
    integer: true,
    meaning: "Match length in slots",
  },
  slotsPerEpoch: {
    group: "match",
    default: 8,
    min: 2,
    max: 64,
    integer: true,
    real: "32",
    meaning: "Slots in an epoch",
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
    default: 8,
    min: 2,
    max: 1024,
    integer: true,
    real: "8192 epochs (~36 days)",
    meaning: "EPOCHS_PER_SLASHINGS_VECTOR: correlation penalty applies half way through",
  },
  minEpochsToInactivityPenalty: {
    group: "inactivity",
    default: 4,
    min: 1,
    max: 64,
    integer: true,
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
    default: 8,
    min: 1,
    max: 1000,
    integer: true,
    real: "12 h (Optimism), 24 h (Arbitrum)",
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
    default: 24,
    min: 1,
    max: 10_000,
    integer: true,
    real: "7 days (OP), 6.4 days (BOLD)",
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
    default: 12,
    min: 1,
    max: 10_000,
    integer: true,
    real: "3.5 days (OP)",
    meaning: "Each side's chess clock in a dispute, in slots",
  },
  clockExtension: {
    group: "optimistic",
    default: 2,
    min: 0,
    max: 1000,
    integer: true,
    real: "3 h (OP)",
    meaning: "A move made with less than this left on the clock gets this much back",
  },
  fallbackDelay: {
    group: "optimistic",
    default: 8,
    min: 1,
    max: 1000,
    integer: true,
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
    default: 16,
    min: 1,
    max: 10_000,
    integer: true,
    meaning: "Slots after posting by which a ZK batch must be proven",
  },
  txsProvedPerSlot: {
    group: "zk",
    default: 40,
    min: 1,
    max: 100_000,
    integer: true,
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
} as const satisfies Record<string, ParamSpec>;

export type ParamKey = keyof typeof PARAMS;
export type MatchConfig = {
  [K in ParamKey]: (typeof PARAMS)[K]["default"] extends boolean ? boolean : number;
};

export const PRESETS: Record<string, Partial<MatchConfig>> = {
  phase0: {},
  electra: { minSlashingPenaltyQuotient: 4096, whistleblowerRewardQuotient: 4096 },
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
  return { ...config, ...base, ...overrides } as MatchConfig;
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
