// @bench-services redis kafka cassandra
/**
 * Alert latency benchmark, per case (subscribers @ alerts per second; targets: 1,000 @ 100/s p99
 * < 100 ms, 10,000 @ 10/s p99 < 250 ms through Kafka; reported, never asserted). Variants, each on a
 * gateway of its own:
 *   kafka     real mode (Cassandra + Redis datasources, the Kafka alert consumer, the
 *             HTTP/graphql-ws server) on this run's own keyspace, Redis prefix, topic and consumer
 *             group; alerts produced with createAlertProducer at a steady rate: send -> Kafka
 *             alerts.stream -> gateway consumer -> LiveFeed -> sockets, the consumer publishing each
 *             batch as soon as it is decoded while its Cassandra write runs (`publish: 'on-consume'`;
 *             offsets committed once stored)
 *   kafka-after-store  the same, publishing each batch only once Cassandra stored it
 *   kafka-memory  like kafka, but the consumer writes to an in-memory alert store (the Kafka path
 *             without Cassandra)
 *   embedded  in-memory stores; alerts published with LiveFeed.publishAlert at the same rate
 * Subscribers: raw graphql-ws sockets (bench/support/alert-sockets.ts, one TCP socket each, frames
 * read without decoding) in child processes, fresh for every case. Every alert carries its send time
 * in `value`; latency = receipt time - send time, per delivery. The gateway's own feed is also timed,
 * which splits the Kafka variant into send -> gateway (Kafka and the alert store write) and gateway
 * -> subscriber (execution once per event and the WebSocket fan-out), and the consumer's stages are
 * timed per alert from its send time: produce acknowledged, decoded by the consumer, published to
 * the feed, stored (the batch's write done). Gateway CPU per delivery is
 * this process's CPU (gateway, consumer, stores, and the producer) over the case / deliveries.
 *
 * Settings for 10,000 sockets on one address: the gateway runs with RATE_LIMIT_PER_MINUTE=0 (no
 * request/address/cost budgets), WS_MAX_SOCKETS_PER_KEY and WS_MAX_SUBSCRIPTIONS_PER_KEY raised to
 * the largest case (anonymous callers share one budget key per address); open files: each socket is
 * one descriptor in the gateway and one in a subscriber process (Node raises its soft limit to the
 * hard one; check `ulimit -Hn` ≥ subscribers + 1,000).
 *
 *   npm run bench -- alerts [--cases=1000@100,10000@10] [--duration-ms=3000] [--alerts=N]
 *     [--subscriber-processes=2] [--variants=kafka,kafka-after-store,kafka-memory,embedded]
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import pino from 'pino';
import { loadConfig, type GatewayConfig } from '../config';
import { createEmbeddedDataSources } from '../datasources/embedded';
import { EmbeddedAlertStore } from '../datasources/embedded/alerts';
import { openRealDataSources } from '../datasources/real';
import type { DataSources } from '../datasources/types';
import type { Alert } from '../domain/types';
import { startGateway } from '../server/app';
import { createServices } from '../server/context';
import { benchInference } from './support/models';
import { createAlertProducer } from '../subscriptions/alert-producer';
import type { IngestAlertStore } from '../subscriptions/alert-ingest';
import { startKafkaAlertConsumer } from '../subscriptions/kafka-alert-consumer';
import { timedIngestStore } from './support/timed-alert-store';
import { LiveFeed } from '../subscriptions/live-feed';
import type { SocketsCommand, SocketsEvent, SocketsReport } from './support/alert-sockets';
import { backendEnv, deleteRedisPrefix, dropKeyspace, runId } from './support/backends';
import { TS_EXEC_ARGV } from './support/load';
import { intParam, stringParam } from './support/params';
import {
  REPO_ROOT,
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

interface BenchCase {
  subscribers: number;
  ratePerSecond: number;
}

/** `1000@100,10000@10`: subscribers @ alerts per second. */
function parseCases(text: string): BenchCase[] {
  return text
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c.length > 0)
    .map((c) => {
      const [subscribers, rate] = c.split('@').map(Number);
      if (!subscribers || !rate || subscribers < 1 || rate <= 0) {
        throw new Error(`--cases: "${c}" is not <subscribers>@<alerts per second>`);
      }
      return { subscribers: Math.floor(subscribers), ratePerSecond: rate };
    });
}

const params = {
  cases: parseCases(stringParam('cases', '1000@100,10000@10')),
  /** Measured sending time per case; the alert count is rate × this (at least 20). */
  durationMs: intParam('duration-ms', 3000, 100),
  /** Alerts per case instead of rate × duration (0 = from the duration). */
  alerts: intParam('alerts', 0, 0),
  warmupAlerts: intParam('warmup-alerts', 20, 0),
  subscriberProcesses: intParam('subscriber-processes', 2, 1),
  connectBatch: intParam('connect-batch', 100, 1),
  /** After the last alert is sent, how long to wait for the remaining deliveries. */
  settleTimeoutMs: intParam('settle-timeout-ms', 30_000, 0),
  variants: stringParam('variants', 'kafka,embedded')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0),
};
const maxSubscribers = Math.max(...params.cases.map((c) => c.subscribers));

const alertsOf = (c: BenchCase): number =>
  params.alerts > 0
    ? params.alerts
    : Math.max(20, Math.round((c.ratePerSecond * params.durationMs) / 1000));

const WARMUP_PREFIX = 'warm-';
const now = (): number => performance.timeOrigin + performance.now();

interface VariantResult {
  variant: string;
  ratePerSecond: number;
  description: string;
  subscribers: number;
  subscribersFailed: number;
  connectMs: number;
  alertsSent: number;
  sendFailures: number;
  sendSpanMs: number;
  expectedDeliveries: number;
  deliveries: number;
  duplicates: number;
  /** Send -> subscriber receipt, over every delivery. */
  latencyMs: LatencySummary;
  /** Send -> the gateway's LiveFeed (Kafka consumer + alert store write); null when embedded. */
  toGatewayMs: LatencySummary | null;
  /** The Kafka consumer's batched alert store writes (one per Kafka batch). */
  storePutMs: LatencySummary | null;
  /**
   * Kafka variants, per alert from its send time: the producer's send acknowledged, the batch
   * decoded by the consumer, published to the feed, stored.
   */
  stagesMs: {
    produced: LatencySummary;
    decoded: LatencySummary;
    published: LatencySummary;
    stored: LatencySummary;
  } | null;
  /** Kafka variants: batches consumed, and fetches that waited for store writes (count, ms). */
  consumer: ConsumerStats | null;
  /** Per alert: receipt by its last subscriber minus receipt by its first (fan-out spread). */
  fanoutSpreadMs: LatencySummary;
  /** Per alert: the slowest delivery. */
  perAlertMaxMs: LatencySummary;
  subscriberErrors: string[];
  /** The gateway process (this one) from the first alert sent to the last delivery. */
  gateway: {
    cpuShareOfOneCore: number;
    /** Gateway CPU time per delivery (µs): GraphQL execution, serialisation, WebSocket send. */
    cpuMicrosPerDelivery: number;
    eventLoopDelayMs: { p50: number; p99: number; max: number };
  };
  /** CPU of the subscriber processes over the same span, as a share of one core (all together). */
  subscribersCpuShareOfOneCore: number;
}

/** The subscriber child processes, split evenly. */
class Subscribers {
  private readonly children: ChildProcess[] = [];
  private readonly counts: number[] = [];

  constructor(total: number, processes: number) {
    for (let i = 0; i < processes; i++) {
      const count = Math.floor(total / processes) + (i < total % processes ? 1 : 0);
      if (count === 0) continue;
      this.counts.push(count);
      this.children.push(
        fork(path.join(__dirname, 'support/alert-sockets.ts'), [], {
          cwd: REPO_ROOT,
          // A profiled run (`node --cpu-prof …`) profiles the subscriber processes too.
          execArgv: [
            ...process.execArgv.filter((a) => a.startsWith('--cpu-prof')),
            ...TS_EXEC_ARGV,
          ],
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        }),
      );
    }
  }

  private ask<T extends SocketsEvent['type']>(
    child: ChildProcess,
    command: SocketsCommand,
    reply: T,
    timeoutMs: number,
  ): Promise<Extract<SocketsEvent, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`subscriber process: no ${reply} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onMessage = (event: SocketsEvent): void => {
        if (event.type === 'failed') {
          cleanup();
          reject(new Error(`subscriber process failed: ${event.error}`));
        } else if (event.type === reply) {
          cleanup();
          resolve(event as Extract<SocketsEvent, { type: T }>);
        }
      };
      const onExit = (code: number | null): void => {
        cleanup();
        reject(new Error(`subscriber process exited (${code}) while waiting for ${reply}`));
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send(command);
    });
  }

  async connect(wsUrl: string) {
    const t0 = performance.now();
    const replies = await Promise.all(
      this.children.map((child, i) =>
        this.ask(
          child,
          {
            type: 'start',
            wsUrl,
            count: this.counts[i]!,
            connectBatch: params.connectBatch,
            ignorePrefix: WARMUP_PREFIX,
          },
          'connected',
          120_000,
        ),
      ),
    );
    return {
      connected: replies.reduce((a, r) => a + r.connected, 0),
      failed: replies.reduce((a, r) => a + r.failed, 0),
      tookMs: performance.now() - t0,
    };
  }

  async deliveries(): Promise<number> {
    const replies = await Promise.all(
      this.children.map((child) => this.ask(child, { type: 'progress' }, 'progress', 30_000)),
    );
    return replies.reduce((a, r) => a + r.deliveries, 0);
  }

  async report(): Promise<SocketsReport[]> {
    return Promise.all(
      this.children.map((child) => this.ask(child, { type: 'report' }, 'report', 60_000)),
    );
  }

  kill(): void {
    for (const child of this.children) if (child.exitCode === null) child.kill();
  }
}

function benchAlert(id: string, index: number): Alert {
  const sentAt = now();
  return {
    id,
    kolId: `kol-${String(index % 50).padStart(4, '0')}`,
    type: 'FOLLOWER_SPIKE',
    severity: 'WARNING',
    value: sentAt,
    threshold: 4,
    window: 'H1',
    message: 'benchmark alert: value is the send time in ms since the epoch',
    createdAt: new Date(Math.floor(sentAt)),
  };
}

/** Sends `count` alerts at a steady rate; `send` must not wait for delivery. */
async function sendSteadily(
  prefix: string,
  count: number,
  ratePerSecond: number,
  send: (alert: Alert) => Promise<void>,
): Promise<{ sent: number; failures: number; spanMs: number; firstError: string | null }> {
  const interval = 1000 / ratePerSecond;
  const pending: Promise<void>[] = [];
  let failures = 0;
  let firstError: string | null = null;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(
      send(benchAlert(`${prefix}${i}`, i)).catch((error: unknown) => {
        failures++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }),
    );
  }
  await Promise.all(pending);
  return { sent: count, failures, spanMs: performance.now() - t0, firstError };
}

interface Harness {
  description: string;
  wsUrl: string;
  feed: LiveFeed;
  /** Open subscription operations on the gateway (identical ones share one feed listener). */
  subscriptionCount(): number;
  send(alert: Alert): Promise<void>;
  /** Durations of the batched alert store writes the consumer makes (kafka variants only). */
  storePutMs?: number[];
  /** Per-alert stage times (ms after send) the consumer and producer report (kafka variants only). */
  stages?: Stages;
  /** The Kafka consumer's counters (kafka variants only). */
  consumerStats?: () => ConsumerStats;
}

interface ConsumerStats {
  batches: number;
  storeWaits: number;
  storeWaitMs: number;
}

type Stages = Record<'produced' | 'decoded' | 'published' | 'stored', number[]>;
const newStages = (): Stages => ({ produced: [], decoded: [], published: [], stored: [] });

async function runVariant(
  variant: string,
  harness: Harness,
  benchCase: BenchCase,
): Promise<VariantResult> {
  const { ratePerSecond } = benchCase;
  const alertCount = alertsOf(benchCase);
  const gatewayLatency: number[] = [];
  let gatewayCount = 0;
  const offFeed = harness.feed.onAlert((alert) => {
    if (alert.id.startsWith(WARMUP_PREFIX)) return;
    gatewayCount++;
    gatewayLatency.push(now() - alert.value);
  });
  const subscribers = new Subscribers(benchCase.subscribers, params.subscriberProcesses);
  const before = harness.subscriptionCount();
  try {
    log(`${variant}: connecting ${benchCase.subscribers} subscribers`);
    const connected = await subscribers.connect(harness.wsUrl);
    // Every subscribe was sent after its ack; it is live once the gateway counts it.
    const deadline = Date.now() + 60_000;
    const live = (): number => harness.subscriptionCount() - before;
    while (live() < connected.connected && Date.now() < deadline) await sleep(50);
    log(
      `${variant}: ${connected.connected} connected (${connected.failed} failed) in ${Math.round(connected.tookMs)} ms; ${live()} live subscriptions`,
    );

    if (params.warmupAlerts > 0) {
      await sendSteadily(WARMUP_PREFIX, params.warmupAlerts, ratePerSecond, (a) => harness.send(a));
      await sleep(2_000);
    }

    log(`${variant}: sending ${alertCount} alerts at ${ratePerSecond}/s`);
    const runPrefix = `${runId('alerts')}-${variant}-${benchCase.subscribers}-${ratePerSecond}-`;
    if (harness.storePutMs) harness.storePutMs.length = 0;
    if (harness.stages) for (const list of Object.values(harness.stages)) list.length = 0;
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const cpuAtStart = process.cpuUsage();
    const consumerAtStart = harness.consumerStats?.();
    const spanStart = performance.now();
    const sent = await sendSteadily(runPrefix, alertCount, ratePerSecond, (a) => harness.send(a));
    if (sent.firstError)
      log(`${variant}: ${sent.failures} sends failed, first: ${sent.firstError}`);
    const expected = (alertCount - sent.failures) * connected.connected;
    const settleDeadline = Date.now() + params.settleTimeoutMs;
    let delivered = await subscribers.deliveries();
    while (delivered < expected && Date.now() < settleDeadline) {
      await sleep(250);
      delivered = await subscribers.deliveries();
    }
    const spanMs = performance.now() - spanStart;
    const cpu = process.cpuUsage(cpuAtStart);
    loopDelay.disable();
    const reports = await subscribers.report();
    const latencies = reports.flatMap((r) => r.latenciesMs);
    const byAlert = new Map<string, { first: number; last: number; count: number }>();
    for (const report of reports) {
      for (const [id, entry] of Object.entries(report.byAlert)) {
        const merged = byAlert.get(id);
        if (!merged) byAlert.set(id, { ...entry });
        else {
          merged.first = Math.min(merged.first, entry.first);
          merged.last = Math.max(merged.last, entry.last);
          merged.count += entry.count;
        }
      }
    }
    log(`${variant}: ${latencies.length}/${expected} deliveries; gateway saw ${gatewayCount}`);
    return {
      variant,
      ratePerSecond,
      description: harness.description,
      subscribers: connected.connected,
      subscribersFailed: connected.failed,
      connectMs: round(connected.tookMs, 0),
      alertsSent: sent.sent - sent.failures,
      sendFailures: sent.failures,
      sendSpanMs: round(sent.spanMs, 0),
      expectedDeliveries: expected,
      deliveries: latencies.length,
      duplicates: reports.reduce((a, r) => a + r.duplicates, 0),
      latencyMs: summarize(latencies),
      toGatewayMs: variant === 'embedded' ? null : summarize(gatewayLatency),
      storePutMs: harness.storePutMs ? summarize(harness.storePutMs) : null,
      consumer:
        harness.consumerStats && consumerAtStart
          ? (() => {
              const end = harness.consumerStats();
              return {
                batches: end.batches - consumerAtStart.batches,
                storeWaits: end.storeWaits - consumerAtStart.storeWaits,
                storeWaitMs: round(end.storeWaitMs - consumerAtStart.storeWaitMs, 1),
              };
            })()
          : null,
      stagesMs: harness.stages
        ? {
            produced: summarize(harness.stages.produced),
            decoded: summarize(harness.stages.decoded),
            published: summarize(harness.stages.published),
            stored: summarize(harness.stages.stored),
          }
        : null,
      fanoutSpreadMs: summarize([...byAlert.values()].map((e) => e.last - e.first)),
      perAlertMaxMs: summarize([...byAlert.values()].map((e) => e.last)),
      subscriberErrors: reports.flatMap((r) => r.errors).slice(0, 10),
      gateway: {
        cpuShareOfOneCore: round((cpu.user + cpu.system) / 1000 / spanMs, 2),
        cpuMicrosPerDelivery: round((cpu.user + cpu.system) / Math.max(1, latencies.length), 1),
        eventLoopDelayMs: {
          p50: round(loopDelay.percentile(50) / 1e6),
          p99: round(loopDelay.percentile(99) / 1e6),
          max: round(loopDelay.max / 1e6),
        },
      },
      subscribersCpuShareOfOneCore: round(reports.reduce((a, r) => a + r.cpuMs, 0) / spanMs, 2),
    };
  } finally {
    subscribers.kill();
    offFeed();
  }
}

function gatewayConfig(extra: Record<string, string> = {}): GatewayConfig {
  return loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '0',
    WS_MAX_SOCKETS_PER_KEY: String(Math.max(20_000, maxSubscribers)),
    WS_MAX_SUBSCRIPTIONS_PER_KEY: String(Math.max(20_000, maxSubscribers)),
    DEMO_DATA: 'false',
    ...extra,
  });
}

async function embeddedVariant(): Promise<VariantResult[]> {
  const feed = new LiveFeed();
  const data: DataSources = createEmbeddedDataSources();
  const services = createServices({
    config: gatewayConfig(),
    data,
    feed,
    logger: pino({ level: 'warn' }),
    inference: await benchInference(),
  });
  const server = await startGateway(services);
  const harness: Harness = {
    description: 'in-memory stores, LiveFeed.publishAlert -> graphql-ws',
    wsUrl: server.wsUrl,
    feed,
    subscriptionCount: () => server.webSocket.subscriptionCount(),
    send: async (alert) => feed.publishAlert(alert),
  };
  try {
    const results: VariantResult[] = [];
    for (const benchCase of params.cases) {
      results.push(await runVariant('embedded', harness, benchCase));
    }
    return results;
  } finally {
    await server.stop();
  }
}

type KafkaVariant = 'kafka' | 'kafka-after-store' | 'kafka-memory';
const KAFKA_VARIANTS: readonly string[] = ['kafka', 'kafka-after-store', 'kafka-memory'];

async function kafkaVariant(variant: KafkaVariant): Promise<VariantResult[]> {
  const env = await backendEnv(['redis', 'kafka', 'cassandra']);
  const id = runId('alerts');
  const topic = `bench.alerts.${id}`;
  const redisPrefix = `bench:${id}:`;
  const config = gatewayConfig({
    CASSANDRA_CONTACT_POINTS: env.CASSANDRA_CONTACT_POINTS,
    CASSANDRA_LOCAL_DC: env.CASSANDRA_LOCAL_DC,
    REDIS_URL: env.REDIS_URL,
    KAFKA_BROKERS: env.KAFKA_BROKERS,
    CASSANDRA_KEYSPACE: id,
    KAFKA_ALERTS_TOPIC: topic,
    KAFKA_GROUP_PREFIX: 'bench',
    KAFKA_CLIENT_ID: 'kol-bench',
    REPLICA_ID: id,
    REDIS_KEY_PREFIX: redisPrefix,
  });
  const logger = pino({ level: 'warn' });
  log(`kafka: keyspace ${id}, topic ${topic}, redis prefix ${redisPrefix}`);
  // kafka-memory needs neither Cassandra nor Redis: the gateway runs on the in-memory stores.
  const real =
    variant === 'kafka-memory' ? null : await openRealDataSources(config.settings, logger);
  const data: DataSources = real ?? createEmbeddedDataSources();
  const feed = new LiveFeed();
  let consumerGroup: string | null = null;
  try {
    const services = createServices({
      config,
      data,
      feed,
      logger,
      inference: await benchInference(),
    });
    // The consumer's store, timed, and the stages of every measured alert.
    const storePutMs: number[] = [];
    const stages = newStages();
    const measured = (alert: Alert): boolean => !alert.id.startsWith(WARMUP_PREFIX);
    const consumerStore: IngestAlertStore = real ? real.alerts : new EmbeddedAlertStore();
    const alerts = timedIngestStore(consumerStore, (ms, batch) => {
      if (batch.some((a) => !a.id.startsWith(WARMUP_PREFIX))) storePutMs.push(ms);
    });
    const { settings } = config;
    const consumer = await startKafkaAlertConsumer({
      kafka: settings.kafka,
      replicaId: settings.process.replicaId,
      topic: settings.topics.alerts,
      alerts,
      feed,
      logger,
      publish: variant === 'kafka-after-store' ? 'after-store' : 'on-consume',
      onStage: (stage, batch) => {
        const at = now();
        for (const alert of batch) if (measured(alert)) stages[stage].push(at - alert.value);
      },
    });
    consumerGroup = consumer.groupId;
    const server = await startGateway(services);
    const producer = createAlertProducer(
      { kafka: settings.kafka, topic: settings.topics.alerts },
      logger,
    );
    const harness: Harness = {
      description: {
        kafka:
          'real mode: createAlertProducer -> Kafka -> gateway consumer -> LiveFeed -> graphql-ws, the Cassandra alert write alongside (publish on consume)',
        'kafka-after-store':
          'real mode: createAlertProducer -> Kafka -> gateway consumer -> Cassandra alert store -> LiveFeed -> graphql-ws (publish after store)',
        'kafka-memory':
          'real mode, but the consumer writes to an in-memory alert store (publish on consume)',
      }[variant],
      wsUrl: server.wsUrl,
      feed,
      subscriptionCount: () => server.webSocket.subscriptionCount(),
      send: async (alert) => {
        await producer.send(alert);
        if (measured(alert)) stages.produced.push(now() - alert.value);
      },
      storePutMs,
      stages,
      consumerStats: () => ({ ...consumer.stats }),
    };
    try {
      const results: VariantResult[] = [];
      for (const benchCase of params.cases) {
        results.push(await runVariant(variant, harness, benchCase));
      }
      return results;
    } finally {
      await producer.close().catch(() => undefined);
      await server.stop();
      await consumer.stop();
    }
  } finally {
    log(`kafka: removing topic ${topic}, group ${consumerGroup}, keyspace ${id}, redis keys`);
    await removeKafkaLeftovers(env.KAFKA_BROKERS, topic, consumerGroup);
    if (real) {
      await dropKeyspace(real.cassandra.client, id);
      await deleteRedisPrefix(real.redis, redisPrefix);
      await real.close();
    }
  }
}

async function removeKafkaLeftovers(
  brokers: string,
  topic: string,
  group: string | null,
): Promise<void> {
  const kafka = new Kafka({
    clientId: 'kol-bench-cleanup',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    if (group) await admin.deleteGroups([group]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic], timeout: 10_000 });
  } catch (error) {
    log(`could not remove topic ${topic}: ${String(error)}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** The p99 target of a case: < 250 ms from 10,000 subscribers up, < 100 ms below. */
const targetOf = (r: VariantResult): number => (r.subscribers >= 10_000 ? 250 : 100);

function tables(results: VariantResult[]): string[] {
  const main = formatTable(
    'Alert latency, send -> graphql-ws subscriber receipt, per case (ms)',
    [
      'variant',
      'alerts/s',
      'alerts',
      'subscribers',
      'delivered',
      'expected',
      'p50',
      'p95',
      'p99',
      'max',
      'to gateway p50',
      'to gateway p99',
      'produce ack p99',
      'decoded p50',
      'decoded p99',
      'stored p99',
      'store put p99',
      'batches',
      'fetch waits',
      'fan-out spread p50',
      'fan-out spread p99',
      'gateway CPU',
      'µs CPU/delivery',
      'gateway cores needed',
      'loop delay p99',
      'clients CPU',
      'target p99',
      'met',
    ],
    results.map((r) => [
      r.variant,
      r.ratePerSecond,
      r.alertsSent,
      r.subscribers,
      r.deliveries,
      r.expectedDeliveries,
      r.latencyMs.p50,
      r.latencyMs.p95,
      r.latencyMs.p99,
      r.latencyMs.max,
      r.toGatewayMs?.p50,
      r.toGatewayMs?.p99,
      r.stagesMs?.produced.p99,
      r.stagesMs?.decoded.p50,
      r.stagesMs?.decoded.p99,
      r.stagesMs?.stored.p99,
      r.storePutMs?.p99,
      r.consumer?.batches,
      r.consumer
        ? `${r.consumer.storeWaits} (${Math.round(r.consumer.storeWaitMs)} ms)`
        : undefined,
      r.fanoutSpreadMs.p50,
      r.fanoutSpreadMs.p99,
      `${Math.round(r.gateway.cpuShareOfOneCore * 100)}%`,
      r.gateway.cpuMicrosPerDelivery,
      round((r.ratePerSecond * r.subscribers * r.gateway.cpuMicrosPerDelivery) / 1e6),
      r.gateway.eventLoopDelayMs.p99,
      `${Math.round(r.subscribersCpuShareOfOneCore * 100)}%`,
      targetOf(r),
      r.latencyMs.p99 < targetOf(r) && r.deliveries === r.expectedDeliveries ? 'yes' : 'no',
    ]),
  );
  return [main];
}

async function main(): Promise<void> {
  const machine = machineInfo();
  const results: VariantResult[] = [];
  for (const variant of params.variants) {
    if (KAFKA_VARIANTS.includes(variant)) {
      results.push(...(await kafkaVariant(variant as KafkaVariant)));
    } else if (variant === 'embedded') results.push(...(await embeddedVariant()));
    else {
      throw new Error(`unknown variant ${variant} (${[...KAFKA_VARIANTS, 'embedded'].join(', ')})`);
    }
  }
  const printed = tables(results);
  for (const table of printed) process.stdout.write(`\n${table}\n`);
  const notes: string[] = [
    "to gateway = send -> the gateway LiveFeed (Kafka produce/fetch, and with kafka-after-store the Cassandra alert write); produce ack = send -> the producer's send acknowledged; decoded = send -> the consumer decoded the alert's batch; stored = send -> the batch's store write done (offsets are committed only after it); store put = that write alone; fetch waits = how often the consumer waited for store writes before fetching more (more than 32 batches or 1,000 alerts of a partition in flight), and for how long in all; fan-out spread = per alert, last subscriber receipt minus first; gateway cores needed = alerts/s × subscribers × µs CPU/delivery (above 1 the gateway cannot keep up, whatever the latency); loop delay = event-loop delay of the gateway process",
  ];
  for (const r of results) {
    if (r.deliveries < r.expectedDeliveries) {
      notes.push(
        `${r.variant} at ${r.ratePerSecond}/s: ${r.expectedDeliveries - r.deliveries} deliveries missing`,
      );
    }
    if (r.subscriberErrors.length > 0) {
      notes.push(
        `${r.variant} at ${r.ratePerSecond}/s: subscriber errors: ${r.subscriberErrors.join(' | ')}`,
      );
    }
  }
  const file = writeResult({
    bench: 'alerts',
    machine,
    parameters: params,
    results: { variants: results },
    tables: printed,
    notes,
  });
  process.stdout.write(`\nwrote ${file}\n`);
}

runBench('alerts', main);
