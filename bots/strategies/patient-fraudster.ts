import { defineBot } from "../api.ts";
import { defendDisputes, forgedTrace, planBatch } from "./rollup-routine.ts";

export default defineBot({
  name: "patient-fraudster",
  roles: ["sequencer", "attacker"],
  description:
    "Sequences honestly for the first half of the match, then posts wrong roots: fraud that comes once watchers have quit (the verifier's dilemma).",
  create: () => ({
    act: (view) => {
      const striking = view.slot >= view.slotsTotal / 2;
      return [
        ...planBatch(view, "optimistic", (txs, rollup) =>
          striking ? { trace: forgedTrace(txs, rollup) } : {},
        ),
        ...defendDisputes(view),
      ];
    },
  }),
});
