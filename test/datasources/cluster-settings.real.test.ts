/**
 * Settings for real clusters, on the shared servers: keyspace replication from the settings
 * (NetworkTopologyStrategy per data center), row TTLs from the retention settings, time-window
 * compaction on the time series tables, token-aware row writes (CASSANDRA_WRITE_BATCH_ROWS=1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RealDataSources } from '../../datasources/real';
import { alert, point, score } from './fixtures';
import { openRealDataSources, realEnv, runId } from './real-support';

describe('real stores: cluster settings', () => {
  let data: RealDataSources;
  let cleanup: () => Promise<void>;
  let localDc: string;

  beforeAll(async () => {
    const env = await realEnv(['redis', 'cassandra']);
    localDc = env.CASSANDRA_LOCAL_DC;
    const opened = await openRealDataSources(
      env,
      {},
      {
        settings: (s) => ({
          ...s,
          cassandra: {
            ...s.cassandra,
            replication: { strategy: 'NetworkTopologyStrategy', factors: { [localDc]: 1 } },
            retention: { metricsSeconds: 3_600, scoresSeconds: 7_200, alertsSeconds: 10_800 },
            writeBatchRows: 1,
          },
        }),
      },
    );
    data = opened.data;
    cleanup = opened.cleanup;
  });

  afterAll(async () => {
    await data?.close();
    await cleanup?.();
  });

  it('creates the keyspace with NetworkTopologyStrategy and the factor per data center', async () => {
    const rows = await data.cassandra.readAll(
      'SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?',
      [data.cassandra.keyspace],
    );
    const replication = rows[0]?.get('replication') as Record<string, string>;
    expect(replication.class).toMatch(/NetworkTopologyStrategy$/);
    expect(replication[localDc]).toBe('1');
  });

  it('writes metrics, scores and alerts with the retention TTLs', async () => {
    const kol = `ttl-${runId()}`;
    const at = new Date();
    await data.metrics.write([point(kol, 'H1', at)]);
    await data.scores.put([score(kol, 'trust', 50, at)]);
    await data.alerts.put(alert(kol, at));
    await data.alerts.putMany([alert(kol, new Date(at.getTime() + 1))]);
    const ttl = async (query: string): Promise<number[]> =>
      (await data.cassandra.readAll(query, [kol])).map((row) => Number(row.get('t')));
    const table = (name: string): string => data.cassandra.table(name);
    const [metricTtl] = await ttl(
      `SELECT TTL(views) AS t FROM ${table('metrics')} WHERE kol_id = ? AND window = 'H1'`,
    );
    const [scoreTtl] = await ttl(
      `SELECT TTL(score) AS t FROM ${table('scores')} WHERE kol_id = ? AND model = 'trust'`,
    );
    const alertTtls = await ttl(
      `SELECT TTL(message) AS t FROM ${table('alerts')} WHERE kol_id = ?`,
    );
    expect(metricTtl).toBeGreaterThan(3_500);
    expect(metricTtl).toBeLessThanOrEqual(3_600);
    expect(scoreTtl).toBeGreaterThan(7_100);
    expect(scoreTtl).toBeLessThanOrEqual(7_200);
    expect(alertTtls).toHaveLength(2);
    for (const t of alertTtls) expect(t).toBeGreaterThan(10_700);
  });

  it('writes one row per request when the write batch is one row, and every row lands', async () => {
    expect(data.cassandra.writeBatch.maxRows).toBe(1);
    const kol = `rows-${runId()}`;
    const at = Date.now();
    const records = Array.from({ length: 25 }, (_, i) =>
      score(kol, 'trust', i, new Date(at - i * 60_000)),
    );
    await data.scores.put(records);
    const history = await data.scores.history('trust', [kol], 100);
    expect(history[0]?.map((r) => r.score)).toEqual(records.map((r) => r.score));
  });

  it('compacts the time series tables by time window', async () => {
    const rows = await data.cassandra.readAll(
      'SELECT table_name, compaction FROM system_schema.tables WHERE keyspace_name = ?',
      [data.cassandra.keyspace],
    );
    const strategy = new Map(
      rows.map((row) => [
        row.get('table_name') as string,
        (row.get('compaction') as Record<string, string>).class,
      ]),
    );
    for (const name of ['metrics', 'scores', 'alerts_by_day']) {
      expect(strategy.get(name)).toMatch(/TimeWindowCompactionStrategy$/);
    }
  });
});
