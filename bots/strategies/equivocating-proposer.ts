import { defineBot } from "../api.ts";
import { honestAttestations, honestAvailability, honestReports } from "./validator-routine.ts";

export default defineBot({
  name: "equivocating-proposer",
  roles: ["validator", "attacker"],
  description: "Signs two different blocks whenever it proposes (a slashable proposer equivocation).",
  create: () => ({
    act: (view) => [
      ...view.duties.propose.flatMap((validator) => [
        { type: "propose", validator, graffiti: "A" },
        { type: "propose", validator, graffiti: "B" },
      ]),
      ...honestAttestations(view),
      ...honestReports(view),
      ...honestAvailability(view),
    ],
  }),
});
