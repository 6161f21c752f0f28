// `trilemma network`: the network model's metrics over a grid of block sizes and slot times, with and
// without sampling — the wall as numbers (docs/network.md).
import type { Command } from "commander";
import {
  NETWORK_PRESETS,
  type NetworkMetrics,
  NetworkParamError,
  resolveNetworkParams,
  runNetwork,
} from "../../shared/network/index.ts";
import { CliError } from "./common.ts";

interface NetworkOptions {
  preset: string;
  gas: string;
  slotMs: string;
  blobs: string;
  epochs: string;
  nodes?: string;
  seed: string;
  json?: boolean;
}

interface NetworkRow {
  blockGas: number;
  slotMs: number;
  sampling: boolean;
  metrics: NetworkMetrics;
}

function numbers(list: string, flag: string): number[] {
  const values = list.split(",").map(Number);
  if (values.some((v) => !Number.isFinite(v))) throw new CliError(`${flag} takes comma-separated numbers`);
  return values;
}

function runGrid(options: NetworkOptions): NetworkRow[] {
  const rows: NetworkRow[] = [];
  const base = {
    blobsPerBlock: Number(options.blobs),
    ...(options.nodes ? { nodes: Number(options.nodes) } : {}),
  };
  for (const blockGas of numbers(options.gas, "--gas"))
    for (const slotMs of numbers(options.slotMs, "--slot-ms"))
      for (const sampling of [false, true]) {
        try {
          const params = resolveNetworkParams(options.preset, { ...base, blockGas, slotMs, sampling });
          rows.push({
            blockGas,
            slotMs,
            sampling,
            metrics: runNetwork(params, options.seed, Number(options.epochs)),
          });
        } catch (error) {
          if (error instanceof NetworkParamError) throw new CliError(error.message);
          throw error;
        }
      }
  return rows;
}

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "—");

function rowText({ blockGas, slotMs, sampling, metrics: m }: NetworkRow): string {
  return [
    `${(blockGas / 1e6).toFixed(0)}M gas`.padEnd(9),
    `${slotMs / 1000}s`.padEnd(5),
    (sampling ? "sampling" : "full").padEnd(9),
    `L1 ${fixed(m.l1TxPerSecond, 0)} tx/s`.padEnd(14),
    `keep-up ${fixed(m.keepUpShare * 100, 0)}%`.padEnd(13),
    `left ${m.left}`.padEnd(10),
    `Nakamoto ${m.nakamoto33}/${m.nakamoto50}`.padEnd(17),
    `Gini ${fixed(m.giniByOperator, 2)}`.padEnd(10),
    `DC ${fixed(m.datacenterShare * 100, 0)}%`.padEnd(8),
    `arrival p50/p95 ${fixed(m.blockArrivalP50Ms / 1000)}/${fixed(m.blockArrivalP95Ms / 1000)}s`.padEnd(26),
    `missed head ${fixed(m.missedHeadVoteShare * 100, 0)}%`.padEnd(16),
    `down p50/p90 ${fixed(m.downloadP50Mbps)}/${fixed(m.downloadP90Mbps)} Mbps`.padEnd(28),
    `cheapest $${fixed(m.cheapestKeepingUpUsd, 0)}/mo`,
  ].join(" ");
}

export function registerNetwork(program: Command): void {
  program
    .command("network")
    .description("The network model's metrics for block sizes and slot times, with and without sampling")
    .option("--preset <name>", `network preset (${Object.keys(NETWORK_PRESETS).join(", ")})`, "fast")
    .option("--gas <list>", "block gas values, comma-separated", "15000000,30000000,60000000")
    .option("--slot-ms <list>", "slot lengths in ms, comma-separated", "12000,6000")
    .option("--blobs <n>", "blobs per block", "6")
    .option("--epochs <n>", "epochs to run each point", "4")
    .option("--nodes <n>", "override the preset's node count")
    .option("--seed <seed>", "seed", "network")
    .option("--json", "print the rows as JSON")
    .action((options: NetworkOptions) => {
      const rows = runGrid(options);
      if (options.json) console.log(JSON.stringify(rows, null, 2));
      else for (const row of rows) console.log(rowText(row));
    });
}
