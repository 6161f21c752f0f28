import { describe, expect, it } from "vitest";
import {
  ConfigError,
  L1_FINALITY_EPOCHS,
  PARAMS,
  type ParamSpec,
  REAL_TIME_CONSTANTS,
  resolveConfig,
  scaledProvingSlots,
} from "../../shared/index.ts";

const SPEC = PARAMS.timeScale as ParamSpec;

function timeScalesInRange(): number[] {
  const scales: number[] = [];
  for (let s = SPEC.min!; s <= SPEC.max! + 1e-9; s += 0.01) scales.push(Number(s.toFixed(2)));
  return scales;
}

describe("the time scale keeps the real order (issue 17)", () => {
  it("real values are in the order mainnet has them", () => {
    const r = REAL_TIME_CONSTANTS;
    const order = [r.l1Finality, r.zkProving, r.forcedInclusionDelay, r.disputeClock, r.challengeWindow];
    for (let i = 1; i < order.length; i++) expect(order[i].seconds).toBeGreaterThan(order[i - 1].seconds);
  });

  it("for every time scale and epoch length in range: L1 finality < proving < forced inclusion < dispute clock < window", () => {
    for (const timeScale of timeScalesInRange()) {
      for (const slotsPerEpoch of [2, 8, 32, 64]) {
        const config = resolveConfig("phase0", { timeScale, slotsPerEpoch });
        const finality = L1_FINALITY_EPOCHS * slotsPerEpoch;
        const proving = scaledProvingSlots({ timeScale, slotsPerEpoch });
        const where = `timeScale ${timeScale}, slotsPerEpoch ${slotsPerEpoch}`;
        expect(proving, where).toBeGreaterThan(finality);
        expect(config.forcedInclusionDelay, where).toBeGreaterThan(proving);
        expect(config.disputeClock, where).toBeGreaterThan(config.forcedInclusionDelay);
        expect(config.challengeWindow, where).toBeGreaterThan(config.disputeClock);
        expect(config.clockExtension, where).toBeLessThan(config.disputeClock);
        expect(config.proofDeadline, where).toBeGreaterThan(proving);
        expect(config.slashingWindow * slotsPerEpoch, where).toBeGreaterThan(config.challengeWindow);
      }
    }
  });

  it("keeps the stated share of each real ratio: game ratio = real ratio ^ timeScale", () => {
    const config = resolveConfig();
    const realRatio = REAL_TIME_CONSTANTS.challengeWindow.seconds / REAL_TIME_CONSTANTS.l1Finality.seconds;
    const gameRatio = config.challengeWindow / (L1_FINALITY_EPOCHS * config.slotsPerEpoch);
    expect(gameRatio).toBeCloseTo(realRatio ** config.timeScale, 1);
  });

  it("an explicit value wins over the derived one, in overrides and presets alike", () => {
    expect(resolveConfig("phase0", { challengeWindow: 24 }).challengeWindow).toBe(24);
    expect(resolveConfig("phase0", { timeScale: 0.5 }).challengeWindow).toBeGreaterThan(
      resolveConfig().challengeWindow,
    );
    expect(resolveConfig("phase0", { timeScale: 0.5, disputeClock: 12 }).disputeClock).toBe(12);
  });

  it("refuses values that cannot work together, naming both keys", () => {
    expect(() => resolveConfig("phase0", { samplesPerBlob: 40, blobChunks: 16 })).toThrow(ConfigError);
    try {
      resolveConfig("phase0", { samplesPerBlob: 40, blobChunks: 16 });
    } catch (error) {
      expect((error as ConfigError).problems[0]).toMatch(/"samplesPerBlob".*"blobChunks"/);
    }
  });
});
