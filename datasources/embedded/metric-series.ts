import { WINDOW_MS, type MetricPoint, type MetricWindow } from '../../domain/types';
import { ColumnArena, offsetOf, sizeClass, type Slab } from './column-arena';

/*
 * Column kinds: the narrowest element type holding every value of a column exactly. NONE holds
 * nothing per bucket: for the time column the buckets lie on the window's grid without gaps, for
 * engagement every rate is the one its counts give, for revenue and currency no point had one.
 */
const NONE = 0;
const I8 = 1;
const I16 = 2;
const I32 = 3;
const F32 = 4;
const F64 = 5;
/** Bucket times in whole seconds. */
const U32 = 6;
const WIDTH = [0, 1, 2, 4, 4, 8, 4];
/** What an absent revenue is stored as, per kind. */
const ABSENT = [0, -128, -32768, -2147483648, Number.NaN, Number.NaN, 0];

const TIME = 0;
const VIEWS = 1;
const LIKES = 2;
const COMMENTS = 3;
const SHARES = 4;
const CLICKS = 5;
const ORDERS = 6;
const FOLLOWER_DELTA = 7;
const ENGAGEMENT = 8;
const POSITIVE = 9;
const NEGATIVE = 10;
const REVENUE = 11;
const CURRENCY = 12;
const COLUMNS = 13;

/** Layouts are shared by every series with the same column kinds. */
const layouts = new Map<string, readonly number[]>();
function layout(kinds: readonly number[]): readonly number[] {
  const key = kinds.join();
  let shared = layouts.get(key);
  if (!shared) {
    shared = Object.freeze([...kinds]);
    layouts.set(key, shared);
  }
  return shared;
}
const EMPTY = layout([NONE, I8, I8, I8, I8, I8, I8, I8, NONE, I8, I8, NONE, NONE]);

/** Byte offsets (in the slab) of each column of the series being read or written. */
const base = new Array<number>(COLUMNS).fill(0);
const otherBase = new Array<number>(COLUMNS).fill(0);
/** Which region `base` describes. */
const located: {
  series: MetricSeries | undefined;
  address: number;
  kinds: readonly number[];
  capacity: number;
  slab: Slab | undefined;
} = { series: undefined, address: -1, kinds: EMPTY, capacity: 0, slab: undefined };
/** The column kinds a write needs (scratch). */
const wanted = new Array<number>(COLUMNS).fill(0);

/**
 * One (KOL, window) series, oldest bucket first, stored by column in a region of a ColumnArena.
 * Each column has its own element type, widened the first time a value does not fit (int8, int16,
 * int32, float32 when every value is one, float64), and some columns are free: bucket times on the
 * window's grid, engagement rates equal to (likes + comments + shares) / views, revenue and
 * currency until a point carries them. The demo's buckets take about 13 bytes; any value
 * round-trips exactly.
 */
export class MetricSeries {
  private size = 0;
  private capacity = 0;
  private address = -1;
  private kinds = EMPTY;
  /** Start of the first bucket while the times are on the grid (time column NONE). */
  private t0 = 0;
  private readonly step: number;
  private currencies: string[] | undefined;

  constructor(
    readonly kolId: string,
    readonly window: MetricWindow,
    private readonly maxPoints: number,
    private readonly initialCapacity = 8,
    private readonly arena = new ColumnArena(4096),
  ) {
    this.step = WINDOW_MS[window];
  }

  get length(): number {
    return this.size;
  }

  /** Inserts or replaces the point of its bucket; beyond `maxPoints` the oldest bucket is dropped. */
  put(point: MetricPoint): void {
    this.insert(point, true);
  }

  /** Writes points given oldest first, making room and widening columns once for all of them. */
  putAll(points: readonly MetricPoint[]): void {
    const want = wanted;
    for (let c = 0; c < COLUMNS; c++) want[c] = this.kinds[c]!;
    countKinds(points, want);
    for (const point of points) {
      if (!Object.is(point.engagementRate, derivedEngagement(point))) {
        want[ENGAGEMENT] = join(want[ENGAGEMENT]!, kindOf(point.engagementRate));
      }
      want[POSITIVE] = join(want[POSITIVE]!, kindOf(point.sentimentPositiveRatio));
      want[NEGATIVE] = join(want[NEGATIVE]!, kindOf(point.sentimentNegativeRatio));
      if (point.revenue !== undefined) want[REVENUE] = join(want[REVENUE]!, kindOf(point.revenue));
      if (point.currency !== undefined) {
        want[CURRENCY] = join(want[CURRENCY]!, kindOf(this.currencyCode(point.currency)));
      }
    }
    if (this.kinds[ENGAGEMENT] === NONE && want[ENGAGEMENT] !== NONE) {
      want[ENGAGEMENT] = join(want[ENGAGEMENT]!, this.derivedKind());
    }
    const kinds = layout(want);
    const capacity = Math.max(this.capacity, Math.min(this.size + points.length, this.maxPoints));
    if (capacity > this.capacity || kinds !== this.kinds) this.relayout(kinds, capacity);
    if (this.continuesGrid(points)) this.appendRows(points);
    else for (const point of points) this.insert(point, false);
  }

  /**
   * Whether `points` (oldest first) are the next buckets on the window's grid after the newest
   * kept one (any times when the series is empty) and fit without dropping any: the common case
   * of a history load, which `appendRows` writes column by column.
   */
  private continuesGrid(points: readonly MetricPoint[]): boolean {
    if (this.kinds[TIME] !== NONE) return false;
    const n = points.length;
    if (this.size + n > this.capacity || this.size + n > this.maxPoints) return false;
    const first =
      this.size === 0 ? points[0]!.bucketStart.getTime() : this.t0 + this.size * this.step;
    for (let j = 0; j < n; j++) {
      if (points[j]!.bucketStart.getTime() !== first + j * this.step) return false;
    }
    return true;
  }

  /**
   * Appends points `continuesGrid` accepted (their columns already hold their values), one
   * column at a time (a loop per column: each reads one field and writes one typed array).
   */
  private appendRows(points: readonly MetricPoint[]): void {
    const n = points.length;
    if (n === 0) return;
    if (this.size === 0) this.t0 = points[0]!.bucketStart.getTime();
    const kinds = this.kinds;
    const slab = this.locate(base, this.address, kinds, this.capacity);
    const from = this.size;
    /** The view and first element index of column `c` at row `from` (undefined: not stored). */
    const target = (c: number): { view: Column; at: number } | undefined => {
      const kind = kinds[c]!;
      if (kind === NONE) return undefined;
      return { view: viewOf(slab, kind), at: base[c]! / WIDTH[kind]! + from };
    };
    let t = target(VIEWS);
    if (t) for (let j = 0; j < n; j++) t.view[t.at + j] = points[j]!.views;
    t = target(LIKES);
    if (t) for (let j = 0; j < n; j++) t.view[t.at + j] = points[j]!.likes;
    t = target(COMMENTS);
    if (t) for (let j = 0; j < n; j++) t.view[t.at + j] = points[j]!.comments;
    t = target(SHARES);
    if (t) for (let j = 0; j < n; j++) t.view[t.at + j] = points[j]!.shares;
    t = target(CLICKS);
    if (t) for (let j = 0; j < n; j++) t.view[t.at + j] = points[j]!.clicks;
    t = target(ORDERS);
    if (t) for (let j = 0; j < n; j++) t.view[t.at + j] = points[j]!.orders;
    t = target(FOLLOWER_DELTA);
    if (t) for (let j = 0; j < n; j++) t.view[t.at + j] = points[j]!.followerDelta;
    t = target(ENGAGEMENT);
    if (t) for (let j = 0; j < n; j++) t.view[t.at + j] = points[j]!.engagementRate;
    t = target(POSITIVE);
    if (t) for (let j = 0; j < n; j++) t.view[t.at + j] = points[j]!.sentimentPositiveRatio;
    t = target(NEGATIVE);
    if (t) for (let j = 0; j < n; j++) t.view[t.at + j] = points[j]!.sentimentNegativeRatio;
    t = target(REVENUE);
    if (t) {
      const absent = ABSENT[kinds[REVENUE]!]!;
      for (let j = 0; j < n; j++) t.view[t.at + j] = points[j]!.revenue ?? absent;
    }
    t = target(CURRENCY);
    if (t) {
      for (let j = 0; j < n; j++) {
        const currency = points[j]!.currency;
        t.view[t.at + j] = currency === undefined ? 0 : this.currencyCode(currency);
      }
    }
    this.size += n;
  }

  /** `checkValues` false: the columns already hold the point's values (putAll widened them). */
  private insert(point: MetricPoint, checkValues: boolean): void {
    const at = point.bucketStart.getTime();
    const n = this.size;
    let index = n === 0 || at > this.timeAt(n - 1) ? n : this.search(at);
    const replace = index < n && this.timeAt(index) === at;
    if (!replace && n === this.maxPoints && index === 0) return; // older than everything kept
    if (checkValues) this.fit(point, at, index, replace);
    else if (this.kinds[TIME] === NONE && !this.onGrid(at, index, replace)) this.leaveGrid(at);
    if (!replace) {
      if (this.size === this.maxPoints) {
        this.moveRows(1, 0, this.size - 1);
        this.size -= 1;
        this.t0 += this.step;
        index -= 1;
      }
      if (this.size === this.capacity) {
        this.relayout(this.kinds, Math.max(this.initialCapacity, Math.ceil(this.size * 1.5)));
      }
      this.moveRows(index, index + 1, this.size - index);
      this.size += 1;
      if (index === 0 && this.kinds[TIME] === NONE) this.t0 = at;
    }
    this.writeRow(index, point, at);
  }

  /** The newest `n` points, newest first. */
  newest(n: number): MetricPoint[] {
    const out: MetricPoint[] = [];
    if (this.size === 0) return out;
    const slab = this.locate(base, this.address, this.kinds, this.capacity);
    for (let i = this.size - 1; i >= 0 && out.length < n; i--) out.push(this.point(slab, i));
    return out;
  }

  latest(): MetricPoint | null {
    if (this.size === 0) return null;
    return this.point(this.locate(base, this.address, this.kinds, this.capacity), this.size - 1);
  }

  private timeAt(i: number): number {
    if (this.kinds[TIME] === NONE) return this.t0 + i * this.step;
    const slab = this.locate(base, this.address, this.kinds, this.capacity);
    return readTime(slab, this.kinds[TIME]!, base[TIME]!, i);
  }

  /** First index whose time is >= at. */
  private search(at: number): number {
    const kind = this.kinds[TIME]!;
    if (kind === NONE) {
      return Math.min(this.size, Math.max(0, Math.ceil((at - this.t0) / this.step)));
    }
    const slab = this.locate(base, this.address, this.kinds, this.capacity);
    const column = base[TIME]!;
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (readTime(slab, kind, column, mid) < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Widens the columns that cannot hold the point's values (and gives up the time grid if off it). */
  private fit(point: MetricPoint, at: number, index: number, replace: boolean): void {
    const old = this.kinds;
    const want = wanted;
    if (old[TIME] !== NONE) want[TIME] = timeKindOf(at);
    else if (this.onGrid(at, index, replace)) want[TIME] = NONE;
    else want[TIME] = join(timeKindOf(at), this.size > 0 ? this.gridTimeKind() : NONE);
    want[VIEWS] = kindOf(point.views);
    want[LIKES] = kindOf(point.likes);
    want[COMMENTS] = kindOf(point.comments);
    want[SHARES] = kindOf(point.shares);
    want[CLICKS] = kindOf(point.clicks);
    want[ORDERS] = kindOf(point.orders);
    want[FOLLOWER_DELTA] = kindOf(point.followerDelta);
    want[ENGAGEMENT] = Object.is(point.engagementRate, derivedEngagement(point))
      ? NONE
      : kindOf(point.engagementRate);
    want[POSITIVE] = kindOf(point.sentimentPositiveRatio);
    want[NEGATIVE] = kindOf(point.sentimentNegativeRatio);
    want[REVENUE] = point.revenue === undefined ? NONE : kindOf(point.revenue);
    want[CURRENCY] =
      point.currency === undefined ? NONE : kindOf(this.currencyCode(point.currency));
    let widened = false;
    for (let c = 0; c < COLUMNS; c++) {
      want[c] = join(old[c]!, want[c]!);
      if (want[c] !== old[c]) widened = true;
    }
    if (!widened) return;
    if (old[ENGAGEMENT] === NONE && want[ENGAGEMENT] !== NONE) {
      want[ENGAGEMENT] = join(want[ENGAGEMENT], this.derivedKind());
    }
    this.relayout(layout(want), Math.max(this.capacity, this.initialCapacity));
  }

  /** Writes the bucket times out: a point at `at` is off the grid. */
  private leaveGrid(at: number): void {
    const kinds = [...this.kinds];
    kinds[TIME] = join(timeKindOf(at), this.size > 0 ? this.gridTimeKind() : NONE);
    this.relayout(layout(kinds), Math.max(this.capacity, this.initialCapacity));
  }

  /** Whether a point at `at` keeps the buckets on the window's grid. */
  private onGrid(at: number, index: number, replace: boolean): boolean {
    if (this.size === 0 || replace) return true;
    if (index === this.size) return at === this.t0 + this.size * this.step;
    return index === 0 && at === this.t0 - this.step;
  }

  /** The kind the grid's times need once written out. */
  private gridTimeKind(): number {
    return join(timeKindOf(this.t0), timeKindOf(this.t0 + (this.size - 1) * this.step));
  }

  /** The kind the stored rows' derived engagement rates need once written out. */
  private derivedKind(): number {
    if (this.size === 0) return NONE;
    const slab = this.locate(base, this.address, this.kinds, this.capacity);
    let kind = NONE;
    for (let i = 0; i < this.size && kind !== F64; i++) {
      kind = join(kind, kindOf(rowEngagement(slab, this.kinds, base, i)));
    }
    return kind;
  }

  /** Index + 1 of the currency in this series' list (0 stands for none). */
  private currencyCode(currency: string): number {
    this.currencies ??= [];
    let at = this.currencies.indexOf(currency);
    if (at < 0) at = this.currencies.push(currency) - 1;
    return at + 1;
  }

  private writeRow(i: number, point: MetricPoint, at: number): void {
    const kinds = this.kinds;
    const slab = this.locate(base, this.address, kinds, this.capacity);
    if (kinds[TIME] !== NONE) writeTime(slab, kinds[TIME]!, base[TIME]!, i, at);
    write(slab, kinds[VIEWS]!, base[VIEWS]!, i, point.views);
    write(slab, kinds[LIKES]!, base[LIKES]!, i, point.likes);
    write(slab, kinds[COMMENTS]!, base[COMMENTS]!, i, point.comments);
    write(slab, kinds[SHARES]!, base[SHARES]!, i, point.shares);
    write(slab, kinds[CLICKS]!, base[CLICKS]!, i, point.clicks);
    write(slab, kinds[ORDERS]!, base[ORDERS]!, i, point.orders);
    write(slab, kinds[FOLLOWER_DELTA]!, base[FOLLOWER_DELTA]!, i, point.followerDelta);
    if (kinds[ENGAGEMENT] !== NONE) {
      write(slab, kinds[ENGAGEMENT]!, base[ENGAGEMENT]!, i, point.engagementRate);
    }
    write(slab, kinds[POSITIVE]!, base[POSITIVE]!, i, point.sentimentPositiveRatio);
    write(slab, kinds[NEGATIVE]!, base[NEGATIVE]!, i, point.sentimentNegativeRatio);
    const revenueKind = kinds[REVENUE]!;
    if (revenueKind !== NONE) {
      write(slab, revenueKind, base[REVENUE]!, i, point.revenue ?? ABSENT[revenueKind]!);
    }
    if (kinds[CURRENCY] !== NONE) {
      const code = point.currency === undefined ? 0 : this.currencyCode(point.currency);
      write(slab, kinds[CURRENCY]!, base[CURRENCY]!, i, code);
    }
  }

  private point(slab: Slab, i: number): MetricPoint {
    const kinds = this.kinds;
    const views = read(slab, kinds[VIEWS]!, base[VIEWS]!, i);
    const likes = read(slab, kinds[LIKES]!, base[LIKES]!, i);
    const comments = read(slab, kinds[COMMENTS]!, base[COMMENTS]!, i);
    const shares = read(slab, kinds[SHARES]!, base[SHARES]!, i);
    const point: MetricPoint = {
      kolId: this.kolId,
      window: this.window,
      bucketStart: new Date(
        kinds[TIME] === NONE
          ? this.t0 + i * this.step
          : readTime(slab, kinds[TIME]!, base[TIME]!, i),
      ),
      views,
      likes,
      comments,
      shares,
      clicks: read(slab, kinds[CLICKS]!, base[CLICKS]!, i),
      orders: read(slab, kinds[ORDERS]!, base[ORDERS]!, i),
      followerDelta: read(slab, kinds[FOLLOWER_DELTA]!, base[FOLLOWER_DELTA]!, i),
      engagementRate:
        kinds[ENGAGEMENT] === NONE
          ? engagementOf(views, likes, comments, shares)
          : read(slab, kinds[ENGAGEMENT]!, base[ENGAGEMENT]!, i),
      sentimentPositiveRatio: read(slab, kinds[POSITIVE]!, base[POSITIVE]!, i),
      sentimentNegativeRatio: read(slab, kinds[NEGATIVE]!, base[NEGATIVE]!, i),
    };
    const revenueKind = kinds[REVENUE]!;
    if (revenueKind !== NONE) {
      const revenue = read(slab, revenueKind, base[REVENUE]!, i);
      if (!isAbsent(revenueKind, revenue)) point.revenue = revenue;
    }
    if (kinds[CURRENCY] !== NONE) {
      const code = read(slab, kinds[CURRENCY]!, base[CURRENCY]!, i);
      if (code > 0) point.currency = this.currencies![code - 1]!;
    }
    return point;
  }

  /** Moves `count` rows starting at `from` to `to`, in every stored column. */
  private moveRows(from: number, to: number, count: number): void {
    if (count <= 0) return;
    const slab = this.locate(base, this.address, this.kinds, this.capacity);
    for (let c = 0; c < COLUMNS; c++) {
      const kind = this.kinds[c]!;
      if (kind === NONE) continue;
      const view = viewOf(slab, kind);
      const at = base[c]! / WIDTH[kind]!;
      view.copyWithin(at + to, at + from, at + from + count);
    }
  }

  /** Moves the rows to a new region with these column kinds and at least this capacity. */
  private relayout(kinds: readonly number[], capacity: number): void {
    const wanted = Math.min(Math.max(capacity, this.size, 1), Math.max(this.maxPoints, 1));
    const bytes = regionBytes(kinds, wanted);
    const address = this.arena.allocate(bytes);
    const fitted = fittedCapacity(kinds, sizeClass(bytes), wanted, this.maxPoints);
    const to = this.locate(otherBase, address, kinds, fitted);
    if (this.address >= 0) {
      const from = this.locate(base, this.address, this.kinds, this.capacity);
      for (let c = 0; c < COLUMNS; c++) this.copyColumn(c, from, to, kinds[c]!);
      this.arena.free(this.address, regionBytes(this.kinds, this.capacity));
    }
    this.address = address;
    this.kinds = kinds;
    this.capacity = fitted;
  }

  /** Copies column `c` (at `base`) to `to` (at `otherBase`) as `kind`. */
  private copyColumn(c: number, from: Slab, to: Slab, kind: number): void {
    const old = this.kinds[c]!;
    if (kind === NONE) return;
    const src = base[c]!;
    const dst = otherBase[c]!;
    if (old === kind) {
      const width = WIDTH[kind]!;
      viewOf(to, kind).set(
        viewOf(from, kind).subarray(src / width, src / width + this.size),
        dst / width,
      );
      return;
    }
    for (let i = 0; i < this.size; i++) {
      let value: number;
      if (c === TIME) {
        value = old === NONE ? this.t0 + i * this.step : readTime(from, old, src, i);
        writeTime(to, kind, dst, i, value);
        continue;
      }
      if (old === NONE) {
        value = c === ENGAGEMENT ? rowEngagement(from, this.kinds, base, i) : ABSENT[kind]!;
      } else {
        value = read(from, old, src, i);
        if (c === REVENUE && isAbsent(old, value)) value = ABSENT[kind]!;
      }
      write(to, kind, dst, i, value);
    }
  }

  /** Fills `into` with the byte offsets in the slab of each column of a region; returns the slab. */
  private locate(
    into: number[],
    address: number,
    kinds: readonly number[],
    capacity: number,
  ): Slab {
    if (into === base) {
      if (located.series === this && located.address === address && located.kinds === kinds) {
        if (located.capacity === capacity) return located.slab!;
      }
      located.series = this;
      located.address = address;
      located.kinds = kinds;
      located.capacity = capacity;
      located.slab = this.arena.slab(address);
    }
    let at = offsetOf(address);
    for (let c = 0; c < COLUMNS; c++) {
      into[c] = at;
      at += align8(capacity * WIDTH[kinds[c]!]!);
    }
    return this.arena.slab(address);
  }
}

function align8(bytes: number): number {
  return (bytes + 7) & ~7;
}

function regionBytes(kinds: readonly number[], capacity: number): number {
  let bytes = 0;
  for (let c = 0; c < COLUMNS; c++) bytes += align8(capacity * WIDTH[kinds[c]!]!);
  return bytes;
}

/** The most rows (up to `max`, at least `wanted`) a region of `bytes` holds in this layout. */
function fittedCapacity(kinds: readonly number[], bytes: number, wanted: number, max: number) {
  let rowBytes = 0;
  for (let c = 0; c < COLUMNS; c++) rowBytes += WIDTH[kinds[c]!]!;
  const fits = Math.floor((bytes - 8 * COLUMNS) / rowBytes);
  return Math.max(wanted, Math.min(fits, max));
}

/** Per count column: the lowest and highest value (2c, 2c + 1) and whether a value is not an integer. */
const countRange = new Float64Array(2 * COLUMNS);
const countOdd = new Uint8Array(COLUMNS);

function noteCount(c: number, v: number): void {
  if (v < countRange[2 * c]!) countRange[2 * c] = v;
  if (v > countRange[2 * c + 1]!) countRange[2 * c + 1] = v;
  if (!Number.isInteger(v) || (v === 0 && 1 / v < 0)) countOdd[c] = 1;
}

/**
 * Joins into `want` the kinds the count columns (views to followerDelta) need for `points`: from
 * the lowest and highest value when every value is an integer (the integer kinds are nested
 * ranges), else value by value.
 */
function countKinds(points: readonly MetricPoint[], want: number[]): void {
  if (points.length === 0) return;
  countRange.fill(Infinity);
  for (let c = VIEWS; c <= FOLLOWER_DELTA; c++) countRange[2 * c + 1] = -Infinity;
  countOdd.fill(0);
  for (const p of points) {
    noteCount(VIEWS, p.views);
    noteCount(LIKES, p.likes);
    noteCount(COMMENTS, p.comments);
    noteCount(SHARES, p.shares);
    noteCount(CLICKS, p.clicks);
    noteCount(ORDERS, p.orders);
    noteCount(FOLLOWER_DELTA, p.followerDelta);
  }
  for (let c = VIEWS; c <= FOLLOWER_DELTA; c++) {
    if (countOdd[c] === 0) {
      want[c] = join(want[c]!, join(kindOf(countRange[2 * c]!), kindOf(countRange[2 * c + 1]!)));
      continue;
    }
    for (const point of points) want[c] = join(want[c]!, kindOf(countOf(point, c)));
  }
}

function countOf(point: MetricPoint, column: number): number {
  switch (column) {
    case VIEWS:
      return point.views;
    case LIKES:
      return point.likes;
    case COMMENTS:
      return point.comments;
    case SHARES:
      return point.shares;
    case CLICKS:
      return point.clicks;
    case ORDERS:
      return point.orders;
    default:
      return point.followerDelta;
  }
}

function engagementOf(views: number, likes: number, comments: number, shares: number): number {
  return views > 0 ? (likes + comments + shares) / views : 0;
}

function derivedEngagement(point: MetricPoint): number {
  return engagementOf(point.views, point.likes, point.comments, point.shares);
}

function rowEngagement(slab: Slab, kinds: readonly number[], at: number[], i: number): number {
  return engagementOf(
    read(slab, kinds[VIEWS]!, at[VIEWS]!, i),
    read(slab, kinds[LIKES]!, at[LIKES]!, i),
    read(slab, kinds[COMMENTS]!, at[COMMENTS]!, i),
    read(slab, kinds[SHARES]!, at[SHARES]!, i),
  );
}

/** The narrowest kind holding `v` exactly (-0 and NaN included). */
function kindOf(v: number): number {
  if (Number.isInteger(v) && !Object.is(v, -0)) {
    // The lowest value of each integer type is left out: it marks an absent revenue.
    if (v > -128 && v < 128) return I8;
    if (v > -32768 && v < 32768) return I16;
    if (v > -2147483648 && v < 2147483648) return I32;
  }
  return Math.fround(v) === v ? F32 : F64;
}

function timeKindOf(ms: number): number {
  return ms % 1000 === 0 && ms >= 0 && ms < 4294967296000 ? U32 : F64;
}

/** The narrowest kind holding the values of both. */
function join(a: number, b: number): number {
  if (a === b || b === NONE) return a;
  if (a === NONE) return b;
  if (a === F64 || b === F64 || a === U32 || b === U32) return F64;
  if ((a === I32 && b === F32) || (a === F32 && b === I32)) return F64;
  return Math.max(a, b);
}

function isAbsent(kind: number, value: number): boolean {
  return kind === F32 || kind === F64 ? Number.isNaN(value) : value === ABSENT[kind];
}

type Column = Float64Array | Float32Array | Uint32Array | Int32Array | Int16Array | Int8Array;

function viewOf(slab: Slab, kind: number): Column {
  switch (kind) {
    case I8:
      return slab.i8;
    case I16:
      return slab.i16;
    case I32:
      return slab.i32;
    case F32:
      return slab.f32;
    case U32:
      return slab.u32;
    default:
      return slab.f64;
  }
}

function read(slab: Slab, kind: number, at: number, i: number): number {
  switch (kind) {
    case I8:
      return slab.i8[at + i]!;
    case I16:
      return slab.i16[(at >>> 1) + i]!;
    case I32:
      return slab.i32[(at >>> 2) + i]!;
    case F32:
      return slab.f32[(at >>> 2) + i]!;
    default:
      return slab.f64[(at >>> 3) + i]!;
  }
}

function write(slab: Slab, kind: number, at: number, i: number, value: number): void {
  switch (kind) {
    case I8:
      slab.i8[at + i] = value;
      return;
    case I16:
      slab.i16[(at >>> 1) + i] = value;
      return;
    case I32:
      slab.i32[(at >>> 2) + i] = value;
      return;
    case F32:
      slab.f32[(at >>> 2) + i] = value;
      return;
    default:
      slab.f64[(at >>> 3) + i] = value;
  }
}

function readTime(slab: Slab, kind: number, at: number, i: number): number {
  return kind === U32 ? slab.u32[(at >>> 2) + i]! * 1000 : slab.f64[(at >>> 3) + i]!;
}

function writeTime(slab: Slab, kind: number, at: number, i: number, ms: number): void {
  if (kind === U32) slab.u32[(at >>> 2) + i] = ms / 1000;
  else slab.f64[(at >>> 3) + i] = ms;
}
