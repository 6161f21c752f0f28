// Forced inclusion (docs/rules.md, forced inclusion): anyone can put a transfer in a rollup's L1 inbox, and a
// batch posted once its deadline has passed without it is invalid. The engine and the bots ask the same rule.

import { type ActionRule, refusal } from "./action-rule.ts";
import { ACTION_SCHEMAS, type ForceIncludeAction } from "./action-schemas.ts";
import type { StepContext } from "./context.ts";
import { rollupById } from "./l2.ts";
import { coinsToMilli } from "./money.ts";
import type { Batch, L2Tx, RollupState } from "./types.ts";

/** Inbox transactions still pending that a batch posted at `slot` must include: forcedInclusionDelay has passed. */
export function getOverdueInbox(inbox: L2Tx[], pending: L2Tx[], slot: number, delay: number): L2Tx[] {
  const pendingIds = new Set(pending.map((tx) => tx.id));
  return inbox.filter((tx) => pendingIds.has(tx.id) && slot - tx.sentSlot >= delay);
}

/** A batch that leaves out an overdue inbox transaction is invalid: it loses any dispute, whatever the step. */
export function processForcedInclusionDeadline(ctx: StepContext, rollup: RollupState, batch: Batch): void {
  const included = new Set(batch.txs.map((tx) => tx.id));
  const overdue = getOverdueInbox(
    ctx.state.l2.inbox,
    rollup.pending,
    batch.postedSlot,
    ctx.config.forcedInclusionDelay,
  );
  batch.skipsOverdueInbox = overdue.some((tx) => !included.has(tx.id));
  batch.valid &&= !batch.skipsOverdueInbox;
}

/** forceInclude: the transfer enters the inbox and the rollup's pending transactions when a block includes it. */
function processForceInclude(ctx: StepContext, action: ForceIncludeAction): void {
  const rollup = rollupById(ctx.state, action.rollup);
  if (!rollup) return;
  const tx: L2Tx = {
    id: ctx.state.l2.nextTxId++,
    from: action.from,
    to: action.to,
    amount: action.amount,
    fee: coinsToMilli(ctx.config.l2Fee),
    // An inbox transaction takes no L2 nonce (applyL2Tx): it carries the sender's next one, unused.
    nonce: rollup.sentNonces[action.from],
    forced: true,
    sentSlot: ctx.slot,
  };
  ctx.state.l2.inbox.push({ ...tx });
  rollup.pending.push(tx);
}

export const forceIncludeRule: ActionRule<"forceInclude"> = {
  type: "forceInclude",
  roles: ["validator", "sequencer", "challenger", "attacker"],
  schema: ACTION_SCHEMAS.forceInclude,
  takesEffect: "when-included",
  check: ({ state }, _seat, action) => {
    const rollup = rollupById(state, action.rollup);
    if (!rollup) return refusal("unknown-rollup", `no rollup "${action.rollup}"`);
    if (action.from >= rollup.balances.length || action.to >= rollup.balances.length)
      return refusal("malformed", `accounts are numbered 0–${rollup.balances.length - 1}`);
    return null;
  },
  apply: (ctx, _inclusion, action) => processForceInclude(ctx, action),
};
