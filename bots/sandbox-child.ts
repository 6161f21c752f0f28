// A bot file's own process (see sandbox.ts): it loads the file, describes it, and answers each view with actions.
// Messages are lines of JSON on fd 3. Everything here runs before the bot's code, but the parent trusts none of
// it: once the bot is loaded, it could rewrite this harness.
import { registerHooks } from "node:module";
import { Socket } from "node:net";
import { pathToFileURL } from "node:url";
import { applyDelta, type DeltaOp } from "../shared/present/view-delta.ts";
import { botRandom } from "./api.ts";

// The permission model does not cover node:sqlite, which opens (and creates) files anywhere.
const HIDDEN_BUILTINS = new Set(["node:sqlite"]);
registerHooks({
  resolve(specifier, context, next) {
    if (HIDDEN_BUILTINS.has(specifier)) throw new Error(`${specifier} is not available to bots`);
    return next(specifier, context);
  },
});
const getBuiltinModule = process.getBuiltinModule;
process.getBuiltinModule = ((id: string) => {
  if (HIDDEN_BUILTINS.has(id) || HIDDEN_BUILTINS.has(`node:${id}`)) {
    throw new Error(`${id} is not available to bots`);
  }
  return getBuiltinModule(id);
}) as typeof process.getBuiltinModule;

interface Definition {
  name: string;
  roles: string[];
  description?: string;
  create(context: unknown): { act(view: unknown): unknown };
}

const channel = new Socket({ fd: 3, readable: true, writable: true });
const send = (message: Record<string, unknown>) => channel.write(`${JSON.stringify(message)}\n`);
/** The bot's own part of a stack: the frames below its code are this harness's. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return `thrown: ${String(error)}`;
  const lines = (error.stack ?? error.message).split("\n");
  const harness = lines.findIndex((line) => line.includes("sandbox-child.ts"));
  return (harness > 0 ? lines.slice(0, harness) : lines).join("\n");
}

const file = process.argv[2];
let definition: Definition | null = null;
let bot: { act(view: unknown): unknown } | null = null;
/** The seat's view, kept up to date from the changes each turn sends. */
let view: unknown;

async function load(): Promise<void> {
  const module = await import(pathToFileURL(file).href);
  // A file outside an ESM package (no "type": "module" above it) loads as CommonJS: its export sits one level down.
  const exported = module.default?.create ? module.default : module.default?.default;
  if (!exported || typeof exported.create !== "function" || !Array.isArray(exported.roles)) {
    throw new Error(`${file} must default-export a bot made with defineBot({ name, roles, create })`);
  }
  definition = exported as Definition;
  send({
    kind: "definition",
    name: String(definition.name),
    roles: definition.roles,
    description: String(definition.description ?? ""),
  });
}

async function handle(message: { kind?: unknown; [key: string]: unknown }): Promise<void> {
  if (message.kind === "create" && definition && !bot) {
    const { seatId, role, config, seed } = message as unknown as Record<string, string>;
    try {
      bot = definition.create({ seatId, role, config, random: botRandom(seed, seatId) });
      send({ kind: "ready" });
    } catch (error) {
      send({ kind: "failed", message: describe(error) });
    }
  } else if (message.kind === "turn" && bot) {
    const { id, ops } = message;
    view = applyDelta(view, ops as DeltaOp[]);
    try {
      // A copy of its own, as in-process bots get a fresh view each slot: a bot may change what it is given.
      const actions = await bot.act(structuredClone(view));
      send({ kind: "actions", id, actions: actions ?? [] });
    } catch (error) {
      send({ kind: "error", id, message: describe(error) });
    }
  }
}

let buffered = "";
channel.setEncoding("utf8");
channel.on("data", (chunk: string) => {
  buffered += chunk;
  let end = buffered.indexOf("\n");
  while (end >= 0) {
    const line = buffered.slice(0, end);
    buffered = buffered.slice(end + 1);
    void handle(JSON.parse(line));
    end = buffered.indexOf("\n");
  }
});
// The parent went away: nothing more will be asked.
channel.on("end", () => process.exit(0));

try {
  await load();
} catch (error) {
  send({ kind: "failed", message: describe(error) });
}
