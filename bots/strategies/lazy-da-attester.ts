import { defineBot } from "../api.ts";
import { honestAttestations, honestProposals, honestReports } from "./validator-routine.ts";

export default defineBot({
  name: "lazy-da-attester",
  roles: ["validator", "attacker"],
  description:
    "A validator that attests every blob available without sampling it (so withheld data can slip through).",
  create: () => ({
    act: (view) => [
      ...honestProposals(view),
      ...honestAttestations(view),
      ...honestReports(view),
      ...view.l2.samples.map(({ blob, validator }) => ({
        type: "attestAvailability",
        validator,
        blob,
        available: true,
      })),
    ],
  }),
});
