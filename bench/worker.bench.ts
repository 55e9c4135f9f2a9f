// @bench-services kafka redis
/**
 * Stream worker throughput (reported, never asserted).
 *
 * A realistic event mix for `--kols` KOLs is produced once to this run's own raw topics; then the
 * Kafka worker (streaming/kafka-worker.ts, in this process) consumes the whole backlog once per
 * state-store variant, each with its own consumer group:
 *   memory  per-KOL state in process memory (not restart-safe; the upper bound)
 *   file    one JSON file per KOL in a temporary directory (single machine)
 *   redis   one key per KOL in Redis (the production setting)
 *   redis-scoring  the same with continuous scoring on: the bench KOLs have stored profiles, and
 *           each flush re-scores the KOLs whose counts changed (trust, anomaly) with the models
 * Metric, alert and profile writes go to the embedded stores; metric updates and feature rows are
 * produced to Kafka as in production. Time runs from the first batch to the last commit (group join
 * excluded). Events per core = events / CPU seconds of this process (Node runs the worker on one
 * thread; the broker runs in its own JVM). A `pipeline only` row measures the core without Kafka
 * (validation, windows, rules, flush to the embedded stores, state to a memory store), flushing every
 * `--chunk` events across all KOLs — every flush touches every KOL, which saves many more states than
 * the worker, whose batches each hold one partition's KOLs.
 *
 *   npm run bench -- worker [--events=200000] [--kols=2000] [--chunk=5000]
 *     [--variants=memory,file,redis]
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import { createEmbeddedDataSources } from '../datasources/embedded';
import { validateKolInputs } from '../domain/kol-input';
import { SCORE_MODELS, type KolProfile } from '../domain/types';
import type { EventEnvelope } from '../contracts/envelope';
import { createKafka } from '../kafka/client';
import { ensureTopics } from '../kafka/admin';
import { startKafkaWorker } from '../streaming/kafka-worker';
import { StreamPipeline } from '../streaming/pipeline';
import { createEventProducer } from '../streaming/producer';
import { FileStateStore } from '../streaming/state/file';
import { MemoryStateStore } from '../streaming/state/memory';
import { RedisStateStore } from '../streaming/state/redis';
import type { StreamStateStore } from '../streaming/state/types';
import { allTopics, suffixedTopics } from '../contracts/topics';
import { backendEnv, deleteRedisPrefix, runId } from './support/backends';
import { benchInference } from './support/models';
import { intParam, stringParam } from './support/params';
import {
  formatTable,
  log,
  machineInfo,
  round,
  runBench,
  sleep,
  writeResult,
  type Cell,
} from './support/report';

const params = {
  events: intParam('events', 200_000, 1_000),
  kols: intParam('kols', 2_000, 1),
  chunk: intParam('chunk', 5_000, 1),
  partitions: intParam('partitions', 6, 1),
  variants: stringParam('variants', 'memory,file,redis,redis-scoring')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0),
};

interface VariantResult {
  variant: string;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  cpuSeconds: number;
  eventsPerCpuSecond: number;
  commits: number;
  metricPoints: number;
  statesSavedPerCommit: number | null;
  rssMb: number;
  /** Score records in the store at the end (scoring variants only). */
  scoreRecords?: number | null;
}

/** Stored profiles of the bench KOLs, so that continuous scoring has KOLs to score. */
function benchProfiles(kols: number): KolProfile[] {
  const rows = Array.from({ length: kols }, (_, k) => ({
    id: `bench-kol-${k}`,
    platform: 'tiktok',
    handle: `bench${k}`,
    displayName: `Bench ${k}`,
    category: 'beauty',
    followers: 10_000 + k * 37,
    following: 100,
    posts: 20,
    verified: false,
    updatedAt: new Date(Date.now() - 3_600_000).toISOString(),
  }));
  const { valid, errors } = validateKolInputs(rows, new Date());
  if (errors.length > 0) throw new Error(`bench profiles invalid: ${JSON.stringify(errors[0])}`);
  return valid;
}

async function countScores(data: ReturnType<typeof createEmbeddedDataSources>): Promise<number> {
  const ids = Array.from({ length: params.kols }, (_, k) => `bench-kol-${k}`);
  let total = 0;
  for (const model of SCORE_MODELS) {
    total += (await data.scores.history(model, ids, 1_000)).reduce((n, h) => n + h.length, 0);
  }
  return total;
}

/** A plausible mix: web traffic most, then post metrics and comments, a few snapshots and sales. */
function generateEvents(count: number, kols: number): EventEnvelope[] {
  const events: EventEnvelope[] = [];
  const start = Date.now() - 10 * 60_000;
  const span = 9 * 60_000;
  const followers = Array.from({ length: kols }, (_, i) => 10_000 + i * 37);
  const postViews = new Array<number>(kols).fill(0);
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  for (let i = 0; i < count; i++) {
    const k = Math.floor(random() * kols);
    const kolId = `bench-kol-${k}`;
    const at = new Date(start + Math.floor((i / count) * span)).toISOString();
    const base = { event_id: randomUUID(), kol_id: kolId, event_time: at };
    const r = random();
    if (r < 0.35) events.push({ ...base, event_type: 'view', payload: { post_id: `p${k}` } });
    else if (r < 0.5) events.push({ ...base, event_type: 'click', payload: {} });
    else if (r < 0.65) {
      postViews[k]! += 1 + Math.floor(random() * 50);
      const v = postViews[k]!;
      events.push({
        ...base,
        event_type: 'post_metrics',
        payload: {
          post_id: `p${k}`,
          views: v,
          likes: Math.floor(v / 10),
          comments: Math.floor(v / 50),
          shares: Math.floor(v / 100),
        },
      });
    } else if (r < 0.8) {
      const s = random();
      const sentiment = s < 0.15 ? 'negative' : s < 0.7 ? 'positive' : 'neutral';
      events.push({ ...base, event_type: 'comment', payload: { post_id: `p${k}`, sentiment } });
    } else if (r < 0.9) {
      followers[k]! += Math.floor(random() * 5);
      events.push({
        ...base,
        event_type: 'profile_snapshot',
        payload: { followers: followers[k]!, following: 100, posts: 20 },
      });
    } else if (r < 0.95)
      events.push({ ...base, event_type: 'add_to_cart', payload: { quantity: 1 } });
    else
      events.push({
        ...base,
        event_type: 'purchase',
        payload: { amount: 20 + Math.floor(random() * 80), currency: 'USD' },
      });
  }
  return events;
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

/** The core alone: JSON in, validation, windows, rules, flush to embedded stores every chunk. */
async function benchPipeline(events: readonly EventEnvelope[]): Promise<VariantResult> {
  const raw = events.map((e) => Buffer.from(JSON.stringify(e)));
  const data = createEmbeddedDataSources();
  const pipeline = new StreamPipeline({ dataSources: data, stateStore: new MemoryStateStore() });
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  let commits = 0;
  let points = 0;
  for (let i = 0; i < raw.length; i += params.chunk) {
    const chunk = raw.slice(i, i + params.chunk);
    const parsed = [];
    for (const value of chunk) {
      const result = pipeline.parse(value);
      if (result.ok) parsed.push(result.event);
    }
    await pipeline.handleMany(parsed);
    points += (await pipeline.flush()).points;
    commits += 1;
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpuUsed = cpuSeconds(cpu);
  return {
    variant: 'pipeline only (no Kafka)',
    events: raw.length,
    seconds: round(seconds, 3),
    eventsPerSecond: Math.round(raw.length / seconds),
    cpuSeconds: round(cpuUsed, 3),
    eventsPerCpuSecond: Math.round(raw.length / cpuUsed),
    commits,
    metricPoints: points,
    statesSavedPerCommit: null,
    rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

class CountingStore implements StreamStateStore {
  saved = 0;
  saves = 0;
  constructor(private readonly inner: StreamStateStore) {}
  get name(): string {
    return this.inner.name;
  }
  load(ids: readonly string[]) {
    return this.inner.load(ids);
  }
  async save(states: Parameters<StreamStateStore['save']>[0]) {
    this.saved += states.length;
    this.saves += 1;
    await this.inner.save(states);
  }
  close() {
    return this.inner.close();
  }
}

async function main(): Promise<void> {
  const needsRedis = params.variants.some((v) => v.startsWith('redis'));
  const env = await backendEnv(needsRedis ? ['kafka', 'redis'] : ['kafka']);
  const brokers = env.KAFKA_BROKERS.split(',');
  const id = runId('worker');
  const kafka = createKafka({ brokers, clientId: id });
  const topics = suffixedTopics(id);
  await ensureTopics(kafka, allTopics(topics), params.partitions);
  const redisPrefix = `bench:stream:${id}:`;
  const redis = needsRedis ? new Redis(env.REDIS_URL) : undefined;
  const stateDir = await mkdtemp(path.join(tmpdir(), 'kol-bench-state-'));
  const results: VariantResult[] = [];

  try {
    log(`generating ${params.events} events for ${params.kols} KOLs`);
    const events = generateEvents(params.events, params.kols);
    results.push(await benchPipeline(events));
    log(`pipeline alone: ${results[0]!.eventsPerSecond} events/s`);

    const producer = await createEventProducer({ kafka, topics });
    const t0 = performance.now();
    for (let i = 0; i < events.length; i += 5_000) await producer.send(events.slice(i, i + 5_000));
    await producer.close();
    log(`produced ${events.length} events in ${round((performance.now() - t0) / 1000, 1)} s`);

    for (const variant of params.variants) {
      const inner: StreamStateStore =
        variant === 'file'
          ? new FileStateStore(path.join(stateDir, variant))
          : variant.startsWith('redis')
            ? new RedisStateStore(new Redis(env.REDIS_URL), { prefix: `${redisPrefix}${variant}:` })
            : new MemoryStateStore();
      const store = new CountingStore(inner);
      const data = createEmbeddedDataSources();
      const scoring = variant.endsWith('-scoring');
      if (scoring) await data.profiles.upsertMany(benchProfiles(params.kols));
      const inference = scoring ? await benchInference() : undefined;
      const worker = await startKafkaWorker({
        kafka,
        groupId: `${id}-${variant}`,
        topics,
        dataSources: data,
        stateStore: store,
        chunkSize: params.chunk,
        ...(inference
          ? {
              pipeline: {
                scoring: {
                  score: (kols, now) => inference.scoreStoredKols(kols, now),
                  maxAgeSeconds: 3_600,
                },
              },
            }
          : {}),
      });
      // Wait for the first batch (the group join is not part of the measurement).
      while (worker.stats.batches === 0) await sleep(2);
      const cpu = process.cpuUsage();
      const started = performance.now();
      while (worker.stats.messages < events.length) await sleep(2);
      const seconds = (performance.now() - started) / 1000;
      const cpuUsed = cpuSeconds(cpu);
      const rssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
      const points = (await worker.metrics.pointsWritten.get()).values[0]?.value ?? 0;
      await worker.stop();
      await store.close();
      const scores = scoring ? await countScores(data) : null;
      results.push({
        variant: `kafka worker, state=${variant.replace('-scoring', '')}${scoring ? ', scoring on' : ''}`,
        scoreRecords: scores,
        events: worker.stats.messages,
        seconds: round(seconds, 3),
        eventsPerSecond: Math.round(worker.stats.messages / seconds),
        cpuSeconds: round(cpuUsed, 3),
        eventsPerCpuSecond: Math.round(worker.stats.messages / cpuUsed),
        commits: worker.stats.commits,
        metricPoints: points,
        statesSavedPerCommit: store.saves > 0 ? round(store.saved / store.saves, 1) : null,
        rssMb,
      });
      log(`${variant}: ${results[results.length - 1]!.eventsPerSecond} events/s`);
    }
  } finally {
    const admin = kafka.admin();
    await admin.connect();
    await admin
      .deleteTopics({ topics: allTopics(topics) })
      .catch((e: unknown) => log(`topic clean-up: ${String(e)}`));
    await admin.disconnect();
    if (redis) {
      await deleteRedisPrefix(redis, redisPrefix);
      await redis.quit();
    }
    await rm(stateDir, { recursive: true, force: true });
  }

  const headers = [
    'variant',
    'events',
    'seconds',
    'events/s',
    'CPU s',
    'events/CPU-s',
    'commits',
    'metric points',
    'states/commit',
    'RSS MB',
    'scores written',
  ];
  const rows: Cell[][] = results.map((r) => [
    r.variant,
    r.events,
    r.seconds,
    r.eventsPerSecond,
    r.cpuSeconds,
    r.eventsPerCpuSecond,
    r.commits,
    r.metricPoints,
    r.statesSavedPerCommit,
    r.rssMb,
    r.scoreRecords ?? null,
  ]);
  const table = formatTable(
    `Stream worker: ${params.events.toLocaleString('en-US')} events, ${params.kols.toLocaleString('en-US')} KOLs, ` +
      `${params.partitions} partitions per topic, chunk ${params.chunk}`,
    headers,
    rows,
  );
  process.stdout.write(`${table}\n`);
  const file = writeResult({
    bench: 'worker',
    machine: machineInfo(),
    parameters: params,
    results,
    tables: [table],
    notes: [
      'events/CPU-s is events per second of CPU time of the worker process: the per-core rate (Node runs the worker on one thread).',
      'Kafka (the broker JVM) runs on the same machine and competes for its cores.',
      'Metric, alert and profile writes go to the embedded stores; metric updates and feature rows are produced to Kafka.',
      'The pipeline-only row flushes every chunk across all KOLs (each flush saves every KOL state); the worker flushes per partition batch.',
    ],
  });
  log(`wrote ${file}`);
}

runBench('worker', main);
