import { METRIC_WINDOWS, type MetricPoint, type MetricWindow } from '../../domain/types';
import type { MetricSeriesKey, MetricStore } from '../types';
import { ColumnArena } from './column-arena';
import { MetricSeries } from './metric-series';

/**
 * Per (kol, window) series kept by column (see MetricSeries) in one arena, capped so that a long
 * demo run stays bounded.
 */
export class EmbeddedMetricStore implements MetricStore {
  /** The series of a KOL, by window (METRIC_WINDOWS order). */
  private readonly byKol = new Map<string, (MetricSeries | undefined)[]>();
  private readonly arena = new ColumnArena();

  constructor(private readonly maxPointsPerSeries = 2_000) {}

  async series(keys: readonly MetricSeriesKey[]): Promise<MetricPoint[][]> {
    return keys.map((key) => this.find(key.kolId, key.window)?.newest(Math.max(0, key.last)) ?? []);
  }

  async latest(
    keys: readonly { kolId: string; window: MetricWindow }[],
  ): Promise<(MetricPoint | null)[]> {
    return keys.map((key) => this.find(key.kolId, key.window)?.latest() ?? null);
  }

  async write(points: readonly MetricPoint[]): Promise<void> {
    // Grouped by series; a batch usually holds each series' points side by side (such a run is
    // taken as one slice).
    const bySeries = new Map<MetricSeries, MetricPoint[]>();
    for (let start = 0; start < points.length;) {
      const first = points[start]!;
      let end = start + 1;
      while (
        end < points.length &&
        points[end]!.kolId === first.kolId &&
        points[end]!.window === first.window
      ) {
        end++;
      }
      const series = this.seriesOf(first.kolId, first.window);
      const list = bySeries.get(series);
      if (!list) bySeries.set(series, points.slice(start, end));
      else for (let i = start; i < end; i++) list.push(points[i]!);
      start = end;
    }
    for (const [series, batch] of bySeries) {
      if (batch.length === 1) {
        series.put(batch[0]!);
        continue;
      }
      // Oldest first (stable: the last of equal buckets still wins), so history appends.
      if (!ascending(batch))
        batch.sort((a, b) => a.bucketStart.getTime() - b.bucketStart.getTime());
      series.putAll(batch);
    }
  }

  private find(kolId: string, window: MetricWindow): MetricSeries | undefined {
    return this.byKol.get(kolId)?.[METRIC_WINDOWS.indexOf(window)];
  }

  private seriesOf(kolId: string, window: MetricWindow): MetricSeries {
    let windows = this.byKol.get(kolId);
    if (!windows) {
      windows = METRIC_WINDOWS.map(() => undefined);
      this.byKol.set(kolId, windows);
    }
    const at = METRIC_WINDOWS.indexOf(window);
    let series = windows[at];
    if (!series) {
      series = new MetricSeries(kolId, window, this.maxPointsPerSeries, 8, this.arena);
      windows[at] = series;
    }
    return series;
  }
}

function ascending(points: readonly MetricPoint[]): boolean {
  for (let i = 1; i < points.length; i++) {
    if (points[i]!.bucketStart.getTime() < points[i - 1]!.bucketStart.getTime()) return false;
  }
  return true;
}
