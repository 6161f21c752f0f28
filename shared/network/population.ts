// The node population: home stakers, operators' servers and non-staking full nodes, drawn from the inputs.
import type { Rng } from "../random.ts";
import {
  CROMAN_BANDWIDTH_QUANTILES,
  DATACENTER_LINK_BPS,
  HARDWARE_CLASSES,
  REGION_DOWNLOAD_BPS,
  REGION_SHARE,
  REGION_UPLOAD_BPS,
} from "./inputs.ts";
import type { NetworkParams } from "./params.ts";

export type NodeKind = "home" | "server" | "full";

export interface NetNode {
  id: number;
  kind: NodeKind;
  region: number;
  downBps: number;
  upBps: number;
  /** Index into HARDWARE_CLASSES. */
  hardware: number;
  /** The entity that owns the node's stake; -1 for a full node. Pools are 0 … operators − 1. */
  operator: number;
  validators: number;
  active: boolean;
  overloadedEpochs: number;
}

export interface Population {
  nodes: NetNode[];
  /** Pool operators' ids (0 … operators − 1); home stakers have ids from `operators` on. */
  pools: number[];
}

/** A region drawn by the nodes' regional shares. */
export function drawRegion(rng: Rng): number {
  let u = rng.next();
  for (let region = 0; region < REGION_SHARE.length - 1; region++) {
    u -= REGION_SHARE[region];
    if (u < 0) return region;
  }
  return REGION_SHARE.length - 1;
}

/** Croman's bandwidth at quantile q, log-linear through the measured points (extrapolated past the ends). */
export function cromanMbps(q: number): number {
  const points = CROMAN_BANDWIDTH_QUANTILES;
  const segment = q <= points[1][0] ? 0 : 1;
  const [q0, b0] = points[segment];
  const [q1, b1] = points[segment + 1];
  return Math.exp(Math.log(b0) + ((q - q0) / (q1 - q0)) * (Math.log(b1) - Math.log(b0)));
}

/** A home connection: the region's median scaled by Croman's spread around its median. */
export function drawHomeLink(rng: Rng, region: number): { downBps: number; upBps: number } {
  const q = 0.01 + 0.98 * rng.next();
  const factor = cromanMbps(q) / cromanMbps(0.5);
  return {
    downBps: Math.round(REGION_DOWNLOAD_BPS[region] * factor),
    upBps: Math.round(REGION_UPLOAD_BPS[region] * factor),
  };
}

function makeNode(id: number, kind: NodeKind, rng: Rng, operator: number, validators: number): NetNode {
  const region = drawRegion(rng);
  const link =
    kind === "server"
      ? { downBps: DATACENTER_LINK_BPS, upBps: DATACENTER_LINK_BPS }
      : drawHomeLink(rng, region);
  const hardware = kind === "full" ? 0 : kind === "home" ? 1 : 2;
  return { id, kind, region, ...link, hardware, operator, validators, active: true, overloadedEpochs: 0 };
}

/** Home stakers first, then full nodes, then operators' servers, each server owned by a random pool. */
export function createPopulation(params: NetworkParams, rng: Rng): Population {
  const homes = Math.round(params.nodes * params.homeStakerShare);
  const fulls = Math.round(params.nodes * params.fullNodeShare);
  const nodes: NetNode[] = [];
  for (let i = 0; i < params.nodes; i++) {
    if (i < homes) nodes.push(makeNode(i, "home", rng, params.operators + i, 1));
    else if (i < homes + fulls) nodes.push(makeNode(i, "full", rng, -1, 0));
    else nodes.push(makeNode(i, "server", rng, rng.int(params.operators), params.validatorsPerServer));
  }
  return { nodes, pools: Array.from({ length: params.operators }, (_, i) => i) };
}

/** What the node's hardware costs a month: rent plus purchase amortized over its lifetime. */
export function monthlyCostUsd(node: NetNode, lifetimeMonths: number): number {
  const hardware = HARDWARE_CLASSES[node.hardware];
  return hardware.monthlyUsd + hardware.hardwareUsd / lifetimeMonths;
}
