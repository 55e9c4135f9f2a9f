import type Redis from 'ioredis';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../../config';
import { connectCassandra, type CassandraSession } from '../cassandra/client';
import { applyMigrations, type MigrationResult } from '../cassandra/migrate';
import { CassandraAlertStore } from '../cassandra/alerts';
import { CassandraMetricStore } from '../cassandra/metrics';
import { CassandraProfileStore } from '../cassandra/profiles';
import { CassandraRegistryStore } from '../cassandra/registry';
import { CassandraScoreStore } from '../cassandra/scores';
import { BackendUnavailableError } from '../shared/errors';
import { RedisCache } from '../redis/cache';
import { connectRedis } from '../redis/client';
import { CachedMetricStore } from '../redis/metrics';
import { CachedProfileStore } from '../redis/profiles';
import { RedisRankingStore } from '../redis/rankings';
import { CachedScoreStore } from '../redis/scores';
import { RankedMetrics, RankedProfiles, RankedScores } from './ranked';
import type { DataSources } from '../types';

/** The part of the gateway configuration the real datasources read. */
export type RealBackendConfig = Pick<
  GatewayConfig,
  | 'CASSANDRA_CONTACT_POINTS'
  | 'CASSANDRA_LOCAL_DC'
  | 'CASSANDRA_KEYSPACE'
  | 'CASSANDRA_USERNAME'
  | 'CASSANDRA_PASSWORD'
  | 'CASSANDRA_READ_CONSISTENCY'
  | 'CASSANDRA_WRITE_CONSISTENCY'
  | 'REDIS_URL'
  | 'REDIS_CACHE_TTL_SECONDS'
>;

export interface RealDataSourcesOptions {
  /** Namespace of every Redis key, default `kol:` (tests use a unique one per run). */
  redisKeyPrefix?: string;
  /** CQL replication map used when the keyspace has to be created (default SimpleStrategy, RF 1). */
  replication?: string;
  /** Folder of the `NNN_name.cql` migrations (default: datasources/cassandra/migrations). */
  migrationsDir?: string;
  /** Bound on connecting to each backend at start (default 10 s). */
  connectTimeoutMs?: number;
  /** Client-side timeout of one Cassandra request (default 5 s). */
  requestTimeoutMs?: number;
}

/** DataSources plus handles that tests, the readiness probe and admin tools use. */
export interface RealDataSources extends DataSources {
  rankings: RedisRankingStore;
  cassandra: CassandraSession;
  redis: Redis;
  cache: RedisCache;
  migrations: MigrationResult;
}

/**
 * Connects to Cassandra and Redis (in parallel, each bounded by `connectTimeoutMs`), creates the
 * keyspace and applies pending migrations, and wires the stores:
 *   profiles / scores (latest) / metrics (latest)  Redis read-through cache -> Cassandra
 *   alerts                                          Cassandra (dedupe by id with a lightweight transaction)
 *   rankings                                        Redis segment hashes, rebuilt from Cassandra
 * Writes through these stores also refresh the ranking entries of the KOLs they touch.
 * A backend that cannot be reached makes this reject with one line naming it and the fix.
 */
export async function createRealDataSources(
  config: RealBackendConfig,
  logger?: Logger,
  options: RealDataSourcesOptions = {},
): Promise<RealDataSources> {
  const contactPoints = config.CASSANDRA_CONTACT_POINTS;
  if (!contactPoints || contactPoints.length === 0) {
    throw new Error(
      'Cassandra is not configured: set CASSANDRA_CONTACT_POINTS (e.g. 127.0.0.1:9042)',
    );
  }
  const redisUrl = config.REDIS_URL;
  if (!redisUrl)
    throw new Error('Redis is not configured: set REDIS_URL (e.g. redis://127.0.0.1:6379)');

  const connectTimeoutMs = Math.min(options.connectTimeoutMs ?? 10_000, 10_000);
  const [cassandraResult, redisResult] = await Promise.allSettled([
    connectCassandra(
      {
        contactPoints,
        localDataCenter: config.CASSANDRA_LOCAL_DC,
        keyspace: config.CASSANDRA_KEYSPACE,
        username: config.CASSANDRA_USERNAME,
        password: config.CASSANDRA_PASSWORD,
        readConsistency: config.CASSANDRA_READ_CONSISTENCY,
        writeConsistency: config.CASSANDRA_WRITE_CONSISTENCY,
        replication: options.replication,
        connectTimeoutMs,
        requestTimeoutMs: options.requestTimeoutMs,
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
    { applied: migrations.applied, ms: migrations.tookMs, keyspace: config.CASSANDRA_KEYSPACE },
    'cassandra schema up to date',
  );

  const cassandra = {
    profiles: new CassandraProfileStore(session),
    metrics: new CassandraMetricStore(session),
    scores: new CassandraScoreStore(session),
    alerts: new CassandraAlertStore(session),
    registry: new CassandraRegistryStore(session),
  };
  const cache = new RedisCache(
    redis,
    options.redisKeyPrefix ?? 'kol:',
    config.REDIS_CACHE_TTL_SECONDS,
    logger,
  );
  const rankings = new RedisRankingStore(cache, cassandra, logger);

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
