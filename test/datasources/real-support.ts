/** Shared set-up of the tests that run against real Cassandra + Redis (+ Kafka). */
import { randomBytes } from 'node:crypto';
import { Client } from 'cassandra-driver';
import Redis from 'ioredis';
import pino, { type Logger } from 'pino';
import {
  openRealDataSources as openStores,
  type RealDataSources,
  type RealDataSourcesOptions,
  type RealStoreSettings,
} from '../../datasources/real';
import type { GatewayConfig } from '../../config';
import { servicesForTest, type ServiceEnv, type ServiceName } from '../support/services';

/** The part of the gateway configuration the real datasources read (env-shaped; see `storeSettingsOf`). */
type RealBackendConfig = Pick<
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

/** Settings objects for an env-shaped config (replication RF 1, no TTL), for the tests. */
export function storeSettingsOf(
  config: RealBackendConfig,
  redisKeyPrefix: string,
): RealStoreSettings {
  return {
    cassandra: {
      contactPoints: config.CASSANDRA_CONTACT_POINTS ?? [],
      localDataCenter: config.CASSANDRA_LOCAL_DC,
      keyspace: config.CASSANDRA_KEYSPACE,
      username: config.CASSANDRA_USERNAME,
      password: config.CASSANDRA_PASSWORD,
      readConsistency: config.CASSANDRA_READ_CONSISTENCY,
      writeConsistency: config.CASSANDRA_WRITE_CONSISTENCY,
      replication: { strategy: 'SimpleStrategy', factor: 1 },
      retention: { metricsSeconds: 0, scoresSeconds: 0, alertsSeconds: 0 },
    },
    redis: {
      url: config.REDIS_URL,
      keyPrefix: redisKeyPrefix,
      cacheTtlSeconds: config.REDIS_CACHE_TTL_SECONDS,
    },
  };
}

/** A unique suffix per call: keyspaces, Redis prefixes, topics and groups never collide. */
export function runId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export function testLogger(): Logger {
  return pino({ level: process.env.KOL_TEST_LOG_LEVEL ?? 'silent' });
}

export async function realEnv(
  services: readonly ServiceName[] = ['redis', 'cassandra'],
): Promise<ServiceEnv> {
  return servicesForTest(services);
}

export function backendConfig(
  env: ServiceEnv,
  overrides: Partial<RealBackendConfig> = {},
): RealBackendConfig {
  return {
    CASSANDRA_CONTACT_POINTS: env.CASSANDRA_CONTACT_POINTS.split(','),
    CASSANDRA_LOCAL_DC: env.CASSANDRA_LOCAL_DC,
    CASSANDRA_KEYSPACE: `kol_test_${runId()}`,
    CASSANDRA_USERNAME: undefined,
    CASSANDRA_PASSWORD: undefined,
    CASSANDRA_READ_CONSISTENCY: 'LOCAL_ONE',
    CASSANDRA_WRITE_CONSISTENCY: 'LOCAL_QUORUM',
    REDIS_URL: env.REDIS_URL,
    REDIS_CACHE_TTL_SECONDS: 300,
    ...overrides,
  };
}

/** Store settings (the config's settings objects) for a fresh keyspace and Redis prefix. */
export function storeSettings(
  env: ServiceEnv,
  overrides: Partial<RealBackendConfig> = {},
): RealStoreSettings {
  return storeSettingsOf(backendConfig(env, overrides), `kol-test:${runId()}:`);
}

/** Real DataSources on a fresh keyspace and Redis prefix; `cleanup` drops both. */
export async function openRealDataSources(
  env: ServiceEnv,
  overrides: Partial<RealBackendConfig> = {},
  options: RealDataSourcesOptions & {
    redisKeyPrefix?: string;
    settings?: (s: RealStoreSettings) => RealStoreSettings;
  } = {},
): Promise<{ data: RealDataSources; config: RealBackendConfig; cleanup: () => Promise<void> }> {
  const config = backendConfig(env, overrides);
  const base = storeSettings(env, { ...overrides, CASSANDRA_KEYSPACE: config.CASSANDRA_KEYSPACE });
  if (options.redisKeyPrefix) base.redis.keyPrefix = options.redisKeyPrefix;
  const settings = options.settings ? options.settings(base) : base;
  const prefix = settings.redis.keyPrefix;
  const data = await openStores(settings, testLogger(), options);
  return {
    data,
    config,
    cleanup: () =>
      dropTestData(env, settings.cassandra.keyspace, settings.redis.url ?? env.REDIS_URL, prefix),
  };
}

/** Drops a test keyspace and deletes a test Redis prefix (best effort: a stopped server is fine). */
export async function dropTestData(
  env: ServiceEnv,
  keyspace: string,
  redisUrl: string,
  prefix: string,
): Promise<void> {
  const client = new Client({
    contactPoints: env.CASSANDRA_CONTACT_POINTS.split(','),
    localDataCenter: env.CASSANDRA_LOCAL_DC,
    socketOptions: { readTimeout: 60_000 },
  });
  try {
    await client.connect();
    await client.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`);
  } catch {
    // best effort
  } finally {
    await client.shutdown().catch(() => undefined);
  }
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await deleteRedisKeys(redis, prefix);
  } catch {
    // best effort
  } finally {
    redis.disconnect();
  }
}

/** Deletes every key under `prefix` (SCAN, then UNLINK in the scan's pages). */
export async function deleteRedisKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}
