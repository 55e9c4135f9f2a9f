// @bench-services redis kafka cassandra
/**
 * Alert ingest throughput (target: ≥ 5,000 alerts/s into the alert store and the live feed; reported,
 * never asserted). Per store × partition count: `--alerts` alerts are produced to a topic of this run
 * (`--partitions` partitions, keyed by KOL like the worker's producer) before the gateway's alert
 * consumer starts; the consumer then reads them from the beginning — one store write per Kafka batch,
 * no lightweight transaction, all partitions concurrently — and publishes each to a LiveFeed, as
 * soon as its batch is decoded (`--publish=on-consume`) or after it is stored (`after-store`).
 * alerts/s = alerts / (the last of: last publish, last batch stored - consumer start), and also from
 * the first publish (without the group join). Afterwards every id is checked: published once, and
 * stored.
 *   embedded   the in-memory alert store
 *   cassandra  CassandraAlertStore on this run's own keyspace (dropped afterwards)
 *
 *   npm run bench -- ingest [--alerts=30000] [--partitions=3,6] [--stores=embedded,cassandra]
 *     [--kols=2000] [--publish=on-consume,after-store]
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { encodeAlertMessage } from '../contracts/alert-message';
import { EmbeddedAlertStore } from '../datasources/embedded/alerts';
import type { AlertStore } from '../datasources/types';
import type { Alert } from '../domain/types';
import { sendInChunks } from '../kafka/produce';
import type { PublishMode } from '../subscriptions/alert-ingest';
import { startKafkaAlertConsumer } from '../subscriptions/kafka-alert-consumer';
import { LiveFeed } from '../subscriptions/live-feed';
import { backendEnv, runId } from './support/backends';
import { intParam, stringParam } from './support/params';
import { openRealStores, type RealStores } from './support/real-stores';
import { timedIngestStore } from './support/timed-alert-store';
import {
  formatTable,
  log,
  machineInfo,
  round,
  runBench,
  sleep,
  summarize,
  writeResult,
  type LatencySummary,
} from './support/report';

const list = (text: string): string[] =>
  text
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

const params = {
  alerts: intParam('alerts', 30_000, 1),
  partitions: list(stringParam('partitions', '3,6')).map((p) => {
    const n = Number(p);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--partitions: ${p} is not a count`);
    return n;
  }),
  stores: list(stringParam('stores', 'embedded,cassandra')),
  kols: intParam('kols', 2_000, 1),
  publish: list(stringParam('publish', 'on-consume,after-store')).map((m): PublishMode => {
    if (m !== 'on-consume' && m !== 'after-store') {
      throw new Error(`--publish: ${m} is not on-consume or after-store`);
    }
    return m;
  }),
  timeoutMs: intParam('timeout-ms', 120_000, 1_000),
};

interface IngestResult {
  store: string;
  partitions: number;
  publish: PublishMode;
  alerts: number;
  /** Alerts per second from the consumer's start to the last publish or store write, whichever is later. */
  alertsPerSecond: number;
  /** The same from the first publish (excludes the group join). */
  alertsPerSecondAfterFirst: number;
  startToFirstMs: number;
  startToLastMs: number;
  produceMs: number;
  /** Store writes (one per Kafka batch) and their sizes. */
  storeWrites: number;
  batchSize: LatencySummary;
  storeWriteMs: LatencySummary;
  /** CPU of this process (consumer, ingest, store driver) from start to last publish. */
  cpuSeconds: number;
  cpuMicrosPerAlert: number;
  published: number;
  publishedTwice: number;
  storedMissing: number;
}

function benchAlerts(prefix: string, count: number): Alert[] {
  const base = Date.now() - count;
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i}`,
    kolId: `kol-${String(i % params.kols).padStart(6, '0')}`,
    type: 'FOLLOWER_SPIKE',
    severity: 'WARNING',
    value: 4 + (i % 10) / 10,
    threshold: 4,
    window: 'H1',
    message: 'Followers rose above the 60-minute baseline (ingest benchmark).',
    createdAt: new Date(base + i),
  }));
}

async function produceAll(kafka: Kafka, topic: string, alerts: readonly Alert[]): Promise<number> {
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const t0 = performance.now();
  try {
    await sendInChunks(producer, [
      {
        topic,
        messages: alerts.map((a) => ({ key: a.kolId, value: encodeAlertMessage(a) })),
      },
    ]);
  } finally {
    await producer.disconnect();
  }
  return performance.now() - t0;
}

async function runOne(
  brokers: string[],
  store: { name: string; alerts: AlertStore; missing(ids: string[]): Promise<number> },
  partitions: number,
  publish: PublishMode,
): Promise<IngestResult> {
  const id = runId('ingest');
  const topic = `bench.ingest.${id}.${store.name}.${partitions}`;
  const replicaId = `${id}-${store.name}-${partitions}-${publish}`;
  const kafkaSettings = { brokers, clientId: 'kol-bench-ingest', groupPrefix: 'bench' };
  const kafka = new Kafka({
    clientId: 'kol-bench-ingest-admin',
    brokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `bench-alerts-${replicaId}`;
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: partitions }],
      waitForLeaders: true,
    });
    const alerts = benchAlerts(id, params.alerts);
    log(`${store.name}/${partitions}: producing ${alerts.length} alerts to ${topic}`);
    const produceMs = await produceAll(kafka, topic, alerts);
    // The consumer starts "from now" on partitions its group never committed: commit the start.
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({
      groupId,
      topic,
      partitions: offsets.map((p) => ({ partition: p.partition, offset: p.low })),
    });

    const feed = new LiveFeed();
    const counts = new Map<string, number>();
    let firstAt = 0;
    let lastAt = 0;
    feed.onAlert((a) => {
      lastAt = performance.now();
      if (firstAt === 0) firstAt = lastAt;
      counts.set(a.id, (counts.get(a.id) ?? 0) + 1);
    });
    const writeMs: number[] = [];
    const sizes: number[] = [];
    const timed = timedIngestStore(store.alerts, (ms, batch) => {
      writeMs.push(ms);
      sizes.push(batch.length);
    });

    let stored = 0;
    let lastStoredAt = 0;
    log(`${store.name}/${partitions}/${publish}: consuming`);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const consumer = await startKafkaAlertConsumer({
      kafka: kafkaSettings,
      replicaId,
      topic,
      alerts: timed,
      feed,
      publish,
      onStage: (stage, batch) => {
        if (stage !== 'stored') return;
        stored += batch.length;
        lastStoredAt = performance.now();
      },
    });
    const deadline = Date.now() + params.timeoutMs;
    while ((counts.size < alerts.length || stored < alerts.length) && Date.now() < deadline) {
      await sleep(20);
    }
    const cpu = process.cpuUsage(cpu0);
    await consumer.stop();
    if (counts.size < alerts.length) {
      log(`${store.name}/${partitions}: only ${counts.size}/${alerts.length} before the timeout`);
    }
    const startToLastMs = Math.max(lastAt, lastStoredAt) - t0;
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const storedMissing = await store.missing(alerts.map((a) => a.id));
    return {
      store: store.name,
      partitions,
      publish,
      alerts: alerts.length,
      alertsPerSecond: round((counts.size / startToLastMs) * 1000, 0),
      alertsPerSecondAfterFirst: round(
        (counts.size / Math.max(1, Math.max(lastAt, lastStoredAt) - firstAt)) * 1000,
        0,
      ),
      startToFirstMs: round(firstAt - t0, 0),
      startToLastMs: round(startToLastMs, 0),
      produceMs: round(produceMs, 0),
      storeWrites: writeMs.length,
      batchSize: summarize(sizes),
      storeWriteMs: summarize(writeMs),
      cpuSeconds: round(cpuSeconds, 2),
      cpuMicrosPerAlert: round((cpuSeconds * 1e6) / Math.max(1, counts.size), 1),
      published: counts.size,
      publishedTwice: [...counts.values()].filter((n) => n > 1).length,
      storedMissing,
    };
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic], timeout: 10_000 }).catch(() => undefined);
    await admin.disconnect();
  }
}

async function main(): Promise<void> {
  const machine = machineInfo();
  const env = await backendEnv(['kafka', 'redis', 'cassandra']);
  const brokers = env.KAFKA_BROKERS.split(',');
  const results: IngestResult[] = [];
  for (const name of params.stores) {
    let real: RealStores | undefined;
    try {
      for (const partitions of params.partitions) {
        let alerts: AlertStore;
        if (name === 'embedded') alerts = new EmbeddedAlertStore();
        else if (name === 'cassandra')
          alerts = (real ??= await openRealStores('ingest')).data.alerts;
        else throw new Error(`unknown store ${name} (embedded, cassandra)`);
        const missing = async (ids: string[]): Promise<number> => {
          // putMany reports which ids it did not find stored: a second write of the same alerts
          // finds all of them (and rewrites nothing).
          const byId = new Map<string, Alert>();
          for (const id of ids) byId.set(id, { ...benchAlerts('x', 1)[0]!, id });
          let absent = 0;
          const all = [...byId.values()];
          for (let i = 0; i < all.length; i += 1_000) {
            absent += (await alerts.putMany(all.slice(i, i + 1_000))).length;
          }
          return absent;
        };
        for (const publish of params.publish) {
          results.push(await runOne(brokers, { name, alerts, missing }, partitions, publish));
        }
      }
    } finally {
      await real?.close();
    }
  }

  const table = formatTable(
    `Alert ingest, pre-produced alerts.stream -> alert store + live feed (${params.alerts} alerts per row)`,
    [
      'store',
      'partitions',
      'publish',
      'alerts/s',
      'alerts/s after first',
      'start -> first ms',
      'start -> last ms',
      'store writes',
      'batch p50',
      'batch max',
      'write p50 ms',
      'write p99 ms',
      'CPU s',
      'µs CPU/alert',
      'published',
      'twice',
      'not stored',
      '≥ 5,000/s',
    ],
    results.map((r) => [
      r.store,
      r.partitions,
      r.publish,
      r.alertsPerSecond,
      r.alertsPerSecondAfterFirst,
      r.startToFirstMs,
      r.startToLastMs,
      r.storeWrites,
      r.batchSize.p50,
      r.batchSize.max,
      r.storeWriteMs.p50,
      r.storeWriteMs.p99,
      r.cpuSeconds,
      r.cpuMicrosPerAlert,
      r.published,
      r.publishedTwice,
      r.storedMissing,
      r.alertsPerSecond >= 5_000 ? 'yes' : 'no',
    ]),
  );
  process.stdout.write(`\n${table}\n`);
  const file = writeResult({
    bench: 'ingest',
    machine,
    parameters: params,
    results: { rows: results },
    tables: [table],
    notes: [
      'alerts/s = alerts / (the later of last publish and last batch stored - consumer start; the start includes connecting and joining the group); publish = when the consumer publishes (on-consume: when decoded, after-store: once stored); "after first" excludes that; not stored = ids a second putMany did not find',
    ],
  });
  process.stdout.write(`\nwrote ${file}\n`);
}

runBench('ingest', main);
