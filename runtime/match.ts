// Runs one match headless: bots see their views, the engine steps, the replay records.

import { type Bot, botRandom } from "../bots/api.ts";
import { describeBot, isBotFile } from "../bots/registry.ts";
import { BotTimeoutError, createSandboxedBot } from "../bots/sandbox.ts";
import {
  advance,
  advanceSlot,
  BACKGROUND_SEAT,
  computeStateRoot,
  createMatch,
  type EngineEvent,
  type EngineState,
  emptyMetrics,
  getPlayerView,
  type MatchConfig,
  type MatchMetrics,
  observeEvents,
  type Refusal,
  type Replay,
  ReplayRecorder,
  type SeatScore,
  type SeatSpec,
  type SlotActions,
  type StepResult,
  seatScores,
} from "../shared/index.ts";

export type BotStatus = "active" | "error" | "timeout" | "invalid";

export interface SeatRun {
  id: string;
  bot: Bot;
  /** Ends a sandboxed bot's thread. */
  close?: () => Promise<void>;
  status: BotStatus;
  /** Milliseconds left in the seat's bank for turns over budget (RULES §9). */
  bankMs: number;
  lastError?: string;
}

export interface BotBudget {
  turnMs: number;
  bankMs: number;
}

export const DEFAULT_BUDGET: BotBudget = { turnMs: 50, bankMs: 1000 };

export interface MatchOptions {
  config: MatchConfig;
  seed: string;
  seats: SeatSpec[];
  record?: boolean;
  budget?: BotBudget;
  /** Called after every slot, e.g. to draw progress or stream to a client. */
  onSlot?: (result: StepResult) => void;
}

export interface MatchOutcome {
  state: EngineState;
  stateRoot: string;
  scores: SeatScore[];
  metrics: MatchMetrics;
  statuses: Record<string, BotStatus>;
  refusalsByCode: Record<string, number>;
  refusals: Refusal[];
  events: EngineEvent[];
  replay?: Replay;
}

/** Instantiates every seat's bot, the background seat's included. */
export async function createSeatRuns(state: EngineState, budget: BotBudget): Promise<SeatRun[]> {
  const runs: SeatRun[] = [];
  try {
    for (const seat of [...state.seats].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const strategy = seat.id === BACKGROUND_SEAT ? "honest-validator" : seat.strategy;
      const definition = await describeBot(strategy);
      if (!definition.roles.includes(seat.role)) {
        throw new Error(
          `seat "${seat.id}": strategy ${definition.name} cannot play ${seat.role} (plays: ${definition.roles.join(", ")})`,
        );
      }
      const run: SeatRun = { id: seat.id, bot: { act: () => [] }, status: "active", bankMs: budget.bankMs };
      if (isBotFile(strategy)) {
        // An untrusted file answers from its own thread, within its turn budget plus what is left in its bank.
        // If it cannot even start (create throws), the seat sits the match out marked `error`.
        try {
          const sandboxed = await createSandboxedBot(
            strategy,
            seat.id,
            seat.role,
            state.config,
            state.seed,
            () => Math.max(budget.turnMs + run.bankMs, 1),
          );
          run.bot = sandboxed;
          run.close = sandboxed.close;
        } catch (error) {
          run.status = "error";
          run.lastError = (error as Error).message;
        }
      } else {
        run.bot = definition.create({
          seatId: seat.id,
          role: seat.role,
          config: state.config,
          random: botRandom(state.seed, seat.id),
        });
      }
      runs.push(run);
    }
  } catch (error) {
    // A later seat that cannot load must not leave earlier bot files' threads running.
    await Promise.all(runs.map((run) => run.close?.()));
    throw error;
  }
  return runs;
}

/**
 * One bot turn under its time budget: over budget the bank pays; with the bank spent the slot's
 * actions are dropped. A throw costs only this seat's actions.
 */
export async function takeTurn(run: SeatRun, state: EngineState, budget: BotBudget): Promise<unknown[]> {
  const started = performance.now();
  let actions: unknown[];
  try {
    const returned = await run.bot.act(getPlayerView(state, run.id));
    actions = Array.isArray(returned) ? returned : [returned];
  } catch (error) {
    run.status = error instanceof BotTimeoutError ? "timeout" : "error";
    run.lastError = (error as Error)?.message ?? String(error);
    return [];
  }
  const over = performance.now() - started - budget.turnMs;
  if (over > 0) {
    run.bankMs -= over;
    if (run.bankMs < 0) {
      run.status = "timeout";
      return [];
    }
  }
  return actions;
}

export async function runMatch(options: MatchOptions): Promise<MatchOutcome> {
  const budget = options.budget ?? DEFAULT_BUDGET;
  const state = createMatch({ config: options.config, seed: options.seed, seats: options.seats });
  const runs = await createSeatRuns(state, budget);
  const recorder = options.record ? new ReplayRecorder(options.config, options.seed, options.seats) : null;
  const metrics = emptyMetrics();
  const refusals: Refusal[] = [];
  const events: EngineEvent[] = [];
  // Every slot's root only where someone reads it: the replay and `onSlot`.
  const everyRoot = recorder !== null || options.onSlot !== undefined;
  try {
    while (state.slot < options.config.slots) {
      const actions: SlotActions = {};
      for (const run of runs) actions[run.id] = await takeTurn(run, state, budget);
      const result = everyRoot
        ? advance(state, actions)
        : { ...advanceSlot(state, actions), stateRoot: null };
      for (const refusal of result.refusals) {
        refusals.push(refusal);
        const run = runs.find((r) => r.id === refusal.seat);
        const garbage = refusal.code === "malformed" || refusal.code === "unknown-action";
        if (run && run.status === "active" && garbage) run.status = "invalid";
      }
      events.push(...result.events);
      observeEvents(metrics, result.events, state);
      if (result.stateRoot !== null) {
        recorder?.record(actions, result);
        options.onSlot?.(result);
      }
    }
  } finally {
    await Promise.all(runs.map((run) => run.close?.()));
  }
  const refusalsByCode: Record<string, number> = {};
  for (const refusal of refusals) refusalsByCode[refusal.code] = (refusalsByCode[refusal.code] ?? 0) + 1;
  return {
    state,
    stateRoot: computeStateRoot(state),
    scores: seatScores(state),
    metrics,
    statuses: Object.fromEntries(runs.map((run) => [run.id, run.status])),
    refusalsByCode,
    refusals,
    events,
    replay: recorder?.finish(),
  };
}
