// The network model run on its own: slots of block and blob gossip, epochs of load, decisions and metrics.
// Pure and seeded; the engine will call the same pieces per slot once it is wired in (docs/network.md).
import { Rng, type RngState, seedRng } from "../random.ts";
import { blobDataArrivalUs, blobUnits } from "./availability.ts";
import { applyEpochDecisions, type EpochChanges } from "./decisions.ts";
import { buildPeerGraph, type PeerGraph } from "./graph.ts";
import { keepsUp, type NodeLoad, nodeLoad, verificationSeconds } from "./load.ts";
import { blockBytes } from "./metrics.ts";
import type { NetworkParams } from "./params.ts";
import { createPopulation, type Population } from "./population.ts";
import { type Arrivals, type LinkTable, type Message, propagate } from "./propagation.ts";
import { countHeadVotes, type HeadVotes } from "./slot.ts";

export interface Network {
  params: NetworkParams;
  holder: { rng: RngState };
  rng: Rng;
  population: Population;
  graph: PeerGraph;
  links: LinkTable;
  /** Each node's execution of a block, µs: it changes only with the node's hardware. */
  verifyUs: Float64Array;
  /** Block copies each node received and sent so far this epoch, and the slots they cover. */
  copiesIn: Float64Array;
  copiesOut: Float64Array;
  slotsThisEpoch: number;
}

export interface SlotOutcome {
  /** The proposer's node; -1 when no validator is left. */
  proposer: number;
  /** The proposer's node was offline, or there was none: no block. */
  missed: boolean;
  /** When each node had the block and its blob data, µs into the slot. */
  hadUs: Float64Array;
  votes: HeadVotes;
}

export function createNetwork(params: NetworkParams, seed: string): Network {
  const holder = { rng: seedRng(seed) };
  const rng = new Rng(holder);
  const population = createPopulation(params, rng);
  const graph = buildPeerGraph(params.nodes, params.peerDegree, rng);
  const size = params.nodes;
  const copies = { copiesIn: new Float64Array(size), copiesOut: new Float64Array(size), slotsThisEpoch: 0 };
  const tables = { links: emptyLinks(size), verifyUs: new Float64Array(size) };
  const network = { params, holder, rng, population, graph, ...tables, ...copies };
  refreshTables(network);
  return network;
}

function emptyLinks(size: number): LinkTable {
  return {
    region: new Int32Array(size),
    downBps: new Float64Array(size),
    upBps: new Float64Array(size),
    online: new Uint8Array(size),
  };
}

/** Each node's execution time of a block of the params' gas, µs. */
export function verificationUs(population: Population, params: NetworkParams): Float64Array {
  return Float64Array.from(population.nodes, (node) =>
    Math.ceil(verificationSeconds(node, params.blockGas) * 1e6),
  );
}

/** Copies the nodes into the typed tables; a node is online if active and outside the outage. */
function refreshTables(network: Pick<Network, "population" | "links" | "params" | "verifyUs">): void {
  network.verifyUs.set(verificationUs(network.population, network.params));
  for (const node of network.population.nodes) {
    network.links.region[node.id] = node.region;
    network.links.downBps[node.id] = node.downBps;
    network.links.upBps[node.id] = node.upBps;
    network.links.online[node.id] = node.active && node.region !== network.params.outageRegion ? 1 : 0;
  }
}

/** The slot's proposer: a validator drawn uniformly, so a node by its validators; -1 when no stake is left. */
function drawProposer(network: Network): number {
  const nodes = network.population.nodes;
  const total = nodes.reduce((sum, n) => sum + (n.active ? n.validators : 0), 0);
  if (total === 0) return -1;
  let pick = network.rng.int(total);
  for (const node of nodes) {
    if (!node.active) continue;
    pick -= node.validators;
    if (pick < 0) return node.id;
  }
  throw new Error("unreachable: the draw is below the total stake");
}

/** One slot: the proposer publishes at the slot's start; the block and its blob data spread. */
export function runSlot(network: Network): SlotOutcome {
  const { params, population, links } = network;
  const proposer = drawProposer(network);
  network.slotsThisEpoch++;
  if (proposer < 0 || !links.online[proposer]) {
    const hadUs = new Float64Array(params.nodes).fill(Number.POSITIVE_INFINITY);
    return { proposer, missed: true, hadUs, votes: missedSlotVotes(network) };
  }
  const hadUs = spreadBlock(network, proposer, 0, params.blobsPerBlock);
  return { proposer, missed: false, hadUs, votes: countHeadVotes(population.nodes, hadUs, params.slotMs) };
}

/** The block (and its blobs) published by `proposer` at `atUs`: when each node has both; copies counted. */
export function spreadBlock(
  network: Pick<Network, "params" | "population" | "graph" | "links" | "verifyUs" | "copiesIn" | "copiesOut">,
  proposer: number,
  atUs: number,
  blobs: number,
): Float64Array {
  const { params, graph, links, verifyUs } = network;
  const sources = [{ node: proposer, atUs }];
  const block = propagate(graph, links, { bytes: blockBytes(params.blockGas), verifyUs, sources });
  const hadUs = Float64Array.from(block.arrivalUs);
  if (blobs > 0) addBlobData({ ...network, params: { ...params, blobsPerBlock: blobs } }, hadUs, sources);
  countCopies(network, block);
  return hadUs;
}

/** No block: an online validator's vote for the parent is right; an offline one cannot vote at all. */
function missedSlotVotes(network: Network): HeadVotes {
  const waitedFor = Float64Array.from(network.links.online, (online) =>
    online ? 0 : Number.POSITIVE_INFINITY,
  );
  return countHeadVotes(network.population.nodes, waitedFor, network.params.slotMs);
}

/** Each node has the block once it also has its blob data (one unit's gossip, the rest over its downlink). */
function addBlobData(
  network: Pick<Network, "params" | "population" | "graph" | "links">,
  hadUs: Float64Array,
  sources: Message["sources"],
): void {
  const { params, population, graph, links } = network;
  const probe = blobUnits(0, params.blobsPerBlock, params.sampling);
  const firstUnit = propagate(graph, links, { bytes: probe.unitBytes, verifyUs: null, sources });
  for (const node of population.nodes) {
    const { units, unitBytes } = blobUnits(node.validators, params.blobsPerBlock, params.sampling);
    const dataUs = blobDataArrivalUs(firstUnit.arrivalUs[node.id], units, unitBytes, node.downBps);
    hadUs[node.id] = Math.max(hadUs[node.id], dataUs);
  }
}

/** Each node that got the block sends it to every online peer but its parent. */
function countCopies(
  network: Pick<Network, "graph" | "links" | "copiesIn" | "copiesOut">,
  block: Arrivals,
): void {
  const { graph, links } = network;
  for (let u = 0; u < graph.size; u++) {
    if (!Number.isFinite(block.arrivalUs[u])) continue;
    for (let e = graph.offsets[u]; e < graph.offsets[u + 1]; e++) {
      const v = graph.targets[e];
      if (v === block.parent[u] || !links.online[v]) continue;
      network.copiesOut[u]++;
      network.copiesIn[v]++;
    }
  }
}

export interface EpochOutcome {
  slots: SlotOutcome[];
  loads: NodeLoad[];
  keptUp: boolean[];
  changes: EpochChanges;
}

/** One epoch: its slots, then each node's load against its capacity, then the operators' decisions. */
export function runEpoch(network: Network): EpochOutcome {
  const slots = Array.from({ length: network.params.slotsPerEpoch }, () => runSlot(network));
  const { loads, keptUp } = epochLoads(network);
  const changes = applyEpochDecisions(network.population, keptUp, network.params, network.rng);
  refreshTables(network);
  network.copiesIn.fill(0);
  network.copiesOut.fill(0);
  network.slotsThisEpoch = 0;
  return { slots, loads, keptUp, changes };
}

/** Each node's load this epoch (block copies averaged over its slots) and whether it kept up. */
export function epochLoads(
  network: Pick<Network, "params" | "population" | "copiesIn" | "copiesOut" | "slotsThisEpoch">,
): { loads: NodeLoad[]; keptUp: boolean[] } {
  const { params, population } = network;
  const slots = Math.max(1, network.slotsThisEpoch);
  const totalValidators = population.nodes.reduce((sum, n) => sum + (n.active ? n.validators : 0), 0);
  const bytes = blockBytes(params.blockGas);
  const loads = population.nodes.map((node) =>
    nodeLoad(node, params, {
      blockBytes: bytes,
      totalValidators,
      blockCopiesIn: network.copiesIn[node.id] / slots,
      blockCopiesOut: network.copiesOut[node.id] / slots,
    }),
  );
  const keptUp = population.nodes.map((node) => node.active && keepsUp(node, loads[node.id], params));
  return { loads, keptUp };
}
