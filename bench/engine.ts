// Engine throughput against the hashing floor: the same sha256 calls on the same input sizes, timed alone.
import { runMatch } from "../runtime/match.ts";
import { useNativeSha256 } from "../runtime/native-hash.ts";
import { setHashRecorder, setSha256, sha256Bytes } from "../shared/hash.ts";
import { advance, createMatch, type Replay, resolveConfig } from "../shared/index.ts";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Re-runs a recorded match through the engine alone (no bots): the engine's own time. */
function replayEngine(replay: Replay): number {
  const state = createMatch({ config: replay.config, seed: replay.seed, seats: replay.seats });
  const started = performance.now();
  for (const slot of replay.slots) advance(state, slot.actions);
  return performance.now() - started;
}

/** Times the given number of sha256 calls per input size, on fresh inputs of those sizes. */
function hashingFloor(sizes: Map<number, number>): number {
  const inputs = [...sizes].map(([size, count]) => ({ input: new Uint8Array(size).fill(7), count }));
  const started = performance.now();
  for (const { input, count } of inputs) for (let i = 0; i < count; i++) sha256Bytes(input);
  return performance.now() - started;
}

export interface EngineBenchCase {
  name: string;
  preset?: string;
  overrides?: Record<string, unknown>;
}

export async function benchEngine(cases: EngineBenchCase[], runs = 7): Promise<void> {
  for (const [hashName, install] of [
    ["@noble/hashes", () => setSha256(null)],
    ["node:crypto", useNativeSha256],
  ] as const) {
    install();
    console.log(`\n# sha256 from ${hashName}`);
    await benchCases(cases, runs);
  }
}

async function benchCases(cases: EngineBenchCase[], runs: number): Promise<void> {
  for (const benchCase of cases) {
    const config = resolveConfig(benchCase.preset ?? "phase0", benchCase.overrides ?? {});
    const matchStarted = performance.now();
    const { replay } = await runMatch({ config, seed: "bench", seats: [], record: true });
    const matchMs = performance.now() - matchStarted;
    if (!replay) throw new Error("no replay recorded");

    const sizes = new Map<number, number>();
    setHashRecorder((bytes) => sizes.set(bytes, (sizes.get(bytes) ?? 0) + 1));
    replayEngine(replay);
    setHashRecorder(null);
    const hashes = [...sizes.values()].reduce((a, b) => a + b, 0);

    const engineTimes: number[] = [];
    const floorTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      engineTimes.push(replayEngine(replay));
      floorTimes.push(hashingFloor(sizes));
    }
    const engineMs = median(engineTimes);
    const floorMs = median(floorTimes);
    console.log(`\n## Engine: ${benchCase.name} (${config.validators} validators, ${config.slots} slots)`);
    console.log(`  match with bots (first run, incl. warm-up): ${matchMs.toFixed(0)} ms`);
    console.log(
      `  engine alone: ${engineMs.toFixed(1)} ms median of ${runs} → ${((config.slots / engineMs) * 1000).toFixed(0)} slots/s`,
    );
    console.log(`  hashing floor: ${hashes} sha256 calls, ${floorMs.toFixed(1)} ms median`);
    console.log(`  engine / hashing floor = ${(engineMs / floorMs).toFixed(2)}× (target ≤ 2×)`);
  }
}
