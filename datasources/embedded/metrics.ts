import type { MetricPoint, MetricWindow } from '../../domain/types';
import type { MetricSeriesKey, MetricStore } from '../types';
import { MetricSeries } from './metric-series';

/**
 * Per (kol, window) series kept by column (see MetricSeries), capped so that a long demo run stays
 * bounded.
 */
export class EmbeddedMetricStore implements MetricStore {
  private readonly byKey = new Map<string, MetricSeries>();

  constructor(private readonly maxPointsPerSeries = 2_000) {}

  async series(keys: readonly MetricSeriesKey[]): Promise<MetricPoint[][]> {
    return keys.map(
      (key) =>
        this.byKey.get(seriesKey(key.kolId, key.window))?.newest(Math.max(0, key.last)) ?? [],
    );
  }

  async latest(
    keys: readonly { kolId: string; window: MetricWindow }[],
  ): Promise<(MetricPoint | null)[]> {
    return keys.map((key) => this.byKey.get(seriesKey(key.kolId, key.window))?.latest() ?? null);
  }

  async write(points: readonly MetricPoint[]): Promise<void> {
    const bySeries = new Map<string, MetricPoint[]>();
    for (const point of points) {
      const key = seriesKey(point.kolId, point.window);
      const list = bySeries.get(key);
      if (list) list.push(point);
      else bySeries.set(key, [point]);
    }
    for (const [key, list] of bySeries) {
      let series = this.byKey.get(key);
      if (!series) {
        const first = list[0]!;
        series = new MetricSeries(first.kolId, first.window, this.maxPointsPerSeries, list.length);
        this.byKey.set(key, series);
      }
      // Oldest first (stable: the last of equal buckets still wins), so history appends.
      if (list.length > 1) {
        list.sort((a, b) => a.bucketStart.getTime() - b.bucketStart.getTime());
        series.reserve(list.length);
      }
      for (const point of list) series.put(point);
    }
  }
}

function seriesKey(kolId: string, window: MetricWindow): string {
  return `${kolId}\u0000${window}`;
}
