// Shards and data availability (docs/rules.md, shards): blobs, the EIP-4844 blob fee, chunks, sampling, verdicts.

import { type ActionRule, refusal } from "./action-rule.ts";
import { ACTION_SCHEMAS } from "./action-schemas.ts";
import type { MatchConfig } from "./config.ts";
import { epochOf, type StepContext } from "./context.ts";
import { type Hex, hashParts } from "./hash.ts";
import { burn, pay } from "./ledger.ts";
import { coinsToMilli } from "./money.ts";
import { Rng, seedRng } from "./random.ts";
import type { Blob, EngineState, Problem, ShardState } from "./types.ts";
import { checkOwnValidator, isActiveValidator } from "./validators.ts";

/** The spec's integer `fake_exponential(factor, numerator, denominator)` ≈ factor × e^(numerator / denominator). */
export function fakeExponential(factor: number, numerator: number, denominator: number): number {
  let i = 1n;
  let output = 0n;
  let accumulator = BigInt(factor) * BigInt(denominator);
  const num = BigInt(numerator);
  const den = BigInt(denominator);
  while (accumulator > 0n) {
    output += accumulator;
    accumulator = (accumulator * num) / (den * i);
    i += 1n;
  }
  return Number(output / den);
}

export function createShards(config: MatchConfig): ShardState[] {
  return Array.from({ length: config.shards }, () => ({
    excess: 0,
    fee: coinsToMilli(config.minBlobFee),
    used: 0,
  }));
}

/** Blobs one rollup may use this slot: an even share of every shard's maximum. */
export function blobShare(config: MatchConfig, rollups: number): number {
  return config.shards * Math.max(1, Math.floor(config.blobMax / rollups));
}

/**
 * A shard's sampling committee this epoch: its share of the active set as shuffled from the RANDAO mix with the
 * spec's compute_shuffled_index (computeEpochDuties), less validators slashed or exited since.
 */
export function shardCommittee(state: EngineState, shard: number, epoch: number): number[] {
  return state.duties[epoch].shardCommittees[shard].filter((index) => {
    const validator = state.validators[index];
    return !validator.slashed && isActiveValidator(validator, epoch);
  });
}

/** What a blob's shard and fee follow from: the config and each shard's fee and use this slot (the state or a view). */
export interface ShardMarket {
  config: MatchConfig;
  l2: { shards: ShardState[] };
}

/** The shard of each blob a batch of `txCount` transactions takes: from `firstShard` on, past full shards. */
export function blobShardsFor(state: ShardMarket, txCount: number, firstShard: number): number[] {
  const { config } = state;
  const used = state.l2.shards.map((shard) => shard.used);
  const shards: number[] = [];
  for (let i = 0; i < Math.max(1, Math.ceil(txCount / config.blobCapacity)); i++) {
    let shard = (firstShard + i) % config.shards;
    for (let tries = 0; tries < config.shards && used[shard] >= config.blobMax; tries++) {
      shard = (shard + 1) % config.shards;
    }
    used[shard] += 1;
    shards.push(shard);
  }
  return shards;
}

/** What posting those blobs costs this slot: each shard's current blob fee, per blob. */
export function blobFees(state: ShardMarket, txCount: number, firstShard: number): number {
  return blobShardsFor(state, txCount, firstShard).reduce(
    (sum, shard) => sum + state.l2.shards[shard].fee,
    0,
  );
}

/**
 * A committee member's sample indices for a blob: distinct, as PeerDAS samples distinct columns, and drawn from the
 * match secret, which no seat's view carries, so the publisher cannot know them in advance (docs/rules.md, sampling).
 */
export function drawSampleIndices(state: EngineState, blob: Hex, member: number): number[] {
  const draws = new Rng({ rng: seedRng(hashParts("samples", state.secret, blob, member)) });
  return draws.distinct(2 * state.config.blobChunks, state.config.samplesPerBlob);
}

/**
 * Publishes a batch's data as blobs over the shards; the publisher releases `released` of 2k chunks.
 * Each committee member draws its sample indices now; the fee is paid (burned) per blob.
 */
export function publishBlobs(
  ctx: StepContext,
  seat: string,
  batch: Hex,
  txCount: number,
  released: number,
  firstShard: number,
): Hex[] {
  const { state, config, slot } = ctx;
  const ids: Hex[] = [];
  const epoch = epochOf(config, slot);
  for (const [i, shard] of blobShardsFor(state, txCount, firstShard).entries()) {
    const shardState = state.l2.shards[shard];
    shardState.used += 1;
    pay(ctx, seat, shardState.fee, "costs");
    const id = hashParts("blob", batch, i);
    const samples: Record<number, number[]> = {};
    for (const member of shardCommittee(state, shard, epoch))
      samples[member] = drawSampleIndices(state, id, member);
    const blob: Blob = {
      id,
      shard,
      slot,
      batch,
      txCount: Math.min(config.blobCapacity, txCount - i * config.blobCapacity),
      released: Math.min(released, 2 * config.blobChunks),
      samples,
      votes: {},
      verdict: "pending",
    };
    state.l2.blobs.push(blob);
    ids.push(blob.id);
  }
  return ids;
}

/** What one sampler saw: for each of its sample indices, whether that chunk was released. */
export function sampleResults(blob: Blob, validator: number): boolean[] | null {
  const samples = blob.samples[validator];
  return samples ? samples.map((index) => index < blob.released) : null;
}

export function isDataAvailable(config: MatchConfig, blob: Blob): boolean {
  return blob.released >= config.blobChunks;
}

/** A committee member may vote once on a blob of its shard, until the verdict. */
function checkAvailabilityVote(state: EngineState, validator: number, blobId: Hex): Problem | null {
  const blob = state.l2.blobs.find((b) => b.id === blobId);
  if (!blob) return refusal("unknown-message", `no blob ${blobId.slice(0, 10)}…`);
  if (blob.verdict !== "pending") return refusal("too-late", "this blob's verdict is already in");
  if (!blob.samples[validator])
    return refusal(
      "not-assigned",
      `validator ${validator} is not in shard ${blob.shard}'s committee for this blob`,
    );
  if (blob.votes[validator] !== undefined)
    return refusal("duplicate", "this validator already voted on this blob");
  return null;
}

/** attestAvailability: a committee member's vote on a blob of its shard, counted in the next slot's verdict. */
export const attestAvailabilityRule: ActionRule<"attestAvailability"> = {
  type: "attestAvailability",
  roles: ["validator", "attacker"],
  schema: ACTION_SCHEMAS.attestAvailability,
  takesEffect: "at-once",
  check: ({ state }, seat, action) =>
    checkOwnValidator(state, seat, action.validator) ??
    checkAvailabilityVote(state, action.validator, action.blob),
  apply: ({ state }, _seat, action) => {
    const blob = state.l2.blobs.find((b) => b.id === action.blob)!;
    blob.votes[action.validator] = action.available;
  },
};

/** A blob posted before this slot gets its verdict: available with ≥ 2/3 of its committee's stake. */
export function processBlobVerdict(ctx: StepContext, blob: Blob): void {
  const { state, slot } = ctx;
  let committeeStake = 0;
  let yesStake = 0;
  for (const member of Object.keys(blob.samples).map(Number)) {
    const stake = state.validators[member].stake;
    committeeStake += stake;
    if (blob.votes[member]) yesStake += stake;
  }
  blob.verdict = committeeStake > 0 && yesStake * 3 >= committeeStake * 2 ? "available" : "unavailable";
  ctx.events.push({
    type: "blob-verdict",
    slot,
    blob: blob.id,
    shard: blob.shard,
    available: blob.verdict === "available",
    released: blob.released,
  });
}

/** penalizeFalseAvailability: who voted a withheld blob available loses stake / minSlashingPenaltyQuotient. */
export function processFalseAvailabilityPenalties(ctx: StepContext, blob: Blob): void {
  const { state, config } = ctx;
  if (!config.penalizeFalseAvailability || blob.verdict !== "available" || isDataAvailable(config, blob))
    return;
  for (const [member, vote] of Object.entries(blob.votes)) {
    if (!vote) continue;
    const penalty = Math.floor(state.validators[Number(member)].stake / config.minSlashingPenaltyQuotient);
    burn(ctx, { validator: Number(member) }, penalty, "slashing");
  }
}

/** The blob fee follows EIP-4844 on each shard's excess over target; each slot's count starts again. */
export function processBlobFees(ctx: StepContext): void {
  const { config } = ctx;
  for (const shard of ctx.state.l2.shards) {
    shard.excess = Math.max(0, shard.excess + shard.used - config.blobTarget);
    shard.fee = fakeExponential(coinsToMilli(config.minBlobFee), shard.excess, config.blobFeeUpdateFraction);
    shard.used = 0;
  }
}

/** Judged blobs older than two challenge windows can no longer matter, once their batch is settled. */
function pruneBlobs(ctx: StepContext): void {
  // A pending batch needs its blobs' verdicts to finalize, however short the challenge window (one
  // shorter than Layer 1 finality is in range): blobs age out only once their batch is settled.
  const oldest = ctx.slot - 2 * ctx.config.challengeWindow;
  const unsettled = new Set(
    ctx.state.l2.rollups.flatMap((r) => r.batches.filter((b) => b.status === "pending").map((b) => b.id)),
  );
  ctx.state.l2.blobs = ctx.state.l2.blobs.filter(
    (blob) => blob.slot >= oldest || blob.verdict === "pending" || unsettled.has(blob.batch),
  );
}

/** The shards' part of a slot: verdicts for the previous slot's blobs, their penalties, the blob fee. */
export function processShards(ctx: StepContext): void {
  for (const blob of ctx.state.l2.blobs) {
    if (blob.verdict !== "pending" || blob.slot >= ctx.slot) continue;
    processBlobVerdict(ctx, blob);
    processFalseAvailabilityPenalties(ctx, blob);
  }
  processBlobFees(ctx);
  pruneBlobs(ctx);
}
