// The network model's parameters: each named, ranged and documented, with the fast-game and mainnet presets.

export interface NetworkParamSpec {
  default: number | boolean;
  min?: number;
  max?: number;
  integer?: boolean;
  meaning: string;
}

export const NETWORK_PARAMS = {
  nodes: { default: 200, min: 4, max: 10_000, integer: true, meaning: "Nodes in the population" },
  homeStakerShare: { default: 0.3, min: 0, max: 1, meaning: "Share of nodes that run one home validator" },
  fullNodeShare: { default: 0.3, min: 0, max: 1, meaning: "Share of nodes that run no validator" },
  operators: { default: 8, min: 1, max: 1000, integer: true, meaning: "Professional operators (pools)" },
  validatorsPerServer: {
    default: 16,
    min: 1,
    max: 1000,
    integer: true,
    meaning: "Validators on one operator server",
  },
  slotMs: { default: 12_000, min: 500, max: 60_000, integer: true, meaning: "Slot length in simulated ms" },
  slotsPerEpoch: { default: 8, min: 2, max: 64, integer: true, meaning: "Slots in an epoch" },
  peerDegree: { default: 8, min: 2, max: 50, integer: true, meaning: "Mean peers per node (gossip mesh D)" },
  blockGas: {
    default: 30_000_000,
    min: 0,
    max: 10_000_000_000,
    integer: true,
    meaning: "Execution gas per block",
  },
  blobsPerBlock: { default: 6, min: 0, max: 1024, integer: true, meaning: "Blobs per block" },
  sampling: { default: false, meaning: "PeerDAS sampling instead of every node downloading every blob" },
  bandwidthBudgetShare: {
    default: 0.5,
    min: 0.05,
    max: 1,
    meaning: "Share of a link's nominal bandwidth a node can sustain for the chain",
  },
  cpuBudgetShare: {
    default: 0.1,
    min: 0.01,
    max: 1,
    meaning: "Share of CPU a node gives block verification",
  },
  patience: {
    default: 2,
    min: 1,
    max: 100,
    integer: true,
    meaning: "Epochs overloaded before an operator acts",
  },
  delegateShare: {
    default: 0.7,
    min: 0,
    max: 1,
    meaning: "Probability a leaving validator's stake moves to a pool",
  },
  rewardUsdPerValidatorMonth: {
    default: 240,
    min: 0,
    max: 100_000,
    meaning: "A validator's rewards per month in USD (the engine's money rules will supply this)",
  },
  hardwareLifetimeMonths: {
    default: 36,
    min: 1,
    max: 120,
    integer: true,
    meaning: "Months bought hardware is amortized over",
  },
  outageRegion: {
    default: -1,
    min: -1,
    max: 5,
    integer: true,
    meaning: "A region cut off from the network (-1 none)",
  },
} satisfies Record<string, NetworkParamSpec>;

type Widen<T> = T extends boolean ? boolean : T extends number ? number : T;

export type NetworkParams = {
  [K in keyof typeof NETWORK_PARAMS]: Widen<(typeof NETWORK_PARAMS)[K]["default"]>;
};

/** Presets over the defaults: the fast game, and today's mainnet shape (12 s, 32 slots, 10,000 nodes). */
export const NETWORK_PRESETS: Record<string, Partial<NetworkParams>> = {
  fast: {},
  mainnet: { nodes: 10_000, slotsPerEpoch: 32, operators: 40, validatorsPerServer: 200 },
};

export class NetworkParamError extends Error {}

/** The preset's parameters with the overrides applied, each checked against its documented range. */
export function resolveNetworkParams(preset = "fast", overrides: Partial<NetworkParams> = {}): NetworkParams {
  const base = NETWORK_PRESETS[preset];
  if (!base) throw new NetworkParamError(`unknown network preset ${preset}`);
  const params = Object.fromEntries(
    Object.entries(NETWORK_PARAMS).map(([key, spec]) => [key, spec.default]),
  ) as NetworkParams;
  Object.assign(params, base, overrides);
  for (const [key, spec] of Object.entries(NETWORK_PARAMS) as [string, NetworkParamSpec][]) {
    checkParam(key, (params as Record<string, unknown>)[key], spec);
  }
  if (params.homeStakerShare + params.fullNodeShare > 1) {
    throw new NetworkParamError("homeStakerShare + fullNodeShare must not exceed 1");
  }
  return params;
}

function checkParam(key: string, value: unknown, spec: NetworkParamSpec): void {
  if (typeof spec.default === "boolean") {
    if (typeof value !== "boolean") throw new NetworkParamError(`${key} must be true or false`);
    return;
  }
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new NetworkParamError(`${key} must be a number`);
  if (spec.integer && !Number.isInteger(value)) throw new NetworkParamError(`${key} must be a whole number`);
  if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
    throw new NetworkParamError(`${key} must be within ${spec.min}–${spec.max}`);
  }
}
