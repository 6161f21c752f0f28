// `npm run bench:room-slot`: what one live room's slot costs its engine thread (RoomEngine.playSlot, the work
// the room's thread waits for), for the default room and for the heaviest one the live limits allow
// (server/room-options.ts LIVE_LIMITS, a full lineup). Slots at an epoch's end, which also hand the room the
// match so far to store, are reported apart. The figures are quoted in server/PROTOCOL.md, "Limits".
// Flags: --slots N (default: a whole default match).
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { useNativeSha256 } from "../runtime/native-hash.ts";
import { RoomEngine } from "../server/room-engine.ts";
import { DEFAULT_LINEUP, LIVE_LIMITS, MAX_SEAT_VALIDATORS } from "../server/room-options.ts";
import { type MatchConfig, PARAMS, type ParamKey, resolveConfig, type SeatSpec } from "../shared/index.ts";

interface SlotCosts {
  slots: number;
  p50: number;
  p99: number;
  max: number;
  epochEnd: { p50: number; max: number; replayBytes: number };
  /** The whole replay the room stored (every epoch's part): what the match takes in the store. */
  storedBytes: number;
}

/** Plays a room's match in this thread, as an engine thread does, timing each slot. */
export async function measureRoom(
  config: MatchConfig,
  lineup: SeatSpec[],
  slots: number,
): Promise<SlotCosts> {
  const engine = await RoomEngine.start({ config: { ...config, slots }, seed: "room-slot", lineup });
  const plain: number[] = [];
  const epochEnds: number[] = [];
  let replayBytes = 0;
  let storedBytes = 0;
  for (let slot = 0; slot < slots; slot++) {
    const started = performance.now();
    const outcome = await engine.playSlot({ seats: {}, viewSeats: [], freshViews: [] });
    const ms = performance.now() - started;
    if (outcome.checkpoint) {
      epochEnds.push(ms);
      const { header, slots, snapshots } = outcome.checkpoint.replay;
      replayBytes = [header, ...slots, ...snapshots].reduce((bytes, json) => bytes + json.length, 0);
      storedBytes += replayBytes - header.length;
    } else plain.push(ms);
  }
  await engine.close();
  return { slots, ...spread(plain), epochEnd: { ...spread(epochEnds), replayBytes }, storedBytes };
}

function spread(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { p50: at(0.5), p99: at(0.99), max: round(sorted.at(-1) ?? 0) };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** The heaviest live room: every capped key at its cap, and 32 seats holding the most validators allowed. */
function heaviest(): { config: MatchConfig; lineup: SeatSpec[] } {
  // Each cap, or the key's own range's top where that is lower.
  const capped = Object.entries(LIVE_LIMITS).map(([key, cap]) => [
    key,
    Math.min(cap as number, (PARAMS[key as ParamKey] as { max: number }).max),
  ]);
  const config = resolveConfig("phase0", Object.fromEntries(capped));
  const roles = ["validator", "sequencer", "challenger", "attacker"] as const;
  const lineup: SeatSpec[] = Array.from({ length: 32 }, (_, i) => {
    const role = roles[i % roles.length];
    const strategy = {
      validator: "honest-validator",
      sequencer: "honest-sequencer",
      challenger: "honest-challenger",
      attacker: "double-voter",
    }[role];
    return { id: `${role}-${i}`, role, strategy, validators: role === "validator" ? 8 : 0 } as SeatSpec;
  });
  lineup[0].validators = MAX_SEAT_VALIDATORS - 7 * 8;
  return { config, lineup };
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { slots: { type: "string" } } });
  useNativeSha256();
  const defaults = resolveConfig("phase0", {});
  const slots = Number(values.slots ?? defaults.slots);
  const cases = [
    {
      name: "default room",
      config: defaults,
      lineup: DEFAULT_LINEUP.map((seat) => ({ ...seat })) as SeatSpec[],
    },
    { name: "heaviest live room", ...heaviest() },
  ];
  for (const { name, config, lineup } of cases) {
    const costs = await measureRoom(config, lineup, slots);
    const { epochEnd } = costs;
    console.log(
      `${name.padEnd(20)} ${costs.slots} slots: a slot p50 ${costs.p50} ms, p99 ${costs.p99} ms, max ${costs.max} ms; ` +
        `at an epoch's end p50 ${epochEnd.p50} ms, max ${epochEnd.max} ms (replay handed to the room ${Math.round(epochEnd.replayBytes / 1024)} KB at the last; ` +
        `${(costs.storedBytes / 2 ** 20).toFixed(1)} MB stored by the last epoch's end)`,
    );
  }
}
