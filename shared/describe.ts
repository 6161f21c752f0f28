// Events in plain sentences: the feed a workshop audience follows (UI.md), shared by server, client and CLI.
import { formatCoins } from "./money.ts";
import type { EngineEvent, SlashableOffense } from "./types.ts";

const OFFENSE_WORDS: Record<SlashableOffense, string> = {
  "proposer-equivocation": "proposing two blocks in one slot",
  "double-vote": "a double vote",
  "surround-vote": "a surround vote",
};

/** One sentence for an event, or null for bookkeeping events the feed leaves out. */
export function describeEvent(event: EngineEvent): string | null {
  switch (event.type) {
    case "block":
      return null;
    case "missed-slot":
      return `Slot ${event.slot} is empty: validator ${event.proposer} did not propose.`;
    case "fork":
      return `Fork at slot ${event.slot}: ${event.blocks.length} blocks compete; fork choice keeps ${event.winner.slice(0, 8)}.`;
    case "justified":
      return `Epoch ${event.epoch} is justified.`;
    case "finalized":
      return `Epoch ${event.epoch} is final: its blocks can never be reverted.`;
    case "finality-stalled":
      return `Finality has stalled for ${event.epochsSinceFinality} epochs.`;
    case "inactivity-leak":
      return event.leaking
        ? `Inactivity leak from epoch ${event.epoch}: offline validators now lose stake until finality returns.`
        : `The inactivity leak is over at epoch ${event.epoch}.`;
    case "slashed":
      return (
        `Validator ${event.validator} (${event.seat}) was slashed for ${OFFENSE_WORDS[event.offense]}: ` +
        `−${formatCoins(event.penalty)} coins; ${formatCoins(event.reporterReward)} to the reporter (${event.reporter}).`
      );
    case "correlation-penalty":
      return `Validator ${event.validator} (${event.seat}) pays the correlation penalty: −${formatCoins(event.penalty)} coins.`;
    case "exit":
      return `Validator ${event.validator} (${event.seat}) exits at epoch ${event.epoch} (${event.reason}).`;
    case "epoch-rewards":
      return null;
    case "supply":
      return null;
  }
}
