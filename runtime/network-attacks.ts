// What the network attacks did, read from a match's events and its final chain (docs/network.md, "Network
// attacks"): each seat's blocks — proposed, kept in the chain, orphaned as late by the next proposer — and its
// withheld blocks (proposed, yet the slot stayed empty and no orphaning explains it), as ex-ante reorg attempts
// that succeeded when the released block won a fork against another block.
import type { EngineEvent, EngineState } from "../shared/index.ts";

export interface SeatBlocks {
  proposed: number;
  /** Still the chain's block at its slot when the match ended. */
  canonical: number;
  /** Left off the chain by the next proposer's honest reorg of a late, weak block. */
  orphanedLate: number;
  /** Not published in their own slot (kept private, released later). */
  withheld: number;
}

export interface NetworkAttackRecord {
  kind: "ex-ante-reorg";
  by: string;
  slot: number;
  outcome: "succeeded" | "failed";
  /** Slots from the withheld block to the fork (or orphaning) that settled it; null if it never competed. */
  detectedAfterSlots: number | null;
}

const noBlocks = (): SeatBlocks => ({
  proposed: 0,
  canonical: 0,
  orphanedLate: 0,
  withheld: 0,
});

/** What the blocks' events say: empty slots, fork winners, when each block was settled, its orphanings. */
function indexEvents(events: readonly EngineEvent[]) {
  const missedSlots = new Set<number>();
  const forkWinners = new Set<string>();
  /** The first slot at which a block met a fork or was orphaned. */
  const settledAt = new Map<string, number>();
  const settle = (block: string, slot: number) => {
    if (!settledAt.has(block)) settledAt.set(block, slot);
  };
  const orphanedAt = new Map<string, { slot: number; reason: string }[]>();
  for (const event of events) {
    if (event.type === "missed-slot") missedSlots.add(event.slot);
    if (event.type === "fork") {
      forkWinners.add(event.winner);
      for (const block of event.blocks) settle(block, event.slot);
    }
    if (event.type === "orphaned") {
      settle(event.block, event.slot);
      const earlier = orphanedAt.get(event.block) ?? [];
      orphanedAt.set(event.block, [...earlier, { slot: event.slot, reason: event.reason }]);
    }
  }
  return { missedSlots, forkWinners, settledAt, orphanedAt };
}

/** Each seat's blocks, and each withheld block as an ex-ante reorg: succeeded when it won a fork and stayed in the chain. */
export function networkBlocks(
  events: readonly EngineEvent[],
  state: Pick<EngineState, "blockRoots">,
): { bySeat: Record<string, SeatBlocks>; attacks: NetworkAttackRecord[] } {
  const { missedSlots, forkWinners, settledAt, orphanedAt } = indexEvents(events);
  const bySeat: Record<string, SeatBlocks> = {};
  const attacks: NetworkAttackRecord[] = [];
  for (const event of events) {
    if (event.type !== "block") continue;
    bySeat[event.seat] ??= noBlocks();
    const seat = bySeat[event.seat];
    const canonical = state.blockRoots[event.slot] === event.id;
    const orphans = orphanedAt.get(event.id) ?? [];
    seat.proposed++;
    if (canonical) seat.canonical++;
    if (orphans.some((o) => o.reason === "late")) seat.orphanedLate++;
    const withheld = missedSlots.has(event.slot) && !orphans.some((o) => o.slot === event.slot);
    if (!withheld) continue;
    seat.withheld++;
    attacks.push({
      kind: "ex-ante-reorg",
      by: event.seat,
      slot: event.slot,
      outcome: canonical && forkWinners.has(event.id) ? "succeeded" : "failed",
      detectedAfterSlots: settledAt.has(event.id) ? settledAt.get(event.id)! - event.slot : null,
    });
  }
  return { bySeat, attacks };
}
