// The bot interface (RULES §9): a bot sees its seat's view once per slot and returns actions.
import seedrandom from "seedrandom";
import type { MatchConfig, PlayerView, Role } from "../shared/index.ts";

export interface BotContext {
  seatId: string;
  role: Role;
  config: MatchConfig;
  /** A PRNG seeded from the match seed and the seat, for bots that randomize: same seed, same game. */
  random: () => number;
}

export interface Bot {
  /** Called once per slot; returns actions of the vocabulary (RULES §8). May be async. */
  act(view: PlayerView): unknown[] | Promise<unknown[]>;
}

export interface BotDefinition {
  name: string;
  roles: readonly Role[];
  description: string;
  create(context: BotContext): Bot;
}

/** Declares a bot; a bot file default-exports the result. */
export function defineBot(definition: BotDefinition): BotDefinition {
  if (!definition || typeof definition.name !== "string" || definition.name === "") {
    throw new TypeError("defineBot: a bot needs a name");
  }
  if (!Array.isArray(definition.roles) || definition.roles.length === 0) {
    throw new TypeError(`defineBot(${definition.name}): roles must list at least one role`);
  }
  if (typeof definition.create !== "function")
    throw new TypeError(`defineBot(${definition.name}): create must be a function`);
  return Object.freeze({ ...definition });
}

/** A seat's own PRNG stream, from the match seed: in-process, sandboxed and remote bots draw the same numbers. */
export function botRandom(seed: string, seatId: string): () => number {
  return seedrandom.alea(`${seed}/bot/${seatId}`);
}
