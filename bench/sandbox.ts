// The bot sandbox's cost: one turn of a bot file in its own process against the worker thread the sandbox used
// before (and a call in-process), its start-up, and a tournament's pace with a bot file in every match.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { botRandom } from "../bots/api.ts";
import { openBotFile } from "../bots/sandbox.ts";
import { SeatLog } from "../bots/seat-log.ts";
import honestValidator from "../bots/strategies/honest-validator.ts";
import type { MatchJob } from "../lab/jobs.ts";
import { runJobs } from "../lab/runner.ts";
import { createSeatRuns, DEFAULT_BUDGET, takeTurn } from "../runtime/match.ts";
import {
  advance,
  createMatch,
  getPlayerView,
  type PlayerView,
  resolveConfig,
  type SlotActions,
} from "../shared/index.ts";

const BOT_FILE = join(import.meta.dirname, "bots/honest-file-bot.ts");
const SEAT = "validator-1";
const TURNS = 60;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** A seat's views of successive slots from the middle of a default match on, played by the built-in bots. */
async function midMatchViews(): Promise<{ views: PlayerView[]; config: ReturnType<typeof resolveConfig> }> {
  const config = resolveConfig("phase0", {});
  const state = createMatch({
    config,
    seed: "bench-sandbox",
    seats: [
      { id: SEAT, role: "validator", strategy: "honest-validator" },
      { id: "validator-2", role: "validator", strategy: "lazy-validator" },
    ],
  });
  const runs = await createSeatRuns(state, DEFAULT_BUDGET);
  const views: PlayerView[] = [];
  while (views.length < TURNS) {
    const actions: SlotActions = {};
    for (const run of runs) actions[run.id] = await takeTurn(run, state, DEFAULT_BUDGET);
    advance(state, actions);
    if (state.slot >= config.slots / 2) views.push(getPlayerView(state, SEAT));
  }
  return { views, config };
}

/** Median time of a turn over the views in order, as a match gives them. */
async function timeTurns(
  act: (view: PlayerView) => Promise<unknown> | unknown,
  views: PlayerView[],
): Promise<number> {
  const times: number[] = [];
  for (const view of views) {
    const started = performance.now();
    await act(view);
    times.push(performance.now() - started);
  }
  return median(times);
}

/** The previous sandbox: the bot file in a worker thread, views and actions copied by postMessage. */
async function startWorkerBot(
  config: unknown,
): Promise<{ act(view: PlayerView): Promise<unknown>; close(): Promise<number> }> {
  const worker = new Worker(
    `const { parentPort, workerData } = require("node:worker_threads");
    (async () => {
      const { botRandom } = await import(workerData.api);
      const bot = (await import(workerData.file)).default.create({ ...workerData.context, random: botRandom("bench", "${SEAT}") });
      parentPort.on("message", async (view) => parentPort.postMessage(await bot.act(view)));
      parentPort.postMessage("ready");
    })();`,
    {
      eval: true,
      workerData: {
        api: new URL("../bots/api.ts", import.meta.url).href,
        file: pathToFileURL(BOT_FILE).href,
        context: { seatId: SEAT, role: "validator", config },
      },
      resourceLimits: { maxOldGenerationSizeMb: DEFAULT_BUDGET.heapMb },
    },
  );
  await new Promise((resolve) => worker.once("message", resolve));
  return {
    act: (view) =>
      new Promise((resolve) => {
        worker.once("message", resolve);
        worker.postMessage(view);
      }),
    close: () => worker.terminate(),
  };
}

async function startProcessBot(config: ReturnType<typeof resolveConfig>) {
  const opened = await openBotFile(BOT_FILE, DEFAULT_BUDGET, new SeatLog());
  return opened.start(
    { seatId: SEAT, role: "validator", config, seed: "bench" },
    { answerWithinMs: () => 10_000, bankLeftMs: () => 10_000 },
  );
}

async function tournamentPace(strategy: string, matches: number): Promise<number> {
  const jobs: MatchJob[] = Array.from({ length: matches }, (_, i) => ({
    id: `sandbox-${i}`,
    preset: "phase0",
    overrides: {},
    seed: `sandbox-${i}`,
    seats: [
      { id: SEAT, role: "validator", strategy },
      { id: "validator-2", role: "validator", strategy: "lazy-validator" },
    ],
    tags: {},
  }));
  const outDir = mkdtempSync(join(tmpdir(), "trilemma-bench-sandbox-"));
  try {
    const started = performance.now();
    await runJobs(jobs, { outDir, workers: 1 });
    return (matches * 1000) / (performance.now() - started);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

export async function benchSandbox(matches = 12): Promise<void> {
  console.log(
    `\n# Bot sandbox (honest-validator as a bot file, ${TURNS} turns of a default match from slot 128)`,
  );
  const { views, config } = await midMatchViews();
  console.log(`a view: ${(JSON.stringify(views[0]).length / 1024).toFixed(0)} KB as JSON`);
  const inProcess = honestValidator.create({
    seatId: SEAT,
    role: "validator",
    config,
    random: botRandom("bench", SEAT),
  });
  const direct = await timeTurns((v) => inProcess.act(v), views);

  let started = performance.now();
  const worker = await startWorkerBot(config);
  const workerStart = performance.now() - started;
  const threaded = await timeTurns((v) => worker.act(v), views);
  await worker.close();

  started = performance.now();
  const sandboxed = await startProcessBot(config);
  const processStart = performance.now() - started;
  const isolated = await timeTurns((v) => sandboxed.act(v), views);
  await sandboxed.close();

  const ms = (value: number) => `${value.toFixed(3)} ms`;
  console.log(
    `one turn, median: in-process ${ms(direct)}, worker thread ${ms(threaded)}, own process ${ms(isolated)}`,
  );
  console.log(
    `process sandbox / worker thread: ${(isolated / threaded).toFixed(2)}× a turn (+${ms(isolated - threaded)}); ` +
      `start-up ${processStart.toFixed(0)} ms against ${workerStart.toFixed(0)} ms (once per seat per match)`,
  );
  const builtIn = await tournamentPace("honest-validator", matches);
  const file = await tournamentPace(BOT_FILE, matches);
  console.log(
    `tournament, ${matches} default matches on 1 worker: ${builtIn.toFixed(2)} matches/s built-in, ` +
      `${file.toFixed(2)} matches/s with the bot file (${(builtIn / file).toFixed(2)}× slower)`,
  );
}
