import { type CompiledCalendar, compileCalendar, expandCompiled } from "./expand";
import {
  MINUTES_PER_DAY,
  type Zone,
  assertEpochMinutes,
  getZone,
  resolveLocal,
  stableDayOffset,
  toLocal,
} from "./time";
import {
  type Interval,
  type ResourceCalendar,
  SchedulingInputError,
  type Slot,
  type SlotQuery,
} from "./types";

interface PreparedResource {
  id: string;
  calendar: CompiledCalendar;
  /** Busy time: sorted, merged, integer-rounded intervals [starts[i], ends[i]). */
  busy: BusyList;
}

interface Prepared {
  duration: number;
  bufferBefore: number;
  bufferAfter: number;
  interval: number;
  grid: Zone;
  resources: PreparedResource[];
  /** Per requirement, indexes into `resources`, in candidate order (deduplicated). */
  requirements: number[][];
}

/** Searches are done in chunks of this many minutes when a limit may end them early. */
const CHUNK_MINUTES = 7 * MINUTES_PER_DAY;

function assertInteger(value: number, what: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SchedulingInputError(`${what} must be an integer in [${min}, ${max}], got ${value}`);
  }
}

function prepare(query: SlotQuery): Prepared {
  assertInteger(query.durationMinutes, "durationMinutes", 1);
  assertInteger(query.bufferBeforeMinutes, "bufferBeforeMinutes", 0);
  assertInteger(query.bufferAfterMinutes, "bufferAfterMinutes", 0);
  assertInteger(query.slotIntervalMinutes, "slotIntervalMinutes", 1, MINUTES_PER_DAY);
  assertInteger(query.minNoticeMinutes, "minNoticeMinutes", Number.MIN_SAFE_INTEGER);
  if (!(query.horizonDays >= 0) || !Number.isFinite(query.horizonDays)) {
    throw new SchedulingInputError(`horizonDays must be ≥ 0, got ${query.horizonDays}`);
  }
  assertEpochMinutes(query.now, "now");
  assertEpochMinutes(query.from, "from");
  assertEpochMinutes(query.to, "to");
  if (query.limit !== undefined) assertInteger(query.limit, "limit", 0);
  if (query.requirements.length === 0) {
    throw new SchedulingInputError("A slot query needs at least one requirement");
  }

  const grid = getZone(query.gridTimeZone);
  const resources: PreparedResource[] = [];
  const byId = new Map<string, number>();
  const requirements = query.requirements.map((requirement) => {
    const indexes: number[] = [];
    for (const candidate of requirement.candidates) {
      let index = byId.get(candidate.id);
      if (index === undefined) {
        index = resources.length;
        byId.set(candidate.id, index);
        resources.push(prepareResource(candidate));
      }
      if (!indexes.includes(index)) indexes.push(index);
    }
    return indexes;
  });
  return {
    duration: query.durationMinutes,
    bufferBefore: query.bufferBeforeMinutes,
    bufferAfter: query.bufferAfterMinutes,
    interval: query.slotIntervalMinutes,
    grid,
    resources,
    requirements,
  };
}

function prepareResource(calendar: ResourceCalendar): PreparedResource {
  return { id: calendar.id, calendar: compileCalendar(calendar), busy: prepareBusy(calendar) };
}

interface BusyList {
  starts: Float64Array;
  ends: Float64Array;
  length: number;
}

const INDEX_BITS = 2 ** 21;

/**
 * Busy intervals rounded outwards to whole minutes (a booking ending at 10:30:30 blocks the
 * minute 10:30), sorted and merged into typed arrays. Already-sorted input (ORDER BY start) is
 * taken as is; otherwise the sort runs on packed numeric keys, with no comparator callback.
 */
function prepareBusy(calendar: ResourceCalendar): BusyList {
  const input = calendar.busy;
  const n = input.length;
  const rawStarts = new Float64Array(n);
  const rawEnds = new Float64Array(n);
  let sorted = true;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const b = input[i] as Interval;
    if (!Number.isFinite(b.start) || !Number.isFinite(b.end)) {
      throw new SchedulingInputError(`Busy interval of ${calendar.id} is not finite`);
    }
    const start = Math.floor(b.start);
    rawStarts[i] = start;
    rawEnds[i] = Math.ceil(b.end);
    if (i > 0 && start < (rawStarts[i - 1] as number)) sorted = false;
    if (start < min) min = start;
    if (start > max) max = start;
  }
  let order: ArrayLike<number> | null = null;
  if (!sorted) {
    if (n < INDEX_BITS && (max - min) * INDEX_BITS < Number.MAX_SAFE_INTEGER) {
      const keys = new Float64Array(n);
      for (let i = 0; i < n; i++) keys[i] = ((rawStarts[i] as number) - min) * INDEX_BITS + i;
      keys.sort();
      const indexes = new Uint32Array(n);
      for (let i = 0; i < n; i++) indexes[i] = (keys[i] as number) % INDEX_BITS;
      order = indexes;
    } else {
      order = Array.from({ length: n }, (_, i) => i).sort(
        (a, b) => (rawStarts[a] as number) - (rawStarts[b] as number),
      );
    }
  }
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  let length = 0;
  for (let k = 0; k < n; k++) {
    const i = order ? (order[k] as number) : k;
    const start = rawStarts[i] as number;
    const end = rawEnds[i] as number;
    if (end <= start) continue;
    if (length > 0 && start <= (ends[length - 1] as number)) {
      if (end > (ends[length - 1] as number)) ends[length - 1] = end;
    } else {
      starts[length] = start;
      ends[length] = end;
      length++;
    }
  }
  return { starts, ends, length };
}

/** First index whose busy interval ends after t (ends are sorted because intervals are merged). */
function firstEndingAfter(busy: BusyList, t: number): number {
  let lo = 0;
  let hi = busy.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((busy.ends[mid] as number) > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Integer slot starts s in [from, to) at which the resource is free: [s, s + duration) inside
 * one working interval and [s - bufferBefore, s + duration + bufferAfter) clear of busy time.
 * Returned as sorted, disjoint half-open intervals of starts.
 */
function freeStarts(p: Prepared, resource: PreparedResource, from: number, to: number): Interval[] {
  const { duration, bufferBefore, bufferAfter } = p;
  const working = expandCompiled(resource.calendar, from, to + duration - 1);
  const { starts, ends, length } = resource.busy;
  const out: Interval[] = [];
  // Busy [bs, be) forbids starts s with s - bufferBefore < be and s + duration + bufferAfter > bs,
  // i.e. the integer starts [bs - duration - bufferAfter + 1, be + bufferBefore).
  let bi = firstEndingAfter(resource.busy, from - bufferBefore);
  for (const w of working) {
    let start = w.start;
    const end = Math.min(to, w.end - duration + 1);
    while (start < end) {
      while (bi < length && (ends[bi] as number) + bufferBefore <= start) bi++;
      if (bi >= length) {
        out.push({ start, end });
        break;
      }
      const forbidStart = (starts[bi] as number) - duration - bufferAfter + 1;
      if (forbidStart >= end) {
        out.push({ start, end });
        break;
      }
      if (forbidStart > start) out.push({ start, end: forbidStart });
      // Do not advance bi: this booking's buffer reach may extend into the next working interval.
      start = Math.max(start, (ends[bi] as number) + bufferBefore);
    }
  }
  return out;
}

/** Grid instants in [from, to): local multiples of the interval from local midnight. */
function gridPoints(zone: Zone, interval: number, from: number, to: number): number[] {
  const points: number[] = [];
  const firstDay = Math.floor(toLocal(zone, from) / MINUTES_PER_DAY) - 1;
  const lastDay = Math.floor(toLocal(zone, to) / MINUTES_PER_DAY) + 1;
  let sorted = true;
  for (let day = firstDay; day <= lastDay; day++) {
    const midnight = day * MINUTES_PER_DAY;
    const offset = stableDayOffset(zone, day);
    if (offset !== null) {
      const base = midnight - offset;
      const k0 = Math.max(0, Math.ceil((from - base) / interval));
      for (let k = k0; k * interval < MINUTES_PER_DAY; k++) {
        const t = base + k * interval;
        if (t >= to) break;
        if (points.length > 0 && t <= (points[points.length - 1] as number)) sorted = false;
        points.push(t);
      }
    } else {
      // A day near a transition: resolve every grid time; nonexistent ones are skipped and
      // ambiguous ones counted once, at their first occurrence.
      for (let k = 0; k * interval < MINUTES_PER_DAY; k++) {
        const t = resolveLocal(zone, midnight + k * interval, "skip");
        if (t === null || t < from || t >= to) continue;
        if (points.length > 0 && t <= (points[points.length - 1] as number)) sorted = false;
        points.push(t);
      }
    }
  }
  if (!sorted) {
    points.sort((a, b) => a - b);
    let w = 0;
    for (let r = 0; r < points.length; r++) {
      if (r === 0 || points[r] !== points[w - 1]) points[w++] = points[r] as number;
    }
    points.length = w;
  }
  return points;
}

/**
 * Picks one free resource per requirement, all distinct: each requirement takes its first free
 * candidate in candidate order such that the remaining requirements can still be filled
 * (lexicographically first complete assignment). Returns null when there is none.
 */
function assign(free: number[][]): number[] | null {
  // Fast path: plain greedy. When it succeeds it is the lexicographically first assignment.
  const used = new Set<number>();
  const chosen: number[] = [];
  for (const options of free) {
    const pick = options.find((r) => !used.has(r));
    if (pick === undefined) break;
    used.add(pick);
    chosen.push(pick);
  }
  if (chosen.length === free.length) return chosen;

  used.clear();
  chosen.length = 0;
  for (let i = 0; i < free.length; i++) {
    let picked = false;
    for (const r of free[i] ?? []) {
      if (used.has(r)) continue;
      used.add(r);
      if (canMatch(free, i + 1, used)) {
        chosen.push(r);
        picked = true;
        break;
      }
      used.delete(r);
    }
    if (!picked) return null;
  }
  return chosen;
}

/** Whether requirements [from…] can each get a distinct resource not in `taken` (Kuhn's matching). */
function canMatch(free: number[][], from: number, taken: Set<number>): boolean {
  const owner = new Map<number, number>();
  const tryAugment = (i: number, seen: Set<number>): boolean => {
    for (const r of free[i] ?? []) {
      if (taken.has(r) || seen.has(r)) continue;
      seen.add(r);
      const holder = owner.get(r);
      if (holder === undefined || tryAugment(holder, seen)) {
        owner.set(r, i);
        return true;
      }
    }
    return false;
  };
  for (let i = from; i < free.length; i++) {
    if (!tryAugment(i, new Set())) return false;
  }
  return true;
}

function searchRange(p: Prepared, from: number, to: number, limit: number, out: Slot[]): void {
  const free = p.resources.map((resource) => freeStarts(p, resource, from, to));
  // Nothing to do if some requirement has no free candidate anywhere in the range.
  for (const candidates of p.requirements) {
    if (!candidates.some((r) => (free[r] as Interval[]).length > 0)) return;
  }
  const cursor = new Array<number>(p.resources.length).fill(0);
  const isFree = (r: number, s: number): boolean => {
    const list = free[r] as Interval[];
    let i = cursor[r] as number;
    while (i < list.length && (list[i] as Interval).end <= s) i++;
    cursor[r] = i;
    const interval = list[i];
    return interval !== undefined && interval.start <= s;
  };
  const options: number[][] = p.requirements.map(() => []);
  for (const s of gridPoints(p.grid, p.interval, from, to)) {
    let possible = true;
    for (let q = 0; q < p.requirements.length && possible; q++) {
      const list = options[q] as number[];
      list.length = 0;
      for (const r of p.requirements[q] as number[]) if (isFree(r, s)) list.push(r);
      possible = list.length > 0;
    }
    if (!possible) continue;
    const chosen = assign(options);
    if (!chosen) continue;
    out.push({
      start: s,
      end: s + p.duration,
      resourceIds: chosen.map((r) => (p.resources[r] as PreparedResource).id),
    });
    if (out.length >= limit) return;
  }
}

/**
 * Bookable slot starts for a query, sorted by start and capped by `limit`. A start s is offered
 * when it is on the local grid, within [from, to), at least `minNoticeMinutes` after `now` and
 * before `now + horizonDays` days, and every requirement has a distinct free resource at s
 * (working for [s, s + duration), no busy time within the buffers around it).
 */
export function findSlots(query: SlotQuery): Slot[] {
  const p = prepare(query);
  const limit = query.limit ?? Infinity;
  const from = Math.max(query.from, query.now + query.minNoticeMinutes);
  const to = Math.min(query.to, query.now + query.horizonDays * MINUTES_PER_DAY);
  const out: Slot[] = [];
  if (limit <= 0 || from >= to) return out;
  // Integer starts only: every grid instant is a whole minute.
  const lo = Math.ceil(from);
  const hi = Math.ceil(to);
  if (limit === Infinity) {
    searchRange(p, lo, hi, limit, out);
  } else {
    for (let a = lo; a < hi && out.length < limit; a += CHUNK_MINUTES) {
      searchRange(p, a, Math.min(hi, a + CHUNK_MINUTES), limit, out);
    }
  }
  return out;
}

/**
 * The next `count` free slots strictly after `after` (e.g. alternatives to a slot just taken):
 * the same query with its window starting at max(from, after + 1).
 */
export function nextFreeSlots(query: SlotQuery, after: number, count: number): Slot[] {
  assertEpochMinutes(after, "after");
  assertInteger(count, "count", 0);
  if (count === 0) return [];
  return findSlots({ ...query, from: Math.max(query.from, Math.floor(after) + 1), limit: count });
}
