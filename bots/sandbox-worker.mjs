// A bot file's own thread: it sees views as copies and answers with actions; it can reach nothing else.

import { pathToFileURL } from "node:url";
import { parentPort, workerData } from "node:worker_threads";
import seedrandom from "seedrandom";

const { file, seatId, role, config, seed } = workerData;
let bot = null;
try {
  const module = await import(pathToFileURL(file).href);
  // A file outside an ESM package (no "type": "module" above it) loads as CommonJS: its export sits one level down.
  const definition = module.default?.create ? module.default : module.default?.default;
  if (!definition || typeof definition.create !== "function" || !Array.isArray(definition.roles)) {
    throw new Error(`${file} must default-export a bot made with defineBot({ name, roles, create })`);
  }
  if (seatId === null) {
    parentPort.postMessage({
      kind: "definition",
      name: definition.name,
      roles: definition.roles,
      description: definition.description ?? "",
    });
  } else {
    bot = definition.create({ seatId, role, config, random: seedrandom.alea(`${seed}/bot/${seatId}`) });
    parentPort.postMessage({ kind: "ready" });
  }
} catch (error) {
  parentPort.postMessage({ kind: "failed", message: error?.message ?? String(error) });
}

parentPort.on("message", async ({ id, view }) => {
  try {
    const actions = await bot.act(view);
    parentPort.postMessage({ kind: "actions", id, actions: JSON.parse(JSON.stringify(actions ?? [])) });
  } catch (error) {
    parentPort.postMessage({ kind: "error", id, message: error?.message ?? String(error) });
  }
});
