// `trilemma worker --queue redis://…`: plays the lab's queued matches in this machine's thread pool until
// stopped (Ctrl-C finishes the matches in hand first). docs/scale-out.md.
import type { Command } from "commander";
import { defaultWorkers } from "../../lab/runner.ts";
import { CliError, QUEUE_HELP } from "./common.ts";

function wholeNumber(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new CliError(`${flag} must be a whole number ≥ 1, got "${value}"`);
  return number;
}

export function registerWorker(program: Command): void {
  program
    .command("worker")
    .description("play the matches that tournament, sweep, attack and claims put on a Redis queue")
    .requiredOption("--queue <redis-url>", QUEUE_HELP)
    .option("--workers <n>", "worker threads", String(defaultWorkers()))
    .option(
      "--stalled-ms <ms>",
      "after this long without news from a worker, its matches go to another",
      "30000",
    )
    .action(async (options) => {
      const threads = wholeNumber(options.workers, "--workers");
      const stalledMs = wholeNumber(options.stalledMs, "--stalled-ms");
      const { serveQueue } = await import("../../lab/queue.ts");
      const worker = await serveQueue(options.queue, {
        threads,
        stalledMs,
        onPlayed: (jobId, matchId) => console.log(`played ${jobId} (${matchId})`),
        onFailed: (jobId, reason) => console.error(`failed ${jobId}: ${reason}`),
      });
      console.log(`worker: playing matches from ${options.queue} in ${threads} threads (Ctrl-C stops)`);
      await new Promise<void>((stop) => {
        for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stop());
      });
      await worker.close();
    });
}
