// The API's wire format is superjson's. Its `serialize` walks every answer with a path array
// and an ancestors array per node, which cost more CPU than the calendar's query (profile of
// appointment.list: superjson 13% of the server's time). Answers are nearly always plain
// objects and arrays of strings, numbers, booleans, nulls and dates: for those this writes
// exactly what superjson writes (the same `json`, the same `meta.values` in the same order,
// `meta.v`), in one pass with no per-node allocations. Anything else — a Map, a Set, a bigint,
// an Error, a class instance, an invalid date, NaN, ±Infinity, -0, an object met twice (which
// superjson reports as a referential equality), a key superjson refuses — is left to superjson
// itself, from the start. Inputs are read by superjson unchanged.
import superjson from "superjson";

type Serialized = ReturnType<typeof superjson.serialize>;

/** A value superjson writes differently from JSON, other than a date or undefined. */
class NotPlain extends Error {}
const notPlain = new NotPlain();

/** Where a path segment would be misread (superjson's `escapeKey`). */
const escapeKey = (key: string) =>
  key.includes(".") || key.includes("\\") ? key.replace(/\\/g, "\\\\").replace(/\./g, "\\.") : key;

interface Walk {
  values: Record<string, [string]> | null;
  seen: Set<object>;
}

function annotate(state: Walk, path: string, type: string) {
  (state.values ??= {})[path] = [type];
}

/** superjson's path of `key` inside the container at `path` ("" is the root). */
const childPath = (path: string | null, key: string) =>
  path === null ? escapeKey(key) : `${path}.${escapeKey(key)}`;

/**
 * A container's or leaf's JSON value; `path` is its escaped path (null: the root). Leaves
 * inside containers are handled in the containers' loops, so a path string is only built for
 * what superjson annotates (dates, undefined) and for nested containers.
 */
function walk(value: unknown, path: string | null, state: Walk): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      // NaN, ±Infinity and -0 carry a "number" annotation.
      if (!Number.isFinite(value) || (value === 0 && 1 / value < 0)) throw notPlain;
      return value;
    case "undefined":
      annotate(state, path ?? "", "undefined");
      return null;
    case "object":
      break;
    default:
      throw notPlain;
  }
  if (value === null) return null;
  if (state.seen.has(value)) throw notPlain;
  state.seen.add(value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw notPlain;
    annotate(state, path ?? "", "Date");
    return value.toISOString();
  }
  if (Array.isArray(value)) {
    const out: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      // A hole is skipped by superjson and stays a hole.
      if (!(i in value)) throw notPlain;
      const item: unknown = value[i];
      out[i] =
        typeof item === "string" || item === null
          ? item
          : walk(item, path === null ? String(i) : `${path}.${i}`, state);
    }
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw notPlain;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    // superjson throws for these (prototype pollution); let it.
    if (key === "__proto__" || key === "constructor" || key === "prototype") throw notPlain;
    const item = (value as Record<string, unknown>)[key];
    switch (typeof item) {
      case "string":
      case "boolean":
        out[key] = item;
        break;
      case "number":
        if (!Number.isFinite(item) || (item === 0 && 1 / item < 0)) throw notPlain;
        out[key] = item;
        break;
      case "object":
        if (item === null) {
          out[key] = null;
        } else if (item instanceof Date) {
          if (state.seen.has(item) || Number.isNaN(item.getTime())) throw notPlain;
          state.seen.add(item);
          annotate(state, childPath(path, key), "Date");
          out[key] = item.toISOString();
        } else {
          out[key] = walk(item, childPath(path, key), state);
        }
        break;
      default:
        out[key] = walk(item, childPath(path, key), state);
    }
  }
  return out;
}

/** superjson.serialize, faster for plain data (see above); byte for byte the same output. */
export function serialize(value: unknown): Serialized {
  if (typeof value !== "object" || value === null || value instanceof Date) {
    return superjson.serialize(value);
  }
  const state: Walk = { values: null, seen: new Set() };
  let json: unknown;
  try {
    json = walk(value, null, state);
  } catch (error) {
    if (error === notPlain) return superjson.serialize(value);
    throw error;
  }
  if (!state.values) return { json } as Serialized;
  return { json, meta: { values: state.values, v: 1 } } as Serialized;
}

/** The API's data transformer: superjson's format, the plain-data fast path for answers. */
export const transformer = {
  serialize,
  deserialize: superjson.deserialize,
};
