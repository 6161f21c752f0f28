import { defineBot } from "../api.ts";

export default defineBot({
  name: "lazy-validator",
  roles: ["validator", "attacker"],
  description: "Offline: never proposes or attests, and pays the penalties (and the inactivity leak).",
  create: () => ({ act: () => [] }),
});
