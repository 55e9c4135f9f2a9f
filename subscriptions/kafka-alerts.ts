import { hostname } from 'node:os';
import {
  Kafka,
  Partitioners,
  logLevel,
  type Admin,
  type Consumer,
  type KafkaMessage,
  type LogEntry,
  type Producer,
  type RetryOptions,
} from 'kafkajs';
import type { Logger } from 'pino';
import { Counter, Gauge, register } from 'prom-client';
import type { GatewayConfig } from '../config';
import { withTimeout } from '../datasources/cassandra/client';
import {
  BackendUnavailableError,
  describeError,
  isBackendUnavailable,
} from '../datasources/errors';
import type { AlertStore } from '../datasources/types';
import type { Alert } from '../domain/types';
import type { LiveFeed } from './live-feed';
import { encodeAlertMessage, parseAlertMessage } from './alert-message';

export type KafkaAlertsConfig = Pick<
  GatewayConfig,
  'KAFKA_BROKERS' | 'KAFKA_CLIENT_ID' | 'KAFKA_GROUP_PREFIX' | 'KAFKA_ALERTS_TOPIC' | 'REPLICA_ID'
>;

export interface KafkaAlertConsumerOptions {
  config: KafkaAlertsConfig;
  alerts: AlertStore;
  feed: LiveFeed;
  logger?: Logger;
  /** Partitions of the topic when this consumer has to create it (default 3). */
  topicPartitions?: number;
  /** Bound on reaching Kafka at start (default 10 s). */
  connectTimeoutMs?: number;
}

export interface KafkaAlertConsumer {
  /** The consumer group of this replica. */
  readonly groupId: string;
  stop(): Promise<void>;
}

function metric<T>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

const invalidMessages = (): Counter =>
  metric(
    'kol_alert_messages_invalid_total',
    () =>
      new Counter({
        name: 'kol_alert_messages_invalid_total',
        help: 'alerts.stream messages that failed validation and were skipped',
      }),
  );

const consumedMessages = (): Counter<'outcome'> =>
  metric(
    'kol_alert_messages_total',
    () =>
      new Counter({
        name: 'kol_alert_messages_total',
        help: 'alerts.stream messages consumed, by outcome (delivered, duplicate, invalid, failed)',
        labelNames: ['outcome'],
      }),
  );

const consumerLag = (): Gauge<'topic' | 'partition' | 'group'> =>
  metric(
    'kol_kafka_consumer_lag',
    () =>
      new Gauge({
        name: 'kol_kafka_consumer_lag',
        help: 'Messages between this consumer position and the end of the partition',
        labelNames: ['topic', 'partition', 'group'],
      }),
  );

/** A bounded set that forgets its oldest ids first. */
class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity: number) {}
  has(id: string): boolean {
    return this.ids.has(id);
  }
  add(id: string): void {
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
  }
}

export function alertsGroupId(
  config: Pick<KafkaAlertsConfig, 'KAFKA_GROUP_PREFIX' | 'REPLICA_ID'>,
): string {
  return replicaGroupId(config, 'alerts');
}

/**
 * A consumer group of this replica alone (`<prefix>-<purpose>-<replica>`): every replica then reads
 * every message of the topic, which is what fan-out to its own subscribers needs.
 */
export function replicaGroupId(
  config: Pick<KafkaAlertsConfig, 'KAFKA_GROUP_PREFIX' | 'REPLICA_ID'>,
  purpose: string,
): string {
  return `${config.KAFKA_GROUP_PREFIX}-${purpose}-${config.REPLICA_ID ?? `${hostname()}-${process.pid}`}`;
}

function requireBrokers(config: Pick<KafkaAlertsConfig, 'KAFKA_BROKERS'>): string[] {
  const brokers = config.KAFKA_BROKERS;
  if (!brokers || brokers.length === 0) {
    throw new Error('Kafka is not configured: set KAFKA_BROKERS (e.g. 127.0.0.1:9092)');
  }
  return brokers;
}

/** kafkajs logs through pino; its INFO is chatty (every join, every commit), so it goes to debug. */
function kafkaLogCreator(logger: Logger | undefined) {
  return () =>
    ({ namespace, level, log }: LogEntry): void => {
      if (!logger) return;
      const { message, ...extra } = log;
      const fields = { namespace, ...extra };
      if (level === logLevel.ERROR) logger.error(fields, `kafka: ${message}`);
      else if (level === logLevel.WARN) logger.warn(fields, `kafka: ${message}`);
      else logger.debug(fields, `kafka: ${message}`);
    };
}

export function createKafka(
  config: KafkaAlertsConfig,
  logger: Logger | undefined,
  clientSuffix: string,
  retry: RetryOptions = { initialRetryTime: 300, maxRetryTime: 5_000, retries: 8 },
): Kafka {
  return new Kafka({
    clientId: `${config.KAFKA_CLIENT_ID}-${clientSuffix}`,
    brokers: requireBrokers(config),
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(logger),
  });
}

/**
 * Connects an admin client (on a client of its own with few retries, so that an unreachable broker
 * fails in seconds) or throws ONE line naming Kafka, the brokers, the reason and the fix.
 */
export async function connectAdmin(
  config: KafkaAlertsConfig,
  logger: Logger | undefined,
  timeoutMs: number,
): Promise<Admin> {
  const kafka = createKafka(config, logger, 'admin', { initialRetryTime: 200, retries: 2 });
  const admin = kafka.admin();
  try {
    await withTimeout(admin.connect(), timeoutMs, `no answer within ${timeoutMs / 1000} s`);
    // connect() only opens a socket to a seed broker; a metadata round trip proves it answers.
    await withTimeout(admin.listTopics(), timeoutMs, `no answer within ${timeoutMs / 1000} s`);
    return admin;
  } catch (error) {
    await admin.disconnect().catch(() => undefined);
    throw new Error(
      `Kafka at ${requireBrokers(config).join(',')} is unreachable (${rootCause(error)}): ` +
        'start it with "npm run services:up" or fix KAFKA_BROKERS',
    );
  }
}

function rootCause(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5; depth++) {
    const next =
      (current as { originalError?: unknown } | null)?.originalError ??
      (current as { cause?: unknown } | null)?.cause;
    if (!next) break;
    current = next;
  }
  return describeError(current).replace(/\s+/g, ' ');
}

/** Creates the topic when it does not exist yet (and waits for its partition leaders). */
export async function ensureTopic(admin: Admin, topic: string, partitions = 3): Promise<void> {
  const topics = await admin.listTopics();
  if (topics.includes(topic)) return;
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
    });
  } catch (error) {
    // Another replica created it in the meantime.
    if (!/already exists/i.test(describeError(error))) throw error;
  }
}

/**
 * Where this group starts on the partitions it has never committed on: the current end. The
 * consumer seeks there once it runs (and commits it), so it starts exactly "from now" however long
 * its first join takes; with `fromBeginning: false` alone, "latest" is only resolved at the first
 * fetch and alerts produced in between would be skipped. Partitions with a committed offset resume
 * from it (a replica restarting with the same REPLICA_ID catches up).
 */
async function startOffsets(
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<{ partition: number; offset: string }[]> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const resume = new Set(
    (committed?.partitions ?? []).filter((p) => Number(p.offset) >= 0).map((p) => p.partition),
  );
  const ends = await admin.fetchTopicOffsets(topic);
  return ends
    .filter((p) => !resume.has(p.partition))
    .map((p) => ({ partition: p.partition, offset: p.high }));
}

/**
 * Consumes `alerts.stream`, stores each valid alert (dedupe by id in the AlertStore) and publishes it
 * to this replica's LiveFeed.
 *
 * Fan-out: every gateway replica consumes the whole topic in a consumer group of its own
 * (`<prefix>-alerts-<REPLICA_ID or hostname-pid>`). With one shared group, Kafka would give each
 * alert to ONE replica, and subscribers connected to the others would miss it. Because the store is
 * shared, "is it new?" is decided per replica for the feed: an alert is published when this replica
 * has not published that id before (a bounded in-memory set), so a duplicate message is delivered
 * once, yet every replica delivers it even though only the first one to store it gets `put === true`.
 *
 * Malformed messages are logged with topic/partition/offset, counted and skipped. When the store is
 * unavailable the message is retried with backoff (the partition waits; nothing is skipped).
 */
export async function startKafkaAlertConsumer(
  options: KafkaAlertConsumerOptions,
): Promise<KafkaAlertConsumer> {
  const { config, alerts, feed, logger } = options;
  const topic = config.KAFKA_ALERTS_TOPIC;
  const groupId = alertsGroupId(config);
  const started = Date.now();
  const kafka = createKafka(config, logger, 'alerts');
  const admin = await connectAdmin(config, logger, options.connectTimeoutMs ?? 10_000);
  let seekTo: { partition: number; offset: string }[];
  try {
    await ensureTopic(admin, topic, options.topicPartitions ?? 3);
    logger?.debug({ ms: Date.now() - started }, 'alerts topic ready');
    seekTo = await startOffsets(admin, groupId, topic);
    logger?.debug({ ms: Date.now() - started }, 'alert consumer group offsets ready');
  } finally {
    await admin.disconnect().catch(() => undefined);
  }

  const invalid = invalidMessages();
  const consumed = consumedMessages();
  const lag = consumerLag();
  const delivered = new RecentIds(100_000);

  const consumer: Consumer = kafka.consumer({
    groupId,
    sessionTimeout: 30_000,
    heartbeatInterval: 3_000,
    maxWaitTimeInMs: 1_000,
    allowAutoTopicCreation: false,
    retry: {
      initialRetryTime: 300,
      maxRetryTime: 10_000,
      retries: 10,
      restartOnFailure: async (error) => {
        logger?.error({ err: describeError(error), groupId }, 'alert consumer failed; restarting');
        return true;
      },
    },
  });

  let running = true;
  const handle = async (
    message: KafkaMessage,
    partition: number,
    heartbeat: () => Promise<void>,
    isRunning: () => boolean,
  ): Promise<void> => {
    const parsed = parseAlertMessage(message.value);
    if (!parsed.ok) {
      invalid.inc();
      consumed.inc({ outcome: 'invalid' });
      logger?.warn(
        { topic, partition, offset: message.offset, reason: parsed.reason },
        'skipping malformed alerts.stream message',
      );
      return;
    }
    const alert: Alert = parsed.alert;
    for (let attempt = 0; ; attempt++) {
      try {
        await alerts.put(alert);
        break;
      } catch (error) {
        if (!isBackendUnavailable(error)) {
          consumed.inc({ outcome: 'failed' });
          logger?.error(
            {
              topic,
              partition,
              offset: message.offset,
              alertId: alert.id,
              err: describeError(error),
            },
            'could not store alert; skipping it',
          );
          return;
        }
        if (!running || !isRunning()) throw error;
        if (attempt === 0) {
          logger?.warn(
            { topic, partition, offset: message.offset, backend: error.backend },
            'alert store unavailable; retrying this message until it is back',
          );
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** attempt, 5_000)));
        await heartbeat().catch(() => undefined);
      }
    }
    if (delivered.has(alert.id)) {
      consumed.inc({ outcome: 'duplicate' });
      return;
    }
    delivered.add(alert.id);
    consumed.inc({ outcome: 'delivered' });
    feed.publishAlert(alert);
  };

  const joined = new Promise<void>((resolve) => {
    const off = consumer.on(consumer.events.GROUP_JOIN, () => {
      off();
      resolve();
    });
  });
  consumer.on(consumer.events.CRASH, (event) => {
    logger?.error(
      { err: describeError(event.payload.error), restart: event.payload.restart, groupId },
      'alert consumer crashed',
    );
  });

  try {
    await withTimeout(
      consumer.connect(),
      options.connectTimeoutMs ?? 10_000,
      'consumer connect timed out',
    );
    await consumer.subscribe({ topic, fromBeginning: false });
    logger?.debug({ ms: Date.now() - started }, 'alert consumer connected');
    await consumer.run({
      partitionsConsumedConcurrently: 3,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        for (const message of batch.messages) {
          if (!isRunning() || isStale()) break;
          await handle(message, batch.partition, heartbeat, isRunning);
          resolveOffset(message.offset);
          lag.set(
            { topic, partition: String(batch.partition), group: groupId },
            Math.max(0, Number(batch.highWatermark) - Number(message.offset) - 1),
          );
          await heartbeat();
        }
      },
    });
    for (const p of seekTo) consumer.seek({ topic, partition: p.partition, offset: p.offset });
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    throw new Error(
      `Kafka at ${requireBrokers(config).join(',')} did not accept the alert consumer ` +
        `(${rootCause(error)}): check KAFKA_BROKERS and the broker logs`,
    );
  }
  // The start offsets make this wait unnecessary for correctness; it only makes "started" mean
  // "receiving" in the common case.
  await withTimeout(joined, 30_000, 'join timeout').catch(() =>
    logger?.warn({ groupId }, 'alert consumer has not joined its group after 30 s; continuing'),
  );
  logger?.info({ topic, groupId, ms: Date.now() - started }, 'consuming alerts');

  return {
    groupId,
    async stop() {
      running = false;
      await consumer.disconnect();
    },
  };
}

export interface AlertProducer {
  send(alert: Alert): Promise<void>;
  /** Sends a raw value (tests of malformed input); key defaults to none. */
  sendRaw(value: string | Buffer | null, key?: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A small `alerts.stream` producer for tests, the demo and tools: JSON messages keyed by kolId (the
 * Java-compatible partitioner, so a KOL's alerts stay in order on one partition). Connects and makes
 * sure the topic exists on the first send.
 */
export function createAlertProducer(config: KafkaAlertsConfig, logger?: Logger): AlertProducer {
  const topic = config.KAFKA_ALERTS_TOPIC;
  const kafka = createKafka(config, logger, 'alerts-producer');
  let producer: Producer | undefined;
  let ready: Promise<Producer> | undefined;

  const connect = (): Promise<Producer> => {
    ready ??= (async () => {
      const admin = await connectAdmin(config, logger, 10_000);
      try {
        await ensureTopic(admin, topic);
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
      const p = kafka.producer({
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: false,
      });
      await p.connect();
      producer = p;
      return p;
    })().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };

  const send = async (value: string | Buffer | null, key?: string): Promise<void> => {
    const p = await connect();
    try {
      await p.send({ topic, messages: [{ key: key ?? null, value }] });
    } catch (error) {
      throw new BackendUnavailableError('kafka', error);
    }
  };

  return {
    send: (alert) => send(encodeAlertMessage(alert), alert.kolId),
    sendRaw: send,
    async close() {
      if (ready) await ready.catch(() => undefined);
      await producer?.disconnect();
      producer = undefined;
      ready = undefined;
    },
  };
}
