import type { Hex, PlayerView } from "../../shared/index.ts";
import { defineBot } from "../api.ts";
import { defendDisputes, planBatch, submitProofs } from "./rollup-routine.ts";
import { honestReports } from "./validator-routine.ts";

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T | undefined {
  return items.length === 0 ? undefined : items[Math.floor(random() * items.length)];
}

function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** Duties done or skipped at random, heads and blob verdicts drawn at random: well-formed, rarely wise. */
function randomValidatorActions(view: PlayerView, random: Random): unknown[] {
  const recentBlocks: Hex[] = view.blocks.map((block) => block.id);
  const actions: unknown[] = [];
  for (const validator of view.duties.propose) {
    if (random() < 0.8) actions.push({ type: "propose", validator });
  }
  const data = view.attestationData;
  for (const validator of view.duties.attest) {
    if (!data || random() < 0.15) continue;
    const head = random() < 0.2 ? (pick(random, recentBlocks) ?? data.head) : data.head;
    actions.push({ type: "attest", validator, ...data, head });
  }
  for (const { blob, validator } of view.l2.samples) {
    actions.push({ type: "attestAvailability", validator, blob, available: random() < 0.5 });
  }
  if (random() < 0.5) actions.push(...honestReports(view));
  return actions;
}

function randomSequencerActions(view: PlayerView, random: Random): unknown[] {
  const actions: unknown[] = [];
  if (random() < 0.6)
    actions.push(...planBatch(view, "optimistic", (txs) => ({ txs: shuffled(random, txs) })));
  if (random() < 0.6) actions.push(...planBatch(view, "zk"));
  actions.push(...defendDisputes(view), ...submitProofs(view));
  return actions;
}

/** Now and then a challenge of a random batch still in its window: true or not, the bond is at stake. */
function randomChallengerActions(view: PlayerView, random: Random): unknown[] {
  if (random() >= 0.05) return [];
  const open = view.l2.rollups
    .filter((rollup) => rollup.kind === "optimistic")
    .flatMap((rollup) => rollup.batches)
    .filter(
      (batch) => batch.status === "pending" && view.slot < batch.postedSlot + view.config.challengeWindow,
    );
  const batch = pick(random, open);
  return batch ? [{ type: "challenge", batch: batch.id }] : [];
}

export default defineBot({
  name: "random-bot",
  roles: ["validator", "sequencer", "challenger", "attacker"],
  description:
    "Valid random actions of its role (duties skipped, heads and verdicts drawn at random): for fuzzing.",
  create: ({ role, random }) => ({
    act: (view) => {
      if (role === "sequencer") return randomSequencerActions(view, random);
      if (role === "challenger") return randomChallengerActions(view, random);
      return randomValidatorActions(view, random);
    },
  }),
});
