/** RedisStateStore against a real Redis (scripts/services/up.sh redis), under a unique key prefix. */
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import { StreamPipeline } from '../../streaming/pipeline';
import { RedisStateStore } from '../../streaming/state/redis';
import { deleteRedisKeys } from '../datasources/real-support';
import { servicesForTest } from '../support/services';
import { click, snapshot, T0 } from './events';
import { uniqueSuffix } from './kafka-helpers';

describe('RedisStateStore', () => {
  let redis: Redis;
  let store: RedisStateStore;
  const prefix = `test:stream:${uniqueSuffix('state')}:`;

  beforeAll(async () => {
    const env = await servicesForTest(['redis']);
    if (!env.REDIS_URL.startsWith('redis://127.0.0.1:'))
      throw new Error('tests only use 127.0.0.1');
    redis = new Redis(env.REDIS_URL);
    store = new RedisStateStore(redis, { prefix, ttlSeconds: 120 });
  }, 120_000);

  afterAll(async () => {
    await deleteRedisKeys(redis, prefix);
    await redis.quit();
  });

  it('saves each KOL under its own key with a TTL and restores a pipeline from it', async () => {
    const data = createEmbeddedDataSources();
    const first = new StreamPipeline({
      dataSources: data,
      stateStore: store,
      now: () => T0 + 60_000,
    });
    await first.handleMany([
      click(T0, { kolId: 'a', id: 'x1' }),
      click(T0 + 1_000, { kolId: 'b', id: 'x2' }),
      snapshot(T0, 1_000, { kolId: 'a' }),
    ]);
    await first.flush();
    expect(await redis.ttl(`${prefix}a`)).toBeGreaterThan(100);
    const [a, b, none] = await store.load(['a', 'b', 'nobody']);
    expect(a!.kolId).toBe('a');
    expect(b!.windows.open.H1[0]![1].clicks).toBe(1);
    expect(none).toBeNull();

    const second = new StreamPipeline({
      dataSources: data,
      stateStore: store,
      now: () => T0 + 60_000,
    });
    const outcomes = await second.handleMany([
      click(T0, { kolId: 'a', id: 'x1' }),
      click(T0 + 2_000, { kolId: 'a', id: 'x3' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['duplicate', 'applied']);
    await second.flush();
    const [point] = await data.metrics.latest([{ kolId: 'a', window: 'H1' }]);
    expect(point!.clicks).toBe(2);
  });
});
