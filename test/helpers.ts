// Small helpers shared by the test suites.
import { type MatchOutcome, runMatch } from "../runtime/match.ts";
import { resolveConfig, type SeatSpec, type StepResult } from "../shared/index.ts";

export interface PlayOptions {
  seed?: string;
  preset?: string;
  overrides?: Record<string, unknown>;
  seats?: SeatSpec[];
  secret?: string;
  record?: boolean;
  onSlot?: (result: StepResult) => void;
}

export function play(options: PlayOptions = {}): Promise<MatchOutcome> {
  return runMatch({
    config: resolveConfig(options.preset ?? "phase0", options.overrides ?? {}),
    seed: options.seed ?? "test",
    seats: options.seats ?? [],
    secret: options.secret,
    record: options.record,
    onSlot: options.onSlot,
  });
}

/** `count` seats of one role and strategy, named strategy-1, strategy-2, … */
export function seatsOf(count: number, strategy: string, role: SeatSpec["role"] = "validator"): SeatSpec[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${strategy}-${i + 1}`, role, strategy }));
}

/**
 * The hand-set clocks of short mechanics tests (the defaults before the time scale): a test of a rule's
 * mechanism sets them so that a 32–96-slot match sees the whole of it; the default game derives them.
 */
export const SHORT_CLOCKS = {
  challengeWindow: 24,
  disputeClock: 12,
  clockExtension: 2,
  forcedInclusionDelay: 8,
  fallbackDelay: 8,
  proofDeadline: 16,
  txsProvedPerSlot: 40,
  slashingWindow: 8,
  minEpochsToInactivityPenalty: 4,
};
