import type Redis from 'ioredis';
import type { Logger } from 'pino';
import { Counter, register } from 'prom-client';
import { getOrCreateMetric } from '../../observability/metrics';
import { describeError } from '../shared/errors';

/** `kol_cache_errors_total{op}`: Redis calls that failed and were served from Cassandra instead. */
export function cacheErrorsCounter(): Counter<'op'> {
  return getOrCreateMetric(
    register,
    'kol_cache_errors_total',
    () =>
      new Counter({
        name: 'kol_cache_errors_total',
        help: 'Redis cache operations that failed and fell back to Cassandra (never an error to clients)',
        labelNames: ['op'],
      }),
  );
}

/** How many keys whose invalidation failed are remembered for a retry once Redis is back. */
const MAX_PENDING_INVALIDATIONS = 100_000;
const WARN_EVERY_MS = 10_000;

/**
 * The shared Redis handle of the caching stores. Every Redis call goes through `attempt`, which turns
 * a failure (or Redis being disconnected) into `undefined` plus a rate-limited warning and a counter
 * increment, so that callers fall back to Cassandra. Invalidations that could not be applied are
 * kept and retried when Redis is reachable again, so a write during an outage does not leave a
 * stale entry behind once Redis returns (beyond that bound, the TTL is the backstop).
 */
export class RedisCache {
  private readonly errors = cacheErrorsCounter();
  private readonly pending = new Set<string>();
  private lastWarnAt = 0;

  constructor(
    readonly redis: Redis,
    /** Namespace of every key, e.g. `kol:`; lets test runs and deployments share one Redis. */
    readonly prefix: string,
    readonly ttlSeconds: number,
    private readonly logger?: Logger,
  ) {
    redis.on('ready', () => void this.flushPending());
  }

  key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  get ready(): boolean {
    return this.redis.status === 'ready';
  }

  /** Runs a Redis call; on failure counts it, warns (at most every 10 s) and returns undefined. */
  async attempt<T>(op: string, fn: (redis: Redis) => Promise<T>): Promise<T | undefined> {
    if (!this.ready) {
      this.failed(op, new Error(`redis is ${this.redis.status}`));
      return undefined;
    }
    try {
      return await fn(this.redis);
    } catch (error) {
      this.failed(op, error);
      return undefined;
    }
  }

  /** Deletes keys now, or remembers them for when Redis is back. */
  async invalidate(op: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.flushPending();
    const done = await this.attempt(op, (redis) => redis.del(...keys));
    if (done === undefined) this.remember(keys);
  }

  async flushPending(): Promise<void> {
    if (this.pending.size === 0 || !this.ready) return;
    const keys = [...this.pending];
    this.pending.clear();
    const done = await this.attempt('invalidate.retry', async (redis) => {
      const pipeline = redis.pipeline();
      for (let i = 0; i < keys.length; i += 1000) pipeline.del(...keys.slice(i, i + 1000));
      return pipeline.exec();
    });
    if (done === undefined) this.remember(keys);
  }

  private remember(keys: readonly string[]): void {
    for (const key of keys) {
      if (this.pending.size >= MAX_PENDING_INVALIDATIONS) {
        this.logger?.warn('too many pending cache invalidations; relying on the TTL for the rest');
        return;
      }
      this.pending.add(key);
    }
  }

  private failed(op: string, error: unknown): void {
    this.errors.inc({ op });
    const now = Date.now();
    if (now - this.lastWarnAt >= WARN_EVERY_MS) {
      this.lastWarnAt = now;
      this.logger?.warn(
        { op, err: describeError(error) },
        'redis cache unavailable; serving from Cassandra',
      );
    }
  }
}
