// The synced projection of a room's engine (RULES §9): a compact, recent window, never the whole history.
import { schema, t } from "@colyseus/schema";

export const BlockView = schema(
  {
    id: t.string(),
    slot: t.int32(),
    proposer: t.int32(),
    parent: t.string(),
    /** On the canonical chain (false: a fork's loser). */
    canonical: t.boolean(),
  },
  "BlockView",
);

export const FeedItem = schema({ slot: t.int32(), type: t.string(), text: t.string() }, "FeedItem");

/** What only the seat's own player sees: its validators' duties (filtered with StateView). */
export const SeatPrivate = schema(
  {
    validators: t.array("number"),
    proposeSlots: t.array("number"),
    attestSlots: t.array("number"),
  },
  "SeatPrivate",
);

export const SeatView = schema(
  {
    id: t.string(),
    name: t.string(),
    role: t.string(),
    strategy: t.string(),
    /** "bot", "player", or "dropped" while a player may still reconnect. */
    controller: t.string(),
    autopilot: t.boolean(),
    /** Score in milli-coins and its breakdown as JSON (category → milli-coins). */
    score: t.int32(),
    breakdown: t.string(),
    private: t.ref(SeatPrivate).view(),
  },
  "SeatView",
);

export const ArenaState = schema(
  {
    slot: t.int32().default(0),
    slotsTotal: t.int32().default(0),
    slotsPerEpoch: t.int32().default(8),
    slotMs: t.int32().default(1000),
    justifiedEpoch: t.int32().default(0),
    finalizedEpoch: t.int32().default(0),
    stateRoot: t.string().default(""),
    /** "running", "paused" or "finished". */
    phase: t.string().default("running"),
    seed: t.string().default(""),
    blocks: t.array(BlockView),
    seats: t.map(SeatView),
    feed: t.array(FeedItem),
  },
  "ArenaState",
);

export type ArenaStateType = InstanceType<typeof ArenaState>;
export type SeatViewType = InstanceType<typeof SeatView>;
