import type { MetricPoint, MetricWindow } from '../../domain/types';
import type { MetricSeriesKey, MetricStore } from '../types';
import { insertCql } from './cql';
import type { CassandraSession } from './client';
import { METRIC_COLUMNS, metricFromRow, metricParams, newestFirstByKol } from './rows';

/** Rows per round trip when reading a long series. */
const SERIES_PAGE = 500;

export class CassandraMetricStore implements MetricStore {
  private readonly selectNewest: string;
  private readonly insert: string;

  constructor(
    private readonly session: CassandraSession,
    /** Lifetime of a bucket row in seconds (0 = forever). */
    private readonly ttlSeconds = 0,
  ) {
    const table = session.table('metrics');
    this.selectNewest =
      `SELECT ${METRIC_COLUMNS} FROM ${table} WHERE kol_id IN ? AND window = ? ` +
      'PER PARTITION LIMIT ?';
    this.insert = insertCql(table, METRIC_COLUMNS, 'USING TTL ?');
  }

  /** One IN read per 100 KOLs for each (window, last) among the keys. */
  async series(keys: readonly MetricSeriesKey[]): Promise<MetricPoint[][]> {
    const groups = new Map<string, { window: MetricWindow; last: number; ids: string[] }>();
    for (const key of keys) {
      const last = Math.floor(key.last);
      if (last <= 0) continue;
      const id = `${key.window}:${last}`;
      const group = groups.get(id);
      if (group) group.ids.push(key.kolId);
      else groups.set(id, { window: key.window, last, ids: [key.kolId] });
    }
    const found = new Map<string, MetricPoint[]>();
    await Promise.all(
      [...groups].map(async ([id, group]) => {
        const newest = await this.newest(group.window, group.ids, group.last);
        for (const [kolId, points] of newest) found.set(`${id}\u0000${kolId}`, points);
      }),
    );
    return keys.map(
      (key) => found.get(`${key.window}:${Math.floor(key.last)}\u0000${key.kolId}`) ?? [],
    );
  }

  async latest(
    keys: readonly { kolId: string; window: MetricWindow }[],
  ): Promise<(MetricPoint | null)[]> {
    const series = await this.series(keys.map((key) => ({ ...key, last: 1 })));
    return series.map((points) => points[0] ?? null);
  }

  /** The newest `n` buckets of each KOL's series of one window, newest first. */
  private async newest(
    window: MetricWindow,
    kolIds: readonly string[],
    n: number,
  ): Promise<Map<string, MetricPoint[]>> {
    const rows = await this.session.readIn(this.selectNewest, kolIds, [window, n], {
      fetchSize: Math.min(Math.max(n * 100, 1000), SERIES_PAGE * 10),
    });
    return newestFirstByKol(rows, metricFromRow, (point) => point.bucketStart);
  }

  /** Rows of one (KOL, window) partition are kept adjacent so that they share a batch. */
  async write(points: readonly MetricPoint[]): Promise<void> {
    const byPartition = new Map<string, MetricPoint[]>();
    for (const point of points) {
      const key = `${point.kolId}\u0000${point.window}`;
      const list = byPartition.get(key);
      if (list) list.push(point);
      else byPartition.set(key, [point]);
    }
    await this.session.writeBatched(
      [...byPartition.values()].flat().map((point) => ({
        query: this.insert,
        params: [...metricParams(point), this.ttlSeconds],
      })),
    );
  }
}
