// The rule book's constants (docs/rules.md): the lowest layer of the engine, imported by every rule module and
// importing nothing but the money unit, so no rule module needs another one for a number.
import { coinsToMilli } from "./money.ts";

/** Participation flags and their weights, of WEIGHT_DENOMINATOR (Altair). */
export const TIMELY_SOURCE_FLAG = 1;
export const TIMELY_TARGET_FLAG = 2;
export const TIMELY_HEAD_FLAG = 4;
export const TIMELY_SOURCE_WEIGHT = 14;
export const TIMELY_TARGET_WEIGHT = 26;
export const TIMELY_HEAD_WEIGHT = 14;
export const PROPOSER_WEIGHT = 8;
export const WEIGHT_DENOMINATOR = 64;
export const PARTICIPATION_FLAG_WEIGHTS: [flag: number, weight: number][] = [
  [TIMELY_SOURCE_FLAG, TIMELY_SOURCE_WEIGHT],
  [TIMELY_TARGET_FLAG, TIMELY_TARGET_WEIGHT],
  [TIMELY_HEAD_FLAG, TIMELY_HEAD_WEIGHT],
];

/** An exit or withdrawable epoch not yet set (the spec's FAR_FUTURE_EPOCH, as -1 so the state stays JSON). */
export const FAR_FUTURE_EPOCH = -1;

/** The built-in seat that runs every validator no player controls; the fallback sequencer posts as it. */
export const BACKGROUND_SEAT = "background";

/** Share of a reordered batch's transfer volume a MEV sequencer extracts, in basis points. */
export const MEV_BASIS_POINTS = 10;

/** Starting L2 balance of every user account (L2 milli-units). */
export const STARTING_L2_BALANCE = coinsToMilli(1000);
