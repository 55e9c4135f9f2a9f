/**
 * A user's own KOLs in the real mode, end to end, with DEMO_DATA=false, on the real Cassandra, Redis
 * and Kafka (127.0.0.1): two gateway replicas and the stream worker share one keyspace, one Redis key
 * prefix and one set of topics, all from the same variables (unique names per run). The KOLs come from
 * a CSV file through the import CLI; their activity as raw events on Kafka through the built worker
 * (`node dist/app/worker.js`, what `npm run worker` runs; built by `pretest`).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../app/gateway';
import { loadConfig, loadSettings } from '../../config';
import type { StreamTopics } from '../../contracts/topics';
import { openRealDataSources } from '../../datasources/real';
import { createEventProducer, type EventProducer } from '../../streaming/producer';
import { LiveAlertsDocument } from '../generated/graphql';
import { startServices, type ServiceEnv } from '../support/services';
import { collect, nth, wsClient } from '../support/gateway';
import { createTestTopics, testKafka } from '../streaming/kafka-helpers';
import {
  activitySteps,
  eventually,
  importWithCli,
  modelEvents,
  OWN_CATEGORY,
  OWN_PLATFORM,
  ownKols,
  productionVersion,
  profileEvent,
  promote,
  readKols,
  readModels,
  readRankingTotal,
  spikeEvents,
  untilProduction,
  writeKolCsv,
} from './own-kols';

const root = path.join(__dirname, '..', '..');
const ADMIN_KEY = 'own-kols-real-admin';
const run = `own_${randomUUID().slice(0, 8)}`;
const kols = ownKols(run, 30);
const ids = kols.map((k) => k.id);

/** The variables of every process of this deployment: one keyspace, one prefix, one set of topics. */
function deploymentEnv(services: ServiceEnv, topics: StreamTopics): Record<string, string> {
  return {
    ...services,
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    API_KEYS: `${ADMIN_KEY}:admin`,
    RATE_LIMIT_PER_MINUTE: '0',
    CASSANDRA_KEYSPACE: run,
    REDIS_KEY_PREFIX: `${run}:`,
    KAFKA_GROUP_PREFIX: run,
    KAFKA_SOCIAL_TOPIC: topics.raw.social,
    KAFKA_WEB_TOPIC: topics.raw.web,
    KAFKA_TX_TOPIC: topics.raw.tx,
    KAFKA_FEATURES_TOPIC: topics.features,
    KAFKA_ALERTS_TOPIC: topics.alerts,
    KAFKA_METRICS_TOPIC: topics.metrics,
    KAFKA_DLQ_TOPIC: topics.dlq,
    MODEL_REGISTRY_POLL_MS: '500',
  };
}

/** A running `node dist/app/worker.js` (the `npm run worker` entry, built by `pretest`). */
interface WorkerProcess {
  logs(): string;
  stop(): Promise<number | null>;
}

/** Starts the built stream worker with the deployment's variables; resolves once it has joined its group. */
async function startWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [path.join(root, 'dist', 'app', 'worker.js')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'info', STREAM_METRICS_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  child.stdout.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  const deadline = Date.now() + 120_000;
  while (!logs.includes('stream worker started')) {
    if (child.exitCode !== null) throw new Error(`worker exited early:\n${logs}`);
    if (Date.now() > deadline) throw new Error(`worker did not start in 120 s:\n${logs}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    logs: () => logs,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('your own KOLs, real mode (DEMO_DATA=false)', () => {
  let dir: string;
  let env: Record<string, string>;
  let replicaA: Gateway;
  let replicaB: Gateway;
  let worker: WorkerProcess;
  let events: EventProducer;
  let importedAt: Date;

  const startReplica = (replicaId: string) =>
    createGateway(loadConfig({ ...env, PORT: '0', HOST: '127.0.0.1', REPLICA_ID: replicaId }), {
      logger: pino({ level: 'silent' }),
    });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), `${run}-`));
    const services = await startServices(['redis', 'kafka', 'cassandra']);
    const kafka = testKafka(services.KAFKA_BROKERS.split(','), `kol-${run}`);
    const topics = await createTestTopics(kafka, run);
    env = deploymentEnv(services, topics);
    // Replica A first: it creates the keyspace and applies the migrations the others find.
    replicaA = await startReplica('a');
    [replicaB, worker] = await Promise.all([startReplica('b'), startWorker(env)]);
    events = await createEventProducer({ kafka, topics });
  }, 240_000);

  afterAll(async () => {
    await Promise.allSettled([events?.close(), worker?.stop()]);
    await Promise.allSettled([replicaA?.stop(), replicaB?.stop()]);
    const cleanup = await openRealDataSources(loadSettings(env, 'worker')).catch(() => undefined);
    await cleanup?.cassandra.client
      .execute(`DROP KEYSPACE IF EXISTS ${run}`)
      .catch(() => undefined);
    await cleanup?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('builds the ranking index of a new deployment at start, not in its first ranking request', async () => {
    const redis = new Redis(env.REDIS_URL!, { maxRetriesPerRequest: 1 });
    try {
      const marker = await eventually(
        () => redis.get(`${run}:rank:built`),
        (value) => value !== null,
        10_000,
        'the ranking index built marker',
      );
      expect(marker).toMatch(/^v\d+ /);
    } finally {
      redis.disconnect();
    }
  });

  it('imports a CSV of KOLs with the CLI: every KOL queryable on both replicas with its own fields, trust and anomaly scored, no demo KOLs', async () => {
    importedAt = new Date();
    await importWithCli(
      writeKolCsv(dir, kols, new Date(importedAt.getTime() - 60_000)),
      replicaA.url,
      ADMIN_KEY,
    );
    for (const replica of [replicaA, replicaB]) {
      const views = await readKols(replica.url, ids);
      views.forEach((view, i) => {
        const kol = nth(kols, i);
        expect(view).toMatchObject({
          id: kol.id,
          platform: OWN_PLATFORM.stored,
          category: OWN_CATEGORY.stored,
          handle: kol.handle,
          followers: kol.followers,
          favoritesCount: kol.favoritesCount,
          pricePerPost: kol.pricePerPost,
          currency: 'EUR',
          country: 'DE',
        });
        expect(view?.trust.trustScore).toBeGreaterThanOrEqual(0);
      });
    }
    const anomaly = await replicaB.services.data.scores.latest('anomaly', ids);
    expect(anomaly.every((record) => record !== null)).toBe(true);
    expect(await readRankingTotal(replicaB.url)).toBe(kols.length);
  }, 120_000);

  it('turns raw events on Kafka into moving metrics, refreshed scores and a forecast (through the worker)', async () => {
    const target = nth(kols);
    // As a live producer would: one ten-minute step after the other, so the worker sees the three
    // topics advance together (a topic far behind the others is not waited for, see the windows).
    for (const step of activitySteps(target.id, Date.now())) {
      await events.send(step);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const view = await eventually(
      async () => nth(await readKols(replicaB.url, [target.id])),
      (v) =>
        v !== null &&
        v.metrics.some((m) => m.views > 0 && m.clicks > 0 && m.orders > 0) &&
        v.success !== null &&
        v.fusion.expectedValue !== null,
      45_000,
      'metrics, success and forecast of the active KOL',
    );
    expect(Date.parse(view?.success?.scoredAt ?? '')).toBeGreaterThanOrEqual(importedAt.getTime());
    expect(view?.fusion.currency).toBe('EUR');
    const [forecast] = await replicaA.services.data.scores.latest('forecast', [target.id]);
    expect(forecast?.revenueForecast).toBeGreaterThan(0);
  }, 90_000);

  it('raises FOLLOWER_SPIKE for a follower burst on Kafka, delivered over graphql-ws on every replica', async () => {
    const target = nth(kols, 1);
    const clients = [wsClient(replicaA.wsUrl), wsClient(replicaB.wsUrl)];
    const received = clients.map((client) =>
      collect(client, LiveAlertsDocument, { filter: { kolIds: [target.id] } }, 1, 45_000),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    await events.send(spikeEvents(target.id, Date.now(), target.followers));
    for (const alerts of await Promise.all(received)) {
      expect(nth(alerts).alerts).toMatchObject({ type: 'FOLLOWER_SPIKE', kolId: target.id });
    }
    for (const client of clients) await client.dispose();
  }, 90_000);

  it('serves a promotion made on one replica on the other and in the worker within 5 s', async () => {
    expect(productionVersion(await readModels(replicaB.url), 'trust')).toBe('1.0.0');
    const promoted = await promote(replicaA.url, ADMIN_KEY, 'trust', '1.1.0');
    expect(promoted.errors).toBeUndefined();
    const started = Date.now();
    await untilProduction(replicaB.url, 'trust', '1.1.0', 5_000);
    // A KOL created 5 s after the promotion is scored by the worker with the promoted version
    // (it would carry 1.0.0 had the worker not followed the saved state by then).
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, 5_000 - (Date.now() - started))),
    );
    const newcomer = nth(ownKols(`${run}new`, 1));
    await events.send([profileEvent(newcomer, Date.now() - 1_000)]);
    const trust = await eventually(
      async () => nth(await replicaB.services.data.scores.latest('trust', [newcomer.id])),
      (record) => record !== null,
      30_000,
      `trust score, written by the worker, of a KOL created by a Kafka profile event\n${worker.logs()}`,
    );
    expect(trust?.modelVersion).toBe('1.1.0');
    const [created] = await readKols(replicaB.url, [newcomer.id]);
    expect(created).toMatchObject({ handle: newcomer.handle, platform: OWN_PLATFORM.stored });
  }, 90_000);

  it('keeps the stage and the promotion history across a restart', async () => {
    await replicaA.stop();
    replicaA = await startReplica('a');
    expect(productionVersion(await readModels(replicaA.url), 'trust')).toBe('1.1.0');
    const [latest] = await modelEvents(replicaA.url, ADMIN_KEY, 'trust');
    expect(latest).toMatchObject({ action: 'PROMOTE', version: '1.1.0' });
  }, 120_000);
});
