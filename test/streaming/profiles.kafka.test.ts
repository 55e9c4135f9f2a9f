/**
 * `profile` events through the Kafka worker (real broker, unique topics): a KOL is created on
 * events.social.raw with its own fields and scored by the served models in the same flush; an
 * older profile event never overwrites it; a bad one goes to events.dlq naming the field.
 */
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeadLetter } from '../../contracts/dead-letter';
import type { EventEnvelope } from '../../contracts/envelope';
import type { StreamTopics } from '../../contracts/topics';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import type { DataSources } from '../../datasources/types';
import { startKafkaWorker, type KafkaWorker } from '../../streaming/kafka-worker';
import { createEventProducer, type EventProducer } from '../../streaming/producer';
import { sharedInference } from '../support/gateway';
import {
  createTestTopics,
  kafkaBrokers,
  testKafka,
  TopicCollector,
  uniqueSuffix,
  waitUntil,
} from './kafka-helpers';

function profileEvent(kolId: string, at: number, payload: Record<string, unknown>): EventEnvelope {
  return {
    event_id: randomUUID(),
    kol_id: kolId,
    event_type: 'profile',
    event_time: new Date(at).toISOString(),
    payload: {
      platform: 'Instagram',
      handle: `@${kolId}`,
      displayName: `Own ${kolId}`,
      category: 'Home  Decor',
      followers: 8_400,
      following: 120,
      posts: 310,
      verified: false,
      country: 'vn',
      ...payload,
    },
  };
}

describe('profile events on Kafka', () => {
  let kafka: Kafka;
  let topics: StreamTopics;
  let data: DataSources;
  let worker: KafkaWorker;
  let producer: EventProducer;
  let dlq: TopicCollector;

  beforeAll(async () => {
    const brokers = await kafkaBrokers();
    kafka = testKafka(brokers, 'profile-events-test');
    topics = await createTestTopics(kafka, 'pe');
    data = createEmbeddedDataSources();
    const inference = await sharedInference();
    worker = await startKafkaWorker({
      kafka,
      groupId: uniqueSuffix('profile-worker'),
      topics,
      dataSources: data,
      pipeline: {
        scoring: {
          score: (kols, now) => inference.scoreStoredKols(kols, now),
          maxAgeSeconds: 86_400,
        },
      },
    });
    producer = await createEventProducer({ kafka, topics });
    dlq = await TopicCollector.start(kafka, topics.dlq);
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([dlq?.stop(), producer?.close(), worker?.stop()]);
  });

  it('creates the KOL, scores it, ignores an older version and dead-letters a bad one', async () => {
    const kolId = `own-${randomUUID().slice(0, 8)}`;
    const now = Date.now() - 60_000;
    await producer.send([profileEvent(kolId, now, { followers: 8_400 })]);
    await waitUntil(
      async () => (await data.profiles.getMany([kolId]))[0] != null,
      30_000,
      'profile stored',
    );
    const [created] = await data.profiles.getMany([kolId]);
    expect(created).toMatchObject({
      id: kolId,
      platform: 'instagram',
      category: 'home decor',
      followers: 8_400,
      country: 'VN',
    });
    await waitUntil(
      async () => (await data.scores.latest('trust', [kolId]))[0] != null,
      30_000,
      'trust score stored',
    );

    const before = worker.stats.messages;
    const older = profileEvent(kolId, now - 3_600_000, { followers: 1 });
    const bad = profileEvent(kolId, now, { followers: 'many' });
    await producer.send([older, bad]);
    await waitUntil(() => worker.stats.messages - before >= 2, 30_000, 'both consumed');
    await waitUntil(
      () => dlq.messages.some((m) => m.key?.toString() === kolId),
      30_000,
      'bad profile dead-lettered',
    );
    expect((await data.profiles.getMany([kolId]))[0]?.followers).toBe(8_400);
    const letters = dlq.json<DeadLetter>().filter((l) => l.raw !== null && l.raw.includes(kolId));
    expect(letters.map((l) => l.reason)).toEqual(['INVALID_PAYLOAD']);
    expect(letters[0]?.error).toMatch(/^profile: followers/);
  }, 90_000);
});
