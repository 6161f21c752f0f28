// The match over time, one sample per slot a client saw: the results chart and the facilitator's live charts.
import type { ArenaSnapshot } from "./snapshot.ts";

export interface Sample {
  slot: number;
  /** Epochs between the current one and the finalized one. */
  finalityLag: number;
  /** L2 transactions finalized so far, and in this slot. */
  finalized: number;
  throughput: number;
  /** Coins slashed from the seats so far. */
  slashed: number;
  tried: number;
  caught: number;
  succeeded: number;
  /** Coins, by seat and summed by role. */
  scores: Record<string, number>;
  scoreByRole: Record<string, number>;
}

export function sample(s: ArenaSnapshot, previous: Sample | undefined): Sample {
  const seats = Object.values(s.seats);
  const finalized = s.rollups.reduce((n, r) => n + r.txsFinalized, 0);
  const scoreByRole: Record<string, number> = {};
  for (const seat of seats) scoreByRole[seat.role] = (scoreByRole[seat.role] ?? 0) + seat.score / 1000;
  return {
    slot: s.slot,
    finalityLag: Math.max(0, s.epoch - s.finalizedEpoch),
    finalized,
    throughput: previous ? Math.max(0, finalized - previous.finalized) : 0,
    slashed: -seats.reduce((n, seat) => n + (seat.breakdown.slashing ?? 0), 0) / 1000,
    tried: s.attacks.length,
    caught: s.attacks.filter((a) => a.outcome === "caught").length,
    succeeded: s.attacks.filter((a) => a.outcome === "succeeded").length,
    scores: Object.fromEntries(seats.map((seat) => [seat.id, seat.score / 1000])),
    scoreByRole,
  };
}
