// `npm run bench`: every benchmark section, figures as ratios measured in one run (the machine is noisy).
import { benchEngine } from "./engine.ts";
import { benchNetwork, benchWiredNetwork } from "./network.ts";
import { benchSandbox } from "./sandbox.ts";
import { benchTournament } from "./tournament.ts";

console.log(`Trilemma benchmarks · node ${process.version} · ${new Date().toISOString()}`);
await benchEngine([
  { name: "Layer 1 only (phase0, no L2 users)", overrides: { l2TxPerSlot: 0 } },
  { name: "full default (L1 + both rollups + 4 shards, 50 L2 tx per slot)" },
]);
await benchTournament();
benchNetwork();
await benchWiredNetwork();
await benchSandbox();
