// What one seat may see (docs/rules.md, "What each role sees"): public chain data plus its own validators' duties.
import type { SlashableOffense } from "./action-schemas.ts";
import { getBlockRoot, produceAttestationData } from "./chain.ts";
import type { MatchConfig } from "./config.ts";
import { epochOf } from "./context.ts";
import { getAttestationSlot, getBeaconProposerIndex } from "./duties.ts";
import type { Hex } from "./hash.ts";
import { seatById } from "./ledger.ts";
import { isOffline, withheldBlocks } from "./network-state.ts";
import { batchCapacity } from "./rollup.ts";
import { isDataAvailable, sampleResults } from "./shards.ts";
import { isSlashableAttestationData } from "./slashing.ts";
import type {
  AttestationData,
  AttestationMessage,
  Batch,
  Blob,
  Block,
  Checkpoint,
  Dispute,
  EngineState,
  L2Tx,
  Operation,
  Role,
  RollupKind,
  ShardState,
} from "./types.ts";
import { isActiveValidator } from "./validators.ts";

export interface OwnValidator {
  index: number;
  stake: number;
  slashed: boolean;
  active: boolean;
  /** Slots of this and the next epoch in which this validator proposes. */
  proposeSlots: number[];
  /** Attestation slot in this epoch and the next (-1: none). */
  attestSlots: [number, number];
}

export interface PublicValidator {
  index: number;
  stake: number;
  slashed: boolean;
  active: boolean;
}

export interface PlayerView {
  /** The slot being played: actions returned now are processed in it. */
  slot: number;
  epoch: number;
  slotsTotal: number;
  config: MatchConfig;
  seat: {
    id: string;
    role: Role;
    strategy: string;
    balance: number;
    locked: number;
    validators: OwnValidator[];
  };
  /** This seat's duties now: validators to propose with, and validators whose attestation is due. */
  duties: { propose: number[]; attest: number[] };
  /** What an honest attester signs for the previous slot. */
  attestationData: AttestationData | null;
  head: Hex;
  justified: Checkpoint;
  finalized: Checkpoint;
  /** Checkpoint root of every epoch so far. */
  checkpointRoots: Hex[];
  blocks: Block[];
  attestations: AttestationMessage[];
  /** Operations waiting for a block; another seat's postBatch without its claimed trace and released chunks. */
  mempool: Operation[];
  validators: PublicValidator[];
  l2: L2View;
}

/** A batch as others see it: the claim, never the engine's truth; data only where it is available. */
export type BatchView = Omit<
  Batch,
  | "correctTrace"
  | "valid"
  | "skipsOverdueInbox"
  | "mevGain"
  | "executedTxs"
  | "fees"
  | "txs"
  | "preBalances"
  | "preNonces"
> & {
  /** The transactions and pre-state, present only when the data reached this seat (≥ k chunks released). */
  data: { txs: L2Tx[]; preBalances: number[]; preNonces: number[] } | null;
};

export interface RollupView {
  id: string;
  kind: RollupKind;
  /** Transactions waiting to be sequenced, in arrival order, and the head state. */
  pending: L2Tx[];
  balances: number[];
  nonces: number[];
  /** Transactions one batch may carry this slot. */
  capacity: number;
  bonded: string[];
  ejected: string[];
  batches: BatchView[];
}

export interface L2View {
  rollups: RollupView[];
  inbox: L2Tx[];
  disputes: Dispute[];
  /** `released` only once the blob is judged: how many chunks it lacks is what sampling finds out (docs/rules.md, "What each role sees"). */
  blobs: (Omit<Blob, "samples" | "votes" | "released"> & { released?: number })[];
  shards: ShardState[];
  /** This seat's sampling duties: for each blob in its validators' committees, what each sample found. */
  samples: { blob: Hex; validator: number; released: boolean[] }[];
  /** Whether this seat re-executes batches (pays watchCost, sees their data); see the `watch` action. */
  watching: boolean;
}

type PublicPart = Pick<
  PlayerView,
  "attestationData" | "checkpointRoots" | "blocks" | "attestations" | "validators" | "mempool"
>;

type SlotCache<T> = WeakMap<EngineState, { slot: number; value: T }>;

/** What every seat sees alike is built once per slot however many seats ask (views are read-only). */
function oncePerSlot<T>(cache: SlotCache<T>, state: EngineState, build: () => T): T {
  const cached = cache.get(state);
  if (cached?.slot === state.slot) return cached.value;
  const value = build();
  cache.set(state, { slot: state.slot, value });
  return value;
}

const publicParts: SlotCache<PublicPart> = new WeakMap();

function getPublicPart(state: EngineState): PublicPart {
  return oncePerSlot(publicParts, state, () => buildPublicPart(state));
}

function buildPublicPart(state: EngineState): PublicPart {
  const { config, slot } = state;
  const epoch = epochOf(config, slot);
  const recentSlot = slot - 2 * config.slotsPerEpoch;
  const withheld = withheldBlocks(state);
  const checkpointRoots: Hex[] = [];
  for (let e = 0; e <= epoch; e++) checkpointRoots.push(getBlockRoot(state, e));
  return {
    attestationData: slot > 0 ? produceAttestationData(state, slot - 1) : null,
    checkpointRoots,
    blocks: Object.values(state.blocks).filter((b) => b.slot >= recentSlot && !withheld.has(b.id)),
    attestations: Object.values(state.attestations).filter((a) => !withheld.has(a.head)),
    mempool: state.mempool.map(publicOperation),
    validators: state.validators.map((v) => ({
      index: v.index,
      stake: v.stake,
      slashed: v.slashed,
      active: isActiveValidator(v, epoch),
    })),
  };
}

/**
 * An operation as other seats see it. A postBatch's explicit trace would mark it as a claim that differs from
 * the honest one, and its `release` would tell a withholding before sampling does (docs/rules.md, "What each role sees").
 */
function publicOperation(op: Operation): Operation {
  if (op.action.type !== "postBatch") return op;
  const { trace: _trace, release: _release, ...action } = op.action;
  return { ...op, action };
}

function batchView(batch: Batch, data: boolean): BatchView {
  return {
    id: batch.id,
    rollup: batch.rollup,
    seat: batch.seat,
    postedSlot: batch.postedSlot,
    txCount: batch.txCount,
    preRoot: batch.preRoot,
    trace: batch.trace,
    traceRoot: batch.traceRoot,
    postRoot: batch.postRoot,
    blobs: batch.blobs,
    inBlobs: batch.inBlobs,
    status: batch.status,
    provableSlot: batch.provableSlot,
    provedSlot: batch.provedSlot,
    finalSlot: batch.finalSlot,
    data: data ? { txs: batch.txs, preBalances: batch.preBalances, preNonces: batch.preNonces } : null,
  };
}

/** The Layer 2 every seat sees alike; batches as a watching seat that did not post them sees them. */
interface PublicL2 {
  view: Omit<L2View, "samples" | "watching">;
  /** Per rollup, the engine's batches behind `view.rollups[i].batches`, in the same order. */
  batches: Batch[][];
  pendingBlobs: Blob[];
}

const publicL2Parts: SlotCache<PublicL2> = new WeakMap();

function getPublicL2(state: EngineState): PublicL2 {
  return oncePerSlot(publicL2Parts, state, () => buildPublicL2(state));
}

function buildPublicL2(state: EngineState): PublicL2 {
  const recent = state.slot - 2 * state.config.challengeWindow;
  const blobs = new Map(state.l2.blobs.map((blob) => [blob.id, blob]));
  // A watcher has a batch's data once it is in L1 calldata, or once every blob of it is available.
  const reached = (batch: Batch) =>
    !batch.inBlobs ||
    batch.blobs.every((id) => {
      const blob = blobs.get(id);
      return blob !== undefined && isDataAvailable(state.config, blob);
    });
  const batches = state.l2.rollups.map((rollup) =>
    rollup.batches.filter((b) => b.status === "pending" || b.postedSlot >= recent),
  );
  return {
    view: {
      rollups: state.l2.rollups.map((rollup, i) => ({
        id: rollup.id,
        kind: rollup.kind,
        pending: rollup.pending,
        balances: rollup.balances,
        nonces: rollup.nonces,
        capacity: batchCapacity(state, rollup),
        bonded: rollup.bonded,
        ejected: rollup.ejected,
        batches: batches[i].map((batch) => batchView(batch, reached(batch))),
      })),
      inbox: state.l2.inbox,
      disputes: state.l2.disputes.filter((d) => d.status === "open" || d.resolvedSlot >= recent),
      blobs: state.l2.blobs.map(({ samples, votes, released, ...blob }) =>
        blob.verdict === "pending" ? blob : { ...blob, released },
      ),
      shards: state.l2.shards,
    },
    batches,
    pendingBlobs: state.l2.blobs.filter((blob) => blob.verdict === "pending"),
  };
}

/**
 * A seat's Layer 2: the public part, but a seat always has its own batches' data, and a seat that stopped
 * watching has no one else's.
 */
function getL2View(state: EngineState, seatId: string, validators: number[]): L2View {
  const { view, batches, pendingBlobs } = getPublicL2(state);
  const watching = !state.l2.notWatching.includes(seatId);
  const own = new Set(validators);
  return {
    ...view,
    rollups: view.rollups.map((rollup, i) =>
      watching && !batches[i].some((batch) => batch.seat === seatId)
        ? rollup
        : {
            ...rollup,
            batches: rollup.batches.map((shown, j) => {
              const batch = batches[i][j];
              if (batch.seat === seatId) return shown.data ? shown : batchView(batch, true);
              return watching || !shown.data ? shown : { ...shown, data: null };
            }),
          },
    ),
    samples: pendingBlobs.flatMap((blob) =>
      Object.keys(blob.samples)
        .map(Number)
        .filter((validator) => own.has(validator) && blob.votes[validator] === undefined)
        .map((validator) => ({ blob: blob.id, validator, released: sampleResults(blob, validator)! })),
    ),
    watching,
  };
}

/** The seat's own part of its view: balance, bonds, its validators and their duties. */
export function getSeatView(state: EngineState, seatId: string): PlayerView["seat"] {
  const seat = seatById(state, seatId);
  if (!seat) throw new Error(`no seat "${seatId}"`);
  const { config } = state;
  const epoch = epochOf(config, state.slot);
  const validators = seat.validators.map((index) => {
    const v = state.validators[index];
    const proposeSlots: number[] = [];
    for (const e of [epoch, epoch + 1]) {
      const duties = state.duties[e];
      duties?.proposers.forEach((proposer, i) => {
        if (proposer === index) proposeSlots.push(e * config.slotsPerEpoch + i);
      });
    }
    return {
      index,
      stake: v.stake,
      slashed: v.slashed,
      active: isActiveValidator(v, epoch),
      proposeSlots,
      attestSlots: [getAttestationSlot(state, index, epoch), getAttestationSlot(state, index, epoch + 1)] as [
        number,
        number,
      ],
    };
  });
  return {
    id: seat.id,
    role: seat.role,
    strategy: seat.strategy,
    balance: seat.balance,
    locked: seat.locked,
    validators,
  };
}

/**
 * The seat's own blocks it still withholds, and the votes naming them, added to the public part: the proposer
 * has what it has not published (docs/rules.md, "What each role sees").
 */
function withOwnWithheld(
  state: EngineState,
  seatId: string,
  publicPart: PublicPart,
): Pick<PlayerView, "blocks" | "attestations"> {
  const { blocks, attestations } = publicPart;
  const own = [...withheldBlocks(state)]
    .map((id) => state.blocks[id])
    .filter((block) => state.validators[block.proposer]?.seat === seatId);
  if (own.length === 0) return { blocks, attestations };
  const ids = new Set(own.map((block) => block.id));
  const votes = Object.values(state.attestations).filter((a) => ids.has(a.head));
  return { blocks: [...blocks, ...own], attestations: [...attestations, ...votes] };
}

export function getPlayerView(state: EngineState, seatId: string): PlayerView {
  const seat = getSeatView(state, seatId);
  const { config, slot } = state;
  const epoch = epochOf(config, slot);
  const previousSlot = slot - 1;
  const own = seat.validators;
  const usable = own.filter((v) => v.active && !v.slashed);
  const proposer = slot < config.slots ? getBeaconProposerIndex(state, slot) : -1;
  const attest =
    previousSlot >= 0
      ? usable
          .filter((v) => getAttestationSlot(state, v.index, epochOf(config, previousSlot)) === previousSlot)
          .filter((v) => !isOffline(state, v.index, previousSlot) && !isOffline(state, v.index, slot))
          .map((v) => v.index)
      : [];
  const publicPart = getPublicPart(state);
  return {
    slot,
    epoch,
    slotsTotal: config.slots,
    config,
    seat,
    duties: { propose: usable.filter((v) => v.index === proposer).map((v) => v.index), attest },
    head: state.head,
    justified: state.currentJustified,
    finalized: state.finalized,
    ...publicPart,
    ...withOwnWithheld(state, seatId, publicPart),
    mempool: publicPart.mempool.map((op, i) => (op.seat === seatId ? state.mempool[i] : op)),
    l2: getL2View(
      state,
      seat.id,
      usable.map((v) => v.index),
    ),
  };
}

type FoundOffense = { offense: SlashableOffense; offender: number; evidence: [Hex, Hex] };

/** Offenses in one slot's public messages, found once however many seats look (keyed by the shared list). */
const offensesByMessages = new WeakMap<AttestationMessage[], FoundOffense[]>();

function findOffensesInMessages(view: PlayerView): FoundOffense[] {
  const cached = offensesByMessages.get(view.attestations);
  if (cached) return cached;
  const offenders = new Set(view.validators.filter((v) => v.slashed).map((v) => v.index));
  const found: FoundOffense[] = [];
  const byProposerSlot = new Map<string, Block>();
  for (const block of view.blocks) {
    if (block.slot < 0) continue;
    const key = `${block.slot}:${block.proposer}`;
    const other = byProposerSlot.get(key);
    if (!other) byProposerSlot.set(key, block);
    else if (!offenders.has(block.proposer)) {
      found.push({
        offense: "proposer-equivocation",
        offender: block.proposer,
        evidence: [other.id, block.id],
      });
      offenders.add(block.proposer);
    }
  }
  const byValidator = new Map<number, AttestationMessage[]>();
  for (const message of view.attestations) {
    if (offenders.has(message.validator)) continue;
    const earlier = byValidator.get(message.validator) ?? [];
    const conflicting = earlier.find((other) => isSlashableAttestationData(other, message));
    if (conflicting) {
      found.push({
        offense: isSlashableAttestationData(conflicting, message)!,
        offender: message.validator,
        evidence: [conflicting.id, message.id],
      });
      offenders.add(message.validator);
    } else {
      earlier.push(message);
      byValidator.set(message.validator, earlier);
    }
  }
  offensesByMessages.set(view.attestations, found);
  return found;
}

/** Every slashable offense visible in a view and not yet reported: what an honest node reports. */
export function findSlashableOffenses(view: PlayerView): FoundOffense[] {
  const found = findOffensesInMessages(view);
  if (found.length === 0) return found;
  const reported = reportedOffenders(view);
  return found.filter((f) => !reported.has(f.offender));
}

/** Offenders whose report already waits in the mempool. */
function reportedOffenders(view: PlayerView): Set<number> {
  const offenders = new Set<number>();
  const blocks = new Map(view.blocks.map((b) => [b.id, b]));
  const attestations = new Map(view.attestations.map((a) => [a.id, a]));
  for (const op of view.mempool) {
    if (op.action.type !== "reportSlashing") continue;
    const [first] = op.action.evidence;
    const offender = blocks.get(first)?.proposer ?? attestations.get(first)?.validator;
    if (offender !== undefined) offenders.add(offender);
  }
  return offenders;
}
