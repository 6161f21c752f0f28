// Every coin that moves goes through here, so scores, breakdowns and the supply stay consistent.
import { refusal, refuse } from "./action-rule.ts";
import type { StepContext } from "./context.ts";
import { MILLI_PER_COIN } from "./money.ts";
import type { BreakdownKey, EngineState, RollupState, SeatState } from "./types.ts";

export type Holder = { validator: number } | { seat: string };

export function seatById(state: EngineState, id: string): SeatState | undefined {
  return state.seats.find((seat) => seat.id === id);
}

function ownerSeat(state: EngineState, holder: Holder): SeatState {
  const id = "validator" in holder ? state.validators[holder.validator].seat : holder.seat;
  const seat = seatById(state, id);
  if (!seat) throw new Error(`no seat ${id}`);
  return seat;
}

function adjust(state: EngineState, holder: Holder, amount: number, category: BreakdownKey): void {
  if ("validator" in holder) state.validators[holder.validator].stake += amount;
  else ownerSeat(state, holder).balance += amount;
  ownerSeat(state, holder).breakdown[category] += amount;
}

/** New coins (rewards). */
export function mint(ctx: StepContext, to: Holder, amount: number, category: BreakdownKey): void {
  if (amount <= 0) return;
  adjust(ctx.state, to, amount, category);
  ctx.state.supply.minted += amount;
}

/** A stake penalty (missed duties, inactivity, slashing): never more than the validator holds. Returns what was burned. */
export function burn(
  ctx: StepContext,
  from: { validator: number },
  amount: number,
  category: BreakdownKey,
): number {
  const burned = Math.min(Math.max(amount, 0), ctx.state.validators[from.validator].stake);
  if (burned <= 0) return 0;
  adjust(ctx.state, from, -burned, category);
  ctx.state.supply.burned += burned;
  return burned;
}

/** Coins as a sentence shows them, to the milli-coin: "0.005". */
function exactCoins(milli: number): string {
  return String(milli / MILLI_PER_COIN);
}

/**
 * The refusal reason when a seat cannot pay `amount` for `what` (docs/rules.md, scores: every payment is checked
 * before the action is applied), or null when it can.
 */
export function fundsProblem(state: EngineState, seat: string, amount: number, what: string): string | null {
  const holder = seatById(state, seat);
  if (!holder || holder.balance >= amount) return null;
  return `${what} costs ${exactCoins(amount)} coins; seat ${seat} holds ${exactCoins(holder.balance)}`;
}

/** Records an action refused when its block applies it because the seat can no longer pay. */
export function refuseUnpaid(ctx: StepContext, seat: string, action: unknown, reason: string): void {
  refuse(ctx, seat, action, refusal("insufficient-funds", reason));
}

/** A fee or cost, burned: the caller checked `fundsProblem` first, so a shortfall is an engine bug. */
export function pay(ctx: StepContext, seat: string, amount: number, category: BreakdownKey): void {
  if (amount <= 0) return;
  const problem = fundsProblem(ctx.state, seat, amount, "a payment");
  if (problem) throw new Error(`unchecked payment: ${problem}`);
  adjust(ctx.state, { seat }, -amount, category);
  ctx.state.supply.burned += amount;
}

/** Net worth of a seat: its validators' stake and its liquid balance. */
export function netWorth(state: EngineState, seat: SeatState): number {
  let total = seat.balance + seat.locked;
  for (const index of seat.validators) total += state.validators[index].stake;
  return total;
}

/** All coins held anywhere, the rollups' bridges included; changes only by minted − burned. */
export function totalHoldings(state: EngineState): number {
  const bridged = state.l2.rollups.reduce((sum, rollup) => sum + rollup.escrow, 0);
  return state.seats.reduce((sum, seat) => sum + netWorth(state, seat), bridged);
}

/** Moves coins out of a rollup's bridge into a seat's bond-like `locked` (fees on soft confirmation) or balance. */
export function payFromEscrow(
  ctx: StepContext,
  rollup: RollupState,
  seat: string,
  amount: number,
  category: BreakdownKey,
  into: "balance" | "locked",
): number {
  const paid = Math.min(Math.max(amount, 0), rollup.escrow);
  const holder = ownerSeat(ctx.state, { seat });
  rollup.escrow -= paid;
  holder[into] += paid;
  holder.breakdown[category] += paid;
  return paid;
}

/** Fees credited on soft confirmation go back to the bridge when their batch is reverted. */
export function returnToEscrow(
  ctx: StepContext,
  rollup: RollupState,
  seat: string,
  amount: number,
  category: BreakdownKey,
  from: "balance" | "locked",
): void {
  const holder = ownerSeat(ctx.state, { seat });
  const returned = Math.min(amount, holder[from]);
  holder[from] -= returned;
  holder.breakdown[category] -= returned;
  rollup.escrow += returned;
}

/** Moves liquid coins into a bond: still the seat's, but at stake. The caller checked `fundsProblem`. */
export function lockBond(ctx: StepContext, seat: string, amount: number): void {
  const problem = fundsProblem(ctx.state, seat, amount, "a bond");
  if (problem) throw new Error(`unchecked bond: ${problem}`);
  const holder = ownerSeat(ctx.state, { seat });
  holder.balance -= amount;
  holder.locked += amount;
}

export function releaseBond(ctx: StepContext, seat: string, amount: number): void {
  const holder = ownerSeat(ctx.state, { seat });
  const released = Math.min(amount, holder.locked);
  holder.locked -= released;
  holder.balance += released;
}

/**
 * A lost bond: half to the winner (a seat, or a rollup's users through its bridge, docs/rules.md), the rest
 * burned; with no winner, all of it is burned.
 */
export function forfeitBond(
  ctx: StepContext,
  loser: string,
  amount: number,
  winner: string | RollupState | null,
): void {
  const holder = ownerSeat(ctx.state, { seat: loser });
  const lost = Math.min(amount, holder.locked);
  holder.locked -= lost;
  holder.breakdown.bondsLost -= lost;
  const toWinner = winner ? Math.floor(lost / 2) : 0;
  if (typeof winner === "string") {
    const gainer = ownerSeat(ctx.state, { seat: winner });
    gainer.balance += toWinner;
    gainer.breakdown.disputes += toWinner;
  } else if (winner) winner.escrow += toWinner;
  ctx.state.supply.burned += lost - toWinner;
}
