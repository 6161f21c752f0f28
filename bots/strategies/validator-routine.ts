// The honest validator's duties, as building blocks that dishonest strategies bend.
import type {
  AttestAction,
  AttestAvailabilityAction,
  PlayerView,
  ProposeAction,
  ReportSlashingAction,
} from "../../shared/index.ts";
import { findSlashableOffenses } from "../../shared/index.ts";

export function honestProposals(view: PlayerView): ProposeAction[] {
  return view.duties.propose.map((validator) => ({ type: "propose", validator }));
}

export function honestAttestations(view: PlayerView): AttestAction[] {
  const data = view.attestationData;
  if (!data) return [];
  return view.duties.attest.map((validator) => ({ type: "attest", validator, ...data }));
}

/** Whistleblowing is part of honest play: report every offense seen and not yet reported. */
export function honestReports(view: PlayerView): ReportSlashingAction[] {
  return findSlashableOffenses(view).map(({ offense, evidence }) => ({
    type: "reportSlashing",
    offense,
    evidence,
  }));
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
