// What each role receives (docs/rules.md, "What each role sees"), through a real server and SDK clients: every
// field of the synced state, as a spectator, a player and the referee (a facilitator without a seat) get it,
// and every field of a player's PlayerView, must be on a list of what that audience may see. A field not on its
// list fails, and so does a secret in a listed field: a pending attack, a released count before a verdict, the
// seed or a bot's strategy before the match ends.
import { Client, type Room } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/main.ts";
import { BLOB_VERDICTS, type PlayerView } from "../../shared/index.ts";
import { applyDelta, type DeltaOp } from "../../shared/present/view-delta.ts";
import { ready, startTestServer, until } from "./helpers.ts";

/** Leaf paths of the synced state anyone may receive; `*` stands for one map key or array index. */
const PUBLIC_STATE = [
  "slot",
  "epoch",
  "slotsTotal",
  "slotsPerEpoch",
  "slotMs",
  "nextSlotAt",
  "justifiedEpoch",
  "finalizedEpoch",
  "head",
  "stateRoot",
  "phase",
  "seed",
  "preset",
  "config",
  "round",
  ...fields("blocks.*", "slot proposer parent canonical justified finalized"),
  ...fields(
    "seats.*",
    "id name role strategy controller replacedByBot autopilot score validatorCount breakdown.*",
  ),
  ...fields("feed.*", "seq slot type text"),
  ...fields("rollups.*", "id kind pending txsFinalized bonded.* ejected.*"),
  ...fields("batches.*", "rollup seat postedSlot status txCount inBlobs provedSlot finalSlot"),
  ...fields(
    "disputes.*",
    "batch rollup challenger defender openedSlot lo hi turn clockDefender clockChallenger rounds status",
  ),
  ...fields("blobs.*", "shard slot batch txCount released verdict"),
  ...fields("shards.*", "index fee excess used"),
  ...fields("attacks.*", "kind by slot outcome detectedSlot"),
  // The network's aggregates and node sample: what a public network observer measures (docs/network.md, "Wired").
  ...fields(
    "network",
    "enabled nodes keepUpShare activeShare nakamoto33 nakamoto50 gini datacenterShare arrivalP50Ms arrivalP95Ms blocks orphanedBlocks lateBlocks missedHeadVoteShare sampling cheapestKeepingUpUsd reorgs maxReorgDepth l1TxPerSecond l2TxPerSecond",
  ),
  ...["withoutSampling", "withSampling"].flatMap((mode) =>
    fields(`network.${mode}`, "downloadP50Mbps downloadP90Mbps uploadP50Mbps uploadP90Mbps"),
  ),
  ...fields("network.regions.*", "region keepingUp lagging gone"),
  ...fields("network.sample.*", "id region kind status arrivalMs"),
];

/** What the seat's own player receives besides: its purse and duties, under its own seat only. */
const OWN_SEAT = (seat: string) =>
  fields(`seats.${seat}.private`, "balance locked validators.* proposeSlots.* attestSlots.*");

const REFEREE = [
  "referee.seed",
  ...fields("referee.pendingAttacks.*", "kind by slot outcome detectedSlot"),
  "referee.released.*",
  "referee.batchValid.*",
  "referee.strategies.*",
];

const ACTION_FIELDS =
  "type validator offense evidence.* rollup txs.* calldata batch dispute root agree from to amount watching";
const TX_FIELDS = "id from to amount fee nonce forced sentSlot";
const CHECKPOINT = (at: string) => [`${at}.epoch`, `${at}.root`];
const ATTESTATION_DATA = (at: string) => [
  `${at}.slot`,
  `${at}.head`,
  ...CHECKPOINT(`${at}.source`),
  ...CHECKPOINT(`${at}.target`),
];

/** Leaf paths of a PlayerView (shared/view.ts), the seat's own part included. */
const PLAYER_VIEW = [
  "slot",
  "epoch",
  "slotsTotal",
  "config.*",
  ...fields("seat", "id role strategy balance locked"),
  ...fields("seat.validators.*", "index stake slashed active proposeSlots.* attestSlots.*"),
  "duties.propose.*",
  "duties.attest.*",
  "attestationData",
  ...ATTESTATION_DATA("attestationData"),
  "head",
  ...CHECKPOINT("justified"),
  ...CHECKPOINT("finalized"),
  "checkpointRoots.*",
  ...fields("blocks.*", "id slot proposer parent graffiti userTransfers attestations.* operations.*"),
  ...fields("attestations.*", "id type validator"),
  ...ATTESTATION_DATA("attestations.*"),
  ...fields("mempool.*", "id seat submittedSlot"),
  ...fields("mempool.*.action", ACTION_FIELDS),
  ...fields("validators.*", "index stake slashed active"),
  ...fields("l2.rollups.*", "id kind balances.* nonces.* capacity bonded.* ejected.*"),
  ...fields("l2.rollups.*.pending.*", TX_FIELDS),
  ...fields(
    "l2.rollups.*.batches.*",
    "id rollup seat postedSlot txCount preRoot trace.* traceRoot postRoot blobs.* inBlobs status provableSlot provedSlot finalSlot data",
  ),
  ...fields("l2.rollups.*.batches.*.data", "preBalances.* preNonces.*"),
  ...fields("l2.rollups.*.batches.*.data.txs.*", TX_FIELDS),
  ...fields("l2.inbox.*", TX_FIELDS),
  ...fields(
    "l2.disputes.*",
    "id batch rollup challenger defender openedSlot lo hi claims.* turn clocks.defender clocks.challenger rounds bonds.defender bonds.challenger status resolvedSlot",
  ),
  ...fields("l2.blobs.*", "id shard slot batch txCount released verdict"),
  ...fields("l2.shards.*", "excess fee used"),
  ...fields("l2.samples.*", "blob validator released.*"),
  "l2.watching",
];

function fields(at: string, names: string): string[] {
  return names.split(" ").map((name) => `${at}.${name}`);
}

/** Every leaf of plain data, as its path of keys (array indices as `*`: views hold long lists). */
function leaves(value: unknown, path = "", found = new Set<string>()): Set<string> {
  if (value === null || typeof value !== "object") found.add(path);
  else if (Array.isArray(value)) for (const item of value) leaves(item, `${path}.*`, found);
  else for (const [key, item] of Object.entries(value)) leaves(item, path ? `${path}.${key}` : key, found);
  return found;
}

/** Whether a path is on a list, remembered by path: the same ids come back patch after patch. */
function listChecker(allowed: string[]): (path: string) => boolean {
  const patterns = allowed.map((pattern) => pattern.split("."));
  const known = new Map<string, boolean>();
  return (path) => {
    let listed = known.get(path);
    if (listed === undefined) {
      const parts = path.split(".");
      listed = patterns.some(
        (pattern) => pattern.length === parts.length && pattern.every((p, i) => p === "*" || p === parts[i]),
      );
      known.set(path, listed);
    }
    return listed;
  };
}

/** The paths of `value` that `listed` refuses. */
function unlisted(value: unknown, listed: (path: string) => boolean): string[] {
  return [...leaves(value)].filter((path) => !listed(path));
}

type StateJson = {
  phase: string;
  seed: string;
  seats: Record<string, { id: string; name: string; strategy: string; controller: string }>;
  attacks: Record<string, { outcome: string }>;
  blobs: Record<string, { released?: number; verdict: number }>;
  referee?: {
    pendingAttacks?: Record<string, unknown>;
    released?: Record<string, number>;
    batchValid?: Record<string, boolean>;
  };
};

/** The secrets a listed field of the public part may still carry while the match plays. */
function publicSecrets(state: StateJson): string[] {
  const problems: string[] = [];
  for (const [key, attack] of Object.entries(state.attacks ?? {}))
    if (attack.outcome === "pending") problems.push(`attack ${key} shown pending`);
  for (const [id, blob] of Object.entries(state.blobs ?? {}))
    if (BLOB_VERDICTS[blob.verdict] === "pending" && blob.released !== undefined)
      problems.push(`blob ${id}'s released chunks shown before its verdict`);
  if (state.phase === "running") {
    if (state.seed !== "") problems.push("the seed shown while the match plays");
    for (const seat of Object.values(state.seats ?? {})) {
      if (seat.strategy !== "") problems.push(`${seat.id}'s strategy shown while the match plays`);
      if (seat.controller === "bot" && seat.name !== seat.id) problems.push(`${seat.id} named after its bot`);
    }
  }
  return problems;
}

/** What another seat's operations and the unjudged blobs must not tell in a PlayerView. */
function viewSecrets(view: PlayerView): string[] {
  const problems: string[] = [];
  for (const blob of view.l2.blobs)
    if (blob.verdict === "pending" && blob.released !== undefined)
      problems.push(`blob ${blob.id}'s released chunks shown before its verdict`);
  for (const op of view.mempool)
    if (op.seat !== view.seat.id && ("trace" in op.action || "release" in op.action))
      problems.push(`${op.seat}'s postBatch shows its trace or release`);
  return problems;
}

describe("what each role receives", () => {
  let running: RunningServer;
  let url: string;

  beforeAll(async () => {
    ({ running, url } = await startTestServer());
  });
  afterAll(async () => {
    await running.stop();
  });

  it("sends every audience only the fields on its list, and no secret in them until the match ends", async () => {
    const referee = await ready(
      new Client(url).create("arena", {
        name: "teacher",
        config: { slots: 48 },
        lineup: [
          { id: "sequencer-1", role: "sequencer", strategy: "fraudulent-sequencer" },
          { id: "sequencer-2", role: "sequencer", strategy: "withholding-sequencer" },
          { id: "challenger-1", role: "challenger", strategy: "honest-challenger" },
          { id: "validator-1", role: "validator", strategy: "honest-validator" },
          { id: "validator-2", role: "validator", strategy: "honest-validator" },
        ],
      }),
    );
    const player = await ready(
      new Client(url).joinById(referee.roomId, { name: "pat", role: "challenger", view: true }),
    );
    // Slots already run (the creator joined): listen before anything else is awaited, or the first, whole view
    // could arrive unheard and the deltas after it would have nothing to apply to.
    const viewDeltas: DeltaOp[][] = [];
    player.onMessage("view", (message: { ops: DeltaOp[] }) => viewDeltas.push(message.ops));
    const spectator = await ready(new Client(url).joinById(referee.roomId, { name: "sam" }));
    const audiences: [string, Room, (path: string) => boolean][] = [
      ["spectator", spectator, listChecker(PUBLIC_STATE)],
      ["player", player, listChecker([...PUBLIC_STATE, ...OWN_SEAT("challenger-1")])],
      ["referee", referee, listChecker([...PUBLIC_STATE, ...REFEREE])],
    ];
    const inView = listChecker(PLAYER_VIEW);
    const problems = new Set<string>();
    const seen = { patches: 0, pendingAttacks: 0, withheld: 0, invalid: 0, views: 0, privateSeen: false };
    for (const [who, room, allowed] of audiences)
      room.onStateChange((state: { toJSON(): unknown }) => {
        const json = state.toJSON() as StateJson;
        seen.patches += 1;
        for (const path of unlisted(json, allowed)) problems.add(`${who} received ${path}`);
        for (const secret of publicSecrets(json)) problems.add(`${who}: ${secret}`);
        if (who === "player" && json.seats["challenger-1"] && "private" in json.seats["challenger-1"])
          seen.privateSeen = true;
        if (who !== "referee" || json.phase !== "running") return;
        seen.pendingAttacks = Math.max(
          seen.pendingAttacks,
          Object.keys(json.referee?.pendingAttacks ?? {}).length,
        );
        seen.withheld = Math.max(seen.withheld, Object.keys(json.referee?.released ?? {}).length);
        const invalid = Object.values(json.referee?.batchValid ?? {}).filter((valid) => !valid);
        seen.invalid = Math.max(seen.invalid, invalid.length);
      });

    await until(() => spectator.state.phase !== "running", "the match's end", 120_000);
    expect(spectator.state.phase).toBe("finished");
    // Every view the player got, in order, as it stood after each slot.
    let view: unknown;
    for (const ops of viewDeltas) {
      view = applyDelta(view, ops);
      seen.views += 1;
      for (const path of unlisted(view, inView)) problems.add(`the PlayerView carries ${path}`);
      for (const secret of viewSecrets(view as PlayerView)) problems.add(`the PlayerView: ${secret}`);
    }
    await until(() => spectator.state.seed !== "", "the seed, revealed");
    expect([...problems]).toEqual([]);
    // The secrets were there to keep: the referee saw them while the match played.
    expect(seen.pendingAttacks).toBeGreaterThan(0);
    expect(seen.withheld).toBeGreaterThan(0);
    expect(seen.invalid).toBeGreaterThan(0);
    expect(seen.privateSeen).toBe(true);
    expect(seen.views).toBeGreaterThan(10);
    // At the end everyone learns the seed and who played what.
    expect(spectator.state.seed).toBe(referee.state.referee.seed);
    expect(spectator.state.seats.get("sequencer-1").strategy).toBe("fraudulent-sequencer");
    for (const room of [referee, player, spectator]) await room.leave();
  });
});
