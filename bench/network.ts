// The network model: propagation against a bare shortest-path run over the same graph and messages, and a
// mainnet-sized population (10,000 nodes) for 256 slots of block and blob gossip. Ratios from one run.

import { runMatch } from "../runtime/match.ts";
import { resolveConfig } from "../shared/index.ts";
import {
  blockBytes,
  createNetwork,
  EventQueue,
  hopUs,
  type Message,
  type Network,
  propagate,
  resolveNetworkParams,
  runEpoch,
  verificationSeconds,
} from "../shared/network/index.ts";
import { Rng, seedRng } from "../shared/random.ts";

/** The bench's messages: blocks of the preset's size from random publishers, verified on each node. */
function blockMessages(network: Network, count: number): Message[] {
  const rng = new Rng({ rng: seedRng("bench-messages") });
  const verifyUs = Float64Array.from(network.population.nodes, (n) =>
    Math.ceil(verificationSeconds(n, network.params.blockGas) * 1e6),
  );
  return Array.from({ length: count }, () => ({
    bytes: blockBytes(network.params.blockGas),
    verifyUs,
    sources: [{ node: rng.int(network.params.nodes), atUs: 0 }],
  }));
}

/** Each message's hop weights, precomputed edge by edge (the publisher's fanout is all its peers). */
function edgeWeights(network: Network, message: Message): Float64Array {
  const { graph, links } = network;
  const weights = new Float64Array(graph.targets.length);
  const source = message.sources[0].node;
  for (let u = 0; u < graph.size; u++) {
    const degree = graph.offsets[u + 1] - graph.offsets[u];
    const fanout = Math.max(1, u === source ? degree : degree - 1);
    const verify = u === source || !message.verifyUs ? 0 : message.verifyUs[u];
    for (let e = graph.offsets[u]; e < graph.offsets[u + 1]; e++) {
      weights[e] = verify + hopUs(links, u, graph.targets[e], message.bytes, fanout);
    }
  }
  return weights;
}

/** Textbook Dijkstra over fixed edge weights, with the same queue. */
function bareShortestPaths(network: Network, weights: Float64Array, source: number): Float64Array {
  const { graph } = network;
  const dist = new Float64Array(graph.size).fill(Number.POSITIVE_INFINITY);
  const done = new Uint8Array(graph.size);
  const queue = new EventQueue(graph.size);
  dist[source] = 0;
  queue.push(source, 0);
  while (queue.length > 0) {
    const u = queue.pop();
    if (done[u]) continue;
    done[u] = 1;
    for (let e = graph.offsets[u]; e < graph.offsets[u + 1]; e++) {
      const v = graph.targets[e];
      const d = dist[u] + weights[e];
      if (d < dist[v]) {
        dist[v] = d;
        queue.push(v, d);
      }
    }
  }
  return dist;
}

function timeMs(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

export function benchNetwork(): void {
  console.log("\n# network model (shared/network)");
  const network = createNetwork(resolveNetworkParams("mainnet"), "bench");
  const messages = blockMessages(network, 64);
  const weights = messages.map((m) => edgeWeights(network, m));
  for (let i = 0; i < 4; i++) propagate(network.graph, network.links, messages[i]); // warm-up
  const modelMs = timeMs(() => {
    for (const message of messages) propagate(network.graph, network.links, message);
  });
  const bareMs = timeMs(() => {
    for (let i = 0; i < messages.length; i++)
      bareShortestPaths(network, weights[i], messages[i].sources[0].node);
  });
  console.log(
    `propagation, ${messages.length} blocks over ${network.params.nodes} nodes: ${modelMs.toFixed(0)} ms; ` +
      `bare shortest paths ${bareMs.toFixed(0)} ms; ratio ${(modelMs / bareMs).toFixed(2)}× (goal ≤ 3×)`,
  );
  const epochs = 8;
  const run = createNetwork(resolveNetworkParams("mainnet", { blobsPerBlock: 6 }), "bench-run");
  const runMs = timeMs(() => {
    for (let e = 0; e < epochs; e++) runEpoch(run);
  });
  const slots = epochs * run.params.slotsPerEpoch;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    `mainnet population (${run.params.nodes} nodes), ${slots} slots of block + blob gossip: ` +
      `${(slots / (runMs / 1000)).toFixed(1)} slots/s, peak RSS ${rssMb.toFixed(0)} MB`,
  );
}

/** Wall time of one headless match of `preset` with `overrides`, all seats background. */
async function matchMs(preset: string, overrides: Record<string, unknown>): Promise<number> {
  const started = performance.now();
  await runMatch({ config: resolveConfig(preset, overrides), seed: "bench", seats: [] });
  return performance.now() - started;
}

/** The network in the engine (docs/network.md, "Wired"): a default match with and without it; a mainnet match. */
export async function benchWiredNetwork(): Promise<void> {
  console.log("\n# network in the engine (shared/network-slot.ts)");
  await matchMs("phase0", { slots: 32 }); // warm-up
  const synchronousMs = Math.min(await matchMs("synchronous", {}), await matchMs("synchronous", {}));
  const networkMs = Math.min(await matchMs("phase0", {}), await matchMs("phase0", {}));
  console.log(
    `default match (384 slots): network ${networkMs.toFixed(0)} ms; synchronous ${synchronousMs.toFixed(0)} ms; ` +
      `ratio ${(networkMs / synchronousMs).toFixed(2)}× (goal ≤ 2×; best of 2 each)`,
  );
  const slots = 256;
  const mainnetMs = await matchMs("mainnet", { slots });
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    `mainnet match (10000 nodes, 32-slot epochs), ${slots} slots: ${(slots / (mainnetMs / 1000)).toFixed(1)} slots/s, ` +
      `peak RSS ${rssMb.toFixed(0)} MB`,
  );
}

if (import.meta.main) {
  benchNetwork();
  await benchWiredNetwork();
}
