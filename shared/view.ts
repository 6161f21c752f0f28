// What one seat may see (RULES §9): public chain data plus its own validators' duties.
import { getBlockRoot, produceAttestationData } from "./chain.ts";
import type { MatchConfig } from "./config.ts";
import { epochOf } from "./context.ts";
import { getAttestationSlot, getBeaconProposerIndex } from "./duties.ts";
import type { Hex } from "./hash.ts";
import { seatById } from "./ledger.ts";
import { isSlashableAttestationData } from "./slashing.ts";
import type {
  AttestationData,
  AttestationMessage,
  Block,
  Checkpoint,
  EngineState,
  Operation,
  Role,
  SlashableOffense,
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
  mempool: Operation[];
  validators: PublicValidator[];
}

type PublicPart = Pick<
  PlayerView,
  "attestationData" | "checkpointRoots" | "blocks" | "attestations" | "validators"
>;

/** What every seat sees alike, built once per slot however many seats ask (views are read-only). */
const publicParts = new WeakMap<EngineState, { slot: number; part: PublicPart }>();

function getPublicPart(state: EngineState): PublicPart {
  const cached = publicParts.get(state);
  if (cached?.slot === state.slot) return cached.part;
  const { config, slot } = state;
  const epoch = epochOf(config, slot);
  const recentSlot = slot - 2 * config.slotsPerEpoch;
  const checkpointRoots: Hex[] = [];
  for (let e = 0; e <= epoch; e++) checkpointRoots.push(getBlockRoot(state, e));
  const part: PublicPart = {
    attestationData: slot > 0 ? produceAttestationData(state, slot - 1) : null,
    checkpointRoots,
    blocks: Object.values(state.blocks).filter((b) => b.slot >= recentSlot),
    attestations: Object.values(state.attestations),
    validators: state.validators.map((v) => ({
      index: v.index,
      stake: v.stake,
      slashed: v.slashed,
      active: isActiveValidator(v, epoch),
    })),
  };
  publicParts.set(state, { slot, part });
  return part;
}

export function getPlayerView(state: EngineState, seatId: string): PlayerView {
  const seat = seatById(state, seatId);
  if (!seat) throw new Error(`no seat "${seatId}"`);
  const { config, slot } = state;
  const epoch = epochOf(config, slot);
  const previousSlot = slot - 1;
  const own = seat.validators.map((index) => {
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
  const usable = own.filter((v) => v.active && !v.slashed);
  const proposer = slot < config.slots ? getBeaconProposerIndex(state, slot) : -1;
  const attest =
    previousSlot >= 0
      ? usable
          .filter((v) => getAttestationSlot(state, v.index, epochOf(config, previousSlot)) === previousSlot)
          .map((v) => v.index)
      : [];
  return {
    slot,
    epoch,
    slotsTotal: config.slots,
    config,
    seat: {
      id: seat.id,
      role: seat.role,
      strategy: seat.strategy,
      balance: seat.balance,
      locked: seat.locked,
      validators: own,
    },
    duties: { propose: usable.filter((v) => v.index === proposer).map((v) => v.index), attest },
    head: state.head,
    justified: state.currentJustified,
    finalized: state.finalized,
    mempool: state.mempool,
    ...getPublicPart(state),
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
