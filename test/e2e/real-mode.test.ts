/**
 * The whole product on the real servers (Cassandra, Redis, Kafka from scripts/services/up.sh):
 * the gateway in real mode, the stream worker on Kafka, and a graphql-ws client, as deployed.
 * Keyspace, topics, groups and Redis keys are unique per run.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { openRealDataSources, type RealDataSources } from '../../datasources/real';
import type { Alert } from '../../domain/types';
import { createGateway, type Gateway } from '../../app/gateway';
import type { EventEnvelope } from '../../contracts/envelope';
import { startKafkaWorker, type KafkaWorker } from '../../streaming/kafka-worker';
import { createEventProducer, type EventProducer } from '../../streaming/producer';
import { createAlertProducer } from '../../subscriptions/alert-producer';
import {
  AlertsDocument,
  LiveAlertsDocument,
  MetricUpdatesDocument,
  RankingDocument,
} from '../generated/graphql';
import { startServices } from '../support/services';
import { collect, nth, postQuery, wsClient } from '../support/gateway';
import { createTestTopics, testKafka } from '../streaming/kafka-helpers';

const MINUTE = 60_000;
const run = `e2e_${randomUUID().slice(0, 8)}`;

describe('real mode end to end', () => {
  let gateway: Gateway;
  let workerData: RealDataSources;
  let worker: KafkaWorker;
  let events: EventProducer;
  let config: ReturnType<typeof loadConfig>;

  beforeAll(async () => {
    const env = await startServices(['redis', 'kafka', 'cassandra']);
    const kafka = testKafka(env.KAFKA_BROKERS.split(','), `kol-${run}`);
    const topics = await createTestTopics(kafka, run);
    config = loadConfig({
      ...env,
      PORT: '0',
      LOG_LEVEL: 'silent',
      CASSANDRA_KEYSPACE: run,
      REDIS_KEY_PREFIX: `${run}:`,
      KAFKA_ALERTS_TOPIC: topics.alerts,
      KAFKA_METRICS_TOPIC: topics.metrics,
      KAFKA_GROUP_PREFIX: run,
      REPLICA_ID: 'replica-a',
      DEMO_DATA: 'true',
      DEMO_KOLS: '12',
    });
    gateway = await createGateway(config, { logger: pino({ level: 'silent' }) });
    // The worker's stores from the same settings as the gateway's: same keyspace, same key prefix.
    workerData = await openRealDataSources(config.settings);
    worker = await startKafkaWorker({
      kafka,
      groupId: `${run}-worker`,
      topics,
      dataSources: workerData,
    });
    events = await createEventProducer({ kafka, topics });
  }, 240_000);

  afterAll(async () => {
    await Promise.allSettled([events?.close(), worker?.stop()]);
    await gateway?.stop();
    await workerData?.cassandra.client
      .execute(`DROP KEYSPACE IF EXISTS ${run}`)
      .catch(() => undefined);
    await workerData?.close();
  }, 60_000);

  it('serves queries from Cassandra and Redis', async () => {
    const res = await postQuery(gateway.url, RankingDocument, { input: { first: 5 } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.ranking.totalCount).toBe(12);
    expect(nth(res.data!.ranking.edges).node.fusion.trustUsed).not.toBeNull();
  });

  it('turns a follower spike on Kafka into exactly one FOLLOWER_SPIKE on a graphql-ws subscription', async () => {
    const kolId = `spike-${randomUUID().slice(0, 8)}`;
    const now = Date.now();
    const history: EventEnvelope[] = [];
    let followers = 80_000;
    for (let m = 70; m >= 2; m--) {
      followers += 12 + ((m * 31) % 5) - 2;
      history.push(snapshotEvent(kolId, now - m * MINUTE, followers));
    }
    const burst = snapshotEvent(kolId, now - MINUTE, followers + 2_000);

    const client = wsClient(gateway.wsUrl);
    const received: { alerts: { id: string; type: string; kolId: string } }[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const stop = client.subscribe<{ alerts: { id: string; type: string; kolId: string } }>(
        {
          query:
            'subscription ($kolIds: [ID!]) { alerts(filter: { kolIds: $kolIds }) { id type kolId } }',
          variables: { kolIds: [kolId] },
        },
        {
          next: (result) => {
            if (result.data) received.push(result.data);
          },
          error: (error) =>
            reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
          complete: () => undefined,
        },
      );
      setTimeout(() => {
        stop();
        resolve();
      }, 20_000);
    });
    await new Promise((r) => setTimeout(r, 500)); // let the subscription reach the server
    await events.send([...history, burst]);
    await events.send([burst, burst]); // a retried producer: the same event ids again
    await done;
    await client.dispose();

    const spikes = received.filter((r) => r.alerts.type === 'FOLLOWER_SPIKE');
    expect(spikes).toHaveLength(1);
    expect(nth(spikes).alerts.kolId).toBe(kolId);
  }, 60_000);

  it("streams the worker's metric updates to a metricUpdates subscription", async () => {
    const kolId = 'kol-0002';
    const client = wsClient(gateway.wsUrl);
    const updates = collect(client, MetricUpdatesDocument, { kolId, window: 'M5' }, 1, 20_000);
    await new Promise((r) => setTimeout(r, 1_000));
    await events.send([
      {
        event_id: randomUUID(),
        kol_id: kolId,
        event_type: 'post_metrics',
        event_time: new Date().toISOString(),
        payload: { post_id: 'p1', views: 500, likes: 40, comments: 3, shares: 1 },
      },
    ]);
    const first = nth(await updates);
    expect(first.metricUpdates.kolId).toBe(kolId);
    expect(first.metricUpdates.views).toBeGreaterThan(0);
    await client.dispose();
  }, 60_000);

  it('delivers an alert produced on alerts.stream and replays it with `since`', async () => {
    const producer = createAlertProducer({
      kafka: config.settings.kafka,
      topic: config.settings.topics.alerts,
    });
    const alert: Alert = {
      id: `direct-${randomUUID()}`,
      kolId: 'kol-0003',
      type: 'FOLLOWER_GROWTH',
      severity: 'WARNING',
      value: 6.2,
      threshold: 5,
      window: 'H1',
      message: 'Followers grew 6.2% within one hour',
      createdAt: new Date(),
    };
    const client = wsClient(gateway.wsUrl);
    const live = collect(
      client,
      LiveAlertsDocument,
      { filter: { kolIds: ['kol-0003'] } },
      1,
      20_000,
    );
    await new Promise((r) => setTimeout(r, 500));
    await producer.send(alert);
    expect(nth(await live).alerts.id).toBe(alert.id);

    const replay = await collect(
      client,
      LiveAlertsDocument,
      { filter: { kolIds: ['kol-0003'], since: new Date(Date.now() - MINUTE).toISOString() } },
      1,
      10_000,
    );
    expect(nth(replay).alerts.id).toBe(alert.id);
    const stored = await postQuery(gateway.url, AlertsDocument, {
      filter: { kolIds: ['kol-0003'] },
    });
    expect(stored.data!.alerts.edges.map((e) => e.node.id)).toContain(alert.id);
    await client.dispose();
    await producer.close();
  }, 60_000);
});

function snapshotEvent(kolId: string, at: number, followers: number): EventEnvelope {
  return {
    event_id: randomUUID(),
    kol_id: kolId,
    event_type: 'profile_snapshot',
    event_time: new Date(at).toISOString(),
    payload: { followers, following: 150, posts: 80 },
  };
}
