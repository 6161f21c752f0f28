// The action vocabulary's wire format (docs/rules.md, action vocabulary): one zod schema per action, and the
// action types inferred from them. Like the consensus specs' containers, the shapes sit below the state (the
// mempool holds actions) and below the rule modules, whose descriptors (shared/actions.ts) carry them.
import { z } from "zod";

const hex = z.string().regex(/^[0-9a-f]{64}$/, "must be a 64-character lowercase hex id");
const index = z.number().int().nonnegative();
const checkpoint = z.strictObject({ epoch: index, root: hex });
const rollupId = z.string().min(1).max(40);

/** The actions that wait in the L1 mempool until a block includes them. */
export const OPERATION_TYPES = [
  "reportSlashing",
  "exit",
  "postBatch",
  "submitProof",
  "challenge",
  "defend",
  "bisect",
  "proveStep",
  "forceInclude",
] as const;

export const SLASHABLE_OFFENSES = ["proposer-equivocation", "double-vote", "surround-vote"] as const;
export type SlashableOffense = (typeof SLASHABLE_OFFENSES)[number];

export const ACTION_SCHEMAS = {
  propose: z.strictObject({
    type: z.literal("propose"),
    validator: index,
    /** Parent block; the head of fork choice when omitted. */
    parent: hex.optional(),
    /** A block differing only in graffiti is a second block for the slot: an equivocation. */
    graffiti: z.string().max(64).optional(),
    /** Mempool operations the proposer leaves out (censorship)... */
    exclude: z.array(hex).max(10_000).optional(),
    /** ...and kinds of operation it leaves out, including any that arrive during the slot. */
    excludeTypes: z.array(z.enum(OPERATION_TYPES)).max(16).optional(),
    /** Simulated ms into the slot at which the block is published (late publishing; docs/network.md). */
    publishMs: z.number().int().min(0).max(60_000).optional(),
    /** Keep the block private and release it this many slots later (an ex-ante reorg; docs/network.md). */
    withholdSlots: z.number().int().min(1).max(64).optional(),
  }),
  attest: z.strictObject({
    type: z.literal("attest"),
    validator: index,
    slot: index,
    head: hex,
    source: checkpoint,
    target: checkpoint,
  }),
  reportSlashing: z.strictObject({
    type: z.literal("reportSlashing"),
    offense: z.enum(SLASHABLE_OFFENSES),
    /** The two conflicting messages: block ids for an equivocation, attestation ids otherwise. */
    evidence: z.tuple([hex, hex]),
  }),
  exit: z.strictObject({ type: z.literal("exit"), validator: index }),
  attestAvailability: z.strictObject({
    type: z.literal("attestAvailability"),
    validator: index,
    blob: hex,
    available: z.boolean(),
  }),
  postBatch: z.strictObject({
    type: z.literal("postBatch"),
    rollup: rollupId,
    /** Pending transaction ids, in the order the sequencer chose. */
    txs: z.array(index).max(100_000),
    /** The claimed trace (root after each tx); the honest trace when omitted. */
    trace: z.array(hex).max(100_000).optional(),
    /** Chunks of each blob to release (default: all 2k); fewer than k withholds the data. */
    release: index.optional(),
    /** Post the data as L1 calldata instead of blobs. */
    calldata: z.boolean().optional(),
  }),
  submitProof: z.strictObject({ type: z.literal("submitProof"), batch: hex }),
  challenge: z.strictObject({ type: z.literal("challenge"), batch: hex }),
  /** The defender's root at the midpoint of the disputed range. */
  defend: z.strictObject({ type: z.literal("defend"), dispute: hex, root: hex }),
  bisect: z.strictObject({ type: z.literal("bisect"), dispute: hex, agree: z.boolean() }),
  proveStep: z.strictObject({ type: z.literal("proveStep"), dispute: hex }),
  /** A challenger starts or stops re-executing batches (watching costs). */
  watch: z.strictObject({ type: z.literal("watch"), watching: z.boolean() }),
  forceInclude: z.strictObject({
    type: z.literal("forceInclude"),
    rollup: rollupId,
    from: index,
    to: index,
    amount: z.number().int().positive(),
  }),
};

export type ActionType = keyof typeof ACTION_SCHEMAS;
export type ActionOf<T extends ActionType> = z.infer<(typeof ACTION_SCHEMAS)[T]>;
export type Action = { [T in ActionType]: ActionOf<T> }[ActionType];
export type OperationType = (typeof OPERATION_TYPES)[number];
export type OperationAction = ActionOf<OperationType>;

export type ProposeAction = ActionOf<"propose">;
export type AttestAction = ActionOf<"attest">;
export type ReportSlashingAction = ActionOf<"reportSlashing">;
export type ExitAction = ActionOf<"exit">;
export type AttestAvailabilityAction = ActionOf<"attestAvailability">;
export type PostBatchAction = ActionOf<"postBatch">;
export type SubmitProofAction = ActionOf<"submitProof">;
export type ChallengeAction = ActionOf<"challenge">;
export type DefendAction = ActionOf<"defend">;
export type BisectAction = ActionOf<"bisect">;
export type ProveStepAction = ActionOf<"proveStep">;
export type WatchAction = ActionOf<"watch">;
export type ForceIncludeAction = ActionOf<"forceInclude">;
