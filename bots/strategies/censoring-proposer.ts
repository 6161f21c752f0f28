import type { OperationAction } from "../../shared/index.ts";
import { defineBot } from "../api.ts";
import {
  honestAttestations,
  honestAvailability,
  honestProposals,
  honestReports,
} from "./validator-routine.ts";

/**
 * What a censor keeps out of its blocks: challenges and the challenger's dispute moves (the delay attack).
 * By kind, not by id: a challenge sent during the censor's own slot is not in its view yet.
 */
const CENSORED: OperationAction["type"][] = ["challenge", "bisect", "proveStep"];

export default defineBot({
  name: "censoring-proposer",
  roles: ["validator", "attacker"],
  description:
    "Validates honestly but leaves every challenge and challenger's dispute move out of its blocks (the delay attack).",
  create: () => ({
    act: (view) => [
      ...honestProposals(view).map((proposal) => ({ ...proposal, excludeTypes: CENSORED })),
      ...honestAttestations(view),
      ...honestReports(view),
      ...honestAvailability(view),
    ],
  }),
});
