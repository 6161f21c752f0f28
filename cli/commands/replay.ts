// `trilemma replay FILE`: re-run a replay and check every slot's root.
import type { Command } from "commander";
import { type Replay, verifyReplay } from "../../shared/index.ts";
import { CliError, readJson } from "./common.ts";

export function registerReplay(program: Command): void {
  program
    .command("replay")
    .description(
      "re-run a replay file with this engine and verify every slot's state root and every snapshot",
    )
    .argument("<file>", "a replay written by sim --replay, a tournament or the server")
    .action((file: string) => {
      const replay = readJson(file, "replay") as Replay;
      const verdict = verifyReplay(replay);
      if (!verdict.ok) {
        const detail = verdict.expected
          ? ` (root recorded ${verdict.expected.slice(0, 16)}…, computed ${verdict.actual?.slice(0, 16)}…)`
          : "";
        throw new CliError(`${file}: ${verdict.reason}${detail}`);
      }
      const interrupted = replay.interrupted
        ? ` (interrupted at slot ${verdict.slots} of ${replay.config.slots})`
        : "";
      console.log(`verified ${verdict.slots} slots${interrupted} and ${replay.snapshots.length} snapshots`);
    });
}
