import { type CompiledCalendar, compileCalendar, expandCompiled } from "./expand";
import {
  MINUTES_PER_DAY,
  type Zone,
  assertEpochMinutes,
  getZone,
  offsetAt,
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
  type StartExplanation,
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

/** Packed sort keys (start offset, then input index) stay exact below this. */
const MAX_INT32_KEY = 2 ** 31 - 1;

/**
 * Busy intervals rounded outwards to whole minutes (a booking ending at 10:30:30 blocks the
 * minute 10:30), sorted and merged into typed arrays. Input already sorted by start (ORDER BY
 * start, or a table read in booking order) is merged as it comes; otherwise the order comes
 * from sorting packed integer keys (start offset × n + index) in an Int32Array, with no
 * comparator callback and no intermediate copy of the intervals.
 */
function prepareBusy(calendar: ResourceCalendar): BusyList {
  const input = calendar.busy;
  const n = input.length;
  let sorted = true;
  let min = Infinity;
  let max = -Infinity;
  let previous = -Infinity;
  for (let i = 0; i < n; i++) {
    const b = input[i] as Interval;
    if (!Number.isFinite(b.start) || !Number.isFinite(b.end)) {
      throw new SchedulingInputError(`Busy interval of ${calendar.id} is not finite`);
    }
    const start = Math.floor(b.start);
    if (start < previous) sorted = false;
    previous = start;
    if (start < min) min = start;
    if (start > max) max = start;
  }
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  let length = 0;
  const add = (b: Interval) => {
    const start = Math.floor(b.start);
    const end = Math.ceil(b.end);
    if (end <= start) return;
    if (length > 0 && start <= (ends[length - 1] as number)) {
      if (end > (ends[length - 1] as number)) ends[length - 1] = end;
    } else {
      starts[length] = start;
      ends[length] = end;
      length++;
    }
  };
  if (sorted) {
    for (let i = 0; i < n; i++) add(input[i] as Interval);
  } else if ((max - min + 1) * n <= MAX_INT32_KEY) {
    const keys = new Int32Array(n);
    for (let i = 0; i < n; i++) keys[i] = (Math.floor((input[i] as Interval).start) - min) * n + i;
    const order = radixSort(keys, (max - min + 1) * n - 1);
    for (let k = 0; k < n; k++) add(input[(order[k] as number) % n] as Interval);
  } else {
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => Math.floor((input[a] as Interval).start) - Math.floor((input[b] as Interval).start),
    );
    for (let k = 0; k < n; k++) add(input[order[k] as number] as Interval);
  }
  return { starts, ends, length };
}

const counts = new Int32Array(256);

/**
 * Sorts non-negative int32 keys up to `maxKey` ascending, by bytes from the lowest (as many
 * passes as maxKey has bytes): a few linear passes where the built-in sort compares n log n
 * times. Returns `keys` or a new array holding them sorted.
 */
function radixSort(keys: Int32Array<ArrayBuffer>, maxKey: number): Int32Array<ArrayBuffer> {
  const n = keys.length;
  let from = keys;
  let to = new Int32Array(n);
  for (let shift = 0; shift < 32 && maxKey >>> shift > 0; shift += 8) {
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const digit = ((from[i] as number) >>> shift) & 255;
      counts[digit] = (counts[digit] as number) + 1;
    }
    let sum = 0;
    for (let d = 0; d < 256; d++) {
      const c = counts[d] as number;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const key = from[i] as number;
      const digit = (key >>> shift) & 255;
      const at = counts[digit] as number;
      to[at] = key;
      counts[digit] = at + 1;
    }
    const swap = from;
    from = to;
    to = swap;
  }
  return from;
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

// ---------------------------------------------------------------------------------------------
// The grid.
//
// Starts are offered on the wall clock of `gridTimeZone`, stepping `slotIntervalMinutes` from the
// start of the working stretch they fall in, so hours that begin at 09:10 offer 09:10, 09:40…
// A stretch is a maximal run of working time of one resource, as expandWorkingHours merges it:
// breaks and exceptions that leave a gap start a new stretch, while hours that touch across
// midnight (22:00–24:00 then 00:00–06:00) are one stretch and keep one grid through the night.
// Only the stretches of the first requirement's candidates (the practitioner) anchor the grid; a
// start is offered when the practitioner picked for it has the start on their own grid.
//
// To keep an instant's grid independent of the search window (and the look-back bounded), a
// stretch that began before the previous local day (round-the-clock hours) counts as beginning at
// that day's start: anchor(t) = max(stretch start, start of the local day before t's).
//
// As on any wall-clock grid, a grid time that does not exist (spring-forward gap) is skipped and
// one that occurs twice (fall-back) is offered once, at its first occurrence.

/**
 * The local days of the grid zone around a search, read once so that placing an instant on the
 * grid needs no Intl call. Day i is local day `first + i` and holds the instants
 * [starts[i], starts[i + 1]).
 */
interface GridDays {
  zone: Zone;
  first: number;
  /** Where each local day begins (its midnight, or the end of a gap that skips it); n + 1 entries. */
  starts: number[];
  /** Wall clock (local minutes) at starts[i]. */
  startLocals: number[];
  /** The day's offset when it does not change near the day, else null. */
  offsets: (number | null)[];
  /** Least and greatest offset in force during the day (bounds for transition days). */
  minOffsets: number[];
  maxOffsets: number[];
}

function gridDays(zone: Zone, from: number, to: number): GridDays {
  // One day before `from`'s: the earliest anchor an instant of the window can have.
  const first = Math.floor(toLocal(zone, from) / MINUTES_PER_DAY) - 1;
  const last = Math.floor(toLocal(zone, to) / MINUTES_PER_DAY) + 1;
  const starts: number[] = [];
  for (let day = first; day <= last + 1; day++) {
    starts.push(resolveLocal(zone, day * MINUTES_PER_DAY, "next"));
  }
  const days: GridDays = {
    zone,
    first,
    starts,
    startLocals: [],
    offsets: [],
    minOffsets: [],
    maxOffsets: [],
  };
  for (let i = 0; i + 1 < starts.length; i++) {
    const start = starts[i] as number;
    const stable = stableDayOffset(zone, first + i);
    const a = stable ?? offsetAt(zone, start);
    const b = stable ?? offsetAt(zone, (starts[i + 1] as number) - 1);
    days.offsets.push(stable);
    days.startLocals.push(start + a);
    days.minOffsets.push(Math.min(a, b));
    days.maxOffsets.push(Math.max(a, b));
  }
  return days;
}

/** Index of the day holding instant t (t ≥ starts[0]). */
function dayIndex(days: GridDays, t: number): number {
  let lo = 0;
  let hi = days.offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((days.starts[mid] as number) <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function localOf(days: GridDays, t: number): number {
  const offset = days.offsets[dayIndex(days, t)];
  return offset === null || offset === undefined ? toLocal(days.zone, t) : t + offset;
}

const mod = (x: number, n: number) => ((x % n) + n) % n;

/**
 * Appends, in order, the grid instants in [a, b) of a stretch that starts at `anchor` (wall clock
 * `anchorLocal`): first occurrences of the local times anchorLocal + k·interval, with the anchor
 * moved to the previous local day's start for a stretch that began before it.
 */
function pushGridPoints(
  days: GridDays,
  interval: number,
  anchor: number,
  anchorLocal: number,
  a: number,
  b: number,
  out: number[],
): void {
  for (let i = dayIndex(days, a); i < days.offsets.length; i++) {
    const dayStart = days.starts[i] as number;
    if (dayStart >= b) break;
    const lo = Math.max(a, dayStart);
    const hi = Math.min(b, days.starts[i + 1] as number);
    if (lo >= hi) continue;
    const previous = days.starts[i - 1];
    const phase =
      previous !== undefined && anchor < previous
        ? (days.startLocals[i - 1] as number)
        : anchorLocal;
    const offset = days.offsets[i];
    if (offset !== null && offset !== undefined) {
      for (let t = lo + mod(phase - offset - lo, interval); t < hi; t += interval) out.push(t);
      continue;
    }
    // A day near a transition: resolve each grid time whose wall clock [lo, hi) can show.
    const midnight = (days.first + i) * MINUTES_PER_DAY;
    const lmin = Math.max(midnight, lo + (days.minOffsets[i] as number));
    const lmax = Math.min(midnight + MINUTES_PER_DAY - 1, hi - 1 + (days.maxOffsets[i] as number));
    for (let local = lmin + mod(phase - lmin, interval); local <= lmax; local += interval) {
      const t = resolveLocal(days.zone, local, "skip");
      if (t !== null && t >= lo && t < hi) out.push(t);
    }
  }
}

/**
 * Integer slot starts s in [from, to) at which the resource is free: [s, s + duration) inside
 * one working interval and [s - bufferBefore, s + duration + bufferAfter) clear of busy time.
 * Returned as sorted, disjoint half-open intervals of starts. With `grid`, also appends to it the
 * free starts that are on the resource's own grid, sorted.
 */
function freeStarts(
  p: Prepared,
  resource: PreparedResource,
  from: number,
  to: number,
  days: GridDays,
  grid: number[] | null,
): Interval[] {
  const { duration, bufferBefore, bufferAfter } = p;
  // A grid needs each stretch's start, which may lie before `from` (up to the previous day's).
  const working = expandCompiled(
    resource.calendar,
    grid ? (days.starts[0] as number) : from,
    to + duration - 1,
  );
  const { starts, ends, length } = resource.busy;
  const out: Interval[] = [];
  // Busy [bs, be) forbids starts s with s - bufferBefore < be and s + duration + bufferAfter > bs,
  // i.e. the integer starts [bs - duration - bufferAfter + 1, be + bufferBefore).
  let bi = firstEndingAfter(resource.busy, from - bufferBefore);
  for (const w of working) {
    let start = Math.max(from, w.start);
    const end = Math.min(to, w.end - duration + 1);
    // The stretch's wall-clock start, read once and only if some start in it is free.
    let anchorLocal: number | null = null;
    const emit = (a: number, b: number) => {
      out.push({ start: a, end: b });
      if (!grid) return;
      anchorLocal ??= localOf(days, w.start);
      pushGridPoints(days, p.interval, w.start, anchorLocal, a, b, grid);
    };
    while (start < end) {
      while (bi < length && (ends[bi] as number) + bufferBefore <= start) bi++;
      if (bi >= length) {
        emit(start, end);
        break;
      }
      const forbidStart = (starts[bi] as number) - duration - bufferAfter + 1;
      if (forbidStart >= end) {
        emit(start, end);
        break;
      }
      if (forbidStart > start) emit(start, forbidStart);
      // Do not advance bi: this booking's buffer reach may extend into the next working interval.
      start = Math.max(start, (ends[bi] as number) + bufferBefore);
    }
  }
  return out;
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
  const days = gridDays(p.grid, from, to);
  const anchors = p.requirements[0] ?? [];
  // Per resource, its on-grid free starts when it anchors the grid (first requirement), else null.
  const grids = p.resources.map((): number[] | null => null);
  for (const r of anchors) grids[r] = [];
  const free = p.resources.map((resource, r) =>
    freeStarts(p, resource, from, to, days, grids[r] ?? null),
  );
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
  const gridCursor = new Array<number>(p.resources.length).fill(0);
  const onGrid = (r: number, s: number): boolean => {
    const list = grids[r] ?? [];
    let i = gridCursor[r] as number;
    while (i < list.length && (list[i] as number) < s) i++;
    gridCursor[r] = i;
    return list[i] === s;
  };
  const options: number[][] = p.requirements.map(() => []);
  const starts = candidateStarts(anchors.map((r) => grids[r] ?? []));
  for (let k = 0; k < starts.length; k++) {
    const s = starts[k] as number;
    let possible = true;
    for (let q = 0; q < p.requirements.length && possible; q++) {
      const list = options[q] as number[];
      list.length = 0;
      // The first requirement's grid points are free starts already.
      if (q === 0) for (const r of anchors) if (onGrid(r, s)) list.push(r);
      if (q > 0) for (const r of p.requirements[q] as number[]) if (isFree(r, s)) list.push(r);
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

/** The sorted union of sorted lists, without repeats. */
function candidateStarts(lists: number[][]): ArrayLike<number> {
  const nonEmpty = lists.filter((list) => list.length > 0);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? [];
  let total = 0;
  for (const list of nonEmpty) total += list.length;
  const all = new Float64Array(total);
  let k = 0;
  for (const list of nonEmpty) for (const t of list) all[k++] = t;
  // A typed array sorts numerically without a comparator callback.
  all.sort();
  let w = 0;
  for (let r = 0; r < total; r++) {
    if (w === 0 || all[r] !== all[w - 1]) all[w++] = all[r] as number;
  }
  return all.subarray(0, w);
}

/** Slots with integer starts in [from, to), from a prepared query; limit ends the search early. */
function search(p: Prepared, from: number, to: number, limit: number): Slot[] {
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

/** Starts allowed by notice and horizon: [now + minNotice, now + horizonDays). */
function bookable(query: SlotQuery): Interval {
  return {
    start: query.now + query.minNoticeMinutes,
    end: query.now + query.horizonDays * MINUTES_PER_DAY,
  };
}

/**
 * Bookable slot starts for a query, sorted by start and capped by `limit`. A start s is offered
 * when it is within [from, to), at least `minNoticeMinutes` after `now` and before
 * `now + horizonDays` days, and every requirement has a distinct free resource at s (working for
 * [s, s + duration), no busy time within the buffers around it), the first requirement's one
 * having s on the grid of its working stretch: the stretch's start plus multiples of
 * `slotIntervalMinutes` on the wall clock of `gridTimeZone` (see "The grid" above).
 */
export function findSlots(query: SlotQuery): Slot[] {
  const p = prepare(query);
  const allowed = bookable(query);
  const from = Math.max(query.from, allowed.start);
  const to = Math.min(query.to, allowed.end);
  return search(p, from, to, query.limit ?? Infinity);
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

/** How far either side of an off-grid start explainStart looks for free ones. */
const NEAREST_WINDOW = MINUTES_PER_DAY;
const NEAREST_PER_SIDE = 2;
const NEAREST_COUNT = 3;

const NO_BUSY: BusyList = { starts: new Float64Array(0), ends: new Float64Array(0), length: 0 };

/**
 * Why a requested start is or is not bookable, checked in this order:
 *   "past"         start < now
 *   "notice"       start < now + minNoticeMinutes
 *   "horizon"      start ≥ now + horizonDays days
 *   "outsideHours" no distinct resources, one per requirement, all work [start, start + duration)
 *   "offGrid"      they do, but in none of those sets is start on the grid of the resource that
 *                  fills the first requirement (the practitioner);
 *                  `nearest` holds up to three free slots, at most two on either side and within a
 *                  day of start, nearest first (the earlier on a tie), possibly none
 *   "taken"        on the grid, but busy time (buffers included) leaves no resource set free
 *   "ok"           bookable; `slot` is what findSlots offers at start
 * The query's `from`, `to` and `limit` are ignored; its busy times should cover the day either
 * side of `start`. Throws SchedulingInputError on a malformed query or start, as findSlots does.
 */
export function explainStart(query: SlotQuery, start: number): StartExplanation {
  assertEpochMinutes(start, "start");
  const p = prepare(query);
  const allowed = bookable(query);
  if (start < query.now) return { kind: "past" };
  if (start < allowed.start) return { kind: "notice" };
  if (start >= allowed.end) return { kind: "horizon" };
  if (!worksThroughout(p, start)) return { kind: "outsideHours" };
  if (Number.isInteger(start)) {
    const [slot] = search(p, start, start + 1, 1);
    if (slot) return { kind: "ok", slot };
    const idle = { ...p, resources: p.resources.map((r) => ({ ...r, busy: NO_BUSY })) };
    if (search(idle, start, start + 1, 1).length > 0) return { kind: "taken" };
  }
  const before = search(p, Math.max(allowed.start, start - NEAREST_WINDOW), start, Infinity);
  const after = search(
    p,
    Math.floor(start) + 1,
    Math.min(allowed.end, start + NEAREST_WINDOW),
    NEAREST_PER_SIDE,
  );
  const nearest = [...before.slice(-NEAREST_PER_SIDE), ...after]
    .sort((x, y) => Math.abs(x.start - start) - Math.abs(y.start - start) || x.start - y.start)
    .slice(0, NEAREST_COUNT);
  return { kind: "offGrid", nearest };
}

/** Whether distinct resources, one per requirement, all work for [start, start + duration). */
function worksThroughout(p: Prepared, start: number): boolean {
  const end = start + p.duration;
  const working = p.resources.map((resource) => {
    const [hours] = expandCompiled(resource.calendar, start, end);
    return hours !== undefined && hours.start === start && hours.end === end;
  });
  return assign(p.requirements.map((candidates) => candidates.filter((r) => working[r]))) !== null;
}
