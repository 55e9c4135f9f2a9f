import type Redis from 'ioredis';
import type { MetricPoint, MetricWindow } from '../../domain/types';
import type { MetricSeriesKey, MetricStore } from '../types';
import type { RedisCache } from './cache';
import { decodeMetric, encodeMetric } from './codec';

/** Bucket time of the "no point" marker: older than any real bucket. */
const NONE_AT = -9e15;
const NONE = 'none';

/**
 * Sets one window of a KOL's latest-metrics hash if the new point is at least as recent as the one
 * cached. `write` mode only updates a field that is present (an absent field may hide a newer point
 * in Cassandra, so the next read fills it); `fill` mode also sets an absent field, but never replaces
 * a newer one, so a read racing a write cannot roll the cache back.
 * KEYS[1] hash; ARGV: window, bucket ms, value, mode ('write' | 'fill'), ttl seconds.
 */
const SET_LATEST_LUA = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
local incoming = tonumber(ARGV[2])
if current then
  local at = ${NONE_AT}
  if current ~= '${NONE}' then
    local sep = string.find(current, '|', 1, true)
    at = tonumber(string.sub(current, 1, sep - 1))
  end
  if (ARGV[4] == 'write' and at <= incoming) or (ARGV[4] == 'fill' and at < incoming) then
    redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
  end
elseif ARGV[4] == 'fill' then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
end
redis.call('EXPIRE', KEYS[1], ARGV[5])
return 1
`;

type SetLatest = (
  key: string,
  window: string,
  at: number,
  value: string,
  mode: 'write' | 'fill',
  ttl: number,
) => unknown;

interface WithSetLatest {
  kolSetLatestMetric: SetLatest;
}

/**
 * The latest point of each (KOL, window) cached in one Redis hash per KOL (field = window), so a
 * dashboard's "latest metrics" for a whole page of KOLs is one pipeline of HGETs. Series reads go to
 * Cassandra. Writes go to Cassandra, then move the cached latest forward.
 */
export class CachedMetricStore implements MetricStore {
  constructor(
    private readonly inner: MetricStore,
    private readonly cache: RedisCache,
  ) {
    cache.redis.defineCommand('kolSetLatestMetric', { numberOfKeys: 1, lua: SET_LATEST_LUA });
  }

  private key(kolId: string): string {
    return this.cache.key('metrics', 'latest', kolId);
  }

  series(keys: readonly MetricSeriesKey[]): Promise<MetricPoint[][]> {
    return this.inner.series(keys);
  }

  async latest(
    keys: readonly { kolId: string; window: MetricWindow }[],
  ): Promise<(MetricPoint | null)[]> {
    if (keys.length === 0) return [];
    const replies = await this.cache.attempt('metrics.latest', async (redis) => {
      const pipeline = redis.pipeline();
      for (const key of keys) pipeline.hget(this.key(key.kolId), key.window);
      return pipeline.exec();
    });
    const result: (MetricPoint | null)[] = new Array<MetricPoint | null>(keys.length).fill(null);
    const missing: number[] = [];
    keys.forEach((_, i) => {
      const reply = replies?.[i];
      const value = reply && !reply[0] ? reply[1] : undefined;
      if (value === NONE) return;
      const point =
        typeof value === 'string' ? decodeMetric(value.slice(value.indexOf('|') + 1)) : undefined;
      if (point) result[i] = point;
      else missing.push(i);
    });
    if (missing.length > 0) {
      const loaded = await this.inner.latest(missing.map((i) => keys[i]!));
      missing.forEach((i, j) => (result[i] = loaded[j] ?? null));
      if (replies !== undefined) {
        await this.cache.attempt('metrics.fill', (redis) => {
          const pipeline = redis.pipeline() as ReturnType<Redis['pipeline']> & WithSetLatest;
          missing.forEach((i, j) => {
            const key = keys[i]!;
            const point = loaded[j] ?? null;
            pipeline.kolSetLatestMetric(
              this.key(key.kolId),
              key.window,
              point ? point.bucketStart.getTime() : NONE_AT,
              point ? cachedValue(point) : NONE,
              'fill',
              this.cache.ttlSeconds,
            );
          });
          return pipeline.exec();
        });
      }
    }
    return result;
  }

  async write(points: readonly MetricPoint[]): Promise<void> {
    await this.inner.write(points);
    // Only the newest point of each (KOL, window) in the batch can become the latest.
    const newest = new Map<string, MetricPoint>();
    for (const point of points) {
      const id = `${point.kolId}\u0000${point.window}`;
      const seen = newest.get(id);
      if (!seen || seen.bucketStart.getTime() <= point.bucketStart.getTime()) newest.set(id, point);
    }
    if (newest.size === 0) return;
    const done = await this.cache.attempt('metrics.write', (redis) => {
      const pipeline = redis.pipeline() as ReturnType<Redis['pipeline']> & WithSetLatest;
      for (const point of newest.values()) {
        pipeline.kolSetLatestMetric(
          this.key(point.kolId),
          point.window,
          point.bucketStart.getTime(),
          cachedValue(point),
          'write',
          this.cache.ttlSeconds,
        );
      }
      return pipeline.exec();
    });
    if (done === undefined) {
      await this.cache.invalidate('metrics.invalidate', [
        ...new Set([...newest.values()].map((p) => this.key(p.kolId))),
      ]);
    }
  }
}

function cachedValue(point: MetricPoint): string {
  return `${point.bucketStart.getTime()}|${encodeMetric(point)}`;
}
