// Remote bots get their PlayerView as a delta from the previous slot's: the whole view grows with the match
// (hundreds of KB by mid-match) while one slot changes a few KB of it. Plain JSON data only.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

/**
 * `set` a value at a path (an array index past the end appends), `cut` an array to a length, or `drop` items
 * from an array's front (queues and sliding windows lose their oldest items every slot).
 */
export type DeltaOp =
  | { set: Path; value: Json }
  | { cut: Path; length: number }
  | { drop: Path; count: number };

/** The operations that turn `before` into `after` (both plain JSON data). */
export function diffView(before: unknown, after: unknown): DeltaOp[] {
  const ops: DeltaOp[] = [];
  diff(before as Json, after as Json, [], ops);
  return ops;
}

/** How many items left the front of an array of records with ids (0 when its first item is unchanged). */
function droppedFromFront(before: Json[], after: Json[]): number {
  const first = after[0];
  if (before.length === 0 || !isObject(first) || !("id" in first)) return 0;
  const head = before[0];
  if (isObject(head) && head.id === first.id) return 0;
  return Math.max(
    before.findIndex((item) => isObject(item) && item.id === first.id),
    0,
  );
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function diff(before: Json, after: Json, path: Path, ops: DeltaOp[]): void {
  if (before === after) return;
  if (Array.isArray(before) && Array.isArray(after)) {
    const dropped = droppedFromFront(before, after);
    if (dropped > 0) {
      ops.push({ drop: path, count: dropped });
      before = before.slice(dropped);
    }
    const shared = Math.min(before.length, after.length);
    for (let i = 0; i < shared; i++) diff(before[i], after[i], [...path, i], ops);
    if (after.length < before.length) ops.push({ cut: path, length: after.length });
    for (let i = shared; i < after.length; i++) ops.push({ set: [...path, i], value: after[i] });
    return;
  }
  if (isObject(before) && isObject(after)) {
    const beforeKeys = Object.keys(before);
    const afterKeys = Object.keys(after);
    // A removed key, or keys in another order: send the object whole, so that the copy stays identical.
    if (beforeKeys.length > afterKeys.length || beforeKeys.some((key, i) => afterKeys[i] !== key)) {
      ops.push({ set: path, value: after });
      return;
    }
    for (const key of afterKeys) {
      if (key in before) diff(before[key], after[key], [...path, key], ops);
      else ops.push({ set: [...path, key], value: after[key] });
    }
    return;
  }
  ops.push({ set: path, value: after });
}

/** Applies a delta to a copy of the view it was computed from; returns the new view (the root may be replaced). */
export function applyDelta(view: unknown, ops: DeltaOp[]): unknown {
  let root = view as Json;
  for (const op of ops) {
    if ("set" in op) {
      if (op.set.length === 0) root = op.value;
      else {
        const last = op.set[op.set.length - 1];
        (at(root, op.set.slice(0, -1)) as Record<string | number, Json>)[last] = op.value;
      }
    } else if ("cut" in op) (at(root, op.cut) as Json[]).length = op.length;
    else (at(root, op.drop) as Json[]).splice(0, op.count);
  }
  return root;
}

function at(root: Json, path: Path): Json {
  let node = root;
  for (const key of path) node = (node as Record<string | number, Json>)[key];
  return node;
}
