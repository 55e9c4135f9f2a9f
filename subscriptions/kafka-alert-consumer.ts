/**
 * Kafka adapter of the alert ingest: consumes `alerts.stream` in a consumer group of this replica
 * alone (`<prefix>-alerts-<REPLICA_ID or hostname-pid>`), so every replica reads every alert for its
 * own subscribers. Each fetched batch goes to the ingest in one call (one store write); the adapter
 * only resolves and commits offsets and heartbeats. Partitions are processed concurrently. An offset
 * is resolved only after its message was stored and published, so a crash or a rebalance redelivers
 * and never loses; the ingest's per-replica id set and the idempotent store make redelivery harmless.
 */
import type { Consumer } from 'kafkajs';
import { withTimeout } from '../datasources/shared/async';
import { describeError } from '../datasources/shared/errors';
import type { AlertStore } from '../datasources/types';
import { connectAdmin, createMissingTopics, kafkaRootCause } from '../kafka/admin';
import { createKafka, restartingConsumer, type KafkaClientSettings } from '../kafka/client';
import { replicaGroupId, unstartedPartitionEnds } from '../kafka/consumer-group';
import type { KafkaLogSink } from '../kafka/log-bridge';
import { createAlertIngest, type IngestLogger } from './alert-ingest';
import { consumerLag } from './ingest-metrics';
import type { LiveFeed } from './live-feed';

export interface KafkaAlertConsumerOptions {
  kafka: KafkaClientSettings & { groupPrefix: string };
  /** REPLICA_ID; undefined = `<hostname>-<pid>`. */
  replicaId: string | undefined;
  /** The alerts topic (KAFKA_ALERTS_TOPIC). */
  topic: string;
  alerts: Pick<AlertStore, 'putMany'>;
  feed: LiveFeed;
  logger?: KafkaLogSink & IngestLogger & { info(obj: object, msg?: string): void };
  /** Partitions of the topic when this consumer has to create it (default 3). */
  topicPartitions?: number;
  /** Bound on reaching Kafka at start (default 10 s). */
  connectTimeoutMs?: number;
  /** Partitions processed at the same time (default: all partitions of the topic). */
  concurrency?: number;
}

export interface KafkaAlertConsumer {
  /** The consumer group of this replica. */
  readonly groupId: string;
  stop(): Promise<void>;
}

export async function startKafkaAlertConsumer(
  options: KafkaAlertConsumerOptions,
): Promise<KafkaAlertConsumer> {
  const { topic, logger } = options;
  const groupId = replicaGroupId(
    { groupPrefix: options.kafka.groupPrefix, replicaId: options.replicaId },
    'alerts',
  );
  const brokers = options.kafka.brokers;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const started = Date.now();
  const kafka = createKafka(options.kafka, { purpose: 'alerts', ...(logger ? { logger } : {}) });
  const admin = await connectAdmin(options.kafka, logger, connectTimeoutMs);
  let seekTo: { partition: number; offset: string }[];
  let partitions: number;
  try {
    await createMissingTopics(admin, [topic], options.topicPartitions ?? 3);
    seekTo = await unstartedPartitionEnds(admin, groupId, topic);
    partitions = (await admin.fetchTopicOffsets(topic)).length;
    logger?.debug({ ms: Date.now() - started }, 'alerts topic and group offsets ready');
  } finally {
    await admin.disconnect().catch(() => undefined);
  }

  const ingest = createAlertIngest({
    alerts: options.alerts,
    feed: options.feed,
    ...(logger ? { logger } : {}),
  });
  const lag = consumerLag();
  let running = true;

  const consumer: Consumer = kafka.consumer({
    groupId,
    sessionTimeout: 30_000,
    heartbeatInterval: 3_000,
    maxWaitTimeInMs: 100,
    allowAutoTopicCreation: false,
    retry: restartingConsumer((error) =>
      logger?.error({ err: describeError(error), groupId }, 'alert consumer failed; restarting'),
    ),
  });
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
    await withTimeout(consumer.connect(), connectTimeoutMs, 'consumer connect timed out');
    await consumer.subscribe({ topic, fromBeginning: false });
    await consumer.run({
      partitionsConsumedConcurrently: options.concurrency ?? Math.max(1, partitions),
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        const { batch } = payload;
        if (batch.messages.length === 0 || !payload.isRunning() || payload.isStale()) return;
        await ingest.ingest(
          batch.messages,
          { topic, partition: batch.partition },
          {
            isRunning: () => running && payload.isRunning() && !payload.isStale(),
            onWait: () => payload.heartbeat(),
          },
        );
        const last = batch.messages[batch.messages.length - 1];
        if (!last) return;
        payload.resolveOffset(last.offset);
        lag.set(
          { topic, partition: String(batch.partition), group: groupId },
          Math.max(0, Number(batch.highWatermark) - Number(last.offset) - 1),
        );
        await payload.heartbeat();
      },
    });
    for (const p of seekTo) consumer.seek({ topic, partition: p.partition, offset: p.offset });
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    throw new Error(
      `Kafka at ${brokers.join(',')} did not accept the alert consumer ` +
        `(${kafkaRootCause(error)}): check KAFKA_BROKERS and the broker logs`,
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
