import type { Operation, PlayerView } from "../../shared/index.ts";
import { defineBot } from "../api.ts";
import {
  honestAttestations,
  honestAvailability,
  honestProposals,
  honestReports,
} from "./validator-routine.ts";

/** What a censor keeps out of its blocks: challenges and the challenger's dispute moves (the delay attack). */
const CENSORED = new Set(["challenge", "bisect", "proveStep"]);

function censoredOperations(view: PlayerView): Operation[] {
  return view.mempool.filter((op) => op.seat !== view.seat.id && CENSORED.has(op.action.type));
}

export default defineBot({
  name: "censoring-proposer",
  roles: ["validator", "attacker"],
  description:
    "Validates honestly but leaves every challenge and challenger's dispute move out of its blocks (the delay attack).",
  create: () => ({
    act: (view) => {
      const exclude = censoredOperations(view).map((op) => op.id);
      return [
        ...honestProposals(view).map((proposal) =>
          exclude.length > 0 ? { ...proposal, exclude } : proposal,
        ),
        ...honestAttestations(view),
        ...honestReports(view),
        ...honestAvailability(view),
      ];
    },
  }),
});
