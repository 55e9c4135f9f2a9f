/**
 * Batched alert ingest against the real broker (127.0.0.1, a topic and groups of its own): a
 * stream of thousands of alerts with duplicates, over three partitions consumed concurrently, is
 * stored exactly once and published once per replica; consuming it all again (offsets reset, as
 * after a crash before the commit) loses nothing and duplicates nothing.
 */
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedAlertStore } from '../../datasources/embedded/alerts';
import type { Alert } from '../../domain/types';
import { createAlertProducer, type AlertProducer } from '../../subscriptions/alert-producer';
import {
  startKafkaAlertConsumer,
  type KafkaAlertConsumerOptions,
} from '../../subscriptions/kafka-alert-consumer';
import { LiveFeed } from '../../subscriptions/live-feed';
import { alert } from '../datasources/fixtures';
import { runId } from '../datasources/real-support';
import { deliveryCounts, loopbackKafka, until } from './kafka-support';

const ALERTS = 3_000;
const KOLS = 30;

describe('alert ingest under redelivery (real broker)', () => {
  let kafka: KafkaAlertConsumerOptions['kafka'];
  let topic: string;
  let producer: AlertProducer;
  const groups: string[] = [];

  beforeAll(async () => {
    const broker = await loopbackKafka('kol-test-redelivery');
    kafka = broker.kafka;
    const id = broker.id;
    topic = `alerts.redelivery.${id}`;
    producer = createAlertProducer({ kafka, topic });
  });

  afterAll(async () => {
    await producer?.close();
    const admin = new Kafka({
      clientId: 'kol-test-cleanup',
      brokers: [...kafka.brokers],
      logLevel: logLevel.NOTHING,
    }).admin();
    try {
      await admin.connect();
      await admin.deleteTopics({ topics: [topic], timeout: 10_000 });
      await admin.deleteGroups(groups);
    } catch {
      // best effort
    } finally {
      await admin.disconnect();
    }
  });

  it('stores every alert once and publishes it once per replica, also when consumed again', async () => {
    const base = Date.UTC(2026, 6, 1);
    const alerts: Alert[] = Array.from({ length: ALERTS }, (_, i) =>
      alert(`kol-redeliver-${i % KOLS}`, new Date(base + i * 1_000)),
    );
    const store = new EmbeddedAlertStore();
    const replica = `redeliver-${runId()}`;
    const first = new LiveFeed();
    const firstCounts = deliveryCounts(first);
    const consumer = await startKafkaAlertConsumer({
      kafka,
      replicaId: replica,
      topic,
      alerts: store,
      feed: first,
    });
    groups.push(consumer.groupId);
    // Every alert, then a tenth of them again (a producer retry), in batches as a worker sends them.
    for (let i = 0; i < ALERTS; i += 500) await producer.sendMany(alerts.slice(i, i + 500));
    await producer.sendMany(alerts.filter((_, i) => i % 10 === 0));
    await until(() => firstCounts.size === ALERTS, 'first pass delivered every alert');
    await consumer.stop();

    // Consume everything again from the start, as a replica that crashed before committing would.
    const admin = new Kafka({
      clientId: 'kol-test-reset',
      brokers: [...kafka.brokers],
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    const partitions = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({
      groupId: consumer.groupId,
      topic,
      partitions: partitions.map((p) => ({ partition: p.partition, offset: p.low })),
    });
    await admin.disconnect();
    const second = new LiveFeed();
    const secondCounts = deliveryCounts(second);
    const again = await startKafkaAlertConsumer({
      kafka,
      replicaId: replica,
      topic,
      alerts: store,
      feed: second,
    });
    await until(() => secondCounts.size === ALERTS, 'second pass delivered every alert');
    // The duplicates sit at the end of the partitions: once they are consumed, nothing more comes.
    await new Promise((r) => setTimeout(r, 1_000));
    await again.stop();

    expect([...firstCounts.values()].every((n) => n === 1)).toBe(true);
    expect([...secondCounts.values()].every((n) => n === 1)).toBe(true);
    const stored = await store.query({}, ALERTS + 100);
    expect(stored.alerts).toHaveLength(ALERTS);
    expect(new Set(stored.alerts.map((a) => a.id))).toEqual(new Set(alerts.map((a) => a.id)));
  }, 120_000);
});
