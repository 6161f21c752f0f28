// `trilemma replay FILE`: re-run a replay and check every slot's root.
import type { Command } from "commander";
import { type Replay, verifyReplay } from "../../shared/index.ts";
import { CliError, readJson } from "./common.ts";

export function registerReplay(program: Command): void {
  program
    .command("replay")
    .description("re-run a replay file with this engine and verify every slot's state root")
    .argument("<file>", "a replay written by sim --replay, a tournament or the server")
    .action((file: string) => {
      const verdict = verifyReplay(readJson(file, "replay") as Replay);
      if (!verdict.ok) {
        const detail = verdict.expected
          ? ` (recorded ${verdict.expected.slice(0, 16)}…, now ${verdict.actual?.slice(0, 16)}…)`
          : "";
        throw new CliError(`${file}: ${verdict.reason}${detail}`);
      }
      console.log(`verified ${verdict.slots} slots`);
    });
}
