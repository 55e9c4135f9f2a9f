import { describe, expect, it } from 'vitest';
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
