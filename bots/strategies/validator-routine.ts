// The honest validator's duties, as building blocks that dishonest strategies bend.
import type {
  AttestAction,
  AttestAvailabilityAction,
  PlayerView,
  ProposeAction,
  ReportSlashingAction,
} from "../../shared/index.ts";
import { BACKGROUND_SEAT, findSlashableOffenses } from "../../shared/index.ts";

export function honestProposals(view: PlayerView): ProposeAction[] {
  return view.duties.propose.map((validator) => ({ type: "propose", validator }));
}

export function honestAttestations(view: PlayerView): AttestAction[] {
  const data = view.attestationData;
  if (!data) return [];
  return view.duties.attest.map((validator) => ({ type: "attest", validator, ...data }));
}

/** The slot from which an offense is visible: the slot after its later message. */
function visibleFrom(view: PlayerView, evidence: [string, string]): number {
  const slotOf = (id: string) =>
    view.blocks.find((b) => b.id === id)?.slot ?? view.attestations.find((m) => m.id === id)?.slot ?? 0;
  return Math.max(slotOf(evidence[0]), slotOf(evidence[1])) + 1;
}

/**
 * Whistleblowing is part of honest play: report every offense seen and not yet reported. The background
 * validators wait reportDelay slots first, so a player who spots an offense can be paid for it.
 */
export function honestReports(view: PlayerView): ReportSlashingAction[] {
  const delay = view.seat.id === BACKGROUND_SEAT ? view.config.reportDelay : 0;
  const own = new Set(view.seat.validators.map((v) => v.index));
  // A seat does not report its own validators: with the background waiting, it would pay itself the reward.
  return findSlashableOffenses(view)
    .filter(({ offender }) => !own.has(offender))
    .filter(({ evidence }) => view.slot >= visibleFrom(view, evidence) + delay)
    .map(({ offense, evidence }) => ({ type: "reportSlashing", offense, evidence }));
}

/** Sampling duty: attest a blob available only if every sampled chunk was released. */
export function honestAvailability(view: PlayerView): AttestAvailabilityAction[] {
  return view.l2.samples.map(({ blob, validator, released }) => ({
    type: "attestAvailability",
    validator,
    blob,
    available: released.every(Boolean),
  }));
}
