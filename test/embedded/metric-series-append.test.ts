/**
 * MetricSeries.putAll writes a run of points that continues the window's grid column by column;
 * every other write goes point by point. Both must store the same thing: a series loaded in runs
 * reads back exactly like one written a point at a time.
 */
import { describe, expect, it } from 'vitest';
import { MetricSeries } from '../../datasources/embedded/metric-series';
import type { MetricPoint } from '../../domain/types';
import { seededRandom } from '../../demo/random';
import { point } from '../datasources/fixtures';

const M5 = 300_000;
const t0 = Date.UTC(2026, 0, 1);

/** Points with values of every column kind: small and large counts, ratios, revenue now and then. */
function points(count: number, seed: number, first = 0): MetricPoint[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const big = random() < 0.1;
    const views = big ? Math.round(random() * 5e6) : Math.round(random() * 100);
    const p = point('k', 'M5', new Date(t0 + (first + i) * M5), {
      views,
      likes: Math.round(views * 0.1),
      comments: Math.round(random() * 40),
      shares: Math.round(random() * 3),
      clicks: Math.round(random() * 70_000),
      orders: Math.round(random() * 3),
      followerDelta: Math.round((random() - 0.5) * 400),
      engagementRate: random() < 0.2 ? random() : views > 0 ? (views * 0.1 + 10) / views : 0,
      sentimentPositiveRatio: Math.round(random() * 65_536) / 65_536,
      sentimentNegativeRatio: random() < 0.5 ? 0 : random(),
    });
    if (random() < 0.3) {
      p.revenue = Math.round(random() * 1e6);
      p.currency = random() < 0.5 ? 'VND' : 'USD';
    }
    return p;
  });
}

function oneByOne(all: readonly MetricPoint[], maxPoints: number): MetricSeries {
  const series = new MetricSeries('k', 'M5', maxPoints);
  for (const p of all) series.put(p);
  return series;
}

describe('MetricSeries.putAll in runs on the grid', () => {
  it('reads back what point-by-point writes store, across widening columns and growing regions', () => {
    const all = points(600, 7);
    const series = new MetricSeries('k', 'M5', 2_000);
    // Runs of varied lengths: the first into an empty series, the others appended after it.
    for (let from = 0, n = 1; from < all.length; from += n, n = (n * 3) % 97 || 1) {
      series.putAll(all.slice(from, from + n));
    }
    expect(series.length).toBe(all.length);
    expect(series.newest(1_000)).toEqual(oneByOne(all, 2_000).newest(1_000));
    expect(series.newest(1_000).reverse()).toEqual(all);
  });

  it('a run that leaves the grid, overlaps kept buckets or passes the cap is still stored right', () => {
    const first = points(50, 11);
    const gap = points(20, 12, 60); // starts 10 buckets after the end of `first`
    const overlap = points(30, 13, 65); // replaces 15 of `gap`, appends 15
    const series = new MetricSeries('k', 'M5', 80);
    series.putAll(first);
    series.putAll(gap);
    series.putAll(overlap);
    const expected = oneByOne([...first, ...gap, ...overlap], 80);
    expect(series.length).toBe(80);
    expect(series.newest(100)).toEqual(expected.newest(100));
  });
});
