import type { MetricPoint, MetricWindow } from '../../domain/types';

/** Columns of the float block (bucket time and ratios) and of the count block. */
const TIME = 0;
const ENGAGEMENT = 1;
const POSITIVE = 2;
const NEGATIVE = 3;
const FLOAT_COLUMNS = 4;
const COUNT_COLUMNS = 7;

/**
 * One (KOL, window) series stored by column, oldest bucket first, in two typed arrays: a float64
 * block (bucket times and the three ratios) and an int32 block (the seven counts; the series
 * switches it to float64 the first time a count is not a 32-bit integer). Revenue and currency
 * get a column only once a point of the series carries them. About 60 bytes a bucket (an object
 * per bucket costs about 250), and every value round-trips exactly.
 */
export class MetricSeries {
  private size = 0;
  private capacity: number;
  private floats: Float64Array;
  private counts: Int32Array | Float64Array;
  private revenue: Float64Array | undefined;
  private currency: (string | undefined)[] | undefined;

  constructor(
    readonly kolId: string,
    readonly window: MetricWindow,
    private readonly maxPoints: number,
    capacity = 8,
  ) {
    this.capacity = capacity;
    this.floats = new Float64Array(capacity * FLOAT_COLUMNS);
    this.counts = new Int32Array(capacity * COUNT_COLUMNS);
  }

  get length(): number {
    return this.size;
  }

  /** Inserts or replaces the point of its bucket; beyond `maxPoints` the oldest bucket is dropped. */
  put(point: MetricPoint): void {
    const at = point.bucketStart.getTime();
    let index = this.search(at);
    if (index >= this.size || this.time(index) !== at) {
      if (this.size === this.maxPoints) {
        if (index === 0) return; // older than everything kept
        this.move(1, 0, this.size - 1);
        this.size -= 1;
        index -= 1;
      }
      if (this.size === this.capacity) this.grow();
      this.move(index, index + 1, this.size - index);
      this.size += 1;
    }
    const { views, likes, comments, shares, clicks, orders, followerDelta } = point;
    if (
      this.counts instanceof Int32Array &&
      ((views | 0) !== views ||
        (likes | 0) !== likes ||
        (comments | 0) !== comments ||
        (shares | 0) !== shares ||
        (clicks | 0) !== clicks ||
        (orders | 0) !== orders ||
        (followerDelta | 0) !== followerDelta)
    ) {
      this.counts = Float64Array.from(this.counts);
    }
    const cap = this.capacity;
    const f = this.floats;
    f[TIME * cap + index] = at;
    f[ENGAGEMENT * cap + index] = point.engagementRate;
    f[POSITIVE * cap + index] = point.sentimentPositiveRatio;
    f[NEGATIVE * cap + index] = point.sentimentNegativeRatio;
    const c = this.counts;
    c[index] = views;
    c[cap + index] = likes;
    c[2 * cap + index] = comments;
    c[3 * cap + index] = shares;
    c[4 * cap + index] = clicks;
    c[5 * cap + index] = orders;
    c[6 * cap + index] = followerDelta;
    if (point.revenue !== undefined || this.revenue) {
      this.revenue ??= new Float64Array(cap).fill(Number.NaN);
      this.revenue[index] = point.revenue ?? Number.NaN;
    }
    if (point.currency !== undefined || this.currency) {
      this.currency ??= new Array<string | undefined>(cap);
      this.currency[index] = point.currency;
    }
  }

  /** The newest `n` points, newest first. */
  newest(n: number): MetricPoint[] {
    const out: MetricPoint[] = [];
    for (let i = this.size - 1; i >= 0 && out.length < n; i--) out.push(this.point(i));
    return out;
  }

  latest(): MetricPoint | null {
    return this.size > 0 ? this.point(this.size - 1) : null;
  }

  private time(i: number): number {
    return this.floats[TIME * this.capacity + i]!;
  }

  private point(i: number): MetricPoint {
    const cap = this.capacity;
    const f = this.floats;
    const c = this.counts;
    const point: MetricPoint = {
      kolId: this.kolId,
      window: this.window,
      bucketStart: new Date(f[TIME * cap + i]!),
      views: c[i]!,
      likes: c[cap + i]!,
      comments: c[2 * cap + i]!,
      shares: c[3 * cap + i]!,
      clicks: c[4 * cap + i]!,
      orders: c[5 * cap + i]!,
      followerDelta: c[6 * cap + i]!,
      engagementRate: f[ENGAGEMENT * cap + i]!,
      sentimentPositiveRatio: f[POSITIVE * cap + i]!,
      sentimentNegativeRatio: f[NEGATIVE * cap + i]!,
    };
    const revenue = this.revenue?.[i];
    if (revenue !== undefined && !Number.isNaN(revenue)) point.revenue = revenue;
    const currency = this.currency?.[i];
    if (currency !== undefined) point.currency = currency;
    return point;
  }

  /** First index whose time is >= at. */
  private search(at: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.time(mid) < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Moves `count` rows starting at `from` to `to`, in every column. */
  private move(from: number, to: number, count: number): void {
    if (count <= 0) return;
    const cap = this.capacity;
    for (let col = 0; col < FLOAT_COLUMNS; col++) {
      this.floats.copyWithin(col * cap + to, col * cap + from, col * cap + from + count);
    }
    for (let col = 0; col < COUNT_COLUMNS; col++) {
      this.counts.copyWithin(col * cap + to, col * cap + from, col * cap + from + count);
    }
    this.revenue?.copyWithin(to, from, from + count);
    if (this.currency) {
      const moved = this.currency.slice(from, from + count);
      for (let i = 0; i < count; i++) this.currency[to + i] = moved[i];
    }
  }

  /** Makes room for `more` new buckets at once (one allocation for a batch of history). */
  reserve(more: number): void {
    const wanted = Math.min(this.size + more, this.maxPoints);
    if (wanted > this.capacity) this.grow(wanted);
  }

  private grow(atLeast = 0): void {
    const old = this.capacity;
    const cap = Math.max(
      atLeast,
      Math.min(Math.max(8, Math.ceil(old * 1.5)), Math.max(this.maxPoints, 8)),
    );
    const floats = new Float64Array(cap * FLOAT_COLUMNS);
    for (let col = 0; col < FLOAT_COLUMNS; col++) {
      floats.set(this.floats.subarray(col * old, col * old + this.size), col * cap);
    }
    const counts =
      this.counts instanceof Int32Array
        ? new Int32Array(cap * COUNT_COLUMNS)
        : new Float64Array(cap * COUNT_COLUMNS);
    for (let col = 0; col < COUNT_COLUMNS; col++) {
      counts.set(this.counts.subarray(col * old, col * old + this.size), col * cap);
    }
    if (this.revenue) {
      const revenue = new Float64Array(cap).fill(Number.NaN);
      revenue.set(this.revenue.subarray(0, this.size));
      this.revenue = revenue;
    }
    this.floats = floats;
    this.counts = counts;
    this.capacity = cap;
  }
}
