// The `trilemma` command line. Each sub-command lives in cli/commands/.
import { Command, CommanderError } from "commander";
import { BotLoadError } from "../bots/registry.ts";
import { QueueError } from "../lab/executor.ts";
import { DatabaseError } from "../runtime/database.ts";
import { useNativeSha256 } from "../runtime/native-hash.ts";
import { ConfigError, SetupError } from "../shared/index.ts";
import { registerAttack } from "./commands/attack.ts";
import { registerBot } from "./commands/bot.ts";
import { registerClaims } from "./commands/claims.ts";
import { CliError } from "./commands/common.ts";
import { registerConfig } from "./commands/config.ts";
import { registerNetwork } from "./commands/network.ts";
import { registerReplay } from "./commands/replay.ts";
import { registerServe } from "./commands/serve.ts";
import { registerSim } from "./commands/sim.ts";
import { registerSweep } from "./commands/sweep.ts";
import { registerTournament } from "./commands/tournament.ts";
import { registerWorker } from "./commands/worker.ts";

export function buildProgram(): Command {
  const program = new Command("trilemma")
    .description("Trilemma: how blockchains scale, as a game")
    .exitOverride();
  registerSim(program);
  registerReplay(program);
  registerConfig(program);
  registerServe(program);
  registerTournament(program);
  registerAttack(program);
  registerSweep(program);
  registerClaims(program);
  registerWorker(program);
  registerBot(program);
  registerNetwork(program);
  return program;
}

const EXPECTED_ERRORS = [CliError, ConfigError, SetupError, BotLoadError, QueueError, DatabaseError];

export async function main(argv: string[]): Promise<void> {
  useNativeSha256();
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    if (EXPECTED_ERRORS.some((kind) => error instanceof kind)) {
      console.error(`trilemma: ${(error as Error).message}`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}
