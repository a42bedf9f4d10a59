// The API's wire format is superjson's. Its `serialize` walks every answer with a path array
// and an ancestors array per node, which cost more CPU than the calendar's query (profile of
// appointment.list: superjson 13% of the server's time). Answers are nearly always plain
// objects and arrays of strings, numbers, booleans, nulls and dates: for those this writes
// exactly what superjson writes (the same `json`, the same `meta.values` in the same order,
// `meta.v`), in one pass: each object copied in one step with only its dates, undefined and
// nested containers replaced, and the paths and ISO texts that answers repeat remembered
// between calls (bounded) rather than built again. Anything else — a Map, a Set, a bigint,
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

/** An annotation's value; one array per type, since nothing changes them after they are written. */
const annotations = { Date: ["Date"] as [string], undefined: ["undefined"] as [string] };

function annotate(state: Walk, path: string, type: "Date" | "undefined") {
  (state.values ??= {})[path] = annotations[type];
}

/**
 * The paths already built, by the container's path and then the key: an answer's paths are the
 * same from one call to the next ("12.startsAt"), and the same string each time is a property
 * key the engine has already interned, where a new one must be hashed and interned again for
 * every annotation. Bounded: emptied when it reaches `pathMemoLimit` paths.
 */
const pathMemo = new Map<string, Map<string, string>>();
const pathMemoLimit = 65_536;
let pathMemoSize = 0;

/** A key a JavaScript object orders first, ascending (an array index). */
function isIndexKey(key: string): boolean {
  const first = key.charCodeAt(0);
  return first >= 48 && first <= 57 && /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
}

/**
 * The container being walked: its escaped path (null: the root), the memo of its children's
 * paths (looked up once, when a child first needs its path) and whether it has met a nested
 * container under an index key. superjson gathers each container's annotations in an object,
 * so inside a nested container the annotation of a date or undefined under an index key (an
 * array element, an object's "3") goes before those of containers under earlier index keys.
 * This one-pass walk writes them in key order, which is the same except when such a leaf
 * follows such a container in a nested container: `sawIndexContainer` notices, and superjson
 * writes that value itself.
 */
interface Scope {
  path: string | null;
  children: Map<string, string> | undefined;
  sawIndexContainer: boolean;
}

/** superjson's path of `key` inside the container. */
function childPath(scope: Scope, key: string): string {
  const path = scope.path;
  if (path === null) return escapeKey(key);
  let children = scope.children;
  if (children === undefined) {
    children = pathMemo.get(path);
    if (children === undefined) {
      if (pathMemoSize >= pathMemoLimit) {
        pathMemo.clear();
        pathMemoSize = 0;
      }
      children = new Map();
      pathMemo.set(path, children);
    }
    scope.children = children;
  }
  let child = children.get(key);
  if (child === undefined) {
    child = `${path}.${escapeKey(key)}`;
    children.set(key, child);
    pathMemoSize++;
  }
  return child;
}

/** A leaf superjson annotates, inside the container under `key`. */
function annotateLeaf(
  state: Walk,
  scope: Scope,
  key: string,
  isIndex: boolean,
  type: "Date" | "undefined",
) {
  if (scope.sawIndexContainer && scope.path !== null && isIndex) throw notPlain;
  annotate(state, childPath(scope, key), type);
}

/**
 * The ISO texts of the instants written lately: a calendar's answers repeat the same instants
 * (slot boundaries, the same appointments on every refresh), and a text from here is neither
 * built nor allocated again. Bounded: emptied when it reaches `isoMemoLimit` instants.
 */
const isoMemo = new Map<number, string>();
const isoMemoLimit = 16_384;

/** A date's JSON value, checked and remembered like any object superjson sees. */
function dateValue(date: Date, state: Walk): string {
  const time = date.getTime();
  if (state.seen.has(date) || Number.isNaN(time)) throw notPlain;
  state.seen.add(date);
  let text = isoMemo.get(time);
  if (text === undefined) {
    text = isoString(date);
    if (isoMemo.size >= isoMemoLimit) isoMemo.clear();
    isoMemo.set(time, text);
  }
  return text;
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
 * A container's JSON value; `path` is its escaped path (null: the root). Leaves are handled in
 * the loops, so a path string is only built for what superjson annotates (dates, undefined)
 * and for nested containers.
 */
function visit(value: object, path: string | null, state: Walk): unknown {
  if (state.seen.has(value)) throw notPlain;
  state.seen.add(value);
  const scope: Scope = { path, children: undefined, sawIndexContainer: false };
  if (Array.isArray(value)) {
    const out: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      // A hole is skipped by superjson and stays a hole.
      if (!(i in value)) throw notPlain;
      out[i] = leafOrContainer(value[i], state, scope, String(i), true);
    }
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw notPlain;
  // A copy in one step (the same keys in the same order, each getter read once), in which only
  // what JSON would write differently is replaced: dates, undefined and nested containers.
  const out: Record<string, unknown> = { ...value };
  for (const key in out) {
    if (!hasOwn(out, key)) continue;
    // superjson throws for these (prototype pollution); let it.
    if (key === "__proto__" || key === "constructor" || key === "prototype") throw notPlain;
    const item = out[key];
    if (typeof item === "string" || item === null || typeof item === "boolean") continue;
    const json = leafOrContainer(item, state, scope, key, null);
    if (json !== item) out[key] = json;
  }
  return out;
}

const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

/** One element of a container (`isIndex` null: not worked out yet). */
function leafOrContainer(
  item: unknown,
  state: Walk,
  scope: Scope,
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
      annotateLeaf(state, scope, key, isIndex ?? isIndexKey(key), "undefined");
      return null;
    case "object":
      if (item === null) return null;
      if (item instanceof Date) {
        annotateLeaf(state, scope, key, isIndex ?? isIndexKey(key), "Date");
        return dateValue(item, state);
      }
      if (isIndex ?? isIndexKey(key)) scope.sawIndexContainer = true;
      return visit(item, childPath(scope, key), state);
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
