import { defineBot } from "../api.ts";
import censoringProposer from "./censoring-proposer.ts";
import { fraudulentSequencer } from "./sequencer-strategies.ts";

/**
 * One mind across layers (docs/rules.md, attacks): its sequencer posts wrong roots, its proposers censor the
 * challenges, and its validators attest every blob available without sampling.
 */
export default defineBot({
  name: "cross-layer-coalition",
  roles: ["attacker"],
  description:
    "Posts fraudulent batches while its own proposers censor challenges and its validators attest every blob available: give it a large share of the stake.",
  create: (context) => {
    const sequencer = fraudulentSequencer.create(context);
    const proposer = censoringProposer.create(context);
    return {
      act: async (view) => {
        const validatorActions = (await proposer.act(view)) as { type: string }[];
        return [
          ...(await sequencer.act(view)),
          ...validatorActions.map((action) =>
            action.type === "attestAvailability" ? { ...action, available: true } : action,
          ),
        ];
      },
    };
  },
});
