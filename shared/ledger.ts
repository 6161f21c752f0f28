// Every coin that moves goes through here, so scores, breakdowns and the supply stay consistent.
import type { StepContext } from "./context.ts";
import type { BreakdownKey, EngineState, SeatState } from "./types.ts";

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

/** Coins destroyed (penalties); never more than the holder has. Returns what was burned. */
export function burn(ctx: StepContext, from: Holder, amount: number, category: BreakdownKey): number {
  const available =
    "validator" in from ? ctx.state.validators[from.validator].stake : ownerSeat(ctx.state, from).balance;
  const burned = Math.min(Math.max(amount, 0), available);
  if (burned === 0) return 0;
  adjust(ctx.state, from, -burned, category);
  ctx.state.supply.burned += burned;
  return burned;
}

/** Net worth of a seat: its validators' stake and its liquid balance. */
export function netWorth(state: EngineState, seat: SeatState): number {
  let total = seat.balance + seat.locked;
  for (const index of seat.validators) total += state.validators[index].stake;
  return total;
}

/** All coins held anywhere; changes only by minted − burned. */
export function totalHoldings(state: EngineState): number {
  return state.seats.reduce((sum, seat) => sum + netWorth(state, seat), 0);
}

/** Moves liquid coins into a bond: still the seat's, but at stake. */
export function lockBond(ctx: StepContext, seat: string, amount: number): void {
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

/** A lost bond: half to the winner (when there is one), the rest burned (docs/rules.md, disputes). */
export function forfeitBond(ctx: StepContext, loser: string, amount: number, winner: string | null): void {
  const holder = ownerSeat(ctx.state, { seat: loser });
  const lost = Math.min(amount, holder.locked);
  holder.locked -= lost;
  holder.breakdown.bondsLost -= lost;
  const toWinner = winner ? Math.floor(lost / 2) : 0;
  if (winner) {
    const gainer = ownerSeat(ctx.state, { seat: winner });
    gainer.balance += toWinner;
    gainer.breakdown.disputes += toWinner;
  }
  ctx.state.supply.burned += lost - toWinner;
}
