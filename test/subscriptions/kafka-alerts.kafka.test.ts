/**
 * The Kafka alert consumer against the real broker of scripts/services/up.sh, on a topic of its own
 * per run: valid alerts reach the store and the LiveFeed once, malformed ones are skipped and
 * counted, every replica delivers every alert, a store outage delays but never drops an alert.
 */
import net from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { register } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedAlertStore } from '../../datasources/embedded/alerts';
import { BackendUnavailableError } from '../../datasources/shared/errors';
import type { AlertStore } from '../../datasources/types';
import type { Alert } from '../../domain/types';
import { createAlertProducer, type AlertProducer } from '../../subscriptions/alert-producer';
import {
  startKafkaAlertConsumer,
  type KafkaAlertConsumer,
  type KafkaAlertConsumerOptions,
} from '../../subscriptions/kafka-alert-consumer';
import { LiveFeed } from '../../subscriptions/live-feed';
import type { ServiceEnv } from '../support/services';
import { servicesForTest } from '../support/services';
import { alert } from '../datasources/fixtures';
import { runId, testLogger } from '../datasources/real-support';

async function counterValue(name: string): Promise<number> {
  const metric = register.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values.reduce((sum, v) => sum + v.value, 0);
}

/** Collects what a LiveFeed publishes and waits for specific alerts. */
class FeedRecorder {
  readonly received: Alert[] = [];
  private waiters: { id: string; resolve: () => void }[] = [];

  constructor(feed: LiveFeed) {
    feed.onAlert((a) => {
      this.received.push(a);
      this.waiters = this.waiters.filter((w) => {
        if (w.id !== a.id) return true;
        w.resolve();
        return false;
      });
    });
  }

  count(id: string): number {
    return this.received.filter((a) => a.id === id).length;
  }

  waitFor(id: string, timeoutMs = 15_000): Promise<void> {
    if (this.count(id) > 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`alert ${id} not delivered within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        id,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }
}

describe('Kafka alert consumer (real broker)', () => {
  let env: ServiceEnv;
  let kafka: KafkaAlertConsumerOptions['kafka'];
  let topic: string;
  let producer: AlertProducer;
  const consumers: KafkaAlertConsumer[] = [];
  const groups = new Set<string>();

  async function startReplica(
    replica: string,
    store: AlertStore = new EmbeddedAlertStore(),
  ): Promise<{ store: AlertStore; feed: FeedRecorder }> {
    const feed = new LiveFeed();
    const recorder = new FeedRecorder(feed);
    const consumer = await startKafkaAlertConsumer({
      kafka,
      replicaId: replica,
      topic,
      alerts: store,
      feed,
      logger: testLogger(),
    });
    consumers.push(consumer);
    groups.add(consumer.groupId);
    return { store, feed: recorder };
  }

  beforeAll(async () => {
    env = await servicesForTest(['kafka']);
    const id = runId();
    kafka = {
      brokers: env.KAFKA_BROKERS.split(','),
      clientId: 'kol-test',
      groupPrefix: `kol-test-${id}`,
    };
    topic = `alerts.test.${id}`;
    producer = createAlertProducer({ kafka, topic }, testLogger());
  });

  // Every replica consumes the whole topic: stop this test's replicas before the next test.
  afterEach(async () => {
    await Promise.allSettled(consumers.splice(0).map((c) => c.stop()));
  });

  afterAll(async () => {
    await producer?.close();
    if (!kafka) return;
    const admin = new Kafka({
      clientId: 'kol-test-cleanup',
      brokers: [...kafka.brokers],
      logLevel: logLevel.NOTHING,
    }).admin();
    try {
      await admin.connect();
      await admin.deleteTopics({ topics: [topic], timeout: 10_000 });
      await admin.deleteGroups([...groups]);
    } catch {
      // best effort
    } finally {
      await admin.disconnect();
    }
  });

  it('stores a valid alert and publishes it once, even when the message is produced twice', async () => {
    const { store, feed } = await startReplica(`a-${runId()}`);
    const a = alert('kol-kafka-1', new Date('2026-06-01T10:00:00.000Z'), { value: 5.25 });
    await producer.send(a);
    await producer.send({ ...a });
    // Same key, same partition, in order: once the marker is delivered the duplicate was handled.
    const marker = alert('kol-kafka-1', new Date('2026-06-01T10:01:00.000Z'));
    await producer.send(marker);
    await feed.waitFor(marker.id);
    expect(feed.count(a.id)).toBe(1);
    expect(feed.received.find((x) => x.id === a.id)).toEqual(a);
    expect((await store.recentByKol(['kol-kafka-1'], 10))[0]).toEqual([marker, a]);
    expect(register.getSingleMetric('kol_kafka_consumer_lag')).toBeDefined();
  });

  it('skips and counts malformed messages, logs them, and keeps consuming', async () => {
    const { store, feed } = await startReplica(`b-${runId()}`);
    const before = await counterValue('kol_alert_messages_invalid_total');
    const key = 'kol-kafka-2';
    const valid = alert(key, new Date('2026-06-02T00:00:00.000Z'));
    const { createdAt: _createdAt, ...withoutDate } = valid;
    const bad: (string | null)[] = [
      'not json at all',
      '{"id": "x"}',
      JSON.stringify({
        ...valid,
        id: 'bad-type',
        type: 'SOMETHING_ELSE',
        createdAt: '2026-06-02T00:00:00Z',
      }),
      JSON.stringify({ ...withoutDate, id: 'bad-date', createdAt: 'yesterday' }),
      JSON.stringify({
        ...valid,
        id: 'bad-value',
        value: 'high',
        createdAt: '2026-06-02T00:00:00Z',
      }),
      null,
    ];
    for (const value of bad) await producer.sendRaw(value, key);
    await producer.send(valid);
    await feed.waitFor(valid.id);
    expect(await counterValue('kol_alert_messages_invalid_total')).toBe(before + bad.length);
    expect(feed.received.map((x) => x.id)).toEqual([valid.id]);
    expect((await store.recentByKol([key], 10))[0]).toEqual([valid]);
  });

  it('every replica delivers every alert to its own subscribers (one group per replica)', async () => {
    const shared = new EmbeddedAlertStore();
    const r1 = await startReplica(`r1-${runId()}`, shared);
    const r2 = await startReplica(`r2-${runId()}`, shared);
    const alerts = [0, 1, 2, 3, 4, 5].map((i) =>
      alert(`kol-kafka-fanout-${i}`, new Date(Date.UTC(2026, 5, 3, 0, i))),
    );
    for (const a of alerts) await producer.send(a);
    for (const a of alerts) {
      await r1.feed.waitFor(a.id);
      await r2.feed.waitFor(a.id);
    }
    for (const a of alerts) {
      expect(r1.feed.count(a.id)).toBe(1);
      expect(r2.feed.count(a.id)).toBe(1);
    }
    const stored = await shared.query({ kolIds: alerts.map((a) => a.kolId) }, 100);
    expect(stored.alerts).toHaveLength(alerts.length);
  });

  it('a replica restarted with the same REPLICA_ID catches up from its committed offset', async () => {
    const replica = `d-${runId()}`;
    const store = new EmbeddedAlertStore();
    const first = await startReplica(replica, store);
    const a = alert('kol-kafka-4', new Date('2026-06-05T00:00:00.000Z'));
    await producer.send(a);
    await first.feed.waitFor(a.id);
    await Promise.all(consumers.splice(0).map((c) => c.stop()));

    const missed = alert('kol-kafka-4', new Date('2026-06-05T00:01:00.000Z'));
    await producer.send(missed);
    const second = await startReplica(replica, store);
    await second.feed.waitFor(missed.id);
    expect(second.feed.count(a.id)).toBe(0);
    expect((await store.recentByKol([a.kolId], 5))[0]).toEqual([missed, a]);
  });

  it('retries while the store is unavailable instead of dropping the alert', async () => {
    const inner = new EmbeddedAlertStore();
    let failures = 2;
    const flaky: AlertStore = {
      put: async (a) => {
        if (failures > 0) {
          failures -= 1;
          throw new BackendUnavailableError('cassandra', new Error('test outage'));
        }
        return inner.put(a);
      },
      putMany: async (batch) => {
        if (failures > 0) {
          failures -= 1;
          throw new BackendUnavailableError('cassandra', new Error('test outage'));
        }
        return inner.putMany(batch);
      },
      query: (filter, first, after) => inner.query(filter, first, after),
      recentByKol: (ids, first) => inner.recentByKol(ids, first),
    };
    const { feed } = await startReplica(`c-${runId()}`, flaky);
    const a = alert('kol-kafka-3', new Date('2026-06-04T00:00:00.000Z'));
    await producer.send(a);
    await feed.waitFor(a.id);
    expect(failures).toBe(0);
    expect((await inner.recentByKol([a.kolId], 5))[0]).toEqual([a]);
  });

  it('commits only what was stored: an alert still waiting for the store at stop is delivered after restart', async () => {
    const replica = `e-${runId()}`;
    const inner = new EmbeddedAlertStore();
    let down = false;
    let refused = 0;
    const switchable: AlertStore = {
      put: (a) => inner.put(a),
      putMany: async (batch) => {
        if (down) {
          refused += 1;
          throw new BackendUnavailableError('cassandra', new Error('test outage'));
        }
        return inner.putMany(batch);
      },
      query: (filter, first, after) => inner.query(filter, first, after),
      recentByKol: (ids, first) => inner.recentByKol(ids, first),
    };
    const first = await startReplica(replica, switchable);
    const stored = alert('kol-kafka-5', new Date('2026-06-06T00:00:00.000Z'));
    await producer.send(stored);
    await first.feed.waitFor(stored.id);
    down = true;
    const waiting = alert('kol-kafka-5', new Date('2026-06-06T00:01:00.000Z'));
    await producer.send(waiting);
    const deadline = Date.now() + 15_000;
    while (refused === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(refused).toBeGreaterThan(0);
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
    expect(first.feed.count(waiting.id)).toBe(0);

    const second = await startReplica(replica, inner);
    await second.feed.waitFor(waiting.id);
    expect(second.feed.count(stored.id)).toBe(0);
    expect((await inner.recentByKol([waiting.kolId], 5))[0]).toEqual([waiting, stored]);
  });

  it('names Kafka, its address and the fix when it is unreachable at start', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer();
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
      });
    });
    const t0 = Date.now();
    const error = await startKafkaAlertConsumer({
      kafka: { ...kafka, brokers: [`127.0.0.1:${port}`] },
      replicaId: 'unreachable',
      topic,
      alerts: new EmbeddedAlertStore(),
      feed: new LiveFeed(),
    }).then(
      (c) => {
        consumers.push(c);
        return undefined;
      },
      (e: unknown) => e,
    );
    const message = (error as Error).message;
    expect(message).toMatch(
      new RegExp(`^Kafka at 127\\.0\\.0\\.1:${port} is unreachable \\(.*ECONNREFUSED.*\\)`),
    );
    expect(message).toContain('KAFKA_BROKERS');
    expect(message.split('\n')).toHaveLength(1);
    expect(Date.now() - t0).toBeLessThan(10_500);
  });
});
