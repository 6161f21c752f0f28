// Runs one match headless: bots see their views, the engine steps, the replay records.

import { type Bot, botRandom } from "../bots/api.ts";
import { assertBotFile, isBotFile, loadBot } from "../bots/registry.ts";
import {
  BotKilledError,
  BotTimeoutError,
  DEFAULT_SANDBOX_LIMITS,
  openBotFile,
  type SandboxedBot,
  type SandboxLimits,
} from "../bots/sandbox.ts";
import { SeatLog } from "../bots/seat-log.ts";
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

/** As kaggle-environments names them, plus `killed`: stopped by the sandbox for breaking a limit (RULES §9). */
export type BotStatus = "active" | "error" | "timeout" | "invalid" | "killed";

export interface SeatRun {
  id: string;
  bot: Bot;
  /** Ends a sandboxed bot's process. */
  close?: () => Promise<void>;
  /** A bot file's process, whose CPU between turns is charged to the bank. */
  sandbox?: SandboxedBot;
  status: BotStatus;
  /** Milliseconds left in the seat's bank for turns over budget and CPU between turns (RULES §9). */
  bankMs: number;
  lastError?: string;
  /** The bot's errors and console output. */
  log: SeatLog;
}

export interface BotBudget extends SandboxLimits {
  turnMs: number;
  bankMs: number;
  /** Actions a bot file may return in one slot (as many as a player may queue in a live room). */
  actionsPerTurn: number;
}

export const DEFAULT_BUDGET: BotBudget = {
  turnMs: 50,
  bankMs: 1000,
  actionsPerTurn: 64,
  ...DEFAULT_SANDBOX_LIMITS,
};

export interface MatchOptions {
  config: MatchConfig;
  seed: string;
  seats: SeatSpec[];
  /** Entropy for the sample indices (EngineState.secret); by default it follows from the seed. */
  secret?: string;
  record?: boolean;
  budget?: BotBudget;
  /**
   * Where a seat's bot file is read from when not at the path its strategy names (a queue worker's fetched
   * copy, docs/scale-out.md): the strategy, and so the state and its roots, stay as the seats name them.
   */
  botFiles?: Record<string, string>;
  /** Called after every slot, e.g. to draw progress or stream to a client. */
  onSlot?: (result: StepResult) => void;
}

export interface MatchOutcome {
  state: EngineState;
  stateRoot: string;
  scores: SeatScore[];
  metrics: MatchMetrics;
  statuses: Record<string, BotStatus>;
  /** Why each seat that is not `active` lost actions, by seat. */
  lastErrors: Record<string, string>;
  /** Each seat's log (errors, console output of bot files), for the seats that have one. */
  logs: Record<string, string>;
  refusalsByCode: Record<string, number>;
  refusals: Refusal[];
  events: EngineEvent[];
  replay?: Replay;
}

function statusOf(error: unknown): BotStatus {
  if (error instanceof BotKilledError) return "killed";
  if (error instanceof BotTimeoutError) return "timeout";
  return "error";
}

/** Records why a seat loses actions; `killed` is final and ends the bot's process. */
function mark(run: SeatRun, status: BotStatus, reason: string): void {
  if (run.status === "killed") return;
  run.status = status;
  if (reason !== run.lastError) run.log.note(status, reason);
  run.lastError = reason;
  if (status === "killed") void run.close?.();
}

const IDLE_BOT: Bot = { act: () => [] };

async function createSeatRun(
  seat: EngineState["seats"][number],
  state: EngineState,
  budget: BotBudget,
  botFiles: Record<string, string>,
): Promise<SeatRun> {
  const strategy = seat.id === BACKGROUND_SEAT ? "honest-validator" : seat.strategy;
  const run: SeatRun = {
    id: seat.id,
    bot: IDLE_BOT,
    status: "active",
    bankMs: budget.bankMs,
    log: new SeatLog(),
  };
  const checkRole = (name: string, roles: readonly string[]) => {
    if (!roles.includes(seat.role)) {
      throw new Error(
        `seat "${seat.id}": strategy ${name} cannot play ${seat.role} (plays: ${roles.join(", ")})`,
      );
    }
  };
  if (!isBotFile(strategy)) {
    const definition = await loadBot(strategy);
    checkRole(definition.name, definition.roles);
    run.bot = definition.create({
      seatId: seat.id,
      role: seat.role,
      config: state.config,
      random: botRandom(state.seed, seat.id),
    });
    return run;
  }
  // An untrusted file answers from its own process. If it cannot even start (it throws, exits or breaks a
  // limit while loading), the seat sits the match out with that status.
  const file = botFiles[strategy] ?? strategy;
  assertBotFile(file);
  let opened: Awaited<ReturnType<typeof openBotFile>>;
  try {
    opened = await openBotFile(file, budget, run.log);
  } catch (error) {
    mark(run, statusOf(error), (error as Error).message);
    return run;
  }
  try {
    checkRole(opened.definition.name, opened.definition.roles);
  } catch (error) {
    await opened.close();
    throw error;
  }
  try {
    const sandboxed = await opened.start(
      { seatId: seat.id, role: seat.role, config: state.config, seed: state.seed },
      {
        answerWithinMs: () => Math.max(budget.turnMs + run.bankMs, 1),
        bankLeftMs: () => Math.max(run.bankMs, 0),
      },
    );
    run.bot = sandboxed;
    run.sandbox = sandboxed;
    run.close = sandboxed.close;
  } catch (error) {
    mark(run, statusOf(error), (error as Error).message);
  }
  return run;
}

/** Instantiates every seat's bot, the background seat's included; bot files start side by side. */
export async function createSeatRuns(
  state: EngineState,
  budget: BotBudget,
  botFiles: Record<string, string> = {},
): Promise<SeatRun[]> {
  const seats = [...state.seats].sort((a, b) => (a.id < b.id ? -1 : 1));
  const settled = await Promise.allSettled(seats.map((seat) => createSeatRun(seat, state, budget, botFiles)));
  const failed = settled.find((result) => result.status === "rejected");
  if (failed) {
    // A seat that cannot be set up must not leave the other bot files' processes running.
    await Promise.all(
      settled.map((result) => (result.status === "fulfilled" ? result.value.close?.() : null)),
    );
    throw failed.reason;
  }
  return settled.map((result) => (result as PromiseFulfilledResult<SeatRun>).value);
}

/**
 * One bot turn under its budget: CPU a bot file used since its last answer, then time over the turn's
 * budget, are paid from the bank (built-in strategies are not timed); with the bank spent the slot's actions are dropped. A throw costs only
 * this seat's actions; a bot file's actions beyond the cap are dropped and it is stopped.
 */
export async function takeTurn(run: SeatRun, state: EngineState, budget: BotBudget): Promise<unknown[]> {
  if (run.status === "killed") return [];
  run.log.phase = `slot ${state.slot}`;
  if (run.sandbox) {
    const idleMs = run.sandbox.takeIdleCpuMs();
    run.bankMs -= idleMs;
    if (run.bankMs < 0) {
      mark(
        run,
        "killed",
        `used ${Math.round(idleMs)} ms of CPU between turns, more than was left in its bank`,
      );
      return [];
    }
  }
  const started = performance.now();
  let actions: unknown[];
  try {
    const returned = await run.bot.act(getPlayerView(state, run.id));
    actions = Array.isArray(returned) ? returned : [returned];
  } catch (error) {
    mark(run, statusOf(error), error instanceof Error ? error.message : String(error));
    return [];
  }
  // Only a bot file is timed: a built-in strategy is trusted code, and timing it would let a loaded machine change
  // what it plays (same seed, same roots).
  const over = run.sandbox ? performance.now() - started - budget.turnMs : 0;
  if (over > 0) {
    run.bankMs -= over;
    if (run.bankMs < 0) {
      mark(run, "timeout", `over the ${budget.turnMs} ms turn budget with the bank spent: actions dropped`);
      return [];
    }
  }
  // Built-in strategies are trusted: the background seat alone may owe more duties a slot than the cap.
  if (run.sandbox && actions.length > budget.actionsPerTurn) {
    mark(
      run,
      "killed",
      `returned ${actions.length} actions, more than ${budget.actionsPerTurn} a turn: the first ${budget.actionsPerTurn} were played and the bot was stopped`,
    );
    return actions.slice(0, budget.actionsPerTurn);
  }
  return actions;
}

export async function runMatch(options: MatchOptions): Promise<MatchOutcome> {
  const budget = options.budget ?? DEFAULT_BUDGET;
  const { config, seed, seats, secret } = options;
  const state = createMatch({ config, seed, seats, secret });
  const runs = await createSeatRuns(state, budget, options.botFiles);
  const recorder = options.record ? new ReplayRecorder(config, seed, seats, undefined, secret) : null;
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
        if (run && run.status === "active" && garbage)
          mark(run, "invalid", `${refusal.code}: ${refusal.reason}`);
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
    lastErrors: Object.fromEntries(runs.flatMap((run) => (run.lastError ? [[run.id, run.lastError]] : []))),
    logs: Object.fromEntries(runs.flatMap((run) => (run.log.text() ? [[run.id, run.log.text()]] : []))),
    refusalsByCode,
    refusals,
    events,
    replay: recorder?.finish(),
  };
}
