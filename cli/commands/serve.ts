// `trilemma serve` (= `npm start`): the live server; Colyseus loads only here, never in headless commands.
import type { Command } from "commander";
import { CliError } from "./common.ts";

function positive(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new CliError(`${flag} must be a positive whole number`);
  return number;
}

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("run the game server: rooms, the built client and the results API on one port")
    .option("--port <port>", "port to listen on (env PORT)", process.env.PORT ?? "2567")
    .option(
      "--host <host>",
      "interface to listen on (env HOST): this machine only by default; 0.0.0.0 for a classroom LAN",
      process.env.HOST ?? "127.0.0.1",
    )
    .option(
      "--bots <dir>",
      "publish the bot files in DIR: lineups may name them (file name without extension)",
    )
    .option(
      "--allow-origin <origin...>",
      "pages of another origin that may create and join rooms (e.g. http://localhost:5173 for npm run dev)",
    )
    .option("--creates-per-minute <n>", "rooms one address may create a minute", "20")
    .option(
      "--database <file-or-url>",
      "finished matches: a SQLite file, or a postgres:// URL that several servers share (env DATABASE_URL, TRILEMMA_DB)",
      process.env.DATABASE_URL ?? process.env.TRILEMMA_DB ?? "data/trilemma.sqlite",
    )
    .option("--reconnect-seconds <s>", "how long a dropped player may take to come back", "30")
    .option("--slot-ms <ms>", "slot length for every room, overriding the config")
    .option("--engine-threads <n>", "threads that play the rooms' matches (default: one per core but one)")
    .option(
      "--redis <url>",
      "share rooms with other processes through Redis (env REDIS_URL)",
      process.env.REDIS_URL,
    )
    .option(
      "--public-address <host:port>",
      "how other processes reach this one (env PUBLIC_ADDRESS; needed with Redis)",
      process.env.PUBLIC_ADDRESS,
    )
    .action(async (options) => {
      const port = positive(options.port, "--port");
      const { startServer } = await import("../../server/main.ts");
      const running = await startServer({
        port,
        host: options.host,
        botsDir: options.bots,
        allowOrigins: options.allowOrigin ?? [],
        createsPerMinute: positive(options.createsPerMinute, "--creates-per-minute"),
        database: options.database,
        reconnectSeconds: positive(options.reconnectSeconds, "--reconnect-seconds"),
        slotMs: options.slotMs === undefined ? undefined : positive(options.slotMs, "--slot-ms"),
        engineThreads:
          options.engineThreads === undefined
            ? undefined
            : positive(options.engineThreads, "--engine-threads"),
        redisUrl: options.redis,
        publicAddress: options.publicAddress ?? (options.redis ? `127.0.0.1:${port}` : undefined),
        greet: false,
      });
      const where = options.host === "0.0.0.0" ? "every interface" : options.host;
      console.log(
        `Trilemma is serving on http://127.0.0.1:${running.port} (listening on ${where}; matches in ${options.database})`,
      );
    });
}
