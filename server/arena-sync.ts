// The synced arena filled from the engine thread's plain projection: only what changed is set, so an unchanged
// slot sends no patch.
import type { Projection } from "./room-engine.ts";
import {
  type ArenaState,
  AttackView,
  BatchView,
  BlobView,
  BlockView,
  DisputeView,
  FeedItem,
  RollupView,
  ShardView,
} from "./schema.ts";

const FEED_LENGTH = 50;

/** Applies one slot's projection to the synced state; returns the sequence number of the next feed item. */
export function syncProjection(
  state: InstanceType<typeof ArenaState>,
  projection: Projection,
  feedSeq: number,
): number {
  state.assign({
    slot: projection.slot,
    epoch: projection.epoch,
    justifiedEpoch: projection.justifiedEpoch,
    finalizedEpoch: projection.finalizedEpoch,
    head: projection.head,
    stateRoot: projection.stateRoot,
  });
  syncMap(
    state.blocks,
    projection.blocks,
    (block) => block.id,
    () => new BlockView(),
    assignExceptId,
  );
  for (const item of projection.feed) {
    const seq = feedSeq++;
    state.feed.set(feedKey(seq), new FeedItem().assign({ seq, ...item }));
  }
  const oldestKept = feedKey(feedSeq - FEED_LENGTH);
  for (const key of [...state.feed.keys()]) if (key < oldestKept) state.feed.delete(key);
  syncMap(
    state.rollups,
    projection.rollups,
    (rollup) => rollup.id,
    () => new RollupView(),
    (view, { bonded, ejected, ...fields }) => {
      assignChanged(view, fields);
      syncValues(view.bonded, bonded);
      syncValues(view.ejected, ejected);
    },
  );
  syncMap(
    state.batches,
    projection.batches,
    (batch) => batch.id,
    () => new BatchView(),
    assignExceptId,
  );
  syncMap(
    state.disputes,
    projection.disputes,
    (dispute) => dispute.id,
    () => new DisputeView(),
    assignExceptId,
  );
  syncMap(
    state.blobs,
    projection.blobs,
    (blob) => blob.id,
    () => new BlobView(),
    assignExceptId,
  );
  // Shards are fixed for a match: the array only grows, at the first slot.
  while (state.shards.length < projection.shards.length) state.shards.push(new ShardView());
  for (const shard of projection.shards) assignChanged(state.shards[shard.index], shard);
  syncMap(
    state.attacks,
    projection.attacks,
    (attack) => attack.key,
    () => new AttackView(),
    (view, { key: _key, ...fields }) => assignChanged(view, fields),
  );
  for (const fields of projection.seats) {
    const view = state.seats.get(fields.id);
    if (!view) continue;
    assignChanged(view, { score: fields.score, validatorCount: fields.validatorCount });
    for (const [key, value] of Object.entries(fields.breakdown))
      if (view.breakdown.get(key) !== value) view.breakdown.set(key, value);
    if (fields.private) {
      const { validators, proposeSlots, attestSlots, ...purse } = fields.private;
      assignChanged(view.private, purse);
      syncValues(view.private.validators, validators);
      syncValues(view.private.proposeSlots, proposeSlots);
      syncValues(view.private.attestSlots, attestSlots);
    }
  }
  return feedSeq;
}

/** Sets only the fields that changed, so that an unchanged slot sends no patch for them. */
export function assignChanged<T extends object>(target: T, values: Partial<T>): void {
  for (const [key, value] of Object.entries(values) as [keyof T, T[keyof T]][])
    if (target[key] !== value) target[key] = value;
}

/** For items of maps keyed by their id: the key says it already. */
function assignExceptId<T extends object>(
  target: T,
  { id: _id, ...fields }: { id: string } & Partial<T>,
): void {
  assignChanged(target, fields as Partial<T>);
}

function syncValues<T>(target: T[] & { clear(): void }, next: T[]): void {
  if (target.length === next.length && next.every((value, i) => target[i] === value)) return;
  target.clear();
  target.push(...next);
}

/** Keeps a synced map holding one view per item, by key: gone items are deleted, new ones set, kept ones updated in place. */
function syncMap<V, T>(
  target: Map<string, V>,
  items: readonly T[],
  key: (item: T) => string,
  make: () => V,
  update: (view: V, item: T) => void,
): void {
  const byKey = new Map(items.map((item) => [key(item), item]));
  for (const existing of [...target.keys()]) if (!byKey.has(existing)) target.delete(existing);
  for (const [itemKey, item] of byKey) {
    let view = target.get(itemKey);
    if (!view) {
      view = make();
      target.set(itemKey, view);
    }
    update(view, item);
  }
}

/** Feed keys sort as strings in the order of their sequence numbers. */
function feedKey(seq: number): string {
  return String(seq).padStart(10, "0");
}
