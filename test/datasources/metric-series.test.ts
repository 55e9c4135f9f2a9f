import { describe, expect, it } from 'vitest';
import { ColumnArena, sizeClass } from '../../datasources/embedded/column-arena';
import { MetricSeries } from '../../datasources/embedded/metric-series';
import { point } from './fixtures';

const t0 = Date.UTC(2026, 0, 1);
const at = (i: number): Date => new Date(t0 + i * 300_000);

describe('MetricSeries (columnar embedded metric history)', () => {
  it('keeps buckets ordered whatever the write order, replaces a bucket, newest first on read', () => {
    const series = new MetricSeries('k', 'M5', 100, 2);
    for (const i of [5, 1, 3, 0, 4, 2]) series.put(point('k', 'M5', at(i), { views: i }));
    series.put(point('k', 'M5', at(3), { views: 33, engagementRate: 0.123456789 }));
    expect(series.length).toBe(6);
    expect(series.newest(10).map((p) => p.views)).toEqual([5, 4, 33, 2, 1, 0]);
    expect(series.newest(10)[2]).toEqual(
      point('k', 'M5', at(3), { views: 33, engagementRate: 0.123456789 }),
    );
    expect(series.latest()?.views).toBe(5);
  });

  it('drops the oldest bucket beyond its cap and ignores a point older than all it keeps', () => {
    const series = new MetricSeries('k', 'M5', 3);
    for (const i of [1, 2, 3, 4]) series.put(point('k', 'M5', at(i), { views: i }));
    series.put(point('k', 'M5', at(0), { views: 0 }));
    expect(series.newest(10).map((p) => p.views)).toEqual([4, 3, 2]);
  });

  it('counts that are not 32-bit integers switch the series to float64 without losing the others', () => {
    const series = new MetricSeries('k', 'H24', 10);
    series.put(point('k', 'H24', at(0), { views: 7 }));
    series.put(point('k', 'H24', at(1), { views: 5_000_000_000, followerDelta: -2.5 }));
    expect(series.newest(2).map((p) => [p.views, p.followerDelta])).toEqual([
      [5_000_000_000, -2.5],
      [7, -3],
    ]);
  });

  it('revenue and currency appear only on the points that carried them', () => {
    const series = new MetricSeries('k', 'H1', 10);
    series.put(point('k', 'H1', at(0)));
    series.put(point('k', 'H1', at(2), { revenue: 12.5, currency: 'EUR' }));
    series.put(point('k', 'H1', at(1)));
    const [newest, middle, oldest] = series.newest(3);
    expect(newest).toEqual(point('k', 'H1', at(2), { revenue: 12.5, currency: 'EUR' }));
    expect(middle).not.toHaveProperty('revenue');
    expect(middle).not.toHaveProperty('currency');
    expect(oldest).toEqual(point('k', 'H1', at(0)));
  });
});

const M5 = 300_000;
/** Views of a series, newest first. */
const viewsOf = (series: MetricSeries): number[] => series.newest(1_000).map((p) => p.views);
const timesOf = (series: MetricSeries): number[] =>
  series.newest(1_000).map((p) => p.bucketStart.getTime() - t0);

describe('MetricSeries buckets off the grid, out of order and beyond the cap', () => {
  it('keeps buckets on the grid, then a gap, a prepend and a bucket between two others', () => {
    const series = new MetricSeries('k', 'M5', 100);
    for (const i of [2, 3, 4]) series.put(point('k', 'M5', at(i), { views: i }));
    series.put(point('k', 'M5', at(1), { views: 1 })); // one bucket before the first
    series.put(point('k', 'M5', at(9), { views: 9 })); // a gap
    series.put(point('k', 'M5', new Date(t0 + 5.5 * M5), { views: 55 })); // off the grid
    series.put(point('k', 'M5', new Date(t0 - 1), { views: -1 })); // not a whole second
    expect(viewsOf(series)).toEqual([9, 55, 4, 3, 2, 1, -1]);
    expect(timesOf(series)).toEqual([9 * M5, 5.5 * M5, 4 * M5, 3 * M5, 2 * M5, M5, -1]);
  });

  it('replacing a bucket keeps the others, on and off the grid', () => {
    const series = new MetricSeries('k', 'M5', 100);
    for (const i of [0, 1, 2]) series.put(point('k', 'M5', at(i), { views: i }));
    series.put(point('k', 'M5', at(1), { views: 11, revenue: 3, currency: 'USD' }));
    expect(viewsOf(series)).toEqual([2, 11, 0]);
    series.put(point('k', 'M5', at(7), { views: 7 }));
    series.put(point('k', 'M5', at(0), { views: 10 }));
    expect(viewsOf(series)).toEqual([7, 2, 11, 10]);
    expect(series.newest(4)[2]).toEqual(
      point('k', 'M5', at(1), { views: 11, revenue: 3, currency: 'USD' }),
    );
  });

  it('newest(n) gives the n most recent (all when n is larger, none for 0)', () => {
    const series = new MetricSeries('k', 'M5', 100);
    for (let i = 0; i < 30; i++) series.put(point('k', 'M5', at(i), { views: i }));
    expect(series.newest(3).map((p) => p.views)).toEqual([29, 28, 27]);
    expect(series.newest(0)).toEqual([]);
    expect(series.newest(50)).toHaveLength(30);
    expect(new MetricSeries('k', 'M5', 10).newest(5)).toEqual([]);
    expect(new MetricSeries('k', 'M5', 10).latest()).toBeNull();
  });

  it('beyond the cap the oldest buckets go, on the grid and off it', () => {
    const onGrid = new MetricSeries('k', 'M5', 4);
    for (let i = 0; i < 10; i++) onGrid.put(point('k', 'M5', at(i), { views: i }));
    expect(viewsOf(onGrid)).toEqual([9, 8, 7, 6]);
    expect(timesOf(onGrid)).toEqual([9, 8, 7, 6].map((i) => i * M5));
    onGrid.put(point('k', 'M5', at(5), { views: 5 })); // older than everything kept
    expect(viewsOf(onGrid)).toEqual([9, 8, 7, 6]);
    onGrid.put(point('k', 'M5', at(20), { views: 20 })); // a gap, with the cap reached
    expect(timesOf(onGrid)).toEqual([20, 9, 8, 7].map((i) => i * M5));
    onGrid.put(point('k', 'M5', at(8), { views: 88 }));
    expect(viewsOf(onGrid)).toEqual([20, 9, 88, 7]);
  });
});

describe('MetricSeries column types', () => {
  it('counts widen from 8 to 16 and 32 bits and to float64, every value kept', () => {
    const series = new MetricSeries('k', 'H1', 10);
    const values = [5, -127, 300, -32_767, 70_000, -2_000_000_000, 2 ** 40, 0.5, -0];
    values.forEach((v, i) =>
      series.put(point('k', 'H1', new Date(t0 + i * 3_600_000), { likes: v, followerDelta: -v })),
    );
    const read = series.newest(20).reverse();
    expect(read.map((p) => p.likes)).toEqual(values);
    expect(read.map((p) => p.followerDelta)).toEqual(values.map((v) => -v));
    expect(Object.is(read.at(-1)!.likes, -0)).toBe(true);
  });

  it('the lowest value of an integer type is kept (it is not read as a missing revenue)', () => {
    const series = new MetricSeries('k', 'H1', 10);
    series.put(point('k', 'H1', at(0), { revenue: 5 }));
    series.put(point('k', 'H1', new Date(t0 + 3_600_000), { revenue: -128, views: -128 }));
    series.put(point('k', 'H1', new Date(t0 + 7_200_000)));
    const [none, low, five] = series.newest(3);
    expect(low?.revenue).toBe(-128);
    expect(low?.views).toBe(-128);
    expect(five?.revenue).toBe(5);
    expect(none).not.toHaveProperty('revenue');
  });

  it('ratios stay exact whether or not they fit float32', () => {
    const series = new MetricSeries('k', 'H1', 10);
    series.put(
      point('k', 'H1', at(0), { sentimentPositiveRatio: 0.5, sentimentNegativeRatio: 0.25 }),
    );
    series.put(
      point('k', 'H1', new Date(t0 + 3_600_000), {
        sentimentPositiveRatio: 1 / 3,
        sentimentNegativeRatio: 0.1,
      }),
    );
    const [second, first] = series.newest(2);
    expect([first?.sentimentPositiveRatio, first?.sentimentNegativeRatio]).toEqual([0.5, 0.25]);
    expect([second?.sentimentPositiveRatio, second?.sentimentNegativeRatio]).toEqual([1 / 3, 0.1]);
  });

  it('engagement rates the counts give are not stored; another rate is, and the earlier stay right', () => {
    const series = new MetricSeries('k', 'H1', 10);
    const derived = point('k', 'H1', at(0), {
      views: 7,
      likes: 1,
      comments: 1,
      shares: 1,
      engagementRate: 3 / 7,
    });
    const noViews = point('k', 'H1', new Date(t0 + 3_600_000), { views: 0, engagementRate: 0 });
    const other = point('k', 'H1', new Date(t0 + 7_200_000), { engagementRate: 0.123456789 });
    series.put(derived);
    series.put(noViews);
    expect(series.newest(2)).toEqual([noViews, derived]);
    series.put(other);
    expect(series.newest(3)).toEqual([other, noViews, derived]);
  });

  it('revenue turning fractional keeps earlier amounts and absences; currencies keep apart', () => {
    const series = new MetricSeries('k', 'H1', 10);
    const h = (i: number): Date => new Date(t0 + i * 3_600_000);
    series.put(point('k', 'H1', h(0), { revenue: 100, currency: 'VND' }));
    series.put(point('k', 'H1', h(1)));
    series.put(point('k', 'H1', h(2), { revenue: 70_000, currency: 'USD' }));
    series.put(point('k', 'H1', h(3), { revenue: 12.345, currency: 'VND' }));
    const read = series.newest(4).reverse();
    expect(read.map((p) => p.revenue)).toEqual([100, undefined, 70_000, 12.345]);
    expect(read.map((p) => p.currency)).toEqual(['VND', undefined, 'USD', 'VND']);
    expect(read[1]).not.toHaveProperty('revenue');
  });

  it('putAll writes a batch like put does, one point at a time', () => {
    const points = [3, 0, 1, 2, 5].map((i) =>
      point('k', 'M5', at(i), { views: i * 1_000, revenue: i % 2 ? i / 4 : undefined }),
    );
    const sorted = [...points].sort((a, b) => a.bucketStart.getTime() - b.bucketStart.getTime());
    const one = new MetricSeries('k', 'M5', 100);
    for (const p of sorted) one.put(p);
    const all = new MetricSeries('k', 'M5', 100);
    all.putAll(sorted);
    expect(all.newest(10)).toEqual(one.newest(10));
    expect(all.newest(10).map((p) => p.views)).toEqual([5_000, 3_000, 2_000, 1_000, 0]);
  });
});

describe('ColumnArena (the slabs series live in)', () => {
  it('size classes are at most an eighth above the request, 8-byte aligned', () => {
    for (const bytes of [1, 64, 65, 100, 129, 1_000, 4_097, 123_457]) {
      const size = sizeClass(bytes);
      expect(size).toBeGreaterThanOrEqual(bytes);
      expect(size % 8).toBe(0);
      expect(size).toBeLessThanOrEqual(Math.max(64, bytes * 1.125));
      expect(sizeClass(size)).toBe(size);
    }
  });

  it('a freed region is handed out again for its class; others are cut from the slab', () => {
    const arena = new ColumnArena(1_024);
    const a = arena.allocate(100);
    const b = arena.allocate(100);
    expect(b).not.toBe(a);
    arena.free(a, 100);
    expect(arena.allocate(200)).not.toBe(a);
    expect(arena.allocate(97)).toBe(a);
    expect(arena.slab(a)).toBe(arena.slab(b));
    const big = arena.allocate(5_000); // larger than a slab: a slab of its own
    expect(arena.slab(big).i8.byteLength).toBe(sizeClass(5_000));
  });

  it('series growing side by side in one arena stay correct', () => {
    const arena = new ColumnArena(64 * 1_024);
    const all = Array.from(
      { length: 50 },
      (_, k) => new MetricSeries(`k${k}`, 'M5', 400, 8, arena),
    );
    for (let i = 0; i < 300; i++) {
      for (const [k, series] of all.entries()) {
        series.put(point(series.kolId, 'M5', at(i), { views: i * k }));
      }
    }
    expect(all.map((s) => s.length)).toEqual(all.map(() => 300));
    expect(all[7]!.newest(2).map((p) => p.views)).toEqual([299 * 7, 298 * 7]);
    expect(all[0]!.newest(300).map((p) => p.views)).toEqual(all[0]!.newest(300).map(() => 0));
  });

  it('a batch written with putAll takes its rows in one region: demo-like buckets ~16 bytes', () => {
    const arena = new ColumnArena(64 * 1_024);
    for (let k = 0; k < 50; k++) {
      const series = new MetricSeries(`k${k}`, 'M5', 400, 8, arena);
      series.putAll(
        Array.from({ length: 288 }, (_, i) => {
          const views = 100 + i * k;
          return point(series.kolId, 'M5', at(i), {
            views,
            engagementRate: (120 + 15 + 5) / views,
            sentimentPositiveRatio: 0.5,
            sentimentNegativeRatio: 0.25,
          });
        }),
      );
      expect(series.newest(1)[0]!.views).toBe(100 + 287 * k);
    }
    // Per bucket: views int16, six int8 counts, two float32 ratios; time and rate not stored.
    expect(arena.reservedBytes).toBeLessThan(50 * 288 * 16 * 1.5);
  });
});
