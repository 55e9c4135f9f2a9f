import type Redis from 'ioredis';
import type { Logger } from 'pino';
import type { CassandraSettings, RedisSettings, ScoringSettings } from '../../config/settings';
import { connectCassandra, type CassandraSession } from '../cassandra/client';
import { scanIndexedEntries } from '../cassandra/ranking-scan';
import { applyMigrations, type MigrationResult } from '../cassandra/migrate';
import { CassandraAlertStore } from '../cassandra/alerts';
import { CassandraMetricStore } from '../cassandra/metrics';
import { CassandraProfileStore } from '../cassandra/profiles';
import { CassandraRegistryStore } from '../cassandra/registry';
import { CassandraScoreStore } from '../cassandra/scores';
import { BackendUnavailableError, describeError } from '../shared/errors';
import { RankedMetrics, RankedProfiles, RankedScores } from '../shared/ranked';
import { RankingIndex } from '../shared/ranking-index';
import { RedisCache } from '../redis/cache';
import { connectRedis } from '../redis/client';
import { CachedMetricStore } from '../redis/metrics';
import { CachedProfileStore } from '../redis/profiles';
import { RedisRankingIndex } from '../redis/ranking-index';
import { CachedScoreStore } from '../redis/scores';
import type { DataSources } from '../types';

/** What the real stores are configured with: the config's settings objects. */
export interface RealStoreSettings {
  cassandra: CassandraSettings;
  redis: RedisSettings;
  /** SCORE_MAX_AGE_SECONDS: when a trust score turns stale in the ranking order (default 1 day). */
  scoring?: ScoringSettings;
}

export interface RealDataSourcesOptions {
  /** Folder of the `NNN_name.cql` migrations (default: datasources/cassandra/migrations). */
  migrationsDir?: string;
  /** Bound on connecting to each backend at start (default 10 s). */
  connectTimeoutMs?: number;
  /** Client-side timeout of one Cassandra request (default 5 s). */
  requestTimeoutMs?: number;
  clock?: () => Date;
}

/** DataSources plus handles that tests, the readiness probe and admin tools use. */
export interface RealDataSources extends DataSources {
  rankings: RankingIndex;
  cassandra: CassandraSession;
  redis: Redis;
  cache: RedisCache;
  migrations: MigrationResult;
}

/**
 * Connects to Cassandra and Redis (in parallel, each bounded by `connectTimeoutMs`), creates the
 * keyspace and applies pending migrations, and wires the stores:
 *   profiles / scores (latest) / metrics (latest)  Redis read-through cache -> Cassandra
 *   alerts                                          Cassandra (put: LWT claim; putMany: batched)
 *   rankings                                        Redis sorted sets per segment, built from
 *                                                   Cassandra by token-range scans
 *   registry                                        Cassandra
 * Writes through these stores also refresh the ranking entries of the KOLs they touch.
 * A backend that cannot be reached makes this reject with one line naming it and the fix.
 */
export async function openRealDataSources(
  settings: RealStoreSettings,
  logger?: Logger,
  options: RealDataSourcesOptions = {},
): Promise<RealDataSources> {
  const { cassandra: cs, redis: rs } = settings;
  if (cs.contactPoints.length === 0) {
    throw new Error(
      'Cassandra is not configured: set CASSANDRA_CONTACT_POINTS (e.g. 127.0.0.1:9042)',
    );
  }
  const redisUrl = rs.url;
  if (!redisUrl)
    throw new Error('Redis is not configured: set REDIS_URL (e.g. redis://127.0.0.1:6379)');

  const connectTimeoutMs = Math.min(options.connectTimeoutMs ?? 10_000, 10_000);
  const [cassandraResult, redisResult] = await Promise.allSettled([
    connectCassandra(
      {
        contactPoints: cs.contactPoints,
        localDataCenter: cs.localDataCenter,
        keyspace: cs.keyspace,
        username: cs.username,
        password: cs.password,
        readConsistency: cs.readConsistency,
        writeConsistency: cs.writeConsistency,
        replication: cs.replication,
        connectTimeoutMs,
        requestTimeoutMs: options.requestTimeoutMs,
        ...(cs.writeBatchRows === undefined ? {} : { writeBatch: { maxRows: cs.writeBatchRows } }),
      },
      logger,
    ),
    connectRedis({ url: redisUrl, connectTimeoutMs }, logger),
  ]);
  if (cassandraResult.status === 'rejected' || redisResult.status === 'rejected') {
    if (cassandraResult.status === 'fulfilled')
      await cassandraResult.value.close().catch(() => undefined);
    if (redisResult.status === 'fulfilled') redisResult.value.disconnect();
    const failure = cassandraResult.status === 'rejected' ? cassandraResult : redisResult;
    throw (failure as PromiseRejectedResult).reason;
  }
  const session = cassandraResult.value;
  const redis = redisResult.value;

  let migrations: MigrationResult;
  try {
    migrations = await applyMigrations(session, { dir: options.migrationsDir, logger });
  } catch (error) {
    await session.close().catch(() => undefined);
    redis.disconnect();
    throw error;
  }
  logger?.info(
    { applied: migrations.applied, ms: migrations.tookMs, keyspace: cs.keyspace },
    'cassandra schema up to date',
  );

  const cassandra = {
    profiles: new CassandraProfileStore(session),
    metrics: new CassandraMetricStore(session, cs.retention.metricsSeconds),
    scores: new CassandraScoreStore(session, cs.retention.scoresSeconds),
    alerts: new CassandraAlertStore(session, cs.retention.alertsSeconds),
    registry: new CassandraRegistryStore(session),
  };
  const cache = new RedisCache(redis, rs.keyPrefix, rs.cacheTtlSeconds, logger);
  const rankings = new RankingIndex(new RedisRankingIndex(cache), cassandra, {
    trustMaxAgeMs: (settings.scoring?.maxAgeSeconds ?? 86_400) * 1000,
    clock: options.clock,
    fallbackToSources: true,
    keepsUnprofiled: true,
    onError: (error, what) => logger?.debug({ err: describeError(error) }, `${what} failed`),
    build: async (write) => {
      const stats = await scanIndexedEntries(session, write);
      logger?.info(stats, 'ranking index built from Cassandra (token-range scans)');
      return stats;
    },
  });

  return {
    profiles: new RankedProfiles(new CachedProfileStore(cassandra.profiles, cache), rankings),
    scores: new RankedScores(new CachedScoreStore(cassandra.scores, cache), rankings),
    metrics: new RankedMetrics(new CachedMetricStore(cassandra.metrics, cache), rankings),
    alerts: cassandra.alerts,
    rankings,
    registry: cassandra.registry,
    cassandra: session,
    redis,
    cache,
    migrations,
    async ping() {
      const [c, r] = await Promise.allSettled([
        session.ping(),
        redis.status === 'ready'
          ? redis.ping()
          : Promise.reject(new Error(`redis connection is ${redis.status}`)),
      ]);
      if (c.status === 'rejected') throw new BackendUnavailableError('cassandra', c.reason);
      if (r.status === 'rejected') throw new BackendUnavailableError('redis', r.reason);
    },
    async close() {
      await Promise.allSettled([
        session.close(),
        redis.quit().catch(() => {
          redis.disconnect();
          return 'OK';
        }),
      ]);
    },
  };
}
