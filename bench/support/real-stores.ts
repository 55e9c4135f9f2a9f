/**
 * Real Cassandra + Redis stores for one benchmark run: a keyspace and a Redis key prefix of its own
 * (created on open, dropped and deleted by `close`), so runs never see each other's data.
 */
import { loadConfig } from '../../config';
import { openRealDataSources, type RealDataSources } from '../../datasources/real';
import { backendEnv, deleteRedisPrefix, dropKeyspace, runId } from './backends';
import { log } from './report';

export interface RealStores {
  data: RealDataSources;
  keyspace: string;
  redisPrefix: string;
  /** Drops the run's keyspace and Redis keys, then closes the connections. */
  close(): Promise<void>;
}

export async function openRealStores(bench: string): Promise<RealStores> {
  const env = await backendEnv(['redis', 'cassandra']);
  const keyspace = runId(bench);
  const redisPrefix = `bench:${keyspace}:`;
  const config = loadConfig({
    CASSANDRA_CONTACT_POINTS: env.CASSANDRA_CONTACT_POINTS,
    CASSANDRA_LOCAL_DC: env.CASSANDRA_LOCAL_DC,
    REDIS_URL: env.REDIS_URL,
    KAFKA_BROKERS: env.KAFKA_BROKERS,
    CASSANDRA_KEYSPACE: keyspace,
    REDIS_KEY_PREFIX: redisPrefix,
    LOG_LEVEL: 'silent',
  });
  log(`real stores: keyspace ${keyspace}, redis prefix ${redisPrefix}`);
  const data = await openRealDataSources(config.settings, undefined, { requestTimeoutMs: 30_000 });
  return {
    data,
    keyspace,
    redisPrefix,
    async close() {
      log(`real stores: dropping keyspace ${keyspace} and redis keys ${redisPrefix}*`);
      await dropKeyspace(data.cassandra.client, keyspace);
      await deleteRedisPrefix(data.redis, redisPrefix);
      await data.close();
    },
  };
}
