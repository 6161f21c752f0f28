import { defineBot } from "../api.ts";
import {
  honestAttestations,
  honestAvailability,
  honestProposals,
  honestReports,
} from "./validator-routine.ts";

export default defineBot({
  name: "surround-voter",
  roles: ["validator", "attacker"],
  description:
    "Attests honestly once, then votes with a source older than its last vote's: the new span surrounds the old one (slashable).",
  create: () => {
    const lastVotes = new Map<number, { sourceEpoch: number; targetEpoch: number }>();
    return {
      act: (view) => {
        const votes = honestAttestations(view).map((attestation) => {
          const last = lastVotes.get(attestation.validator);
          const olderSource = last ? last.sourceEpoch - 1 : -1;
          const vote =
            last && olderSource >= 0 && attestation.target.epoch > last.targetEpoch
              ? { ...attestation, source: { epoch: olderSource, root: view.checkpointRoots[olderSource] } }
              : attestation;
          lastVotes.set(vote.validator, { sourceEpoch: vote.source.epoch, targetEpoch: vote.target.epoch });
          return vote;
        });
        return [...honestProposals(view), ...votes, ...honestReports(view), ...honestAvailability(view)];
      },
    };
  },
});
