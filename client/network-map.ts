// The network on the facilitator's screens (issue 14's screen; the model: docs/network.md): the nodes on a
// world map by region, each coloured keeping up / lagging / gone, the slot's block spreading over them as
// it arrived at each node; the trilemma's triangle; and the decentralization figures. Drawn as SVG from the
// arena's synced `network` view, the land from Natural Earth (world-atlas, bundled: nothing is fetched).
import { geoEqualEarth, geoPath } from "d3-geo";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import land110m from "world-atlas/land-110m.json";
import { REGIONS } from "../shared/network/inputs.ts";
import type { ArenaNetwork } from "../shared/present/arena.ts";
import { h } from "./dom.ts";

type NetNodeSnap = ArenaNetwork["sample"][number];

/** A box of land in each of the model's regions (shared/network/inputs.ts) to scatter its nodes on. */
const REGION_BOXES: Record<(typeof REGIONS)[number], { lon: [number, number]; lat: [number, number] }> = {
  "North America": { lon: [-122, -75], lat: [30, 50] },
  Europe: { lon: [-8, 28], lat: [40, 58] },
  "South America": { lon: [-70, -40], lat: [-32, -5] },
  "Asia Pacific": { lon: [75, 120], lat: [8, 35] },
  Japan: { lon: [131, 141], lat: [33, 40] },
  Australia: { lon: [116, 150], lat: [-36, -22] },
};

export const STATUS_COLOURS: Record<string, string> = {
  "keeping-up": "#3fc27a",
  lagging: "#f0a030",
  gone: "#5a6070",
};

const WIDTH = 640;
const HEIGHT = 330;
const SVG = "http://www.w3.org/2000/svg";
/** A node's flash as the block reaches it: larger and white (red when it came after the vote deadline). */
const FLASH: Keyframe[] = [{ transform: "scale(2.4)", fill: "#ffffff" }, { transform: "scale(1)" }];
const LATE_FLASH: Keyframe[] = [{ transform: "scale(2.4)", fill: "#ff7b7f" }, { transform: "scale(1)" }];
const FLASH_MS = 400;
/** Below this live slot length the flashes would overlap: the map shows colours only. */
const MIN_ANIMATED_SLOT_MS = 2 * FLASH_MS;
/** Where a throughput sits on the triangle's throughput axis: tx/s on a log scale up to this. */
const THROUGHPUT_FULL_SCALE = 10_000;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>) {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, String(value));
  return element;
}

const projection = geoEqualEarth().fitSize([WIDTH, HEIGHT], { type: "Sphere" });
const landTopology = land110m as unknown as Topology<{ land: GeometryCollection }>;
const LAND_PATH = geoPath(projection)(feature(landTopology, landTopology.objects.land)) ?? "";

/** A node's place: a fixed point in its region's box, spread evenly by its id (the R2 sequence). */
function nodePoint(node: NetNodeSnap): [number, number] {
  const region = REGION_BOXES[REGIONS[node.region] ?? REGIONS[0]];
  const u = (0.5 + node.id * 0.7548776662) % 1;
  const v = (0.5 + node.id * 0.5698402909) % 1;
  const lon = region.lon[0] + u * (region.lon[1] - region.lon[0]);
  const lat = region.lat[0] + v * (region.lat[1] - region.lat[0]);
  return projection([lon, lat]) ?? [0, 0];
}

const percent = (share: number) => `${Math.round(share * 100)}%`;
/** Per-node download and upload, median / 90th percentile; -1 is "no epoch has ended yet". */
const bandwidth = (b: ArenaNetwork["withSampling"]) =>
  b.downloadP50Mbps < 0
    ? "—"
    : `↓ ${b.downloadP50Mbps.toFixed(1)} / ${b.downloadP90Mbps.toFixed(1)} · ↑ ${b.uploadP50Mbps.toFixed(1)} / ${b.uploadP90Mbps.toFixed(1)} Mbit/s`;
/** Simulated time; -1 is "no block arrived anywhere yet". */
const seconds = (ms: number) => (ms < 0 ? "—" : `${(ms / 1000).toFixed(1)} s`);

/** The three corners of the trilemma, each 0–1, as the triangle draws them. */
function trilemmaCorners(network: ArenaNetwork): {
  decentralization: number;
  throughput: number;
  security: number;
} {
  const tps = network.l1TxPerSecond + network.l2TxPerSecond;
  const orphanShare = network.orphanedBlocks / Math.max(1, network.blocks);
  return {
    decentralization: network.keepUpShare,
    throughput: Math.min(1, Math.log10(1 + tps) / Math.log10(1 + THROUGHPUT_FULL_SCALE)),
    security: 1 - Math.min(1, Math.max(orphanShare, network.missedHeadVoteShare)),
  };
}

/** The map, the triangle and the figures, for the dashboard and the projector view. */
export class NetworkPanel {
  readonly element = h("section", { class: "network", "aria-label": "the network" });
  private readonly map = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "world", role: "img" });
  private readonly nodeLayer = svg("g", { class: "nodes" });
  private readonly circles = new Map<number, SVGCircleElement>();
  private readonly triangle = svg("svg", { viewBox: "0 0 220 190", class: "triangle", role: "img" });
  private readonly area = svg("polygon", { class: "reached" });
  private readonly figures = h("dl", { class: "figures" });
  private readonly note = h("p", { class: "hint" });
  private spreadSlot = -1;

  constructor() {
    this.map.append(svg("path", { d: LAND_PATH, class: "land" }), this.nodeLayer);
    this.map.setAttribute("aria-label", "nodes on a world map, by region");
    this.drawTriangleFrame();
    const legend = h(
      "p",
      { class: "hint map-legend" },
      ...Object.entries(STATUS_COLOURS).map(([status, colour]) =>
        h("span", {}, h("i", { style: `background:${colour}` }), ` ${status} `),
      ),
      "· a flash: the slot's block reaching the node (red: after the vote deadline)",
    );
    this.element.append(
      h("h2", {}, "The network"),
      this.note,
      this.map,
      legend,
      h("div", { class: "trilemma" }, this.triangle, this.figures),
    );
  }

  /** The corners' names and the frame; the reached area is redrawn each slot. */
  private drawTriangleFrame(): void {
    const corners = [
      [110, 18, "decentralization", "middle"],
      [14, 172, "throughput", "start"],
      [206, 172, "security", "end"],
    ] as const;
    this.triangle.setAttribute("aria-label", "the trilemma: decentralization, throughput, security");
    this.triangle.append(
      svg("polygon", { points: corners.map(([x, y]) => `${x},${y}`).join(" "), class: "frame" }),
      this.area,
      ...corners.map(([x, y, name, anchor]) => {
        const label = svg("text", { x, y: y < 100 ? y - 6 : y + 14, "text-anchor": anchor });
        label.textContent = name;
        return label;
      }),
    );
  }

  /**
   * Shows a slot's network: each node's status colour, the block's arrival spreading over them (simulated
   * ms scaled into the live slot), the triangle and the figures. Absent or not enabled: the synchronous network.
   */
  update(
    network: ArenaNetwork | undefined,
    slot: number,
    live: { slotMs: number; networkSlotMs: number },
  ): void {
    this.element.classList.toggle("synchronous", !network?.enabled);
    if (!network?.enabled) {
      this.note.textContent =
        "Synchronous network: every message arrives within its slot, so there are no nodes to show.";
      return;
    }
    const pace =
      live.slotMs < MIN_ANIMATED_SLOT_MS
        ? "slots too short to play the block's arrival"
        : `each slot the block's arrival plays at ${(live.networkSlotMs / live.slotMs).toFixed(1)}× speed`;
    this.note.textContent = `${network.sample.length} of ${network.nodes} nodes shown, placed by region; ${pace}.`;
    for (const node of network.sample) this.showNode(node);
    if (slot !== this.spreadSlot) {
      this.spreadSlot = slot;
      this.spread(network.sample, live);
    }
    this.showTriangle(trilemmaCorners(network));
    this.showFigures(network);
  }

  private showNode(node: NetNodeSnap): void {
    let circle = this.circles.get(node.id);
    if (!circle) {
      const [x, y] = nodePoint(node);
      circle = svg("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: 3.2, "data-node": node.id });
      this.circles.set(node.id, circle);
      this.nodeLayer.append(circle);
    }
    if (circle.dataset.status !== node.status) {
      circle.dataset.status = node.status;
      circle.setAttribute("fill", STATUS_COLOURS[node.status] ?? STATUS_COLOURS.gone);
    }
  }

  /**
   * Flashes each node when the slot's block reached it (simulated ms scaled into the live slot; red after the
   * vote deadline, a third of the slot). Slots shorter than a flash are not animated: the colours still tell.
   */
  private spread(nodes: NetNodeSnap[], live: { slotMs: number; networkSlotMs: number }): void {
    if (live.slotMs < MIN_ANIMATED_SLOT_MS) return;
    const toLive = live.slotMs / live.networkSlotMs;
    const deadline = live.networkSlotMs / 3;
    for (const node of nodes) {
      const circle = this.circles.get(node.id);
      if (!circle || node.arrivalMs < 0) continue;
      const flash = node.arrivalMs > deadline ? LATE_FLASH : FLASH;
      circle.animate(flash, { duration: FLASH_MS, delay: node.arrivalMs * toLive, easing: "ease-out" });
    }
  }

  private showTriangle(corners: ReturnType<typeof trilemmaCorners>): void {
    const centre = [110, 120];
    const toward = ([x, y]: readonly number[], share: number) =>
      `${(centre[0] + (x - centre[0]) * share).toFixed(1)},${(centre[1] + (y - centre[1]) * share).toFixed(1)}`;
    this.area.setAttribute(
      "points",
      [
        toward([110, 18], corners.decentralization),
        toward([14, 172], corners.throughput),
        toward([206, 172], corners.security),
      ].join(" "),
    );
    this.area.dataset.corners = JSON.stringify(corners);
  }

  private showFigures(network: ArenaNetwork): void {
    const rows: [string, string, string][] = [
      [
        "Nodes keeping up",
        percent(network.keepUpShare),
        "of the starting population; gone nodes do not keep up",
      ],
      [
        "Nakamoto coefficient",
        `${network.nakamoto33} / ${network.nakamoto50}`,
        "fewest operators holding over ⅓ / over ½ of the stake",
      ],
      ["Gini of stake", network.gini.toFixed(2), "by operator: 0 equal, 1 one operator holds it all"],
      ["In datacenters", percent(network.datacenterShare), "share of the stake on datacenter servers"],
      [
        "Bandwidth, full blobs",
        bandwidth(network.withoutSampling),
        `median / 90th percentile node's download and upload, last epoch, every node fetching every blob${network.sampling ? " (what the same nodes would load: this match samples)" : " (this match)"}`,
      ],
      [
        "Bandwidth, sampling",
        bandwidth(network.withSampling),
        `the same with PeerDAS sampling${network.sampling ? " (this match)" : " (what the same nodes would load for the same blobs)"}`,
      ],
      [
        "Cheapest node keeping up",
        network.cheapestKeepingUpUsd < 0 ? "—" : `$${network.cheapestKeepingUpUsd.toFixed(0)} / month`,
        "hardware rent plus purchase over its lifetime",
      ],
      [
        "Block arrival",
        `${seconds(network.arrivalP50Ms)} / ${seconds(network.arrivalP95Ms)}`,
        "median / 95th percentile node, simulated time",
      ],
      ["Missed head votes", percent(network.missedHeadVoteShare), "votes cast before the block had arrived"],
      ["Orphaned blocks", String(network.orphanedBlocks), "blocks a later proposer built around"],
      [
        "Throughput",
        `L1 ${network.l1TxPerSecond.toFixed(0)} · L2 ${network.l2TxPerSecond.toFixed(0)} tx/s`,
        "transactions a second on each layer",
      ],
    ];
    this.figures.replaceChildren(
      ...rows.flatMap(([name, value, meaning]) => [
        h("dt", { title: meaning }, name),
        h("dd", { "data-figure": name }, value),
      ]),
    );
  }
}
