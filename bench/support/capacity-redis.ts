/**
 * Redis memory of one key prefix for the capacity benchmark, two ways: `INFO memory` used_memory
 * (the whole server, so other clients of a shared Redis show in its deltas) and the sum of
 * `MEMORY USAGE` over the prefix's keys, grouped by what the keys are (exact for this run's data).
 */
import type Redis from 'ioredis';

/** What a key under the prefix is, by the names the real stores give their keys. */
export type RedisKeyClass = 'index' | 'cache' | 'latest' | 'recent' | 'other';

export const REDIS_KEY_CLASSES: readonly RedisKeyClass[] = [
  'index',
  'cache',
  'latest',
  'recent',
  'other',
];

export const REDIS_CLASS_LABEL: Record<RedisKeyClass, string> = {
  index: 'ranking index (rank:*)',
  cache: 'read-through cache (profile:*, score:*)',
  latest: 'latest metrics (metrics:latest:*)',
  recent: 'recent series (metrics:recent:*)',
  other: 'other keys',
};

export function keyClass(key: string, prefix: string): RedisKeyClass {
  const rest = key.slice(prefix.length);
  if (rest.startsWith('rank:')) return 'index';
  if (rest.startsWith('profile:') || rest.startsWith('score:')) return 'cache';
  if (rest.startsWith('metrics:latest:')) return 'latest';
  if (rest.startsWith('metrics:recent:')) return 'recent';
  return 'other';
}

export interface PrefixMemory {
  keys: Record<RedisKeyClass, number>;
  bytes: Record<RedisKeyClass, number>;
  totalBytes: number;
}

export async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  const match = /^used_memory:(\d+)/m.exec(info);
  if (!match) throw new Error('INFO memory has no used_memory');
  return Number(match[1]);
}

const zero = (): Record<RedisKeyClass, number> => ({
  index: 0,
  cache: 0,
  latest: 0,
  recent: 0,
  other: 0,
});

/**
 * `MEMORY USAGE` of every key under `prefix` (SCAN, never KEYS), by class. The index's few large
 * keys are measured exactly (SAMPLES 0); the many small ones with Redis's default sampling, which
 * is exact for keys of up to five elements and a close estimate above.
 */
export async function prefixMemory(redis: Redis, prefix: string): Promise<PrefixMemory> {
  const keys = zero();
  const bytes = zero();
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 2000);
    cursor = next;
    if (batch.length === 0) continue;
    const pipeline = redis.pipeline();
    for (const key of batch) {
      if (keyClass(key, prefix) === 'index') pipeline.memory('USAGE', key, 'SAMPLES', 0);
      else pipeline.memory('USAGE', key);
    }
    const replies = (await pipeline.exec()) ?? [];
    batch.forEach((key, i) => {
      const reply = replies[i];
      const size = reply && !reply[0] ? Number(reply[1]) : 0;
      const cls = keyClass(key, prefix);
      keys[cls] += 1;
      bytes[cls] += Number.isFinite(size) ? size : 0;
    });
  } while (cursor !== '0');
  const totalBytes = REDIS_KEY_CLASSES.reduce((sum, cls) => sum + bytes[cls], 0);
  return { keys, bytes, totalBytes };
}
