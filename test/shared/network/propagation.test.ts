import { describe, expect, it } from "vitest";
import { graphFromEdges, type LinkTable, propagate } from "../../../shared/network/index.ts";

// Four nodes: 0 and 1 in North America, 2 and 3 in Europe; links 0–1, 0–2, 1–3, 2–3; every link 8 Mbit/s.
// SimBlock 2019 latencies: NA–NA 32 ms, NA–EU 124 ms, EU–EU 11 ms.
const graph = graphFromEdges(4, [
  [0, 1],
  [0, 2],
  [1, 3],
  [2, 3],
]);
const links: LinkTable = {
  region: Int32Array.from([0, 0, 1, 1]),
  downBps: Float64Array.from([8e6, 8e6, 8e6, 8e6]),
  upBps: Float64Array.from([8e6, 8e6, 8e6, 8e6]),
  online: Uint8Array.from([1, 1, 1, 1]),
};

describe("gossip propagation on a hand-built graph", () => {
  it("gives the hand-computed first arrivals", () => {
    // 1,000 bytes = 8,000 bits. The publisher splits its upload over 2 peers (4 Mbit/s: 2,000 µs);
    // a relay forwards to its one other peer at the full 8 Mbit/s (1,000 µs).
    const { arrivalUs, parent } = propagate(graph, links, {
      bytes: 1000,
      verifyUs: null,
      sources: [{ node: 0, atUs: 0 }],
    });
    // 0→1: 32,000 + 2,000. 0→2: 124,000 + 2,000. 3 via 2: 126,000 + 11,000 + 1,000 = 138,000
    // beats 3 via 1: 34,000 + 124,000 + 1,000 = 159,000.
    expect(Array.from(arrivalUs)).toEqual([0, 34_000, 126_000, 138_000]);
    expect(Array.from(parent)).toEqual([-1, 0, 0, 2]);
  });

  it("verifies a block on each node before it forwards it and before the node counts it as had", () => {
    const verifyUs = Float64Array.from([500, 500, 500, 500]);
    const { arrivalUs } = propagate(graph, links, { bytes: 1000, verifyUs, sources: [{ node: 0, atUs: 0 }] });
    // 2 forwards at 126,500; 3 receives at 138,500 and has it verified at 139,000. The publisher built it.
    expect(Array.from(arrivalUs)).toEqual([0, 34_500, 126_500, 139_000]);
  });

  it("never reaches an offline node, nor anything only it could reach", () => {
    const cut = { ...links, online: Uint8Array.from([1, 0, 0, 1]) };
    const { arrivalUs } = propagate(graph, cut, {
      bytes: 1000,
      verifyUs: null,
      sources: [{ node: 0, atUs: 0 }],
    });
    expect(Array.from(arrivalUs)).toEqual([0, Infinity, Infinity, Infinity]);
  });

  it("starts from a late publisher's publishing time", () => {
    const { arrivalUs } = propagate(graph, links, {
      bytes: 1000,
      verifyUs: null,
      sources: [{ node: 0, atUs: 5000 }],
    });
    expect(arrivalUs[3]).toBe(143_000);
  });
});
