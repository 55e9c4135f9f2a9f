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

/** How many newest buckets per (KOL, window) the recent-series cache keeps. */
export const RECENT_BUCKETS = 64;
const FULL = '_';

/**
 * Recent buckets of one (KOL, window): a hash of bucket ms -> point JSON, plus the field '_' once
 * it holds every one of the newest RECENT_BUCKETS buckets (filled from Cassandra). A write always
 * sets its bucket (so a fill racing it cannot lose it); a fill sets only buckets not present (so it
 * never replaces a newer write) and then marks the hash full. Both trim to the newest buckets.
 * KEYS[1] hash; ARGV: mode ('write' | 'fill'), ttl, keep, then pairs (bucket ms, JSON).
 */
const PUT_RECENT_LUA = `
local key, mode, ttl, keep = KEYS[1], ARGV[1], ARGV[2], tonumber(ARGV[3])
for i = 4, #ARGV, 2 do
  if mode == 'write' then
    redis.call('HSET', key, ARGV[i], ARGV[i + 1])
  else
    redis.call('HSETNX', key, ARGV[i], ARGV[i + 1])
  end
end
if mode == 'fill' then redis.call('HSET', key, '${FULL}', '1') end
local fields = redis.call('HKEYS', key)
if #fields > keep + 1 then
  local times = {}
  for _, f in ipairs(fields) do
    if f ~= '${FULL}' then times[#times + 1] = tonumber(f) end
  end
  table.sort(times)
  for j = 1, #times - keep do redis.call('HDEL', key, string.format('%d', times[j])) end
end
redis.call('EXPIRE', key, ttl)
return 1
`;

/** HGET of one field in each of many hashes in one call. KEYS: hashes; ARGV: the field of each. */
const GET_LATEST_LUA = `
local out = {}
for i = 1, #KEYS do out[i] = redis.call('HGET', KEYS[i], ARGV[i]) or '' end
return out
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
  kolGetLatestMetrics(count: number, ...keysThenFields: string[]): Promise<string[]>;
  kolPutRecentMetrics(
    key: string,
    mode: 'write' | 'fill',
    ttl: number,
    keep: number,
    ...pairs: string[]
  ): unknown;
}

/**
 * The latest point of each (KOL, window) cached in one Redis hash per KOL (field = window), so a
 * dashboard's "latest metrics" for a whole page of KOLs is one pipeline of HGETs; the newest
 * RECENT_BUCKETS buckets of each (KOL, window) in another hash, so `series(last <= 64)` for a page
 * of KOLs is one pipeline too (longer series go to Cassandra). Writes go to Cassandra, then move
 * both caches forward.
 */
export class CachedMetricStore implements MetricStore {
  constructor(
    private readonly inner: MetricStore,
    private readonly cache: RedisCache,
  ) {
    cache.redis.defineCommand('kolSetLatestMetric', { numberOfKeys: 1, lua: SET_LATEST_LUA });
    cache.redis.defineCommand('kolPutRecentMetrics', { numberOfKeys: 1, lua: PUT_RECENT_LUA });
    cache.redis.defineCommand('kolGetLatestMetrics', { lua: GET_LATEST_LUA });
  }

  private recentKey(kolId: string, window: MetricWindow): string {
    return this.cache.key('metrics', 'recent', kolId, window);
  }

  private key(kolId: string): string {
    return this.cache.key('metrics', 'latest', kolId);
  }

  async series(keys: readonly MetricSeriesKey[]): Promise<MetricPoint[][]> {
    if (keys.length === 0) return [];
    const result: MetricPoint[][] = keys.map(() => []);
    const cacheable: number[] = [];
    const direct: number[] = [];
    keys.forEach((key, i) => {
      if (key.last <= 0) return;
      (key.last <= RECENT_BUCKETS ? cacheable : direct).push(i);
    });
    const replies =
      cacheable.length > 0
        ? await this.cache.attempt('metrics.series', async (redis) => {
            const pipeline = redis.pipeline();
            for (const i of cacheable)
              pipeline.hgetall(this.recentKey(keys[i]!.kolId, keys[i]!.window));
            return pipeline.exec();
          })
        : [];
    const missing: number[] = [];
    cacheable.forEach((i, j) => {
      const reply = replies?.[j];
      const hash = reply && !reply[0] ? (reply[1] as Record<string, string>) : undefined;
      const points = hash && hash[FULL] !== undefined ? decodeRecent(hash) : undefined;
      if (points) result[i] = points.slice(0, keys[i]!.last);
      else missing.push(i);
    });
    const toLoad = [...direct, ...missing];
    if (toLoad.length > 0) {
      const loaded = await this.inner.series(
        toLoad.map((i) => {
          const key = keys[i]!;
          return { ...key, last: key.last <= RECENT_BUCKETS ? RECENT_BUCKETS : key.last };
        }),
      );
      toLoad.forEach((i, j) => (result[i] = (loaded[j] ?? []).slice(0, keys[i]!.last)));
      if (replies !== undefined && missing.length > 0) {
        await this.cache.attempt('metrics.series.fill', (redis) => {
          const pipeline = redis.pipeline() as ReturnType<Redis['pipeline']> & WithSetLatest;
          missing.forEach((i, j) => {
            const key = keys[i]!;
            const points = loaded[direct.length + j] ?? [];
            pipeline.kolPutRecentMetrics(
              this.recentKey(key.kolId, key.window),
              'fill',
              this.cache.ttlSeconds,
              RECENT_BUCKETS,
              ...points.flatMap((p) => [String(p.bucketStart.getTime()), encodeMetric(p)]),
            );
          });
          return pipeline.exec();
        });
      }
    }
    return result;
  }

  async latest(
    keys: readonly { kolId: string; window: MetricWindow }[],
  ): Promise<(MetricPoint | null)[]> {
    if (keys.length === 0) return [];
    // One script call for the whole batch (a pipeline of one HGET per KOL costs the client a
    // command each).
    const replies = await this.cache.attempt('metrics.latest', (redis) =>
      (redis as Redis & WithSetLatest).kolGetLatestMetrics(
        keys.length,
        ...keys.map((key) => this.key(key.kolId)),
        ...keys.map((key) => key.window),
      ),
    );
    const result: (MetricPoint | null)[] = new Array<MetricPoint | null>(keys.length).fill(null);
    const missing: number[] = [];
    keys.forEach((_, i) => {
      const value = replies?.[i] || undefined;
      if (value === NONE) return;
      const point =
        typeof value === 'string'
          ? decodeMetric(
              value.slice(value.indexOf('|') + 1),
              `${keys[i]!.kolId}|${keys[i]!.window}`,
            )
          : undefined;
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
      for (const [key, list] of recentOf(points)) {
        pipeline.kolPutRecentMetrics(
          this.recentKey(key.kolId, key.window),
          'write',
          this.cache.ttlSeconds,
          RECENT_BUCKETS,
          ...list.flatMap((p) => [String(p.bucketStart.getTime()), encodeMetric(p)]),
        );
      }
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
        ...new Set(points.map((p) => this.recentKey(p.kolId, p.window))),
      ]);
    }
  }
}

function cachedValue(point: MetricPoint): string {
  return `${point.bucketStart.getTime()}|${encodeMetric(point)}`;
}

/** The cached buckets of a full recent hash, newest first; undefined when one does not decode. */
function decodeRecent(hash: Record<string, string>): MetricPoint[] | undefined {
  const points: MetricPoint[] = [];
  for (const [field, raw] of Object.entries(hash)) {
    if (field === FULL) continue;
    const point = decodeMetric(raw);
    if (!point) return undefined;
    points.push(point);
  }
  return points.sort((a, b) => b.bucketStart.getTime() - a.bucketStart.getTime());
}

/** The points of a write per (KOL, window), in write order, at most the newest RECENT_BUCKETS. */
function recentOf(
  points: readonly MetricPoint[],
): Map<{ kolId: string; window: MetricWindow }, MetricPoint[]> {
  const byId = new Map<string, MetricPoint[]>();
  for (const point of points) {
    const id = `${point.kolId}\u0000${point.window}`;
    const list = byId.get(id);
    if (list) list.push(point);
    else byId.set(id, [point]);
  }
  const out = new Map<{ kolId: string; window: MetricWindow }, MetricPoint[]>();
  for (const list of byId.values()) {
    const first = list[0]!;
    let kept = list;
    if (list.length > RECENT_BUCKETS) {
      const times = [...new Set(list.map((p) => p.bucketStart.getTime()))].sort((a, b) => b - a);
      const cutoff = times[Math.min(times.length, RECENT_BUCKETS) - 1] ?? -Infinity;
      kept = list.filter((p) => p.bucketStart.getTime() >= cutoff);
    }
    out.set({ kolId: first.kolId, window: first.window }, kept);
  }
  return out;
}
