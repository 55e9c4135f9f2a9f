import type { MetricPoint, MetricWindow } from '../../domain/types';
import type { MetricSeriesKey, MetricStore } from '../types';
import { mapConcurrent } from '../shared/async';
import { insertCql } from './cql';
import type { CassandraSession } from './client';
import { METRIC_COLUMNS, metricFromRow, metricParams } from './rows';

/** Rows per round trip when reading a long series. */
const SERIES_PAGE = 500;

export class CassandraMetricStore implements MetricStore {
  private readonly selectLast: string;
  private readonly insert: string;

  constructor(
    private readonly session: CassandraSession,
    /** Lifetime of a bucket row in seconds (0 = forever). */
    private readonly ttlSeconds = 0,
  ) {
    const table = session.table('metrics');
    this.selectLast =
      `SELECT ${METRIC_COLUMNS} FROM ${table} WHERE kol_id = ? AND window = ? ` +
      'ORDER BY bucket_start DESC LIMIT ?';
    this.insert = insertCql(table, METRIC_COLUMNS, 'USING TTL ?');
  }

  async series(keys: readonly MetricSeriesKey[]): Promise<MetricPoint[][]> {
    return mapConcurrent(keys, 64, async (key) => {
      if (key.last <= 0) return [];
      const rows = await this.session.readAll(
        this.selectLast,
        [key.kolId, key.window, Math.floor(key.last)],
        Math.min(SERIES_PAGE, Math.floor(key.last)),
      );
      return rows.map(metricFromRow);
    });
  }

  async latest(
    keys: readonly { kolId: string; window: MetricWindow }[],
  ): Promise<(MetricPoint | null)[]> {
    const results = await this.session.readConcurrent(
      this.selectLast,
      keys.map((key) => [key.kolId, key.window, 1]),
    );
    return results.map((result) => {
      const row = result.first();
      return row ? metricFromRow(row) : null;
    });
  }

  async write(points: readonly MetricPoint[]): Promise<void> {
    await this.session.writeConcurrent(
      points.map((point) => ({
        query: this.insert,
        params: [...metricParams(point), this.ttlSeconds],
      })),
    );
  }
}
