/**
 * The Kafka alert consumer with `publish: 'on-consume'` against the real broker (127.0.0.1, a topic
 * and groups of its own): the live feed gets an alert while its store write is still failing, the
 * offset is committed only once the write succeeded, and an alert whose write never succeeded is
 * redelivered and stored after a restart — each feed receiving it once; thousands of alerts with
 * producer duplicates over three partitions, consumed twice, are stored once and published once
 * per consumer.
 */
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedAlertStore } from '../../datasources/embedded/alerts';
import { BackendUnavailableError } from '../../datasources/shared/errors';
import type { Alert } from '../../domain/types';
import { createAlertProducer, type AlertProducer } from '../../subscriptions/alert-producer';
import {
  startKafkaAlertConsumer,
  type KafkaAlertConsumer,
  type KafkaAlertConsumerOptions,
} from '../../subscriptions/kafka-alert-consumer';
import type { IngestAlertStore } from '../../subscriptions/alert-ingest';
import { LiveFeed } from '../../subscriptions/live-feed';
import { alert } from '../datasources/fixtures';
import { runId, testLogger } from '../datasources/real-support';
import { deliveryCounts, loopbackKafka, until } from './kafka-support';

/** An alert store whose writes can be refused as "unavailable" (a Cassandra outage). */
function switchableStore(inner: EmbeddedAlertStore) {
  const state = { down: false, refused: 0 };
  const store: IngestAlertStore = {
    putMany: async (batch) => {
      if (state.down) {
        state.refused += 1;
        throw new BackendUnavailableError('cassandra', new Error('test outage'));
      }
      return inner.putMany(batch);
    },
  };
  return { state, store };
}

describe('Kafka alert consumer, publish on consume (real broker)', () => {
  let kafka: KafkaAlertConsumerOptions['kafka'];
  let topic: string;
  let bulkTopic: string;
  let producer: AlertProducer;
  let admin: Admin;
  const groups: string[] = [];

  beforeAll(async () => {
    const { brokers, id, kafka: config } = await loopbackKafka('kol-test-on-consume');
    kafka = config;
    // One partition: "the committed offset is past the alert" is then one number.
    topic = `alerts.on-consume.${id}`;
    const kafkaAdmin = new Kafka({
      clientId: 'kol-test-admin',
      brokers,
      logLevel: logLevel.NOTHING,
    });
    admin = kafkaAdmin.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    bulkTopic = `alerts.on-consume-bulk.${id}`;
    await admin.createTopics({
      topics: [{ topic: bulkTopic, numPartitions: 3 }],
      waitForLeaders: true,
    });
    producer = createAlertProducer({ kafka, topic });
  });

  afterAll(async () => {
    await producer?.close();
    try {
      await admin.deleteTopics({ topics: [topic, bulkTopic], timeout: 10_000 });
      await admin.deleteGroups(groups);
    } catch {
      // best effort
    } finally {
      await admin.disconnect();
    }
  });

  const committed = async (groupId: string): Promise<number> => {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Number(entry?.partitions[0]?.offset ?? -1);
  };
  const endOffset = async (): Promise<number> =>
    Number((await admin.fetchTopicOffsets(topic))[0]?.high ?? 0);

  const start = async (
    replica: string,
    store: IngestAlertStore,
    feed: LiveFeed,
  ): Promise<KafkaAlertConsumer> => {
    const consumer = await startKafkaAlertConsumer({
      kafka,
      replicaId: replica,
      topic,
      alerts: store,
      feed,
      logger: testLogger(),
      publish: 'on-consume',
    });
    if (!groups.includes(consumer.groupId)) groups.push(consumer.groupId);
    return consumer;
  };

  it('publishes while the store refuses, commits once it is stored, publishes a producer retry once', async () => {
    const inner = new EmbeddedAlertStore();
    const { state, store } = switchableStore(inner);
    const feed = new LiveFeed();
    const counts = deliveryCounts(feed);
    const consumer = await start(`live-${runId()}`, store, feed);
    try {
      const warm = alert('kol-onc-kafka-1', new Date('2026-07-02T00:00:00.000Z'));
      await producer.send(warm);
      await until(() => counts.has(warm.id), 'first alert delivered');
      const stored = await endOffset();
      await until(async () => (await committed(consumer.groupId)) === stored, 'first commit');

      state.down = true;
      const a: Alert = alert('kol-onc-kafka-1', new Date('2026-07-02T00:01:00.000Z'));
      await producer.send(a);
      await until(() => counts.has(a.id) && state.refused >= 2, 'delivered while refused');
      // Not stored, so not committed: the commit interval has passed at least once by now.
      await new Promise((r) => setTimeout(r, 1_500));
      expect(await committed(consumer.groupId)).toBe(stored);
      expect((await inner.recentByKol([a.kolId], 5))[0]).toEqual([warm]);

      state.down = false;
      const end = await endOffset();
      await until(async () => (await committed(consumer.groupId)) === end, 'commit after store');
      expect((await inner.recentByKol([a.kolId], 5))[0]).toEqual([a, warm]);

      // A producer retry of the same alert: stored again (idempotent), not published again.
      await producer.send({ ...a });
      const marker = alert('kol-onc-kafka-1', new Date('2026-07-02T00:02:00.000Z'));
      await producer.send(marker);
      await until(() => counts.has(marker.id), 'marker delivered');
      expect(counts.get(warm.id)).toBe(1);
      expect(counts.get(a.id)).toBe(1);
      expect((await inner.recentByKol([a.kolId], 5))[0]).toEqual([marker, a, warm]);
    } finally {
      await consumer.stop();
    }
  }, 90_000);

  it('an alert whose write never succeeded is not committed, and is stored after the restart redelivers it', async () => {
    const replica = `restart-${runId()}`;
    const inner = new EmbeddedAlertStore();
    const { state, store } = switchableStore(inner);
    const firstFeed = new LiveFeed();
    const firstCounts = deliveryCounts(firstFeed);
    const first = await start(replica, store, firstFeed);
    const warm = alert('kol-onc-kafka-2', new Date('2026-07-03T00:00:00.000Z'));
    await producer.send(warm);
    await until(() => firstCounts.has(warm.id), 'first alert delivered');
    const stored = await endOffset();
    await until(async () => (await committed(first.groupId)) === stored, 'first commit');

    state.down = true;
    const a = alert('kol-onc-kafka-2', new Date('2026-07-03T00:01:00.000Z'));
    await producer.send(a);
    await until(() => firstCounts.has(a.id) && state.refused >= 1, 'delivered while refused');
    await first.stop();
    expect(await committed(first.groupId)).toBe(stored);
    expect((await inner.recentByKol([a.kolId], 5))[0]).toEqual([warm]);

    // Restarted (a new process: a new feed and its own subscribers), the store back.
    const secondFeed = new LiveFeed();
    const secondCounts = deliveryCounts(secondFeed);
    const second = await start(replica, inner, secondFeed);
    try {
      await until(() => secondCounts.has(a.id), 'redelivered after restart');
      const end = await endOffset();
      await until(async () => (await committed(second.groupId)) === end, 'commit after restart');
      expect((await inner.recentByKol([a.kolId], 5))[0]).toEqual([a, warm]);
      expect(firstCounts.get(a.id)).toBe(1);
      expect(secondCounts.get(a.id)).toBe(1);
      expect(secondCounts.has(warm.id)).toBe(false);
    } finally {
      await second.stop();
    }
  }, 90_000);

  it('thousands of alerts with duplicates, three partitions, consumed twice: stored once, published once per consumer', async () => {
    const total = 3_000;
    const base = Date.UTC(2026, 6, 4);
    const alerts = Array.from({ length: total }, (_, i) =>
      alert(`kol-onc-bulk-${i % 30}`, new Date(base + i * 1_000)),
    );
    const bulk = createAlertProducer({ kafka, topic: bulkTopic });
    const store = new EmbeddedAlertStore();
    const replica = `bulk-${runId()}`;
    const run = async (feed: LiveFeed) => {
      const consumer = await startKafkaAlertConsumer({
        kafka,
        replicaId: replica,
        topic: bulkTopic,
        alerts: store,
        feed,
        logger: testLogger(),
        publish: 'on-consume',
      });
      if (!groups.includes(consumer.groupId)) groups.push(consumer.groupId);
      return consumer;
    };
    try {
      const firstFeed = new LiveFeed();
      const firstCounts = deliveryCounts(firstFeed);
      const first = await run(firstFeed);
      for (let i = 0; i < total; i += 500) await bulk.sendMany(alerts.slice(i, i + 500));
      await bulk.sendMany(alerts.filter((_, i) => i % 10 === 0));
      const ends = await admin.fetchTopicOffsets(bulkTopic);
      const consumedAll = async (groupId: string) => {
        const [entry] = await admin.fetchOffsets({ groupId, topics: [bulkTopic] });
        return ends.every(
          (e) =>
            entry?.partitions.find((p) => p.partition === e.partition)?.offset === String(e.high),
        );
      };
      await until(() => consumedAll(first.groupId), 'first pass committed');
      await first.stop();

      // Everything again from the start, as after a crash before the commits.
      await admin.setOffsets({
        groupId: first.groupId,
        topic: bulkTopic,
        partitions: ends.map((e) => ({ partition: e.partition, offset: e.low })),
      });
      const secondFeed = new LiveFeed();
      const secondCounts = deliveryCounts(secondFeed);
      const second = await run(secondFeed);
      await until(() => consumedAll(second.groupId), 'second pass committed');
      await second.stop();

      for (const counts of [firstCounts, secondCounts]) {
        expect(counts.size).toBe(total);
        expect([...counts.values()].every((n) => n === 1)).toBe(true);
      }
      const page = await store.query({}, total + 100);
      expect(page.alerts).toHaveLength(total);
      expect(new Set(page.alerts.map((a) => a.id))).toEqual(new Set(alerts.map((a) => a.id)));
    } finally {
      await bulk.close();
    }
  }, 120_000);
});
