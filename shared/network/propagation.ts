// Gossip: first-arrival times of one message at every node, by an event queue (Dijkstra on the message's
// per-hop weights). A hop u→v costs latency(region u, region v) + size / min(upload_u / fanout_u, download_v),
// where fanout_u is u's peers but the one it got the message from (all of them for the publisher);
// a block is verified on arrival before it is forwarded. Times are integer microseconds; ties go to the
// lower node index, so the result is deterministic.

import { degreeOf, type PeerGraph } from "./graph.ts";
import { REGION_LATENCY_MS } from "./inputs.ts";

/** Per-node facts the hop costs need, as typed arrays for speed. */
export interface LinkTable {
  region: Int32Array;
  downBps: Float64Array;
  upBps: Float64Array;
  /** False for a node that is gone or cut off: it neither receives nor forwards. */
  online: Uint8Array;
}

export interface Message {
  bytes: number;
  /** Per-node verification time in µs before forwarding (a block's execution); null for none. */
  verifyUs: Float64Array | null;
  /** Publishing nodes and when they publish, µs into the slot. */
  sources: readonly { node: number; atUs: number }[];
}

export interface Arrivals {
  /** When each node has the message (after verification for a block), µs; Infinity if never. */
  arrivalUs: Float64Array;
  /** The peer each node got it from first; -1 for a source or a node it never reached. */
  parent: Int32Array;
}

const LATENCY_US = REGION_LATENCY_MS.map((row) => row.map((ms) => ms * 1000));

/** One hop's cost in µs: region latency plus the transfer over the bottleneck of u's upload share and v's download. */
export function hopUs(links: LinkTable, u: number, v: number, bytes: number, fanout: number): number {
  const bottleneckBps = Math.min(links.upBps[u] / fanout, links.downBps[v]);
  return LATENCY_US[links.region[u]][links.region[v]] + Math.ceil((bytes * 8 * 1e6) / bottleneckBps);
}

/** First arrival of `message` at every node. */
export function propagate(graph: PeerGraph, links: LinkTable, message: Message): Arrivals {
  const arrivalUs = new Float64Array(graph.size).fill(Number.POSITIVE_INFINITY);
  const parent = new Int32Array(graph.size).fill(-1);
  const done = new Uint8Array(graph.size);
  const queue = new EventQueue(graph.size);
  for (const { node, atUs } of message.sources) {
    if (links.online[node] && atUs < arrivalUs[node]) {
      arrivalUs[node] = atUs;
      queue.push(node, atUs);
    }
  }
  while (queue.length > 0) {
    const u = queue.pop();
    if (done[u]) continue;
    done[u] = 1;
    const relays = parent[u] >= 0;
    const forwardAt = arrivalUs[u] + (message.verifyUs && relays ? message.verifyUs[u] : 0);
    const fanout = Math.max(1, degreeOf(graph, u) - (relays ? 1 : 0));
    for (let e = graph.offsets[u]; e < graph.offsets[u + 1]; e++) {
      const v = graph.targets[e];
      if (done[v] || !links.online[v]) continue;
      const at = forwardAt + hopUs(links, u, v, message.bytes, fanout);
      if (at < arrivalUs[v]) {
        arrivalUs[v] = at;
        parent[v] = u;
        queue.push(v, at);
      }
    }
  }
  if (message.verifyUs) addOwnVerification(arrivalUs, parent, message.verifyUs);
  return { arrivalUs, parent };
}

/** A block counts as had once the node itself has verified it (the source built it, so no wait there). */
function addOwnVerification(arrivalUs: Float64Array, parent: Int32Array, verifyUs: Float64Array): void {
  for (let v = 0; v < arrivalUs.length; v++) if (parent[v] >= 0) arrivalUs[v] += verifyUs[v];
}

/** A binary min-heap of (time, node), ties broken by the lower node; stale entries are skipped by the caller. */
export class EventQueue {
  private times: Float64Array;
  private nodes: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.times = new Float64Array(Math.max(16, capacity * 2));
    this.nodes = new Int32Array(this.times.length);
  }

  push(node: number, time: number): void {
    if (this.length === this.times.length) this.grow();
    const times = this.times;
    const nodes = this.nodes;
    let i = this.length++;
    while (i > 0) {
      const up = (i - 1) >> 1;
      const upTime = times[up];
      if (upTime < time || (upTime === time && nodes[up] < node)) break;
      times[i] = upTime;
      nodes[i] = nodes[up];
      i = up;
    }
    times[i] = time;
    nodes[i] = node;
  }

  pop(): number {
    const times = this.times;
    const nodes = this.nodes;
    const top = nodes[0];
    const length = --this.length;
    const time = times[length];
    const node = nodes[length];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= length) break;
      const right = child + 1;
      if (
        right < length &&
        (times[right] < times[child] || (times[right] === times[child] && nodes[right] < nodes[child]))
      ) {
        child = right;
      }
      const childTime = times[child];
      if (time < childTime || (time === childTime && node < nodes[child])) break;
      times[i] = childTime;
      nodes[i] = nodes[child];
      i = child;
    }
    times[i] = time;
    nodes[i] = node;
    return top;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    const nodes = new Int32Array(times.length);
    times.set(this.times);
    nodes.set(this.nodes);
    this.times = times;
    this.nodes = nodes;
  }
}
