import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RateLimits } from '../../server/rate-limits';
import type { PolicySettings } from '../../server/policy-settings';
import { serviceEnv } from '../support/services';

/** Two RateLimits over the real Redis stand for two gateway replicas sharing their counters. */
const prefix = `test-rl-${randomUUID().slice(0, 8)}:`;
const opened: RateLimits[] = [];

afterAll(async () => {
  for (const limits of opened) await limits.close();
  const { REDIS_URL } = await serviceEnv();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

async function replica(): Promise<RateLimits> {
  const { REDIS_URL } = await serviceEnv();
  const settings = {
    requestsPerMinute: 3,
    rateLimitIpPerMinute: 100,
    costPerMinute: 1000,
    authFailuresPerMinute: 2,
    redisUrl: REDIS_URL,
    redisKeyPrefix: prefix,
  } as PolicySettings;
  const limits = new RateLimits(settings);
  opened.push(limits);
  return limits;
}

describe('rate limits in Redis (real mode)', () => {
  it('shares request, cost and failed-authentication budgets across replicas', async () => {
    const [a, b] = [await replica(), await replica()];
    await a.request('key-1', '10.0.0.1');
    await b.request('key-1', '10.0.0.1');
    await a.request('key-1', '10.0.0.1');
    await expect(b.request('key-1', '10.0.0.1')).rejects.toMatchObject({
      what: 'requests per key',
    });
    await expect(a.request('key-2', '10.0.0.1')).resolves.toBeUndefined();

    await a.chargeCost('key-3', 600);
    await expect(b.chargeCost('key-3', 600)).rejects.toMatchObject({ what: 'cost per minute' });

    await a.authenticationFailed('10.0.0.9');
    await b.authenticationFailed('10.0.0.9');
    await expect(a.assertNotBlocked('10.0.0.9')).rejects.toMatchObject({
      what: 'failed authentications',
    });
    await expect(b.assertNotBlocked('10.0.0.8')).resolves.toBeUndefined();
  });
});
