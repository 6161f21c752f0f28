import type { MatchConfig } from "./config.ts";
import type { Hex } from "./hash.ts";
import type { RngState } from "./random.ts";

export type Role = "validator" | "sequencer" | "challenger" | "attacker";
export const ROLES: readonly Role[] = ["validator", "sequencer", "challenger", "attacker"];

/** Where a seat's score moved, in milli-coins (RULES §7). */
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
}

export interface Block {
  id: Hex;
  slot: number;
  proposer: number;
  parent: Hex;
  graffiti: string;
  attestations: Hex[];
  operations: Hex[];
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

export type SlashableOffense = "proposer-equivocation" | "double-vote" | "surround-vote";

/** An L1 transaction waiting in the mempool for a proposer to include it. */
export interface Operation {
  id: Hex;
  seat: string;
  submittedSlot: number;
  action: OperationAction;
}

export type OperationAction = ReportSlashingAction | ExitAction;

export interface ProposeAction {
  type: "propose";
  validator: number;
  /** Parent block; the head of fork choice when omitted. */
  parent?: Hex;
  /** A block differing only in graffiti is a second block for the slot: an equivocation. */
  graffiti?: string;
  /** Mempool operations the proposer leaves out (censorship). */
  exclude?: Hex[];
}

export interface AttestAction {
  type: "attest";
  validator: number;
  slot: number;
  head: Hex;
  source: Checkpoint;
  target: Checkpoint;
}

export interface ReportSlashingAction {
  type: "reportSlashing";
  offense: SlashableOffense;
  /** The two conflicting messages: block ids for an equivocation, attestation ids otherwise. */
  evidence: [Hex, Hex];
}

export interface ExitAction {
  type: "exit";
  validator: number;
}

export type Action = ProposeAction | AttestAction | ReportSlashingAction | ExitAction;
export type ActionType = Action["type"];

export type RefusalCode =
  | "malformed"
  | "unknown-action"
  | "wrong-role"
  | "not-owner"
  | "unknown-validator"
  | "unknown-block"
  | "unknown-message"
  | "inactive-validator"
  | "not-proposer"
  | "not-assigned"
  | "wrong-slot"
  | "duplicate"
  | "not-slashable"
  | "already-slashed"
  | "unknown-seat"
  | "rate-limited"
  | "no-seat"
  | "not-facilitator";

export interface Refusal {
  slot: number;
  seat: string;
  action: unknown;
  code: RefusalCode;
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
  | { type: "supply"; slot: number; minted: number; burned: number };

export interface SupplyLedger {
  minted: number;
  burned: number;
}

/** The whole engine state: plain data, so a snapshot is JSON and resumes bit-for-bit. */
export interface EngineState {
  engineVersion: string;
  seed: string;
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
}

export interface StepResult {
  state: EngineState;
  events: EngineEvent[];
  refusals: Refusal[];
  stateRoot: Hex;
}

/** Actions for one slot, by seat id. */
export type SlotActions = Record<string, unknown[]>;
