// The network model's input figures, each with its source; docs/network.md lists and discusses them.

/** SimBlock's six regions (dsg-titech/simblock, settings/NetworkConfiguration.java, REGION_LIST). */
export const REGIONS = [
  "North America",
  "Europe",
  "South America",
  "Asia Pacific",
  "Japan",
  "Australia",
] as const;

/** Mean one-way latency between regions in ms: SimBlock LATENCY_2019. */
export const REGION_LATENCY_MS: readonly (readonly number[])[] = [
  [32, 124, 184, 198, 151, 189],
  [124, 11, 227, 237, 252, 294],
  [184, 227, 88, 325, 301, 322],
  [198, 237, 325, 85, 58, 198],
  [151, 252, 301, 58, 12, 126],
  [189, 294, 322, 198, 126, 16],
];

/** A home node's median download per region, bit/s: the diagonal of SimBlock DOWNLOAD_BANDWIDTH_2019. */
export const REGION_DOWNLOAD_BPS = [52_000_000, 40_000_000, 18_000_000, 22_800_000, 22_800_000, 29_900_000];

/** A home node's median upload per region, bit/s: the diagonal of SimBlock UPLOAD_BANDWIDTH_2019. */
export const REGION_UPLOAD_BPS = [19_200_000, 20_700_000, 5_800_000, 15_700_000, 10_200_000, 11_300_000];

/** Share of nodes per region: SimBlock REGION_DISTRIBUTION_BITCOIN_2019. */
export const REGION_SHARE = [0.3316, 0.4998, 0.009, 0.1177, 0.0224, 0.0195];

/**
 * Croman et al. 2016 ("On Scaling Decentralized Blockchains"), lower-bound bandwidth of 4,565 nodes in Mbps:
 * 90% of nodes at ≥ 3.03, 50% at ≥ 33.03, 10% at ≥ 186.10. As CDF points (quantile, Mbps).
 */
export const CROMAN_BANDWIDTH_QUANTILES: readonly (readonly [number, number])[] = [
  [0.1, 3.03],
  [0.5, 33.03],
  [0.9, 186.1],
];

/** A datacenter link, bit/s each way: Solana's validator requirement (anza-xyz/agave requirements.md). */
export const DATACENTER_LINK_BPS = 1_000_000_000;

/**
 * Hardware classes, cheapest first. CPU is PassMark single-thread, storage in bytes (EIP-7870 table).
 * Costs: `hardwareUsd` is bought once and amortized over the hardware lifetime, `monthlyUsd` is rent.
 */
export const HARDWARE_CLASSES = [
  // EIP-7870 full node (1000 / 3000, 4 TB). Price: provisional, see docs/network.md.
  {
    name: "full node",
    cpuRating: 1000,
    storageBytes: 4e12,
    hardwareUsd: 400,
    monthlyUsd: 0,
    datacenter: false,
  },
  // EIP-7870 attester (3500 / 25000, 4 TB); ≈ $1000 total spend (the EIP author's hardware draft).
  {
    name: "attester",
    cpuRating: 3500,
    storageBytes: 4e12,
    hardwareUsd: 1000,
    monthlyUsd: 0,
    datacenter: false,
  },
  // A rented server: EIP-7870 builder CPU with a 1 Gbit/s link. Rent: provisional, see docs/network.md.
  {
    name: "datacenter",
    cpuRating: 3500,
    storageBytes: 4e12,
    hardwareUsd: 0,
    monthlyUsd: 150,
    datacenter: true,
  },
] as const;

/** PassMark single-thread rating of EIP-7870's full-node class: the reference for execution speed. */
export const REFERENCE_CPU_RATING = 1000;

/**
 * Execution gas per second the reference CPU sustains, implied by two sources: EIP-7870 (Jan 2025, gas limit
 * 30M per 12 s slot) recommends it for that chain, and Buterin's budget gives verification ≤ 10% of CPU.
 * 30,000,000 / 12 s / 0.10 = 25,000,000 gas/s; a lower bound (docs/network.md).
 */
export const REFERENCE_GAS_PER_SECOND = 25_000_000;

/** Protocol constants from ethereum/consensus-specs (phase0 fork-choice, p2p-interface; fulu das-core). */
export const SPEC = {
  intervalsPerSlot: 3,
  proposerScoreBoost: 40,
  reorgHeadWeightThreshold: 20,
  reorgParentWeightThreshold: 160,
  reorgMaxEpochsSinceFinalization: 2,
  gossipMeshDegree: 8,
  bytesPerBlob: 131_072,
  numberOfColumns: 128,
  custodyRequirement: 4,
  validatorCustodyRequirement: 8,
  samplesPerSlot: 8,
  /** BALANCE_PER_ADDITIONAL_CUSTODY_GROUP is 32 ETH: one group per 32-ETH validator. */
  validatorsPerCustodyGroup: 1,
  targetAggregatorsPerCommittee: 16,
  targetCommitteeSize: 128,
  maxCommitteesPerSlot: 64,
  /** MIN_EPOCHS_FOR_DATA_COLUMN_SIDECARS_REQUESTS: how long columns are kept. */
  columnRetentionEpochs: 4096,
} as const;

/** One column cell of one blob: the blob is erasure-extended ×2, then cut into 128 columns. */
export const BYTES_PER_CELL = (2 * SPEC.bytesPerBlob) / SPEC.numberOfColumns;

/** Yellow Paper G_transaction: the gas of a plain transfer, the L1 transaction the throughput counts. */
export const GAS_PER_TRANSFER = 21_000;

/** Bytes of a signed EIP-1559 transfer, summed from its RLP fields (docs/network.md). */
export const BYTES_PER_TRANSFER = 120;

/**
 * A SignedAggregateAndProof in bytes, from the phase0 containers: aggregator index 8, selection proof 96,
 * signature 96, attestation (data 128, signature 96, aggregation bits = committee size / 8).
 */
export function aggregateBytes(committeeSize: number): number {
  return 8 + 96 + 96 + 128 + 96 + Math.ceil(committeeSize / 8);
}
