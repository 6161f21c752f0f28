// The built-in challenger strategies: re-execute what has data, dispute wrong roots — or grief.
import {
  coinsToMilli,
  executeBatch,
  getBisectionMidpoint,
  getOverdueInbox,
  type Hex,
  type PlayerView,
  traceAt,
} from "../../shared/index.ts";
import { defineBot } from "../api.ts";
import { pendingMove, rollupOf } from "./rollup-routine.ts";

const CHALLENGER = ["challenger", "attacker"] as const;

/** Disputes this seat takes part in as challenger: bisect by its own trace, prove the last step. */
function playDisputes(view: PlayerView, ownTrace: (batch: Hex) => Hex[] | null, alwaysDisagree: boolean) {
  const moves: unknown[] = [];
  for (const dispute of view.l2.disputes) {
    if (dispute.status !== "open" || dispute.challenger !== view.seat.id || pendingMove(view, dispute.id))
      continue;
    if (dispute.hi - dispute.lo === 1) {
      moves.push({ type: "proveStep", dispute: dispute.id });
      continue;
    }
    const mid = getBisectionMidpoint(dispute);
    const claim = dispute.claims[mid];
    if (dispute.turn !== "challenger" || claim === undefined) continue;
    const trace = ownTrace(dispute.batch);
    const mine = trace === null ? null : traceAt(dispute.claims[-1], trace, mid);
    moves.push({ type: "bisect", dispute: dispute.id, agree: !alwaysDisagree && mine === claim });
  }
  return moves;
}

function challengedByMe(view: PlayerView, batch: Hex): boolean {
  return (
    view.l2.disputes.some((d) => d.batch === batch && d.challenger === view.seat.id) ||
    view.mempool.some(
      (op) => op.seat === view.seat.id && op.action.type === "challenge" && op.action.batch === batch,
    )
  );
}

/**
 * The honest routine: re-execute every optimistic batch with data, challenge the earliest wrong or
 * censoring one, and play its disputes by its own traces (kept in `traces` across slots).
 */
function watchAndChallenge(view: PlayerView, traces: Map<Hex, Hex[]>): unknown[] {
  const rollup = rollupOf(view, "optimistic");
  // Also for a dispute a player opened by hand (the autopilot plays its moves): re-execute on demand.
  const own = (id: Hex) => {
    const data = rollup.batches.find((b) => b.id === id)?.data;
    if (!traces.has(id) && data)
      traces.set(id, executeBatch(data.preBalances, data.preNonces, data.txs).trace);
    return traces.get(id) ?? null;
  };
  const challenges: unknown[] = [];
  // One dispute at a time, on the earliest wrong batch: winning it reverts every later batch too.
  const busy = view.l2.disputes.some((d) => d.status === "open" && d.challenger === view.seat.id);
  for (const batch of rollup.batches) {
    if (busy || challenges.length > 0) break;
    if (
      batch.status !== "pending" ||
      !batch.data ||
      view.slot >= batch.postedSlot + view.config.challengeWindow
    )
      continue;
    if (!traces.has(batch.id))
      traces.set(batch.id, executeBatch(batch.data.preBalances, batch.data.preNonces, batch.data.txs).trace);
    const included = new Set(batch.data.txs.map((tx) => tx.id));
    const overdue = getOverdueInbox(
      view.l2.inbox,
      rollup.pending,
      batch.postedSlot,
      view.config.forcedInclusionDelay,
    );
    const censored = overdue.some((tx) => !included.has(tx.id));
    const wrong = traces.get(batch.id)!.some((root, i) => root !== batch.trace[i]);
    if ((wrong || censored) && !challengedByMe(view, batch.id))
      challenges.push({ type: "challenge", batch: batch.id });
  }
  return [...challenges, ...playDisputes(view, own, false)];
}

export const honestChallenger = defineBot({
  name: "honest-challenger",
  roles: CHALLENGER,
  description:
    "Re-executes every optimistic batch it has data for and disputes any wrong root or censored inbox.",
  create: () => {
    const traces = new Map<Hex, Hex[]>();
    return { act: (view) => watchAndChallenge(view, traces) };
  },
});

export const lazyChallenger = defineBot({
  name: "lazy-challenger",
  roles: CHALLENGER,
  description:
    "Watches like the honest challenger, but stops watching once a challenge window of watching has cost more than disputes paid.",
  create: () => {
    const traces = new Map<Hex, Hex[]>();
    let startWorth: number | null = null;
    return {
      act: (view) => {
        const worth = view.seat.balance + view.seat.locked;
        startWorth ??= worth;
        if (!view.l2.watching) return [];
        // The verifier's dilemma: with no fraud to catch, every watched slot is a loss.
        const patience = coinsToMilli(view.config.challengeWindow * view.config.watchCost);
        const openDispute = view.l2.disputes.some(
          (d) => d.status === "open" && d.challenger === view.seat.id,
        );
        if (!openDispute && startWorth - worth > patience) return [{ type: "watch", watching: false }];
        return watchAndChallenge(view, traces);
      },
    };
  },
});

export const griefingChallenger = defineBot({
  name: "griefing-challenger",
  roles: CHALLENGER,
  description:
    "Disputes every optimistic batch, valid or not, and disagrees at every step to delay finality.",
  create: () => ({
    act: (view) => {
      const rollup = rollupOf(view, "optimistic");
      // One dispute at a time, as long as its coins last: each lost dispute costs all its bonds.
      const busy = view.l2.disputes.some((d) => d.status === "open" && d.challenger === view.seat.id);
      const target = rollup.batches.find(
        (b) =>
          b.status === "pending" &&
          view.slot < b.postedSlot + view.config.challengeWindow &&
          !challengedByMe(view, b.id),
      );
      const challenges = busy || !target ? [] : [{ type: "challenge", batch: target.id }];
      return [...challenges, ...playDisputes(view, () => null, true)];
    },
  }),
});
