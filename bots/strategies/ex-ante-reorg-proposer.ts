// An ex-ante reorg (docs/network.md, "Network attacks"): the proposer keeps its block private for one slot and
// releases it at the next slot's start, while its own validators vote for it, so that it outweighs the next
// proposer's block (when the next proposer is the seat itself, there is nothing to reorg and it publishes). Proposer boost is the defence: the next block's boost (40% of a committee) beats the
// attacker's own votes unless its share of the committee is larger.
import type { AttestAction, PlayerView } from "../../shared/index.ts";
import { defineBot } from "../api.ts";
import { honestAvailability, honestReports } from "./validator-routine.ts";

/** The slot it withholds its block for: released at the next slot's start. */
const WITHHOLD_SLOTS = 1;

/** Withholding only pays against someone else's block: when the seat proposes the next slot too, it publishes. */
function nextSlotIsOwn(view: PlayerView): boolean {
  return view.seat.validators.some((v) => v.proposeSlots.includes(view.slot + WITHHOLD_SLOTS));
}

/** Head votes of the seat's due attesters, for its own withheld block of that slot when there is one. */
export function votesForOwnWithheldBlock(view: PlayerView): AttestAction[] {
  const data = view.attestationData;
  if (!data) return [];
  const own = new Set(view.seat.validators.map((v) => v.index));
  const withheld = view.blocks.find((b) => b.slot === data.slot && own.has(b.proposer) && b.id !== data.head);
  const head = withheld?.id ?? data.head;
  return view.duties.attest.map((validator) => ({ type: "attest", validator, ...data, head }));
}

export default defineBot({
  name: "ex-ante-reorg-proposer",
  roles: ["validator", "attacker"],
  description:
    "Withholds each block it proposes for a slot and releases it with its own head votes, to reorg the next proposer's block (an ex-ante reorg against proposer boost).",
  create: () => ({
    act: (view) => [
      ...view.duties.propose.map((validator) =>
        nextSlotIsOwn(view)
          ? { type: "propose" as const, validator }
          : { type: "propose" as const, validator, withholdSlots: WITHHOLD_SLOTS },
      ),
      ...votesForOwnWithheldBlock(view),
      ...honestReports(view),
      ...honestAvailability(view),
    ],
  }),
});
