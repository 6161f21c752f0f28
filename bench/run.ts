// `npm run bench`: every benchmark section, figures as ratios measured in one run (the machine is noisy).
import { benchEngine } from "./engine.ts";

console.log(`Trilemma benchmarks · node ${process.version} · ${new Date().toISOString()}`);
await benchEngine([{ name: "Layer 1 default (phase0)" }]);
