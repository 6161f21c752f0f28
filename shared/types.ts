import type { OperationAction, SlashableOffense } from "./action-schemas.ts";
import type { MatchConfig } from "./config.ts";
import type { Hex } from "./hash.ts";
import type { BandwidthPercentiles } from "./network/metrics.ts";
import type { RngState } from "./random.ts";

export type Role = "validator" | "sequencer" | "challenger" | "attacker";
export const ROLES: readonly Role[] = ["validator", "sequencer", "challenger", "attacker"];

/** Where a seat's score moved, in milli-coins (docs/rules.md, money). */
export const BREAKDOWN_KEYS = [
  "proposing",
  "attesting",
  "reporting",
  "disputes",
  "fees",
  "missedDuties",
  "inactivity",
  "slashing",
  "bondsLost",
  "attackGains",
  "costs",
] as const;
export type BreakdownKey = (typeof BREAKDOWN_KEYS)[number];
export type Breakdown = Record<BreakdownKey, number>;

export interface SeatSpec {
  id: string;
  role: Role;
  strategy: string;
  /** Validators this seat controls; by default 4 for a validator, the budget's worth for an attacker. */
  validators?: number;
}

export interface SeatState {
  id: string;
  role: Role;
  strategy: string;
  /** The built-in seat that runs every validator no player controls. */
  background: boolean;
  validators: number[];
  /** Liquid coins (milli): rewards for reports, returned bonds, fees. */
  balance: number;
  /** Coins locked in bonds (still the seat's until lost), milli. */
  locked: number;
  /** Net worth at genesis, the zero of the score. */
  startNetWorth: number;
  breakdown: Breakdown;
}

export interface Checkpoint {
  epoch: number;
  root: Hex;
}

export interface Validator {
  index: number;
  seat: string;
  stake: number;
  slashed: boolean;
  /** Epoch from which the validator no longer attests or proposes; Infinity-free: -1 means none. */
  exitEpoch: number;
  withdrawableEpoch: number;
  inactivityScore: number;
}

export interface EpochDuties {
  proposers: number[];
  /** Slot in which each validator attests (-1 when not active). */
  attesterSlot: number[];
  /** Each shard's sampling committee: validator indices, shuffled from the mix like the beacon committees. */
  shardCommittees: number[][];
}

export interface Block {
  id: Hex;
  slot: number;
  proposer: number;
  parent: Hex;
  graffiti: string;
  attestations: Hex[];
  operations: Hex[];
  /** The Layer 1 users' transfers it carries: their tips pay its proposer (shared/priority-fees.ts). */
  userTransfers: number;
}

export interface AttestationData {
  slot: number;
  head: Hex;
  source: Checkpoint;
  target: Checkpoint;
}

export interface AttestationMessage extends AttestationData {
  id: Hex;
  validator: number;
}

/** An L1 transaction waiting in the mempool for a proposer to include it. */
export interface Operation {
  id: Hex;
  seat: string;
  submittedSlot: number;
  action: OperationAction;
}

/** Every refusal the engine gives, each produced where its condition is checked (test/shared/refusals.unit.test.ts). */
export const ENGINE_REFUSAL_CODES = [
  "malformed",
  "unknown-action",
  "wrong-role",
  "not-owner",
  "unknown-validator",
  "unknown-block",
  "unknown-message",
  "inactive-validator",
  "not-proposer",
  "not-assigned",
  "wrong-slot",
  "duplicate",
  "not-slashable",
  "already-slashed",
  "unknown-seat",
  "unknown-rollup",
  "unknown-batch",
  "unknown-dispute",
  "not-your-turn",
  "too-late",
  "too-early",
  "insufficient-funds",
  "ejected",
  "offline",
] as const;
export type EngineRefusalCode = (typeof ENGINE_REFUSAL_CODES)[number];
/** Refusals only the live room gives, before an intent reaches the engine. */
export const SERVER_REFUSAL_CODES = ["rate-limited", "no-seat", "not-facilitator"] as const;
export type ServerRefusalCode = (typeof SERVER_REFUSAL_CODES)[number];
export type RefusalCode = EngineRefusalCode | ServerRefusalCode;

/** Why an action is refused: the code, and a reason that names what is wrong. */
export interface Problem {
  code: EngineRefusalCode;
  reason: string;
}

export interface Refusal {
  slot: number;
  seat: string;
  action: unknown;
  code: EngineRefusalCode;
  reason: string;
}

export type EngineEvent =
  | {
      type: "block";
      slot: number;
      id: Hex;
      proposer: number;
      seat: string;
      attestations: number;
      operations: number;
    }
  | { type: "missed-slot"; slot: number; proposer: number; seat: string }
  | { type: "fork"; slot: number; blocks: Hex[]; winner: Hex }
  /** A block left off the chain by the network (docs/network.md, "Wired"): too late, outvoted or never heard. */
  | { type: "orphaned"; slot: number; block: Hex; proposer: number; reason: OrphanReason; depth: number }
  | { type: "justified"; slot: number; epoch: number }
  | { type: "finalized"; slot: number; epoch: number }
  | { type: "finality-stalled"; slot: number; epochsSinceFinality: number }
  | { type: "inactivity-leak"; slot: number; epoch: number; leaking: boolean }
  | {
      type: "slashed";
      slot: number;
      validator: number;
      seat: string;
      offense: SlashableOffense;
      /** Slot of the later conflicting message. */
      offenseSlot: number;
      /** Stake the penalties were computed on. */
      stake: number;
      penalty: number;
      reporter: string;
      reporterReward: number;
      proposer: number;
      proposerReward: number;
    }
  | {
      type: "correlation-penalty";
      slot: number;
      validator: number;
      seat: string;
      stake: number;
      /** Stake slashed in the window and total active stake: penalty = stake × min(multiplier × slashed, total) / total. */
      slashedInWindow: number;
      totalActive: number;
      penalty: number;
    }
  | {
      type: "exit";
      slot: number;
      validator: number;
      seat: string;
      epoch: number;
      reason: "voluntary" | "slashed" | "ejected";
    }
  | {
      type: "epoch-rewards";
      slot: number;
      epoch: number;
      rewards: number;
      penalties: number;
      inactivityPenalties: number;
    }
  | { type: "supply"; slot: number; minted: number; burned: number }
  | {
      type: "batch-posted";
      slot: number;
      rollup: string;
      batch: Hex;
      seat: string;
      txs: number;
      inBlobs: boolean;
    }
  | { type: "batch-final"; slot: number; rollup: string; batch: Hex; txs: number; lagSlots: number }
  | { type: "batch-reverted"; slot: number; rollup: string; batch: Hex; reason: string }
  | { type: "blob-verdict"; slot: number; blob: Hex; shard: number; available: boolean; released: number }
  | { type: "dispute-opened"; slot: number; dispute: Hex; batch: Hex; challenger: string; defender: string }
  | {
      type: "dispute-resolved";
      slot: number;
      dispute: Hex;
      winner: string;
      loser: string;
      rounds: number;
      reason: string;
    }
  | { type: "proof"; slot: number; batch: Hex; seat: string; valid: boolean }
  | { type: "sequencer-ejected"; slot: number; rollup: string; seat: string; reason: string }
  | { type: "watching"; slot: number; seat: string; watching: boolean }
  | {
      type: "fraud-finalized";
      slot: number;
      rollup: string;
      batch: Hex;
      seat: string;
      value: number;
      /** Who lost it: user accounts and the milli-coins taken from each one's bridged balance. */
      losers: { account: number; amount: number }[];
    };

export interface SupplyLedger {
  /** Every coin at genesis: stakes, seat balances and the rollups' bridges. */
  genesis: number;
  minted: number;
  burned: number;
}

export type RollupKind = "optimistic" | "zk";

/** An L2 transfer; amounts and fees in L2 milli-units. */
export interface L2Tx {
  id: number;
  from: number;
  to: number;
  amount: number;
  fee: number;
  /** The sender's L2 nonce; a forced transaction takes none (it carries the next one, unchecked and unused). */
  nonce: number;
  /** Sent through the L1 inbox: must be in a batch within forcedInclusionDelay slots. */
  forced: boolean;
  sentSlot: number;
}

/** Every batch status, in a fixed order: the synced state sends a status as its index here. */
export const BATCH_STATUSES = ["pending", "final", "reverted", "unavailable", "rejected"] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];
/** Every blob verdict, in a fixed order: the synced state sends a verdict as its index here. */
export const BLOB_VERDICTS = ["pending", "available", "unavailable"] as const;
export type BlobVerdict = (typeof BLOB_VERDICTS)[number];

export interface Batch {
  id: Hex;
  rollup: string;
  seat: string;
  postedSlot: number;
  /**
   * Transactions in the order the sequencer chose; visible only where the data is available. At finality the
   * batch's data (transactions, traces, accounts before it) is released: nothing can dispute or revert it now.
   */
  txs: L2Tx[];
  /** How many transactions it carries (kept when its data is released). */
  txCount: number;
  preRoot: Hex;
  /** What the sequencer claims: the root after each transaction (the trace) and its Merkle root. */
  trace: Hex[];
  traceRoot: Hex;
  postRoot: Hex;
  /** The rollup's accounts before this batch, to revert to. */
  preBalances: number[];
  preNonces: number[];
  /** Truth the engine knows and no view shows: the correct trace, and whether the batch is valid. */
  correctTrace: Hex[];
  valid: boolean;
  skipsOverdueInbox: boolean;
  blobs: Hex[];
  /** false when the data went to L1 calldata instead of blobs. */
  inBlobs: boolean;
  status: BatchStatus;
  /** ZK: slot from which a valid proof can exist, slot of the verifying block. */
  provableSlot: number;
  provedSlot: number;
  finalSlot: number;
  mevGain: number;
  /** Transactions that executed (not skipped) and the fees they pay the sequencer at finality. */
  executedTxs: number;
  fees: number;
}

export interface Dispute {
  id: Hex;
  batch: Hex;
  rollup: string;
  challenger: string;
  defender: string;
  openedSlot: number;
  /** Both sides agree on the root after tx `lo` (-1: the pre root) and disagree after tx `hi`. */
  lo: number;
  hi: number;
  /** The defender's claimed roots by tx index. */
  claims: Record<number, Hex>;
  turn: "defender" | "challenger";
  clocks: { defender: number; challenger: number };
  rounds: number;
  bonds: { defender: number; challenger: number };
  status: "open" | "challenger-won" | "defender-won" | "closed";
  resolvedSlot: number;
}

export interface RollupState {
  id: string;
  kind: RollupKind;
  balances: number[];
  nonces: number[];
  /** Next nonce per account counting transactions not yet executed (for the user workload). */
  sentNonces: number[];
  pending: L2Tx[];
  batches: Batch[];
  /** Seats bonded as sequencers, and seats ejected for losing a dispute or missing a proof. */
  bonded: string[];
  ejected: string[];
  /** Slot since which no sequencer seat is left (-1: there is one). */
  orphanedSince: number;
  /** Slot of the last batch a sequencer seat (not the fallback) posted: the fallback waits fallbackDelay after it. */
  lastSeatBatchSlot: number;
  txsFinalized: number;
  finalityLags: number[];
  /** The bridge: coins (milli) backing the users' L2 balances; fees and stolen value leave it (docs/rules.md). */
  escrow: number;
  /** Per user account: value an invalid batch that finalized took from its bridged balance (milli). */
  stolen: number[];
}

export interface Blob {
  id: Hex;
  shard: number;
  slot: number;
  batch: Hex;
  txCount: number;
  /** Chunks released out of 2k (k = blobChunks); any k rebuild the blob. */
  released: number;
  /** Committee members and the chunk indices each samples. */
  samples: Record<number, number[]>;
  votes: Record<number, boolean>;
  verdict: BlobVerdict;
}

export interface ShardState {
  /** Blobs above target so far (EIP-4844 excess blob gas, in blobs). */
  excess: number;
  fee: number;
  used: number;
}

export type AttackOutcome = "caught" | "succeeded" | "failed" | "pending";

export interface Attack {
  kind: string;
  by: string;
  slot: number;
  outcome: AttackOutcome;
  detectedSlot: number;
  subject: Hex;
}

export interface L2State {
  nextTxId: number;
  rollups: RollupState[];
  inbox: L2Tx[];
  blobs: Blob[];
  shards: ShardState[];
  disputes: Dispute[];
  attacks: Attack[];
  /** Challenger seats that stopped watching (sorted): they pay no watchCost and see no batch data. */
  notWatching: string[];
}

/** The whole engine state: plain data, so a snapshot is JSON and resumes bit-for-bit. */
export type OrphanReason = "late" | "outvoted" | "offline" | "partition";

/** A block its proposer keeps private until `releaseSlot` (an ex-ante reorg's first half). */
export interface WithheldBlock {
  block: Hex;
  releaseSlot: number;
  publishMs: number;
}

/** Who had a slot's block by the attestation deadline: the late nodes (or, `exclusive`, only the publisher). */
export interface SlotReach {
  slot: number;
  block: Hex;
  publisherNode: number;
  exclusive: boolean;
  /** Ascending node ids. */
  lateNodes: number[];
}

/**
 * The network's nodes and what it measured (docs/network.md, "Wired"): a node table as plain arrays indexed by
 * node id, so the state root and snapshots cover it. The peer graph follows from seed and config, not stored.
 */
export interface NetworkState {
  rng: RngState;
  /** 0 home staker, 1 operator's server, 2 non-staking full node. */
  kind: number[];
  region: number[];
  downBps: number[];
  upBps: number[];
  hardware: number[];
  /** The entity owning the node's stake (-1 for a full node). */
  operator: number[];
  /** The population's validators on the node (the world's stake; the engine's own are in validatorNode). */
  validators: number[];
  active: number[];
  overloadedEpochs: number[];
  /** 1 when the node did not keep up at the last epoch. */
  lagging: number[];
  /** The node each engine validator runs on. */
  validatorNode: number[];
  copiesIn: number[];
  copiesOut: number[];
  slotsThisEpoch: number;
  /** Blobs the epoch's blocks carried, for its average load. */
  blobsThisEpoch: number;
  /**
   * The last epoch's per-node bandwidth over the nodes still active after it, for full blob download and with
   * sampling: the mode in play, and what the same nodes would have loaded for the same blobs in the other.
   * -1 before the first epoch's end, or once no node is left.
   */
  bandwidth: { withoutSampling: BandwidthPercentiles; withSampling: BandwidthPercentiles };
  withheld: WithheldBlock[];
  /**
   * A partition under way: the side (1: the regions of `partitionRegions`) the chain follows, the head when it
   * began, and the other side's blocks since, orphaned when it heals.
   */
  partition: { side: number; base: Hex; fork: Hex[] } | null;
  /** Layer 1 users' transfers sent in earlier slots that no canonical block has carried yet. */
  waitingTransfers: number;
  /** The last slotsPerEpoch slots' reach, for the head each node can vote for. */
  reach: SlotReach[];
  lastSlot: {
    slot: number;
    proposerNode: number;
    publishMs: number;
    /** Per node, ms into the slot it had the block and its blob data (-1: never). */
    arrivalMs: number[];
    timely: number;
    missed: number;
    missedByRegion: number[];
  };
  totals: {
    blocks: number;
    orphanedBlocks: number;
    lateBlocks: number;
    headVotes: number;
    missedHeadVotes: number;
    reorgs: number;
    maxReorgDepth: number;
  };
}

export interface EngineState {
  engineVersion: string;
  seed: string;
  /**
   * Entropy no seat can know while the match plays: sample indices are drawn from it (docs/rules.md, sampling). No
   * view carries it; the replay reveals it once the match ends. Derived from the seed when the match is given none.
   */
  secret: Hex;
  config: MatchConfig;
  /** The next slot to be processed; slots processed so far = slot. */
  slot: number;
  rng: RngState;
  randaoMix: Hex;
  /** RANDAO mix at the end of each epoch: duties of epoch e are drawn from mixes[e - 1] (one epoch of lookahead). */
  epochMixes: Hex[];
  seats: SeatState[];
  validators: Validator[];
  blocks: Record<Hex, Block>;
  /** Canonical block root at each slot (an empty slot repeats the previous root), as the spec's block_roots. */
  blockRoots: Hex[];
  head: Hex;
  genesisRoot: Hex;
  attestations: Record<Hex, AttestationMessage>;
  /** Attestation ids not yet included in a canonical block, in arrival order. */
  attestationPool: Hex[];
  /** Latest attestation per validator, for LMD-GHOST: [slot, head]. */
  latestMessages: Record<number, { slot: number; head: Hex }>;
  mempool: Operation[];
  previousParticipation: number[];
  currentParticipation: number[];
  justificationBits: boolean[];
  previousJustified: Checkpoint;
  currentJustified: Checkpoint;
  finalized: Checkpoint;
  /** Stake slashed in each epoch of the window (EPOCHS_PER_SLASHINGS_VECTOR). */
  slashings: number[];
  /** Duties drawn one epoch ahead: for each epoch, the proposer of each slot and each validator's attestation slot. */
  duties: Record<number, EpochDuties>;
  supply: SupplyLedger;
  /** Hash chain over everything appended to history (blocks, messages), committed by the state root. */
  historyRoot: Hex;
  l2: L2State;
  /** The nodes and the gossip between them; null when `synchronous` (docs/network.md, "Wired"). */
  network: NetworkState | null;
}

export interface StepResult {
  state: EngineState;
  events: EngineEvent[];
  refusals: Refusal[];
  stateRoot: Hex;
}

/** Actions for one slot, by seat id. */
export type SlotActions = Record<string, unknown[]>;
