// Timing games (docs/network.md, "Network attacks"): the proposer publishes its block late in the slot, so that
// fewer nodes have it by the attestation deadline and the other validators miss their head votes. Published at
// the proposer reorg cutoff (half of the third of the slot attestations wait for), it is late for most nodes
// and exposed to the next honest proposer's reorg of a late, weak block, which is the defence.
import { defineBot } from "../api.ts";
import {
  honestAttestations,
  honestAvailability,
  honestProposals,
  honestReports,
} from "./validator-routine.ts";

/** Half-way to the attestation deadline (⅓ of the slot): the spec's proposer reorg cutoff. */
export function latePublishMs(networkSlotMs: number): number {
  return Math.floor(networkSlotMs / 6);
}

export default defineBot({
  name: "late-publishing-proposer",
  roles: ["validator", "attacker"],
  description:
    "Proposes honest blocks but publishes each one half-way to the attestation deadline (a timing game: others miss head votes).",
  create: () => ({
    act: (view) => [
      ...honestProposals(view).map((proposal) => ({
        ...proposal,
        publishMs: latePublishMs(view.config.networkSlotMs),
      })),
      ...honestAttestations(view),
      ...honestReports(view),
      ...honestAvailability(view),
    ],
  }),
});
