import type { MetricPoint, MetricWindow } from '../../domain/types';
import type { MetricSeriesKey, MetricStore } from '../types';

/** Per (kol, window) series kept sorted newest first, capped so that a long demo run stays bounded. */
export class EmbeddedMetricStore implements MetricStore {
  private readonly series_ = new Map<string, MetricPoint[]>();

  constructor(private readonly maxPointsPerSeries = 2_000) {}

  async series(keys: readonly MetricSeriesKey[]): Promise<MetricPoint[][]> {
    return keys.map((key) =>
      (this.series_.get(seriesKey(key.kolId, key.window)) ?? []).slice(0, key.last),
    );
  }

  async latest(
    keys: readonly { kolId: string; window: MetricWindow }[],
  ): Promise<(MetricPoint | null)[]> {
    return keys.map((key) => this.series_.get(seriesKey(key.kolId, key.window))?.[0] ?? null);
  }

  async write(points: readonly MetricPoint[]): Promise<void> {
    for (const point of points) {
      const key = seriesKey(point.kolId, point.window);
      const list = this.series_.get(key) ?? [];
      const at = point.bucketStart.getTime();
      const existing = list.findIndex((p) => p.bucketStart.getTime() === at);
      if (existing >= 0) {
        list[existing] = { ...point };
      } else {
        const insertAt = list.findIndex((p) => p.bucketStart.getTime() < at);
        list.splice(insertAt < 0 ? list.length : insertAt, 0, { ...point });
        if (list.length > this.maxPointsPerSeries) list.length = this.maxPointsPerSeries;
      }
      this.series_.set(key, list);
    }
  }
}

function seriesKey(kolId: string, window: MetricWindow): string {
  return `${kolId}\u0000${window}`;
}
