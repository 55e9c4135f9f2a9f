import type { ReadThroughCache } from '../shared/read-through';
import type { RedisCache } from './cache';
import { ABSENT } from './codec';

/**
 * Read-through primitives over one Redis string per id: MGET to read, a pipeline of `SET ... EX`
 * to fill (known-absent ids stored as the ABSENT marker). A value that does not decode is a miss.
 */
export function redisStringCache<V>(
  cache: RedisCache,
  op: string,
  keyOf: (id: string) => string,
  encode: (value: V) => string,
  /** `key`: the Redis key of the text (lets the decoder memoise by it). */
  decode: (raw: string, key: string) => V | undefined,
): ReadThroughCache<V> {
  return {
    async get(ids) {
      const keys = ids.map(keyOf);
      const raw = await cache.attempt(`${op}.get`, (redis) => redis.mget(...keys));
      return raw?.map((value, i) =>
        value === ABSENT ? null : typeof value === 'string' ? decode(value, keys[i]!) : undefined,
      );
    },
    async fill(entries) {
      await cache.attempt(`${op}.fill`, (redis) => {
        const pipeline = redis.pipeline();
        for (const [id, value] of entries) {
          pipeline.set(keyOf(id), value ? encode(value) : ABSENT, 'EX', cache.ttlSeconds);
        }
        return pipeline.exec();
      });
    },
  };
}
