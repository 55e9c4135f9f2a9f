/**
 * Real Redis / Kafka / Cassandra for the benchmarks: the same start-up as the integration tests
 * (scripts/services/up.sh, reused when already healthy; skipped when KOL_SKIP_SERVICES is set, which
 * `npm run bench` does after starting them itself), plus names that keep a run's data apart from
 * everybody else's on the shared servers, and the clean-up of that data.
 */
import type Redis from 'ioredis';
import type { Client } from 'cassandra-driver';
import { startServices, type ServiceEnv, type ServiceName } from '../../test/support/services';
import { log } from './report';

export type { ServiceEnv, ServiceName };

/** The gateway environment for the local servers, starting them when needed. */
export async function backendEnv(services: readonly ServiceName[]): Promise<ServiceEnv> {
  const env = await startServices(services);
  log(`backends: ${services.join(', ')} at ${JSON.stringify(env)}`);
  return env;
}

/** A name unique to this run, usable as a Cassandra keyspace, a Redis prefix part or a topic. */
export function runId(bench: string): string {
  const stamp = Date.now().toString(36);
  return `bench_${bench.replace(/[^a-z0-9]/g, '_')}_${process.pid}_${stamp}`;
}

/** Drops the run's keyspace (bounded; a failure is logged, never thrown). */
export async function dropKeyspace(client: Client, keyspace: string): Promise<void> {
  if (!/^bench_[a-z0-9_]+$/.test(keyspace)) throw new Error(`refusing to drop ${keyspace}`);
  try {
    await client.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`, [], { readTimeout: 60_000 });
  } catch (error) {
    log(`could not drop keyspace ${keyspace}: ${String(error)}`);
  }
}

/** Deletes every Redis key under the run's prefix (SCAN + UNLINK, never KEYS or FLUSH). */
export async function deleteRedisPrefix(redis: Redis, prefix: string): Promise<number> {
  if (!prefix.startsWith('bench:')) throw new Error(`refusing to delete keys under ${prefix}`);
  let cursor = '0';
  let deleted = 0;
  try {
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } catch (error) {
    log(`could not delete redis keys under ${prefix}: ${String(error)}`);
  }
  return deleted;
}
