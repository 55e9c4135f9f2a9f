/**
 * The stream worker against a real Kafka (started by scripts/services/up.sh kafka): alerts on
 * alerts.stream and dead letters on events.dlq. Topics and groups are unique per run.
 */
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import type { DataSources } from '../../datasources/types';
import { REJECT_REASONS, type EventEnvelope, type RejectReason } from '../../contracts/envelope';
import type { DeadLetter } from '../../contracts/dead-letter';
import { startKafkaWorker, type KafkaWorker } from '../../streaming/kafka-worker';
import { createEventProducer, type EventProducer } from '../../streaming/producer';
import type { StreamTopics } from '../../contracts/topics';
import {
  createTestTopics,
  kafkaBrokers,
  testKafka,
  TopicCollector,
  uniqueSuffix,
  waitUntil,
} from './kafka-helpers';

interface AlertJson {
  id: string;
  kolId: string;
  type: string;
  severity: string;
  createdAt: string;
  message: string;
}

const MINUTE = 60_000;

function snapshot(kolId: string, at: number, followers: number, id = randomUUID()): EventEnvelope {
  return {
    event_id: id,
    kol_id: kolId,
    event_type: 'profile_snapshot',
    event_time: new Date(at).toISOString(),
    payload: { followers, following: 100, posts: 50 },
  };
}

describe('stream worker on Kafka', () => {
  let kafka: Kafka;
  let topics: StreamTopics;
  let data: DataSources;
  let worker: KafkaWorker;
  let producer: EventProducer;
  let alerts: TopicCollector;
  let dlq: TopicCollector;

  beforeAll(async () => {
    const brokers = await kafkaBrokers();
    kafka = testKafka(brokers, 'stream-worker-test');
    topics = await createTestTopics(kafka, 'wk');
    data = createEmbeddedDataSources();
    worker = await startKafkaWorker({
      kafka,
      groupId: uniqueSuffix('stream-worker'),
      topics,
      dataSources: data,
    });
    producer = await createEventProducer({ kafka, topics });
    alerts = await TopicCollector.start(kafka, topics.alerts);
    dlq = await TopicCollector.start(kafka, topics.dlq);
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([alerts?.stop(), dlq?.stop(), producer?.close(), worker?.stop()]);
  });

  it('a follower spike gives exactly one FOLLOWER_SPIKE alert, even when replayed', async () => {
    const kolId = `spike-${randomUUID().slice(0, 8)}`;
    const now = Date.now();
    // 70 minutes of steady growth (+10 ± 3 per minute), then +1,500 within a minute (+4% in the
    // hour: a spike, but not 5% growth).
    const history: EventEnvelope[] = [];
    let followers = 50_000;
    for (let m = 70; m >= 2; m--) {
      followers += 10 + ((m * 37) % 7) - 3;
      history.push(snapshot(kolId, now - m * MINUTE, followers));
    }
    const burst = snapshot(kolId, now - MINUTE, followers + 1_500);
    const before = worker.stats.messages;
    await producer.send([...history, burst]);
    // The same events again (a producer retry / replay), and the burst once more: recent ones are
    // recognised as duplicates, older ones are behind the lateness horizon (TOO_OLD).
    await producer.send([...history, burst, burst]);

    await waitUntil(
      () => alerts.json<AlertJson>().some((a) => a.kolId === kolId && a.type === 'FOLLOWER_SPIKE'),
      30_000,
      'FOLLOWER_SPIKE on alerts.stream',
    );
    const sent = 2 * history.length + 3;
    await waitUntil(() => worker.stats.messages - before >= sent, 30_000, 'replay processed');
    await new Promise((r) => setTimeout(r, 1_500));
    const mine = alerts.json<AlertJson>().filter((a) => a.kolId === kolId);
    const spikes = mine.filter((a) => a.type === 'FOLLOWER_SPIKE');
    expect(spikes).toHaveLength(1);
    expect(spikes[0]!.message).toMatch(/^Followers rose [\d.]+σ above the 60-min baseline/);
    expect(alerts.messages.find((m) => m.key?.toString() === kolId)).toBeDefined();
    expect(mine.filter((a) => a.type === 'FOLLOWER_GROWTH')).toHaveLength(0); // +4% is under 5%
    const stored = await data.alerts.recentByKol([kolId], 10);
    expect(stored[0]!.map((a) => a.id)).toContain(spikes[0]!.id);
  }, 60_000);

  it('sends each bad input to events.dlq with its reason and keeps consuming', async () => {
    const kolId = `dlq-${randomUUID().slice(0, 8)}`;
    const now = Date.now();
    const valid = (over: Record<string, unknown>): string =>
      JSON.stringify({
        event_id: randomUUID(),
        kol_id: kolId,
        event_type: 'click',
        event_time: new Date(now).toISOString(),
        payload: {},
        ...over,
      });
    const bad: [RejectReason, string][] = [
      ['MALFORMED_JSON', '{"event_id": "x",'],
      ['INVALID_ENVELOPE', valid({ event_time: 'yesterday' })],
      ['UNKNOWN_EVENT_TYPE', valid({ event_type: 'like' })],
      ['MISSING_KOL_ID', valid({ kol_id: '' })],
      [
        'INVALID_PAYLOAD',
        valid({ event_type: 'purchase', payload: { amount: -5, currency: 'USD' } }),
      ],
      ['FUTURE_TIMESTAMP', valid({ event_time: new Date(now + 60 * MINUTE).toISOString() })],
      ['TOO_OLD', valid({ event_time: new Date(now - 8 * 24 * 60 * MINUTE).toISOString() })],
    ];
    const rejectedBefore = await rejectedCounts();
    await producer.sendRaw(
      topics.raw.web,
      bad.map(([, value]) => ({ key: kolId, value })),
    );
    // Lateness: a click an hour behind this KOL's web stream is too old once the stream moved on.
    await producer.sendRaw(topics.raw.web, [
      { key: kolId, value: valid({}) },
      { key: kolId, value: valid({ event_time: new Date(now - 60 * MINUTE).toISOString() }) },
      { key: kolId, value: valid({}) },
    ]);

    await waitUntil(() => dlqFor(kolId).length >= bad.length + 1, 30_000, 'dead letters');
    await waitUntil(
      async () => {
        const [point] = await data.metrics.latest([{ kolId, window: 'H24' }]);
        return point?.clicks === 2;
      },
      30_000,
      'the valid clicks counted',
    );

    const letters = dlqFor(kolId);
    expect(letters.map((l) => l.reason)).toEqual([...bad.map(([reason]) => reason), 'TOO_OLD']);
    for (const letter of letters) {
      expect(letter.topic).toBe(topics.raw.web);
      expect(typeof letter.partition).toBe('number');
      expect(letter.offset).toMatch(/^\d+$/);
      expect(letter.error.length).toBeGreaterThan(0);
    }
    expect(letters[0]!.raw).toBe('{"event_id": "x",');
    const rejectedAfter = await rejectedCounts();
    expect(rejectedAfter.TOO_OLD - rejectedBefore.TOO_OLD).toBe(2);
    expect(rejectedAfter.MISSING_KOL_ID - rejectedBefore.MISSING_KOL_ID).toBe(1);
  }, 60_000);

  /** The per-reason reject counter, copied (prom-client hands out live objects). */
  async function rejectedCounts(): Promise<Record<RejectReason, number>> {
    const metric = await worker.metrics.rejected.get();
    const counts = Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<
      RejectReason,
      number
    >;
    for (const v of metric.values) counts[v.labels.reason as RejectReason] = v.value;
    return counts;
  }

  function dlqFor(kolId: string): DeadLetter[] {
    return dlq.messages
      .filter((m) => m.key?.toString() === kolId)
      .map((m) => JSON.parse(m.value!.toString('utf8')) as DeadLetter);
  }
});
