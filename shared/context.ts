import type { MatchConfig } from "./config.ts";
import type { Rng } from "./random.ts";
import type { EngineEvent, EngineState, Refusal } from "./types.ts";

/** What one slot's processing threads through the rule functions. */
export interface StepContext {
  state: EngineState;
  config: MatchConfig;
  rng: Rng;
  slot: number;
  events: EngineEvent[];
  refusals: Refusal[];
}

export function epochOf(config: MatchConfig, slot: number): number {
  return Math.floor(slot / config.slotsPerEpoch);
}

export function epochStartSlot(config: MatchConfig, epoch: number): number {
  return epoch * config.slotsPerEpoch;
}

export function isEpochEnd(config: MatchConfig, slot: number): boolean {
  return (slot + 1) % config.slotsPerEpoch === 0;
}
