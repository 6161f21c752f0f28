import { defineBot } from "../api.ts";
import {
  honestAttestations,
  honestAvailability,
  honestProposals,
  honestReports,
} from "./validator-routine.ts";

export default defineBot({
  name: "double-voter",
  roles: ["validator", "attacker"],
  description: "Signs a second attestation with the same target and another head (a slashable double vote).",
  create: () => ({
    act: (view) => {
      const honest = honestAttestations(view);
      const conflicting = honest
        .map((attestation) => ({ ...attestation, head: view.finalized.root }))
        .filter((attestation, i) => attestation.head !== honest[i].head);
      return [
        ...honestProposals(view),
        ...honest,
        ...conflicting,
        ...honestReports(view),
        ...honestAvailability(view),
      ];
    },
  }),
});
