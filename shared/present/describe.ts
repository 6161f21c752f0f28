// Events in plain sentences: the feed a workshop audience follows (docs/architecture.md, projection), shared by server, client and CLI.

import type { SlashableOffense } from "../action-schemas.ts";
import { formatCoins } from "../money.ts";
import type { EngineEvent, OrphanReason } from "../types.ts";

const OFFENSE_WORDS: Record<SlashableOffense, string> = {
  "proposer-equivocation": "proposing two blocks in one slot",
  "double-vote": "a double vote",
  "surround-vote": "a surround vote",
};

/** One sentence for an event, or null for bookkeeping events the feed leaves out. */
const ORPHAN_REASONS: Record<OrphanReason, string> = {
  late: "it reached too few nodes by the attestation deadline, and the next proposer built on its parent",
  outvoted: "a competing block won fork choice",
  offline: "its proposer's node was offline",
  partition:
    "it was built on the lighter side of a partition, and fork choice kept the other side's chain when it healed",
};

export function describeEvent(event: EngineEvent): string | null {
  switch (event.type) {
    case "block":
      return null;
    case "missed-slot":
      return `Slot ${event.slot} is empty: validator ${event.proposer} did not propose.`;
    case "fork":
      return `Fork at slot ${event.slot}: ${event.blocks.length} blocks compete; fork choice keeps ${event.winner.slice(0, 8)}.`;
    case "orphaned":
      return `Block ${event.block.slice(0, 8)} of validator ${event.proposer} is orphaned: ${ORPHAN_REASONS[event.reason]}.`;
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
    case "supply":
    case "batch-posted":
    case "batch-final":
      // Every slot finalizes batches: the rollup lanes show it; the feed keeps what changes the game.
      return null;
    case "batch-reverted":
      return `A ${event.rollup} batch was reverted: ${event.reason}.`;
    case "blob-verdict":
      return event.available
        ? null
        : `A blob on shard ${event.shard} was judged unavailable (${event.released} chunks released).`;
    case "dispute-opened":
      return `${event.challenger} challenged a batch of ${event.defender}.`;
    case "dispute-resolved":
      return `${event.winner} won the dispute against ${event.loser} after ${event.rounds} rounds: ${event.reason}.`;
    case "proof":
      return event.valid ? null : `${event.seat}'s ZK proof failed verification: the batch is rejected.`;
    case "sequencer-ejected":
      return `Sequencer ${event.seat} was ejected from the ${event.rollup} rollup (${event.reason}).`;
    case "watching":
      return event.watching
        ? `${event.seat} watches the optimistic rollup again.`
        : `${event.seat} stopped watching: it no longer re-executes batches.`;
    case "fraud-finalized":
      return `An invalid ${event.rollup} batch of ${event.seat} became final: ${formatCoins(event.value)} coins taken from ${event.losers.length} ${event.rollup} users' bridged balances.`;
  }
}
