// What the game's time constants stand for on mainnet, with sources, so that the claims report can set each
// ratio it measures beside the real one: read from the config's own table, REAL_TIME_CONSTANTS (docs/rules.md, Time).
import { REAL_TIME_CONSTANTS, type RealTimeConstant } from "../../shared/index.ts";

export interface RealValue {
  /** The value as a person would say it. */
  text: string;
  /** The same in seconds, for ratios. */
  seconds: number;
  sources: string[];
}

/** A real duration made of one or more of the config's real time constants, one after the other. */
function realValue(...constants: RealTimeConstant[]): RealValue {
  const parts = constants.map((constant) => REAL_TIME_CONSTANTS[constant]);
  return {
    text: parts.map((part) => part.shown).join(" + "),
    seconds: parts.reduce((sum, part) => sum + part.seconds, 0),
    sources: parts.map((part) => part.source),
  };
}

export const REAL_VALUES = {
  /** Optimistic finality: the challenge window (Layer 1 finality passes inside it). */
  challengeWindow: realValue("challengeWindow"),
  /** ZK finality: proving, then Layer 1 finality of the block that verified the proof. */
  zkFinality: realValue("zkProving", "l1Finality"),
} as const satisfies Record<string, RealValue>;

/** A ratio measured in the game beside the one on mainnet. */
export interface RatioComparison {
  ratio: string;
  /** Measured here; null when the matches gave no value. */
  here: number | null;
  /** The real values the ratio compares, in words. */
  mainnet: string;
  mainnetRatio: number;
  sources: string[];
}

export function compareRatio(
  ratio: string,
  here: number | null,
  numerator: RealValue,
  denominator: RealValue,
): RatioComparison {
  return {
    ratio,
    here: here === null || !Number.isFinite(here) ? null : Math.round(here * 10) / 10,
    mainnet: `${numerator.text} against ${denominator.text}`,
    mainnetRatio: Math.round(numerator.seconds / denominator.seconds),
    sources: [...numerator.sources, ...denominator.sources],
  };
}

/** "optimistic/ZK finality: 5.1× here; 7 days against ~1 h + 2 epochs (~13 min) on mainnet (about 138×)". */
export function ratioSentence(comparison: RatioComparison): string {
  const here = comparison.here === null ? "not measured here" : `${comparison.here}× here`;
  return `${comparison.ratio}: ${here}; ${comparison.mainnet} on mainnet (about ${comparison.mainnetRatio}×)`;
}
