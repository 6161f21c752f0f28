// Fills the synced arena (shared/present/arena-schema.ts) from the engine thread's plain projection, one
// function for every field: the schema itself is the table. Only what changed is set, so an unchanged slot sends
// no patch; map items missing from the projection are deleted, new ones made from the map's item schema.
import { $childType, ArraySchema, MapSchema, Schema } from "@colyseus/schema";

type Plain = Record<string, unknown>;
type SchemaClass = new () => Schema;

/** Sets `target`'s fields to `values` (plain data shaped like the schema); absent or undefined fields are left. */
export function syncFields(target: Schema, values: object): void {
  const fields = target as unknown as Plain;
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const current = fields[name];
    if (current instanceof ArraySchema) syncArray(current, value as unknown[]);
    else if (current instanceof MapSchema) syncMap(current, value as Plain);
    else if (current instanceof Schema) syncFields(current, value as Plain);
    else if (value !== null && typeof value === "object") {
      const child = new (refType(target, name))();
      fields[name] = child;
      syncFields(child, value);
    } else if (current !== value) fields[name] = value;
  }
}

/** The schema class of a `t.ref(...)` field, from the schema's own metadata. */
function refType(target: Schema, name: string): SchemaClass {
  const metadata = (target.constructor as typeof Schema)[Symbol.metadata] as unknown as Record<
    string | number,
    unknown
  >;
  const field = metadata[metadata[name] as number] as { type: SchemaClass } | undefined;
  if (typeof field?.type !== "function") throw new Error(`${target.constructor.name}.${name} is not a ref`);
  return field.type;
}

function childSchema(collection: ArraySchema | MapSchema): SchemaClass | null {
  const child = (collection as unknown as { [$childType]: string | SchemaClass })[$childType];
  return typeof child === "function" ? child : null;
}

/** Arrays of values are replaced whole when they differ; arrays of schemas (fixed for a match) grow and update. */
function syncArray(target: ArraySchema, next: unknown[]): void {
  const child = childSchema(target);
  if (!child) {
    if (target.length === next.length && next.every((value, i) => target[i] === value)) return;
    target.clear();
    target.push(...next);
    return;
  }
  while (target.length > next.length) target.pop();
  while (target.length < next.length) target.push(new child());
  for (const [i, item] of next.entries()) syncFields(target[i] as Schema, item as Plain);
}

function syncMap(target: MapSchema, next: Plain): void {
  const child = childSchema(target);
  for (const key of [...target.keys()]) if (!(key in next)) target.delete(key);
  for (const [key, value] of Object.entries(next)) {
    if (!child) {
      if (target.get(key) !== value) target.set(key, value);
      continue;
    }
    let item = target.get(key) as Schema | undefined;
    if (!item) {
      item = new child();
      target.set(key, item);
    }
    syncFields(item, value as Plain);
  }
}
