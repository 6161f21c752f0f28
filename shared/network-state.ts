// The network's node table in the engine state (docs/network.md, "Wired"): created at genesis from the match
// seed, held as plain arrays, and turned into the network model's shapes (shared/network/) when a rule needs them.
import type { MatchConfig } from "./config.ts";
import { BACKGROUND_SEAT } from "./constants.ts";
import type { Hex } from "./hash.ts";
import { buildPeerGraph, type PeerGraph } from "./network/graph.ts";
import type { BandwidthPercentiles } from "./network/metrics.ts";
import type { NetworkParams } from "./network/params.ts";
import { createPopulation, type NetNode, type NodeKind, type Population } from "./network/population.ts";
import type { LinkTable } from "./network/propagation.ts";
import { type Network, verificationUs } from "./network/simulate.ts";
import { isCutOff } from "./network-partition.ts";
import { Rng, seedRng } from "./random.ts";
import type { EngineState, NetworkState, SeatSpec } from "./types.ts";

const KINDS: readonly NodeKind[] = ["home", "server", "full"];

/** Is `slot` inside the configured outage of `outageRegion`? */
export function inOutage(config: MatchConfig, slot: number): boolean {
  return (
    config.outageRegion >= 0 &&
    slot >= config.outageStartSlot &&
    slot < config.outageStartSlot + config.outageSlots
  );
}

/** Blocks their proposers still withhold: only the proposer's seat sees them (docs/rules.md, "What each role sees"). */
export function withheldBlocks(state: EngineState): Set<Hex> {
  return new Set(state.network?.withheld.map((w) => w.block));
}

/**
 * Is validator `index`'s node in the outage at `slot`? It then attests not at all, so a large enough outage
 * stalls finality (docs/rules.md, "The network"); false on a synchronous network.
 */
export function isOffline(state: EngineState, index: number, slot: number): boolean {
  const net = state.network;
  if (isCutOff(state, index, slot)) return true;
  if (!net || !inOutage(state.config, slot)) return false;
  return net.region[net.validatorNode[index]] === state.config.outageRegion;
}

/** Is `value` in `sorted` (ascending)? A binary search: a vote's check must not cost a pass over every node. */
function sortedIncludes(sorted: readonly number[], value: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] === value;
}

/** The head a validator's attestation for `slot` can name: a block its node had not had by the deadline counts for its parent. */
export function headSeenBy(state: EngineState, validator: number, slot: number, head: Hex): Hex {
  const net = state.network;
  const reach = net?.reach.find((r) => r.slot === slot && r.block === head);
  if (!net || !reach) return head;
  const node = net.validatorNode[validator];
  const had = reach.exclusive ? node === reach.publisherNode : !sortedIncludes(reach.lateNodes, node);
  return had ? head : state.blocks[head].parent;
}

/** The network model's parameters of a match at `slot` (the outage only inside its window). */
export function networkParamsOf(config: MatchConfig, slot: number, blobsPerBlock = 0): NetworkParams {
  return {
    nodes: config.nodes,
    homeStakerShare: config.homeStakerShare,
    fullNodeShare: config.fullNodeShare,
    operators: config.operators,
    validatorsPerServer: config.validatorsPerServer,
    slotMs: config.networkSlotMs,
    slotsPerEpoch: config.slotsPerEpoch,
    peerDegree: config.peerDegree,
    blockGas: config.blockGas,
    blobsPerBlock,
    sampling: config.sampling,
    bandwidthBudgetShare: config.bandwidthBudgetShare,
    cpuBudgetShare: config.cpuBudgetShare,
    patience: config.patience,
    delegateShare: config.delegateShare,
    rewardUsdPerValidatorMonth: config.rewardUsdPerValidatorMonth,
    hardwareLifetimeMonths: config.hardwareLifetimeMonths,
    outageRegion: inOutage(config, slot) ? config.outageRegion : -1,
  };
}

/**
 * The node table as the model's objects, derived once per NetworkState object: the table changes only at an
 * epoch's end, through `storePopulation`, which refreshes it. A copy of the state (structuredClone, a snapshot,
 * a replay) is a new object and derives its own, so the state stays plain data and the cache is never shared.
 */
interface DerivedNodes {
  population: Population;
  /** The links, for the outage region they were made with (-1: none). */
  links: { table: LinkTable; outage: number } | null;
  verifyUs: Float64Array | null;
}

const derivedNodes = new WeakMap<NetworkState, DerivedNodes>();

function buildPopulation(net: NetworkState, operators: number): Population {
  const nodes: NetNode[] = net.kind.map((kind, id) => ({
    id,
    kind: KINDS[kind],
    region: net.region[id],
    downBps: net.downBps[id],
    upBps: net.upBps[id],
    hardware: net.hardware[id],
    operator: net.operator[id],
    validators: net.validators[id],
    active: net.active[id] === 1,
    overloadedEpochs: net.overloadedEpochs[id],
  }));
  return { nodes, pools: Array.from({ length: operators }, (_, i) => i) };
}

function derivedOf(net: NetworkState, operators: number): DerivedNodes {
  let derived = derivedNodes.get(net);
  if (!derived || derived.population.pools.length !== operators) {
    derived = { population: buildPopulation(net, operators), links: null, verifyUs: null };
    derivedNodes.set(net, derived);
  }
  return derived;
}

/**
 * The node table as the model's population. The objects are the table's own: change them only to write the
 * change back at once with `storePopulation` (the epoch's decisions do).
 */
export function populationOf(net: NetworkState, operators: number): Population {
  return derivedOf(net, operators).population;
}

/** Writes the population into the node table; it becomes the table's derived population. */
export function storePopulation(net: NetworkState, population: Population): void {
  for (const node of population.nodes) {
    net.kind[node.id] = KINDS.indexOf(node.kind);
    net.region[node.id] = node.region;
    net.downBps[node.id] = node.downBps;
    net.upBps[node.id] = node.upBps;
    net.hardware[node.id] = node.hardware;
    net.operator[node.id] = node.operator;
    net.validators[node.id] = node.validators;
    net.active[node.id] = node.active ? 1 : 0;
    net.overloadedEpochs[node.id] = node.overloadedEpochs;
  }
  derivedNodes.set(net, { population, links: null, verifyUs: null });
}

/** The links for gossip at `slot`: a node is online when active and outside the outage (read-only). */
export function linksOf(net: NetworkState, config: MatchConfig, slot: number): LinkTable {
  const outage = inOutage(config, slot) ? config.outageRegion : -1;
  const derived = derivedOf(net, config.operators);
  if (derived.links?.outage !== outage) {
    const table = {
      region: Int32Array.from(net.region),
      downBps: Float64Array.from(net.downBps),
      upBps: Float64Array.from(net.upBps),
      online: Uint8Array.from(net.active, (active, id) => (active && net.region[id] !== outage ? 1 : 0)),
    };
    derived.links = { table, outage };
  }
  return derived.links.table;
}

/** Each node's execution time of a block (read-only). */
function verifyUsOf(net: NetworkState, params: NetworkParams): Float64Array {
  const derived = derivedOf(net, params.operators);
  derived.verifyUs ??= verificationUs(derived.population, params);
  return derived.verifyUs;
}

const graphs = new Map<string, PeerGraph>();
const GRAPHS_KEPT = 8;

/** The peer graph: a pure function of the seed, node count and degree, so derived (and cached), not stored. */
export function peerGraphOf(state: EngineState): PeerGraph {
  const key = `${state.seed}\u0000${state.config.nodes}\u0000${state.config.peerDegree}`;
  let graph = graphs.get(key);
  if (!graph) {
    graph = buildPeerGraph(
      state.config.nodes,
      state.config.peerDegree,
      new Rng({ rng: seedRng(`${key}/peers`) }),
    );
    if (graphs.size >= GRAPHS_KEPT) graphs.delete(graphs.keys().next().value as string);
    graphs.set(key, graph);
  }
  return graph;
}

/** The model's view of the engine's network at `slot`, for its slot and epoch functions. */
export function modelOf(state: EngineState, net: NetworkState, slot: number, blobs = 0) {
  const params = networkParamsOf(state.config, slot, blobs);
  const model: Pick<
    Network,
    "params" | "population" | "graph" | "links" | "verifyUs" | "copiesIn" | "copiesOut" | "slotsThisEpoch"
  > = {
    params,
    population: populationOf(net, state.config.operators),
    graph: peerGraphOf(state),
    links: linksOf(net, state.config, slot),
    verifyUs: verifyUsOf(net, params),
    copiesIn: Float64Array.from(net.copiesIn),
    copiesOut: Float64Array.from(net.copiesOut),
    slotsThisEpoch: net.slotsThisEpoch,
  };
  return model;
}

/**
 * Each engine validator's node: a player seat's validators share one node (a validator seat's a home
 * node, any other seat's a server, in node order); the background seat's are dealt over the servers.
 */
function placeValidators(owners: readonly string[], seats: readonly SeatSpec[], net: NetworkState): number[] {
  const homes = net.kind.flatMap((kind, id) => (kind === 0 ? [id] : []));
  const servers = net.kind.flatMap((kind, id) => (kind === 1 ? [id] : []));
  const stakers = [...homes, ...servers];
  const seatNode = new Map<string, number>();
  let nextHome = 0;
  let nextServer = 0;
  for (const seat of seats) {
    const pool = seat.role === "validator" && nextHome < homes.length ? homes : servers;
    const node = pool === homes ? homes[nextHome++] : servers[nextServer++ % Math.max(1, servers.length)];
    seatNode.set(seat.id, node ?? stakers[0]);
  }
  let dealt = 0;
  return owners.map((seat) => {
    const node = seat === BACKGROUND_SEAT ? undefined : seatNode.get(seat);
    if (node !== undefined) return node;
    const pool = servers.length > 0 ? servers : stakers;
    return pool[dealt++ % pool.length];
  });
}

/** Bandwidth figures before an epoch has measured any, or with no node left to measure. */
export const NOT_MEASURED: BandwidthPercentiles = {
  downloadP50Mbps: -1,
  downloadP90Mbps: -1,
  uploadP50Mbps: -1,
  uploadP90Mbps: -1,
};

/** The match's nodes at genesis, from the seed; null for a synchronous match. */
export function createNetworkState(
  config: MatchConfig,
  seed: string,
  seats: readonly SeatSpec[],
  owners: readonly string[],
): NetworkState | null {
  if (config.synchronous) return null;
  const holder = { rng: seedRng(`${seed}/network`) };
  const population = createPopulation(networkParamsOf(config, 0), new Rng(holder));
  const size = population.nodes.length;
  const zeros = () => new Array<number>(size).fill(0);
  const net: NetworkState = {
    rng: holder.rng,
    kind: zeros(),
    region: zeros(),
    downBps: zeros(),
    upBps: zeros(),
    hardware: zeros(),
    operator: zeros(),
    validators: zeros(),
    active: zeros(),
    overloadedEpochs: zeros(),
    lagging: zeros(),
    validatorNode: [],
    copiesIn: zeros(),
    copiesOut: zeros(),
    slotsThisEpoch: 0,
    blobsThisEpoch: 0,
    bandwidth: { withoutSampling: { ...NOT_MEASURED }, withSampling: { ...NOT_MEASURED } },
    withheld: [],
    partition: null,
    waitingTransfers: 0,
    reach: [],
    lastSlot: {
      slot: -1,
      proposerNode: -1,
      publishMs: 0,
      arrivalMs: [],
      timely: 0,
      missed: 0,
      missedByRegion: [],
    },
    totals: {
      blocks: 0,
      orphanedBlocks: 0,
      lateBlocks: 0,
      headVotes: 0,
      missedHeadVotes: 0,
      reorgs: 0,
      maxReorgDepth: 0,
    },
  };
  storePopulation(net, population);
  net.validatorNode = placeValidators(owners, seats, net);
  return net;
}
