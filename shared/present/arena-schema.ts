// The synced arena: the one description of what a live room shows (server/PROTOCOL.md). The engine thread
// projects into its plain form (`Synced`), the room fills it (server/arena-sync.ts), the client reads it, and the
// replay viewer draws the same fields (shared/present/arena.ts). A compact, recent window, never the whole
// history (that is the replay). Money is in milli-coins everywhere. Hex ids (blocks, batches, disputes, blobs,
// head, state root) are their first 12 characters: actions need the full ids, which a seat's PlayerView
// carries (join with `view: true`). Nothing here tells what a role must discover (docs/rules.md, "What each role sees"): pending
// attacks, released chunks before a verdict, batch validity and the seed are the referee's alone.
import { schema, type ToJSON, t } from "@colyseus/schema";

/** Synced in a map keyed by its id (not repeated in the item: a few bytes less per new item, every slot). */
export const BlockView = schema(
  {
    slot: t.int32(),
    /** Validator index of the proposer (-1 for genesis). */
    proposer: t.int32(),
    parent: t.string(),
    /** On the canonical chain (false: a fork's loser). */
    canonical: t.boolean(),
    /** The root of the current justified checkpoint. */
    justified: t.boolean(),
    /** Canonical and at or before the finalized checkpoint: can never be reverted. */
    finalized: t.boolean(),
  },
  "BlockView",
);

export const FeedItem = schema(
  {
    /** Order of the events: the feed map's keys are this number, zero-padded, so they sort as strings too. */
    seq: t.uint32(),
    slot: t.int32(),
    /** The engine event type (e.g. "block", "slashed", "batch-posted"): lets the client pick an icon. */
    type: t.string(),
    /** A plain sentence (shared/present/describe.ts describeEvent). */
    text: t.string(),
  },
  "FeedItem",
);

/** What only the seat's own player sees (filtered with StateView): its validators' duties and its purse. */
export const SeatPrivate = schema(
  {
    validators: t.array("number"),
    /** Slots of this and the next epoch in which one of the seat's validators proposes. */
    proposeSlots: t.array("number"),
    /** Per validator (same order as `validators`), its attestation slot in this epoch (-1: none). */
    attestSlots: t.array("number"),
    balance: t.number().default(0),
    locked: t.number().default(0),
  },
  "SeatPrivate",
);

export const SeatView = schema(
  {
    id: t.string(),
    name: t.string(),
    role: t.string(),
    /** The bot that plays the seat when no player does: "" until the match ends (it tells what a seat will try). */
    strategy: t.string().default(""),
    /** "bot" (nobody took it or its player left for good), "player", or "dropped" while its player may reconnect. */
    controller: t.string(),
    /** A player took the seat and left for good: a bot finished the match (the results say so). */
    replacedByBot: t.boolean(),
    /** The seat's honest routine plays its duties (docs/rules.md, autopilot); off when the player took them over. */
    autopilot: t.boolean(),
    /** Net worth now minus at genesis, milli-coins (docs/rules.md, scores). */
    score: t.number().default(0),
    /** Score by category (shared/types.ts BREAKDOWN_KEYS) → milli-coins. */
    breakdown: t.map("number"),
    validatorCount: t.uint16().default(0),
    private: t.ref(SeatPrivate).view(),
  },
  "SeatView",
);

export const RollupView = schema(
  {
    id: t.string(),
    /** "optimistic" or "zk". */
    kind: t.string(),
    /** L2 transactions waiting for a batch. */
    pending: t.uint32().default(0),
    txsFinalized: t.uint32().default(0),
    bonded: t.array("string"),
    ejected: t.array("string"),
  },
  "RollupView",
);

/** Synced in a map keyed by its id (not repeated in the item: a few bytes less per new item, every slot). */
export const BatchView = schema(
  {
    rollup: t.string(),
    /** Seat that posted it. */
    seat: t.string(),
    postedSlot: t.int32(),
    /** Index in BATCH_STATUSES (shared/types.ts): "pending", "final", "reverted", "unavailable", "rejected". */
    status: t.uint8(),
    txCount: t.uint32().default(0),
    /** Data in shard blobs (false: L1 calldata). */
    inBlobs: t.boolean(),
    /** ZK: slot of the verifying proof (-1: none yet). */
    provedSlot: t.int32().default(-1),
    finalSlot: t.int32().default(-1),
  },
  "BatchView",
);

/** Synced in a map keyed by its id (not repeated in the item: a few bytes less per new item, every slot). */
export const DisputeView = schema(
  {
    batch: t.string(),
    rollup: t.string(),
    challenger: t.string(),
    defender: t.string(),
    openedSlot: t.int32(),
    /** The disagreement lies between tx `lo` and tx `hi` (bisection narrows it). */
    lo: t.int32(),
    hi: t.int32(),
    /** "defender" or "challenger". */
    turn: t.string(),
    clockDefender: t.int32(),
    clockChallenger: t.int32(),
    rounds: t.uint16(),
    /** "open", "challenger-won", "defender-won" or "closed". */
    status: t.string(),
  },
  "DisputeView",
);

/** Synced in a map keyed by its id (not repeated in the item: a few bytes less per new item, every slot). */
export const BlobView = schema(
  {
    shard: t.uint16(),
    slot: t.int32(),
    batch: t.string(),
    txCount: t.uint32().default(0),
    /** Chunks released out of 2k: only once the blob is judged (before, the referee's alone). */
    released: t.uint16().optional(),
    /** Index in BLOB_VERDICTS (shared/types.ts): "pending", "available" or "unavailable". */
    verdict: t.uint8(),
  },
  "BlobView",
);

export const ShardView = schema(
  {
    index: t.uint16(),
    fee: t.number().default(0),
    excess: t.number().default(0),
    used: t.number().default(0),
  },
  "ShardView",
);

/** Synced in a map keyed by `kind/by/slot/subject` (subject: the batch, block or validator attacked). */
export const AttackView = schema(
  {
    kind: t.string(),
    by: t.string(),
    slot: t.int32(),
    /** "caught", "succeeded" or "failed" (the referee's `pendingAttacks` also hold "pending" ones). */
    outcome: t.string(),
    detectedSlot: t.int32(),
  },
  "AttackView",
);

/** What a referee knows and no role may (docs/rules.md, "What each role sees"): sent only to a facilitator without a seat. */
export const RefereeView = schema(
  {
    seed: t.string().default(""),
    /** Attacks not yet caught, succeeded or failed, keyed as `attacks`. */
    pendingAttacks: t.map(AttackView),
    /** Chunks released of each blob still waiting for its verdict, by blob id. */
    released: t.map("uint16"),
    /** Whether each pending batch is valid, by batch id. */
    batchValid: t.map("boolean"),
    /** Every seat's strategy, by seat id. */
    strategies: t.map("string"),
  },
  "RefereeView",
);

/** A sampled node of the network (shared/network-metrics.ts: every ⌈n/256⌉-th node). */
export const NetNodeView = schema(
  {
    id: t.uint16().default(0),
    /** Index into the regions NA, EU, SA, AP, JP, AU. */
    region: t.uint8().default(0),
    /** "home", "server" or "full". */
    kind: t.string().default(""),
    /** "keeping-up", "lagging" or "gone". */
    status: t.string().default(""),
    /** When it had the latest slot's block and blob data, simulated ms into the slot (-1: never). */
    arrivalMs: t.int32().default(-1),
  },
  "NetNodeView",
);

/** Nodes of one region by status. */
export const NetRegionView = schema(
  {
    region: t.string().default(""),
    keepingUp: t.uint16().default(0),
    lagging: t.uint16().default(0),
    gone: t.uint16().default(0),
  },
  "NetRegionView",
);

/** Per-node bandwidth p50 / p90 of the last epoch's active nodes, Mbit/s (-1: not measured yet). */
export const NetBandwidthView = schema(
  {
    downloadP50Mbps: t.number().default(-1),
    downloadP90Mbps: t.number().default(-1),
    uploadP50Mbps: t.number().default(-1),
    uploadP90Mbps: t.number().default(-1),
  },
  "NetBandwidthView",
);

/** The network's figures (docs/network.md, "Wired"); `enabled` false for a synchronous match. */
export const NetworkView = schema(
  {
    enabled: t.boolean().default(false),
    nodes: t.uint16().default(0),
    keepUpShare: t.number().default(0),
    activeShare: t.number().default(0),
    nakamoto33: t.uint16().default(0),
    nakamoto50: t.uint16().default(0),
    gini: t.number().default(0),
    datacenterShare: t.number().default(0),
    arrivalP50Ms: t.int32().default(-1),
    arrivalP95Ms: t.int32().default(-1),
    blocks: t.uint32().default(0),
    orphanedBlocks: t.uint32().default(0),
    lateBlocks: t.uint32().default(0),
    missedHeadVoteShare: t.number().default(0),
    /** The match samples blob data; the other mode's figures are what the same nodes would load. */
    sampling: t.boolean().default(false),
    withoutSampling: t.ref(NetBandwidthView).default(() => new NetBandwidthView()),
    withSampling: t.ref(NetBandwidthView).default(() => new NetBandwidthView()),
    /** USD a month; -1 when no node keeps up. */
    cheapestKeepingUpUsd: t.number().default(-1),
    reorgs: t.uint32().default(0),
    maxReorgDepth: t.uint16().default(0),
    l1TxPerSecond: t.number().default(0),
    l2TxPerSecond: t.number().default(0),
    regions: t.array(NetRegionView),
    sample: t.array(NetNodeView),
  },
  "NetworkView",
);

export const ArenaState = schema(
  {
    /** The next slot to be played; slots played so far = slot. */
    slot: t.int32().default(0),
    epoch: t.int32().default(0),
    slotsTotal: t.int32().default(0),
    slotsPerEpoch: t.int32().default(8),
    slotMs: t.int32().default(1000),
    /** Server wall-clock time (ms since 1970) at which the next slot is played; 0 while paused or finished. */
    nextSlotAt: t.number().default(0),
    justifiedEpoch: t.int32().default(0),
    finalizedEpoch: t.int32().default(0),
    head: t.string().default(""),
    stateRoot: t.string().default(""),
    /** "running", "paused", "finished" or "interrupted". */
    phase: t.string().default("running"),
    /** The match seed: "" until the match ends (sample indices and bots' draws follow from it). */
    seed: t.string().default(""),
    preset: t.string().default(""),
    /** The round's resolved MatchConfig as JSON (shared/config.ts): set once per round. */
    config: t.string().default(""),
    /** Round number: restarts by the facilitator count up from 1. */
    round: t.uint16().default(1),
    // Collections whose items come and go are maps by id, never arrays: with a StateView, Colyseus 0.18 left a
    // player who joined a running match with stale array items (test/server/arena.test.ts checks it).
    /** The recent L1 window (the last 32 slots) by block id, forks included; order by `slot`. */
    blocks: t.map(BlockView),
    seats: t.map(SeatView),
    /** The latest 50 events by zero-padded `seq`: sort the keys (or by `seq`) for their order. */
    feed: t.map(FeedItem),
    /** Rollups by id ("optimistic", "zk"). */
    rollups: t.map(RollupView),
    /** Recent batches of all rollups (posted in the last 32 slots, or still pending) by batch id. */
    batches: t.map(BatchView),
    /** Open disputes and those resolved in the last 32 slots, by dispute id. */
    disputes: t.map(DisputeView),
    /** Blobs of the last 32 slots by blob id. */
    blobs: t.map(BlobView),
    /** One per shard, by shard index (fixed for a match). */
    shards: t.array(ShardView),
    /** The latest 50 attacks caught, succeeded or failed, by `kind/by/slot/subject`. */
    attacks: t.map(AttackView),
    network: t.ref(NetworkView).default(() => new NetworkView()),
    referee: t
      .ref(RefereeView)
      .view()
      .default(() => new RefereeView()),
  },
  "ArenaState",
);

export type ArenaStateType = InstanceType<typeof ArenaState>;
export type SeatViewType = InstanceType<typeof SeatView>;

/** The plain form of a synced schema (maps as records by key, arrays as arrays): what the engine projects. */
export type Synced<S extends abstract new (...args: never[]) => unknown> = ToJSON<InstanceType<S>>;
