/**
 * Scoring lag: from a raw event to a fresh score in the store, with continuous scoring on. Scenario:
 * `profile` events create `--kols` new KOLs at `--rate` events/s; the lag of each is the time from
 * sending its event until its trust score can be read from the score store (polled every
 * `--poll-ms`). Setups:
 *   embedded  the embedded gateway's in-process pipeline (`gateway.pipeline.publish`); it writes and
 *             scores once per flush (1 s by default), which bounds the lag from below
 *   kafka     the stream worker (streaming/kafka-worker.ts, in this process) consuming this run's own
 *             raw topics, events produced with the event producer; it flushes per Kafka batch.
 *             Its stores are the in-memory ones: Kafka + pipeline + scoring.
 *   kafka-real  the same worker over Cassandra + Redis (this run's own keyspace and key prefix), as
 *             `npm run worker` runs in the real mode.
 *
 *   npm run bench -- lag [--kols=200] [--rate=20] [--poll-ms=10] [--setups=embedded,kafka,kafka-real]
 *
 * @bench-services kafka redis cassandra
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '../contracts/envelope';
import { allTopics, suffixedTopics } from '../contracts/topics';
import { createEmbeddedDataSources } from '../datasources/embedded';
import type { DataSources, ScoreStore } from '../datasources/types';
import { ensureTopics } from '../kafka/admin';
import { createKafka } from '../kafka/client';
import { startKafkaWorker } from '../streaming/kafka-worker';
import { createEventProducer } from '../streaming/producer';
import { MemoryStateStore } from '../streaming/state/memory';
import { backendEnv, runId } from './support/backends';
import { benchInference } from './support/models';
import { openRealStores } from './support/real-stores';
import { startBenchGateway } from './support/gateway';
import { intParam, stringParam } from './support/params';
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

const params = {
  setups: stringParam('setups', 'embedded,kafka,kafka-real')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
  kols: intParam('kols', 200, 1),
  ratePerSecond: intParam('rate', 20, 1),
  pollMs: intParam('poll-ms', 10, 1),
  timeoutMs: intParam('timeout-ms', 60_000, 1_000),
};

function profileEvent(id: string, at: Date): EventEnvelope {
  return {
    event_id: randomUUID(),
    kol_id: id,
    event_type: 'profile',
    event_time: at.toISOString(),
    payload: {
      platform: 'tiktok',
      handle: id,
      displayName: `Lag ${id}`,
      category: 'beauty',
      followers: 12_000,
      following: 300,
      posts: 120,
      verified: false,
      favoritesCount: 90_000,
      accountCreatedAt: '2024-01-01T00:00:00Z',
      bioLength: 40,
    },
  };
}

interface LagResult {
  setup: string;
  description: string;
  summary: LatencySummary;
  notScored: number;
  problems: string[];
  lagsMs: number[];
}

/**
 * Sends one profile event per new KOL at the configured rate through `send` and polls `scores`
 * until each has a trust score (or the timeout passes).
 */
async function measureLag(
  setup: string,
  description: string,
  send: (event: EventEnvelope) => Promise<string | null>,
  scores: ScoreStore,
): Promise<LagResult> {
  const sentAt = new Map<string, number>();
  const lags: number[] = [];
  const problems: string[] = [];
  const ids = Array.from({ length: params.kols }, (_, i) => `lag-${setup}-${process.pid}-${i}`);
  const interval = 1000 / params.ratePerSecond;
  let sending = true;
  const poller = (async () => {
    while (sending || sentAt.size > 0) {
      const pending = [...sentAt.keys()];
      if (pending.length > 0) {
        const latest = await scores.latest('trust', pending);
        const now = performance.now();
        latest.forEach((record, i) => {
          const id = pending[i];
          const at = id === undefined ? undefined : sentAt.get(id);
          if (!record || id === undefined || at === undefined) return;
          lags.push(now - at);
          sentAt.delete(id);
        });
      }
      await sleep(params.pollMs);
    }
  })();
  log(`${setup}: sending ${params.kols} profile events at ${params.ratePerSecond}/s`);
  const started = performance.now();
  for (const [i, id] of ids.entries()) {
    const wait = started + i * interval - performance.now();
    if (wait > 0) await sleep(wait);
    sentAt.set(id, performance.now());
    const problem = await send(profileEvent(id, new Date()));
    if (problem) {
      sentAt.delete(id);
      problems.push(`${id}: ${problem}`);
    }
  }
  sending = false;
  const deadline = performance.now() + params.timeoutMs;
  while (sentAt.size > 0 && performance.now() < deadline) await sleep(50);
  const notScored = sentAt.size;
  sentAt.clear();
  await poller;
  if (notScored > 0)
    problems.push(`${notScored} KOLs without a trust score after ${params.timeoutMs} ms`);
  return { setup, description, summary: summarize(lags), notScored, problems, lagsMs: lags };
}

async function embeddedLag(): Promise<LagResult> {
  const data = createEmbeddedDataSources();
  const gateway = await startBenchGateway({ data });
  const pipeline = gateway.pipeline;
  if (!pipeline) throw new Error('the embedded gateway has no stream pipeline');
  try {
    return await measureLag(
      'embedded',
      'embedded gateway pipeline (flush every 1 s)',
      async (event) => {
        const outcome = await pipeline.publish(event);
        return outcome.status === 'rejected' ? `${outcome.reason} ${outcome.error}` : null;
      },
      data.scores,
    );
  } finally {
    await gateway.stop();
  }
}

async function kafkaLag(stores: 'embedded' | 'real'): Promise<LagResult> {
  const env = await backendEnv(stores === 'real' ? ['kafka', 'redis', 'cassandra'] : ['kafka']);
  const id = runId('lag');
  const kafka = createKafka({ brokers: env.KAFKA_BROKERS.split(','), clientId: id });
  const topics = suffixedTopics(id);
  await ensureTopics(kafka, allTopics(topics), 3);
  const real = stores === 'real' ? await openRealStores('lag') : undefined;
  const data: DataSources = real?.data ?? createEmbeddedDataSources();
  const inference = await benchInference();
  const worker = await startKafkaWorker({
    kafka,
    groupId: `${id}-worker`,
    topics,
    dataSources: data,
    stateStore: new MemoryStateStore(),
    pipeline: {
      scoring: { score: (kols, now) => inference.scoreStoredKols(kols, now), maxAgeSeconds: 3_600 },
    },
  });
  const producer = await createEventProducer({ kafka, topics });
  try {
    // The consumer group join is not part of the lag: wait until a first event has been scored.
    const warm = `lag-warm-${process.pid}`;
    await producer.send([profileEvent(warm, new Date())]);
    const joinDeadline = performance.now() + 120_000;
    while (!(await data.scores.latest('trust', [warm]))[0]) {
      if (performance.now() > joinDeadline) throw new Error('the worker scored nothing in 120 s');
      await sleep(50);
    }
    return await measureLag(
      stores === 'real' ? 'kafka-real' : 'kafka',
      `event producer -> Kafka -> stream worker (flush per batch) -> ${stores === 'real' ? 'Cassandra + Redis' : 'in-memory stores'}`,
      async (event) => {
        await producer.send([event]);
        return null;
      },
      data.scores,
    );
  } finally {
    await producer.close();
    await worker.stop();
    const admin = kafka.admin();
    await admin.connect();
    await admin
      .deleteTopics({ topics: allTopics(topics) })
      .catch((e: unknown) => log(`topic clean-up: ${String(e)}`));
    await admin.disconnect();
    await real?.close();
  }
}

async function main(): Promise<void> {
  const machine = machineInfo();
  const results: LagResult[] = [];
  if (params.setups.includes('embedded')) results.push(await embeddedLag());
  if (params.setups.includes('kafka')) results.push(await kafkaLag('embedded'));
  if (params.setups.includes('kafka-real')) results.push(await kafkaLag('real'));
  const table = formatTable(
    `Scoring lag: profile event -> trust score readable (${params.kols} new KOLs at ${params.ratePerSecond}/s, polled every ${params.pollMs} ms)`,
    ['setup', 'path', 'scored', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'not scored'],
    results.map((r) => [
      r.setup,
      r.description,
      r.summary.count,
      r.summary.p50,
      r.summary.p95,
      r.summary.p99,
      r.summary.max,
      r.notScored,
    ]),
  );
  process.stdout.write(`\n${table}\n`);
  const file = writeResult({
    bench: 'lag',
    machine,
    parameters: params,
    results: results.map((r) => ({ ...r, lagsMs: r.lagsMs.map((l) => round(l, 1)) })),
    tables: [table],
    notes: [
      'The embedded pipeline writes and scores once per flush (1 s by default), which bounds its lag from below.',
      ...results.flatMap((r) => r.problems.slice(0, 10).map((p) => `${r.setup}: ${p}`)),
    ],
  });
  process.stdout.write(`\nwrote ${file}\n`);
}

runBench('lag', main);
