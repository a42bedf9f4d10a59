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

/** A key a JavaScript object orders first, ascending (an array index). */
function isIndexKey(key: string): boolean {
  const first = key.charCodeAt(0);
  return first >= 48 && first <= 57 && /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
}

/**
 * superjson gathers each container's annotations in an object, so inside a nested container
 * the annotation of a date or undefined under an index key (an array element, an object's
 * "3") goes before those of containers under earlier index keys. This one-pass walk writes
 * them in key order, which is the same except when such a leaf follows such a container in a
 * nested container: `sawIndexContainer` notices, and superjson writes that value itself.
 */
interface Order {
  sawIndexContainer: boolean;
}

/** A leaf superjson annotates, inside a container at `path` under `key`. */
function annotateLeaf(
  state: Walk,
  order: Order,
  path: string | null,
  key: string,
  isIndex: boolean,
  type: "Date" | "undefined",
) {
  if (order.sawIndexContainer && path !== null && isIndex) throw notPlain;
  annotate(state, childPath(path, key), type);
}

/** A date's JSON value, checked and remembered like any object superjson sees. */
function dateValue(date: Date, state: Walk): string {
  if (state.seen.has(date) || Number.isNaN(date.getTime())) throw notPlain;
  state.seen.add(date);
  return isoString(date);
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * `date.toISOString()` of a valid date, the same text: built from the UTC fields, which costs
 * about a third of the engine's own (a runtime call per date; the calendar's answer has over a
 * hundred). Years outside 1000–9999, written with other widths, are left to toISOString.
 */
export function isoString(date: Date): string {
  const year = date.getUTCFullYear();
  if (year < 1000 || year > 9999) return date.toISOString();
  return `${year}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}T${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}.${pad3(date.getUTCMilliseconds())}Z`;
}

/**
 * A container's JSON value; `path` is its escaped path (null: the root). Leaves are handled in the loops, so a path string is only
 * built for what superjson annotates (dates, undefined) and for nested containers.
 */
function visit(value: object, path: string | null, state: Walk): unknown {
  if (state.seen.has(value)) throw notPlain;
  state.seen.add(value);
  const order: Order = { sawIndexContainer: false };
  if (Array.isArray(value)) {
    const out: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      // A hole is skipped by superjson and stays a hole.
      if (!(i in value)) throw notPlain;
      out[i] = leafOrContainer(value[i], state, order, path, String(i), true);
    }
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw notPlain;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    // superjson throws for these (prototype pollution); let it.
    if (key === "__proto__" || key === "constructor" || key === "prototype") throw notPlain;
    const item: unknown = (value as Record<string, unknown>)[key];
    const json =
      typeof item === "string" || item === null
        ? item
        : leafOrContainer(item, state, order, path, key, null);
    out[key] = json;
  }
  return out;
}

/** One element of a container (`isIndex` null: not worked out yet). */
function leafOrContainer(
  item: unknown,
  state: Walk,
  order: Order,
  path: string | null,
  key: string,
  isIndex: boolean | null,
): unknown {
  switch (typeof item) {
    case "string":
    case "boolean":
      return item;
    case "number":
      // NaN, ±Infinity and -0 carry a "number" annotation.
      if (!Number.isFinite(item) || (item === 0 && 1 / item < 0)) throw notPlain;
      return item;
    case "undefined":
      annotateLeaf(state, order, path, key, isIndex ?? isIndexKey(key), "undefined");
      return null;
    case "object":
      if (item === null) return null;
      if (item instanceof Date) {
        annotateLeaf(state, order, path, key, isIndex ?? isIndexKey(key), "Date");
        return dateValue(item, state);
      }
      if (isIndex ?? isIndexKey(key)) order.sawIndexContainer = true;
      return visit(item, childPath(path, key), state);
    default:
      throw notPlain;
  }
}

/** superjson.serialize, faster for plain data (see above); byte for byte the same output. */
export function serialize(value: unknown): Serialized {
  if (typeof value !== "object" || value === null || value instanceof Date) {
    return superjson.serialize(value);
  }
  const state: Walk = { values: null, seen: new Set() };
  let json: unknown;
  try {
    json = visit(value, null, state);
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
