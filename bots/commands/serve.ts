// `trilemma serve` (= `npm start`): the live server; Colyseus loads only here, never in headless commands.
import type { Command } from "commander";

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("run the game server: rooms, the built client and the results API on one port")
    .option("--port <port>", "port to listen on (env PORT)", process.env.PORT ?? "2567")
    .option("--host <host>", "interface to listen on (env HOST)", process.env.HOST ?? "0.0.0.0")
    .option(
      "--database <file>",
      "SQLite file for finished matches",
      process.env.TRILEMMA_DB ?? "data/trilemma.sqlite",
    )
    .option("--reconnect-seconds <s>", "how long a dropped player may take to come back", "30")
    .action(async (options) => {
      const { startServer } = await import("../../server/main.ts");
      const running = await startServer({
        port: Number(options.port),
        host: options.host,
        database: options.database,
        reconnectSeconds: Number(options.reconnectSeconds),
        greet: false,
      });
      console.log(`Trilemma is serving on http://127.0.0.1:${running.port} (matches in ${options.database})`);
    });
}
