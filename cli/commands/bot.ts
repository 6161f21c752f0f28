// `trilemma bot`: remote bots that join live rooms through @colyseus/sdk and play with the in-process bot interface.
import type { Command } from "commander";
import { loadBot } from "../../bots/registry.ts";
import { ROLES, type Role } from "../../shared/index.ts";
import { CliError } from "./common.ts";

export function registerBot(program: Command): void {
  program
    .command("bot")
    .description("play live rooms with a bot over the network")
    .option("--url <url>", "the server's WebSocket address", "ws://127.0.0.1:2567")
    .option("--room <id>", "room to join (default: any arena room, created if there is none)")
    .requiredOption("--role <role>", `seat role (${ROLES.join(", ")})`)
    .requiredOption("--strategy <name|file>", "built-in strategy name or a .ts/.js bot file")
    .option("--count <k>", "how many bots to connect", "1")
    .option("--name <name>", "player name shown in the room (default: the strategy's name)")
    .action(async (options) => {
      const role = options.role as Role;
      if (!ROLES.includes(role)) throw new CliError(`unknown role "${role}" (roles: ${ROLES.join(", ")})`);
      const count = Number(options.count);
      if (!Number.isInteger(count) || count < 1)
        throw new CliError("--count must be a positive whole number");
      const definition = await loadBot(options.strategy);
      if (!definition.roles.includes(role))
        throw new CliError(`strategy ${definition.name} plays ${definition.roles.join(", ")}, not ${role}`);
      const { joinRemoteBot } = await import("../../bots/remote-bot.ts");
      const bots = [];
      for (let i = 0; i < count; i++) {
        try {
          const bot = await joinRemoteBot({
            url: options.url,
            roomId: options.room,
            role,
            definition,
            name: options.name ?? (count > 1 ? `${definition.name}-${i + 1}` : undefined),
          });
          console.log(`bot ${i + 1} joined room ${bot.room.roomId}`);
          bots.push(bot);
        } catch (error) {
          throw new CliError(`bot ${i + 1} could not join ${options.url}: ${(error as Error).message}`);
        }
      }
      for (const result of await Promise.all(bots.map((bot) => bot.done))) {
        console.log(
          `${result.seat ?? "no seat"} in room ${result.roomId}: ${result.slotsPlayed} slots, ${result.actionsSent} actions, ${result.refusals} refused${result.lastRefusal ? ` (last: ${result.lastRefusal})` : ""}; ${result.ended}${result.error ? `; last error: ${result.error}` : ""}`,
        );
      }
    });
}
