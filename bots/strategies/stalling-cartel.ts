import { defineBot } from "../api.ts";
import { honestAvailability, honestProposals, honestReports } from "./validator-routine.ts";

export default defineBot({
  name: "stalling-cartel",
  roles: ["validator", "attacker"],
  description:
    "Proposes but never attests: with over 1/3 of the stake (e.g. an attacker seat with 12 of 32 validators) finality stalls until the inactivity leak drains it.",
  create: () => ({
    act: (view) => [...honestProposals(view), ...honestReports(view), ...honestAvailability(view)],
  }),
});
