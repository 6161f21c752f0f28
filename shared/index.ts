// The engine's public surface: what the server, the bots, the CLI and the client import. What the screen and
// the wire make of it (the arena projection, feed sentences, view deltas) is in present/, outside the rules.

export type { ActionRule } from "./action-rule.ts";
export * from "./action-schemas.ts";
export * from "./actions.ts";
export * from "./config.ts";
export * from "./constants.ts";
export { epochOf, epochStartSlot } from "./context.ts";
export { gameEnd, getBisectionMidpoint, traceAt } from "./dispute.ts";
export * from "./engine.ts";
export { getOverdueInbox } from "./forced-inclusion.ts";
export { createMatch, isReservedSeatId, type MatchSetup, SetupError } from "./genesis.ts";
export type { Hex } from "./hash.ts";
export { hashParts } from "./hash.ts";
export { executeBatch, inHonestOrder } from "./l2.ts";
export { netWorth, totalHoldings } from "./ledger.ts";
export * from "./money.ts";
export * from "./network-metrics.ts";
export * from "./replay.ts";
export { calldataIsCheaper } from "./rollup.ts";
export * from "./scoring.ts";
export * from "./types.ts";
export * from "./version.ts";
export * from "./view.ts";
