import { defineBot } from "../api.ts";
import {
  honestAttestations,
  honestAvailability,
  honestProposals,
  honestReports,
} from "./validator-routine.ts";

export default defineBot({
  name: "honest-validator",
  roles: ["validator", "attacker"],
  description: "Proposes, attests on time and reports every slashable offense it sees.",
  create: () => ({
    act: (view) => [
      ...honestProposals(view),
      ...honestAttestations(view),
      ...honestReports(view),
      ...honestAvailability(view),
    ],
  }),
});
