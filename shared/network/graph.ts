// The seeded peer graph: each node dials degree/2 random peers, links are two-way, so the mean degree ≈ degree.
import type { Rng } from "../random.ts";

/** Compressed adjacency: node u's peers are targets[offsets[u] … offsets[u + 1]), sorted ascending. */
export interface PeerGraph {
  size: number;
  offsets: Int32Array;
  targets: Int32Array;
}

/** A graph from explicit undirected edges (for hand-built tests and the random builder alike). */
export function graphFromEdges(size: number, edges: readonly (readonly [number, number])[]): PeerGraph {
  const peers: Set<number>[] = Array.from({ length: size }, () => new Set());
  for (const [u, v] of edges) {
    if (u === v) continue;
    peers[u].add(v);
    peers[v].add(u);
  }
  const offsets = new Int32Array(size + 1);
  for (let u = 0; u < size; u++) offsets[u + 1] = offsets[u] + peers[u].size;
  const targets = new Int32Array(offsets[size]);
  for (let u = 0; u < size; u++)
    targets.set(
      [...peers[u]].sort((a, b) => a - b),
      offsets[u],
    );
  return { size, offsets, targets };
}

/** Random outbound dials, ceil(degree / 2) per node, to distinct other nodes. */
export function buildPeerGraph(size: number, degree: number, rng: Rng): PeerGraph {
  const dials = Math.min(Math.ceil(degree / 2), size - 1);
  const edges: [number, number][] = [];
  for (let u = 0; u < size; u++) {
    const chosen = new Set<number>();
    while (chosen.size < dials) {
      const v = rng.int(size - 1);
      chosen.add(v >= u ? v + 1 : v);
    }
    for (const v of chosen) edges.push([u, v]);
  }
  return graphFromEdges(size, edges);
}

export function degreeOf(graph: PeerGraph, u: number): number {
  return graph.offsets[u + 1] - graph.offsets[u];
}
