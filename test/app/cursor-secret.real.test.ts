/**
 * The cursor key of the real mode without CURSOR_SECRET: one random secret in Redis under the
 * deployment's key prefix (real Redis and Kafka on 127.0.0.1; the prefix and topics are this run's
 * and deleted afterwards).
 */
import Redis from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../app/gateway';
import { CURSOR_SECRET_KEY, sharedCursorSecret } from '../../app/cursor-secret';
import { allTopics } from '../../contracts/topics';
import { loadConfig } from '../../config';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import { RankingPageDocument, type RankingInput } from '../generated/graphql';
import { deleteRedisKeys, runId } from '../datasources/real-support';
import { postQuery, sharedInference } from '../support/gateway';
import { servicesForTest, type ServiceEnv } from '../support/services';
import { createTestTopics, testKafka } from '../streaming/kafka-helpers';

const run = `cursor_${runId()}`;
const prefix = `kol-test:${run}:`;
const otherPrefix = `kol-test:${run}-other:`;

describe('cursor secret shared through Redis', () => {
  let env: ServiceEnv;
  let redis: Redis;
  let topics: string[] = [];
  const gateways: Gateway[] = [];

  beforeAll(async () => {
    env = await servicesForTest(['redis', 'kafka', 'cassandra']);
    redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    await Promise.allSettled(gateways.map((gateway) => gateway.stop()));
    await deleteRedisKeys(redis, prefix);
    await deleteRedisKeys(redis, otherPrefix);
    redis.disconnect();
    if (topics.length > 0) {
      const admin = testKafka(env.KAFKA_BROKERS.split(','), `kol-${run}`).admin();
      await admin.connect();
      await admin.deleteTopics({ topics, timeout: 10_000 }).catch(() => undefined);
      await admin.disconnect();
    }
  }, 60_000);

  it('creates one secret per key prefix, whichever replica starts first', async () => {
    const other = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      const [a, b] = await Promise.all([
        sharedCursorSecret(redis, prefix),
        sharedCursorSecret(other, prefix),
      ]);
      expect(a).toBe(b);
      expect(a.length).toBeGreaterThanOrEqual(32);
      expect(await redis.get(prefix + CURSOR_SECRET_KEY)).toBe(a);
      expect(await sharedCursorSecret(other, prefix)).toBe(a);
      expect(await sharedCursorSecret(other, otherPrefix)).not.toBe(a);
    } finally {
      other.disconnect();
    }
  });

  it("lets two gateways on one key prefix accept each other's cursors, and refuses them elsewhere", async () => {
    const kafka = testKafka(env.KAFKA_BROKERS.split(','), `kol-${run}`);
    const streamTopics = await createTestTopics(kafka, run, 1);
    topics = allTopics(streamTopics);
    const data = createEmbeddedDataSources();
    const inference = await sharedInference();
    const start = (replica: string, keyPrefix: string, demo: boolean) =>
      createGateway(
        loadConfig({
          ...env,
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'silent',
          REDIS_KEY_PREFIX: keyPrefix,
          KAFKA_ALERTS_TOPIC: streamTopics.alerts,
          KAFKA_METRICS_TOPIC: streamTopics.metrics,
          KAFKA_GROUP_PREFIX: run,
          REPLICA_ID: replica,
          DEMO_DATA: String(demo),
          DEMO_KOLS: '20',
        }),
        { data, inference, logger: pino({ level: 'silent' }) },
      );
    // Real mode (every backend configured) over shared in-memory stores: only the key is Redis's.
    const a = await start('a', prefix, true);
    gateways.push(a);
    const [b, elsewhere] = await Promise.all([
      start('b', prefix, false),
      start('c', otherPrefix, false),
    ]);
    gateways.push(b, elsewhere);
    expect(a.services.config.settings.mode).toBe('real');

    const page = async (gateway: Gateway, input: RankingInput) =>
      postQuery(gateway.url, RankingPageDocument, { input });
    const all = await page(a, { first: 20 });
    const order = all.data!.ranking.edges.map((e) => e.node.kol.id);
    const top = await page(a, { first: 5 });
    const next = await page(b, { first: 5, after: top.data!.ranking.pageInfo.endCursor });
    expect(next.errors).toBeUndefined();
    expect(next.data!.ranking.edges.map((e) => e.node.kol.id)).toEqual(order.slice(5, 10));
    const back = await page(a, { last: 5, before: next.data!.ranking.pageInfo.startCursor });
    expect(back.data!.ranking.edges.map((e) => e.node.kol.id)).toEqual(order.slice(0, 5));

    const foreign = await page(elsewhere, {
      first: 5,
      after: top.data!.ranking.pageInfo.endCursor,
    });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(foreign.errors?.[0]?.message).toMatch(/not a valid ranking cursor/);
  }, 120_000);
});
