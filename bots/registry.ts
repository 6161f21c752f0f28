// Strategy names → bot definitions; a name may also be a path to a .ts or .js bot file.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { BotDefinition } from "./api.ts";
import { loadSandboxedDefinition } from "./sandbox.ts";
import censoringProposer from "./strategies/censoring-proposer.ts";
import { griefingChallenger, honestChallenger, lazyChallenger } from "./strategies/challenger-strategies.ts";
import crossLayerCoalition from "./strategies/cross-layer-coalition.ts";
import doubleVoter from "./strategies/double-voter.ts";
import equivocatingProposer from "./strategies/equivocating-proposer.ts";
import exAnteReorgProposer from "./strategies/ex-ante-reorg-proposer.ts";
import honestValidator from "./strategies/honest-validator.ts";
import latePublishingProposer from "./strategies/late-publishing-proposer.ts";
import lazyDaAttester from "./strategies/lazy-da-attester.ts";
import lazyValidator from "./strategies/lazy-validator.ts";
import patientFraudster from "./strategies/patient-fraudster.ts";
import randomBot from "./strategies/random-bot.ts";
import {
  censoringSequencer,
  fraudulentSequencer,
  honestSequencer,
  honestZkSequencer,
  mevSequencer,
  withholdingSequencer,
  zkForger,
} from "./strategies/sequencer-strategies.ts";
import stallingCartel from "./strategies/stalling-cartel.ts";
import surroundVoter from "./strategies/surround-voter.ts";

export const BUILT_IN_BOTS: ReadonlyMap<string, BotDefinition> = new Map(
  [
    honestValidator,
    lazyValidator,
    equivocatingProposer,
    doubleVoter,
    surroundVoter,
    lazyDaAttester,
    honestSequencer,
    fraudulentSequencer,
    withholdingSequencer,
    censoringSequencer,
    mevSequencer,
    honestZkSequencer,
    zkForger,
    honestChallenger,
    griefingChallenger,
    lazyChallenger,
    censoringProposer,
    stallingCartel,
    randomBot,
    patientFraudster,
    crossLayerCoalition,
    exAnteReorgProposer,
    latePublishingProposer,
  ].map((bot) => [bot.name, bot]),
);

export function isBotFile(strategy: string): boolean {
  return /\.(ts|js|mjs)$/.test(strategy);
}

export class BotLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BotLoadError";
  }
}

function checkDefinition(value: unknown, source: string): BotDefinition {
  const def = value as BotDefinition | undefined;
  if (
    !def ||
    typeof def !== "object" ||
    typeof def.name !== "string" ||
    typeof def.create !== "function" ||
    !Array.isArray(def.roles)
  ) {
    throw new BotLoadError(
      `${source} must default-export a bot made with defineBot({ name, roles, create })`,
    );
  }
  return def;
}

/** A bot file path that names no file is a setup mistake, reported before any process starts. */
export function assertBotFile(strategy: string): void {
  if (!existsSync(strategy)) throw new BotLoadError(`cannot load bot file ${strategy}: no such file`);
}

/**
 * Name and roles of a strategy without running untrusted code here: a bot file is read in its own
 * process (see sandbox.ts). Use this to plan matches; `loadBot` imports a file in-process (your own bot).
 */
export async function describeBot(strategy: string): Promise<BotDefinition> {
  if (!isBotFile(strategy)) return loadBot(strategy);
  assertBotFile(strategy);
  try {
    return await loadSandboxedDefinition(strategy);
  } catch (error) {
    throw new BotLoadError(`cannot load bot file ${strategy}: ${(error as Error).message}`);
  }
}

/** The definition behind a strategy name or bot file path, with a clear error when there is none. */
export async function loadBot(strategy: string): Promise<BotDefinition> {
  const builtIn = BUILT_IN_BOTS.get(strategy);
  if (builtIn) return builtIn;
  if (!isBotFile(strategy)) {
    throw new BotLoadError(
      `unknown strategy "${strategy}" (built-in: ${[...BUILT_IN_BOTS.keys()].join(", ")}; or a .ts/.js bot file)`,
    );
  }
  let module: { default?: unknown };
  try {
    module = await import(pathToFileURL(resolve(strategy)).href);
  } catch (error) {
    throw new BotLoadError(`cannot load bot file ${strategy}: ${(error as Error).message}`);
  }
  // A file outside an ESM package loads as CommonJS: its default export sits one level down.
  const exported = module.default as { create?: unknown; default?: unknown } | undefined;
  return checkDefinition(exported?.create ? exported : exported?.default, strategy);
}
