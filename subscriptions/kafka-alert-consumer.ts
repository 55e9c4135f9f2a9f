/**
 * Kafka adapter of the alert ingest: consumes `alerts.stream` in a consumer group of this replica
 * alone (`<prefix>-alerts-<REPLICA_ID or hostname-pid>`), so every replica reads every alert for its
 * own subscribers. Each fetched batch goes to the ingest in one call (one store write); the adapter
 * only tracks and commits offsets and heartbeats. Partitions are processed concurrently.
 *
 * The delivery path is fetch → decode → publish (`publish: 'on-consume'`) with the store write
 * running alongside, or fetch → store → publish (`'after-store'`, the default; see alert-ingest.ts).
 * The fetch position moves on as soon as a batch is handed to the ingest, so the next batch of a
 * partition is fetched while the previous one is still being written (MAX_BATCHES_IN_FLIGHT,
 * MAX_ALERTS_IN_FLIGHT; beyond them the partition waits for its oldest write — and kafkajs's next
 * fetch, for every partition, waits for it —, and so does the live feed), and offsets are committed in the background every COMMIT_INTERVAL_MS and at stop — never a
 * commit round trip between fetches. What is committed is only what was stored, so a crash, a
 * failed write or a rebalance redelivers and never loses; the ingest's per-replica id set and the
 * idempotent store make redelivery harmless (stored again, not published again by this replica).
 */
import type { Consumer } from 'kafkajs';
import { withTimeout } from '../datasources/shared/async';
import { describeError } from '../datasources/shared/errors';
import { connectAdmin, createMissingTopics, kafkaRootCause } from '../kafka/admin';
import { createKafka, restartingConsumer, type KafkaClientSettings } from '../kafka/client';
import { replicaGroupId, unstartedPartitionEnds } from '../kafka/consumer-group';
import type { KafkaLogSink } from '../kafka/log-bridge';
import {
  createAlertIngest,
  type AlertIngestOptions,
  type IngestAlertStore,
  type IngestLogger,
  type PublishMode,
} from './alert-ingest';
import { consumerLag } from './ingest-metrics';
import type { LiveFeed } from './live-feed';

export interface KafkaAlertConsumerOptions {
  kafka: KafkaClientSettings & { groupPrefix: string };
  /** REPLICA_ID; undefined = `<hostname>-<pid>`. */
  replicaId: string | undefined;
  /** The alerts topic (KAFKA_ALERTS_TOPIC). */
  topic: string;
  alerts: IngestAlertStore;
  feed: LiveFeed;
  logger?: KafkaLogSink & IngestLogger & { info(obj: object, msg?: string): void };
  /** Partitions of the topic when this consumer has to create it (default 3). */
  topicPartitions?: number;
  /** Bound on reaching Kafka at start (default 10 s). */
  connectTimeoutMs?: number;
  /** Partitions processed at the same time (default: all partitions of the topic). */
  concurrency?: number;
  /** When an alert reaches the LiveFeed: after it is stored (default) or as soon as it is consumed. */
  publish?: PublishMode;
  /** Observes the ingest stages of every batch (benchmarks). */
  onStage?: AlertIngestOptions['onStage'];
}

/**
 * Batches of one partition being stored at once before the fetch waits, and the alerts in them:
 * small batches (live traffic: often one alert each) overlap, so that a slow store write does not
 * hold up the alerts behind it (kafkajs fetches the next batches of all partitions only once every
 * batch of the last fetch was handed over); large ones (catching up) are written about two at a
 * time, since overlapping more of those only queues more requests on the store.
 */
const MAX_BATCHES_IN_FLIGHT = 32;
const MAX_ALERTS_IN_FLIGHT = 1_000;
/** How often stored offsets are committed. */
const COMMIT_INTERVAL_MS = 1_000;
/** Bound on waiting for in-flight batches at stop (their offsets are then not committed). */
const STOP_DRAIN_MS = 10_000;

/**
 * One partition's batches handed to the ingest and not yet settled, in offset order, and the offset
 * up to which everything was stored (the next offset to read, as Kafka commits it).
 */
class PartitionProgress {
  private readonly queue: { next: string; size: number; settled: boolean; done: Promise<void> }[] =
    [];
  /** Stored position not yet committed; undefined = nothing new. */
  uncommitted: string | undefined;
  /** A batch gave up (the consumer is stopping): nothing after it may be committed. */
  private broken = false;

  /** Whether the partition must wait for its oldest batch before fetching more. */
  get full(): boolean {
    const alerts = this.queue.reduce((n, e) => n + e.size, 0);
    return this.queue.length >= MAX_BATCHES_IN_FLIGHT || alerts >= MAX_ALERTS_IN_FLIGHT;
  }

  /** The oldest unsettled batch (what a full partition waits for). */
  oldest(): Promise<void> | undefined {
    return this.queue[0]?.done;
  }

  track(next: string, size: number, work: Promise<unknown>): Promise<void> {
    const entry = { next, size, settled: false, done: Promise.resolve() };
    entry.done = work.then(
      () => {
        entry.settled = true;
        while (!this.broken && this.queue[0]?.settled) {
          this.uncommitted = this.queue.shift()?.next;
        }
      },
      () => {
        this.broken = true;
        this.queue.splice(0);
      },
    );
    this.queue.push(entry);
    return entry.done;
  }

  all(): Promise<void> {
    return Promise.all(this.queue.map((e) => e.done)).then(() => undefined);
  }
}

export interface KafkaAlertConsumer {
  /** The consumer group of this replica. */
  readonly groupId: string;
  /** Batches handed to the ingest, and how often (and how long) a fetch waited for the store. */
  readonly stats: { batches: number; storeWaits: number; storeWaitMs: number };
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
    ...(options.publish ? { publish: options.publish } : {}),
    ...(options.onStage ? { onStage: options.onStage } : {}),
  });
  const lag = consumerLag();
  const stats = { batches: 0, storeWaits: 0, storeWaitMs: 0 };
  let running = true;
  const progress = new Map<number, PartitionProgress>();
  const progressOf = (partition: number): PartitionProgress => {
    let p = progress.get(partition);
    if (!p) progress.set(partition, (p = new PartitionProgress()));
    return p;
  };

  const consumer: Consumer = kafka.consumer({
    groupId,
    sessionTimeout: 30_000,
    heartbeatInterval: 3_000,
    // The broker answers a fetch as soon as one message is there (minBytes 1); this only bounds
    // how long an idle fetch is held.
    maxWaitTimeInMs: 100,
    minBytes: 1,
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
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        const { batch } = payload;
        const last = batch.messages[batch.messages.length - 1];
        if (!last || !payload.isRunning() || payload.isStale()) return;
        const partition = progressOf(batch.partition);
        const work = ingest.ingest(
          batch.messages,
          { topic, partition: batch.partition },
          {
            isRunning: () => running && payload.isRunning() && !payload.isStale(),
            onWait: () => payload.heartbeat(),
          },
        );
        void partition.track(String(Number(last.offset) + 1), batch.messages.length, work);
        work.catch((error: unknown) =>
          logger?.warn(
            { err: describeError(error), partition: batch.partition, groupId },
            'alert batch not stored before the consumer stopped; it is consumed again later',
          ),
        );
        // Moves the fetch position only; the commit follows once the batch is stored.
        payload.resolveOffset(last.offset);
        lag.set(
          { topic, partition: String(batch.partition), group: groupId },
          Math.max(0, Number(batch.highWatermark) - Number(last.offset) - 1),
        );
        stats.batches++;
        if (partition.full) {
          const waitStart = performance.now();
          stats.storeWaits++;
          while (partition.full) await partition.oldest();
          stats.storeWaitMs += performance.now() - waitStart;
        }
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

  let committing: Promise<void> = Promise.resolve();
  const commit = (): Promise<void> => {
    const partitionOffsets: { partition: number; offset: string }[] = [];
    for (const [partition, p] of progress) {
      if (p.uncommitted === undefined) continue;
      partitionOffsets.push({ partition, offset: p.uncommitted });
      p.uncommitted = undefined;
    }
    if (partitionOffsets.length === 0) return committing;
    committing = committing
      .then(() => consumer.commitOffsets(partitionOffsets.map((p) => ({ topic, ...p }))))
      .catch((error: unknown) =>
        // Not fatal: the next commit carries a later offset, and at worst a restart redelivers.
        logger?.warn({ err: describeError(error), groupId }, 'alert offset commit failed'),
      );
    return committing;
  };
  const committer = setInterval(() => void commit(), COMMIT_INTERVAL_MS);
  committer.unref();

  return {
    groupId,
    stats,
    async stop() {
      running = false;
      clearInterval(committer);
      await withTimeout(
        Promise.all([...progress.values()].map((p) => p.all())),
        STOP_DRAIN_MS,
        'drain timeout',
      ).catch(() => logger?.warn({ groupId }, 'alert batches still in flight at stop'));
      await commit();
      await consumer.disconnect();
    },
  };
}
