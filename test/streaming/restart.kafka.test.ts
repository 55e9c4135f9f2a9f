/**
 * Kill safety: the worker runs as a child process (`node --import tsx app/worker.ts`), is
 * SIGKILLed while it works through a backlog, and restarted; the metric buckets it published must add
 * up to exactly the events sent: nothing lost, nothing counted twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../contracts/envelope';
import { createEventProducer, type EventProducer } from '../../streaming/producer';
import type { StreamTopics } from '../../contracts/topics';
import { REPO_ROOT } from '../support/services';
import {
  committedTotal,
  createTestTopics,
  groupCaughtUp,
  kafkaBrokers,
  testKafka,
  TopicCollector,
  uniqueSuffix,
  waitUntil,
} from './kafka-helpers';

interface MetricJson {
  kolId: string;
  window: string;
  bucketStart: string;
  clicks: number;
  orders: number;
  followerDelta: number;
}

interface Worker {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

const KOLS = 12;
const PER_KOL = 400; // 160 clicks, 80 purchases, 160 profile snapshots

describe('stream worker killed mid-stream and restarted', () => {
  let brokers: string[];
  let kafka: Kafka;
  let topics: StreamTopics;
  let producer: EventProducer;
  let metrics: TopicCollector;
  let stateDir: string;
  const groupId = uniqueSuffix('restart-worker');
  const running: Worker[] = [];

  beforeAll(async () => {
    brokers = await kafkaBrokers();
    kafka = testKafka(brokers, 'restart-test');
    topics = await createTestTopics(kafka, 'rs', 3);
    producer = await createEventProducer({ kafka, topics });
    metrics = await TopicCollector.start(kafka, topics.metrics);
    stateDir = await mkdtemp(path.join(tmpdir(), 'kol-stream-state-'));
  }, 120_000);

  afterAll(async () => {
    for (const w of running) w.child.kill('SIGKILL');
    await Promise.allSettled([metrics?.stop(), producer?.close()]);
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  function startWorker(): Worker {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      KAFKA_BROKERS: brokers.join(','),
      STREAM_GROUP_ID: groupId,
      KAFKA_SOCIAL_TOPIC: topics.raw.social,
      KAFKA_WEB_TOPIC: topics.raw.web,
      KAFKA_TX_TOPIC: topics.raw.tx,
      KAFKA_FEATURES_TOPIC: topics.features,
      KAFKA_METRICS_TOPIC: topics.metrics,
      KAFKA_ALERTS_TOPIC: topics.alerts,
      KAFKA_DLQ_TOPIC: topics.dlq,
      STREAM_CREATE_TOPICS_PARTITIONS: '0',
      STREAM_STATE: 'file',
      STREAM_STATE_DIR: stateDir,
      STREAM_METRICS_PORT: '0',
      // Small chunks: many flush + commit cycles, so the kill lands between them.
      STREAM_CHUNK_SIZE: '25',
      // The killed worker stays in the group until its session times out.
      STREAM_SESSION_TIMEOUT_MS: '6000',
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'app/worker.ts'], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stdout.on('data', (d: Buffer) => output.push(...d.toString('utf8').split('\n')));
    child.stderr.on('data', (d: Buffer) => output.push(...d.toString('utf8').split('\n')));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    const worker = { child, output, exited };
    running.push(worker);
    return worker;
  }

  it('publishes bucket totals equal to the events sent', async () => {
    const base = Date.now() - 4 * 60_000;
    const kolIds = Array.from({ length: KOLS }, (_, i) => `rs-${i}-${randomUUID().slice(0, 6)}`);
    const events: EventEnvelope[] = [];
    for (let i = 0; i < PER_KOL; i++) {
      const at = new Date(base + i * 500).toISOString();
      for (const kolId of kolIds) {
        const id = randomUUID();
        const kind = i % 5;
        if (kind < 2) {
          events.push({
            event_id: id,
            kol_id: kolId,
            event_type: 'click',
            event_time: at,
            payload: {},
          });
        } else if (kind === 2) {
          events.push({
            event_id: id,
            kol_id: kolId,
            event_type: 'purchase',
            event_time: at,
            payload: { amount: 12.5, currency: 'USD' },
          });
        } else {
          events.push({
            event_id: id,
            kol_id: kolId,
            event_type: 'profile_snapshot',
            event_time: at,
            payload: { followers: 10_000 + i, following: 10, posts: 5 },
          });
        }
      }
    }
    const half = events.length / 2;
    for (let i = 0; i < half; i += 1_000)
      await producer.send(events.slice(i, Math.min(half, i + 1_000)));

    // First worker: killed once it has published a few chunks' worth of updates.
    const first = startWorker();
    await waitUntil(() => metrics.messages.length >= 150, 60_000, 'first worker publishes metrics');
    first.child.kill('SIGKILL');
    await first.exited;
    const rawTopics = Object.values(topics.raw);
    const committedAtKill = await committedTotal(kafka, groupId, rawTopics);
    expect(committedAtKill).toBeLessThan(BigInt(half)); // it really died mid-stream

    // More input arrives while no worker runs; the second worker takes over.
    for (let i = half; i < events.length; i += 1_000) {
      await producer.send(events.slice(i, Math.min(events.length, i + 1_000)));
    }
    const second = startWorker();
    await waitUntil(
      () => groupCaughtUp(kafka, groupId, rawTopics),
      90_000,
      'second worker catches up',
    );
    let seen = -1;
    await waitUntil(
      () => {
        const quiet = metrics.messages.length === seen;
        seen = metrics.messages.length;
        return quiet;
      },
      10_000,
      'metric updates settle',
    );
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    // The last update of each bucket is its final value (one partition per KOL keeps them in order).
    const finals = new Map<string, MetricJson>();
    for (const m of metrics.json<MetricJson>())
      finals.set(`${m.kolId}|${m.window}|${m.bucketStart}`, m);
    const perKolClicks = (PER_KOL * 2) / 5;
    const perKolOrders = PER_KOL / 5;
    const snapshotIndexes = Array.from({ length: PER_KOL }, (_, i) => i).filter((i) => i % 5 >= 3);
    const followerRise = snapshotIndexes[snapshotIndexes.length - 1]! - snapshotIndexes[0]!;
    for (const kolId of kolIds) {
      for (const window of ['M5', 'M15', 'H1', 'H24']) {
        const points = [...finals.values()].filter((p) => p.kolId === kolId && p.window === window);
        const sum = (f: (p: MetricJson) => number): number => points.reduce((s, p) => s + f(p), 0);
        expect({ kolId, window, clicks: sum((p) => p.clicks) }).toEqual({
          kolId,
          window,
          clicks: perKolClicks,
        });
        expect({ kolId, window, orders: sum((p) => p.orders) }).toEqual({
          kolId,
          window,
          orders: perKolOrders,
        });
        // The first snapshot is the baseline: the deltas add up to last minus first.
        expect(sum((p) => p.followerDelta)).toBe(followerRise);
      }
    }
    const stopped = second.output.find((l) => l.includes('"stream worker stopped"'));
    expect(stopped).toBeDefined();
  }, 180_000);
});
