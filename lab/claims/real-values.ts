// What the game's time constants stand for on mainnet, with sources, so that the claims report can set each
// ratio it measures beside the real one. Until the config carries its own table of real values (a time scale
// derived from them), it lives here.

export interface RealValue {
  /** The value as a person would say it. */
  text: string;
  /** The same in seconds, for ratios. */
  seconds: number;
  sources: string[];
}

const HOUR = 3600;
const DAY = 24 * HOUR;

export const REAL_VALUES = {
  l1Finality: {
    text: "about 13 minutes (2 epochs of 32 slots of 12 s)",
    seconds: 2 * 32 * 12,
    sources: ["https://ethereum.org/en/developers/docs/consensus-mechanisms/pos/#finality"],
  },
  challengeWindow: {
    text: "7 days (OP Mainnet, Arbitrum One)",
    seconds: 7 * DAY,
    sources: [
      "https://docs.optimism.io/stack/protocol/rollup/withdrawal-flow",
      "https://docs.arbitrum.io/launch-arbitrum-chain/features/common/validation-and-security/choose-challenge-period",
    ],
  },
  zkFinality: {
    text: "hours (proving, then an execution delay: ZKsync Era has run with 3 to 24 hours)",
    seconds: 3 * HOUR,
    sources: ["https://docs.zksync.io/zksync-network/zksync-era"],
  },
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

/** "optimistic/ZK finality: 1.2× here; 7 days against hours on mainnet (about 56×)". */
export function ratioSentence(comparison: RatioComparison): string {
  const here = comparison.here === null ? "not measured here" : `${comparison.here}× here`;
  return `${comparison.ratio}: ${here}; ${comparison.mainnet} on mainnet (about ${comparison.mainnetRatio}×)`;
}
