/**
 * Kafka transport of the stream pipeline: one consumer group over the three raw topics (run N workers
 * to share their partitions), batch processing with manual offset commits.
 *
 * Per batch (one topic-partition, split into chunks of at most `chunkSize` messages):
 *   1. validate every message; invalid ones become dead letters
 *   2. apply the valid ones (pipeline.handleMany); events older than the lateness horizon become
 *      dead letters too (reason TOO_OLD)
 *   3. pipeline.flush(): metric store → metrics.updates + features.stream → profiles → alert store +
 *      alerts.stream → stream state store
 *   4. produce the dead letters to events.dlq
 *   5. commit the offset after the chunk — only now, after every write it covers
 * If anything fails, the in-memory state is dropped and the error rethrown: kafkajs re-delivers from
 * the last committed offset, the state is reloaded from the state store, and events already counted
 * are recognised by id. Bad input never stops the worker; unavailable stores make it retry.
 */
import { Partitioners, type Consumer, type Kafka, type KafkaMessage, type Producer } from 'kafkajs';
import type { Alert, MetricPoint } from '../domain/types';
import { encodeAlertMessage } from '../contracts/alert-message';
import { encodeDeadLetter, type DeadLetter } from '../contracts/dead-letter';
import { encodeFeatureRow, type FeatureRow } from '../contracts/feature-row';
import { encodeMetricUpdate } from '../contracts/metric-update';
import type { RejectReason, StreamEvent } from '../contracts/envelope';
import { ensureTopics, missingTopics } from '../kafka/admin';
import { sendInChunks } from '../kafka/produce';
import { errorFields, silentLogger, type StreamLogger } from './logger';
import { StreamMetrics } from './metrics';
import { StreamPipeline, type PipelineOptions } from './pipeline';
import type { StreamStateStore } from './state/types';
import { allTopics, type StreamTopics } from '../contracts/topics';

export interface KafkaWorkerOptions {
  kafka: Kafka;
  groupId: string;
  topics: StreamTopics;
  dataSources: PipelineOptions['dataSources'];
  /** Durable per-KOL state; without one a restart loses open buckets (see README). */
  stateStore?: StreamStateStore;
  pipeline?: Pick<
    PipelineOptions,
    | 'windows'
    | 'rules'
    | 'validation'
    | 'driftReference'
    | 'idleGraceMs'
    | 'warmStart'
    | 'evictAfterMs'
    | 'scoring'
  >;
  /** Where a new consumer group starts: the earliest offsets (default) or only new messages. */
  fromBeginning?: boolean;
  /** Create missing topics with this many partitions at start (default: do not create). */
  createTopicsWithPartitions?: number;
  /**
   * Consumer session timeout (default 30 s): how long a worker that died without leaving the group
   * holds its partitions before the others take them over.
   */
  sessionTimeoutMs?: number;
  /** Messages per flush + commit (default 5,000). */
  chunkSize?: number;
  /** Publish metric updates to topics.metrics (default true). */
  publishMetricUpdates?: boolean;
  /** Publish feature rows to topics.features (default true). */
  publishFeatures?: boolean;
  metrics?: StreamMetrics;
  logger?: StreamLogger;
}

export interface KafkaWorkerStats {
  batches: number;
  messages: number;
  applied: number;
  duplicates: number;
  deadLetters: number;
  commits: number;
  failedBatches: number;
}

export interface KafkaWorker {
  readonly pipeline: StreamPipeline;
  readonly metrics: StreamMetrics;
  readonly stats: Readonly<KafkaWorkerStats>;
  /** Stops consuming (the batch in progress completes or is abandoned uncommitted) and disconnects. */
  stop(): Promise<void>;
}

export async function startKafkaWorker(options: KafkaWorkerOptions): Promise<KafkaWorker> {
  const logger = options.logger ?? silentLogger;
  const metrics = options.metrics ?? new StreamMetrics();
  const { kafka, topics } = options;
  const chunkSize = options.chunkSize ?? 5_000;
  const stats: KafkaWorkerStats = {
    batches: 0,
    messages: 0,
    applied: 0,
    duplicates: 0,
    deadLetters: 0,
    commits: 0,
    failedBatches: 0,
  };

  if (options.createTopicsWithPartitions) {
    const created = await ensureTopics(
      kafka,
      allTopics(topics),
      options.createTopicsWithPartitions,
    );
    if (created.length > 0) logger.info({ topics: created }, 'created topics');
  } else {
    const missing = await missingTopics(kafka, allTopics(topics));
    if (missing.length > 0) {
      throw new Error(
        `Kafka topics missing: ${missing.join(', ')} (create them, or set ` +
          'STREAM_CREATE_TOPICS_PARTITIONS to let the worker create them)',
      );
    }
  }

  const producer: Producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();

  const publishMetrics = options.publishMetricUpdates !== false;
  const publishFeatures = options.publishFeatures !== false;
  const pipeline = new StreamPipeline({
    ...options.pipeline,
    dataSources: options.dataSources,
    ...(options.stateStore ? { stateStore: options.stateStore } : {}),
    metrics,
    logger,
    sinks: {
      metrics: async (points: readonly MetricPoint[], rows: readonly FeatureRow[]) => {
        const topicMessages = [];
        if (publishMetrics && points.length > 0) {
          topicMessages.push({
            topic: topics.metrics,
            messages: points.map((p) => ({ key: p.kolId, value: encodeMetricUpdate(p) })),
          });
        }
        if (publishFeatures && rows.length > 0) {
          topicMessages.push({
            topic: topics.features,
            messages: rows.map((r) => ({ key: r.kol_id, value: encodeFeatureRow(r) })),
          });
        }
        await sendInChunks(producer, topicMessages);
      },
      // Per-KOL alerts reach this point once per saved state (the rule engine remembers what it
      // raised), so they are produced even when the store already had them: that only happens when
      // a crash came between the store write and the state save, and then the stream may not have
      // them yet. Population (drift) alerts come from every worker; only the first is produced.
      alert: async (alert: Alert, isNew: boolean) => {
        const population = alert.kolId === pipeline.rulesConfig.featureDrift.scopeId;
        if (!isNew && population) return;
        await producer.send({
          topic: topics.alerts,
          acks: -1,
          messages: [{ key: alert.kolId, value: encodeAlertMessage(alert) }],
        });
        if (isNew) {
          logger.info({ alertId: alert.id, kolId: alert.kolId, type: alert.type }, alert.message);
        }
      },
    },
  });

  const consumer: Consumer = kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: Math.min(3_000, Math.floor((options.sessionTimeoutMs ?? 30_000) / 3)),
    allowAutoTopicCreation: false,
    // Never give up: a store outage means waiting, not exiting.
    retry: { initialRetryTime: 300, retries: 10, restartOnFailure: async () => true },
  });

  // When partitions move between workers, state cached here may be stale: reload it.
  let stale = false;
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    stale = true;
    logger.info({ memberAssignment: event.payload.memberAssignment }, 'joined consumer group');
  });
  consumer.on(consumer.events.CRASH, (event) => {
    logger.error(
      { ...errorFields(event.payload.error), restart: event.payload.restart },
      'consumer crashed',
    );
  });

  const deadLetterMessage = (
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: RejectReason,
    error: string,
  ): { key: Buffer | null; value: string } => {
    stats.deadLetters += 1;
    const letter: DeadLetter = {
      reason,
      error,
      topic,
      partition,
      offset: message.offset,
      raw: message.value ? message.value.toString('utf8') : null,
    };
    return { key: message.key, value: encodeDeadLetter(letter) };
  };

  const processChunk = async (
    topic: string,
    partition: number,
    messages: readonly KafkaMessage[],
  ): Promise<void> => {
    const events: StreamEvent[] = [];
    const eventMessages: KafkaMessage[] = [];
    const dead: { key: Buffer | null; value: string }[] = [];
    for (const message of messages) {
      const parsed = pipeline.parse(message.value);
      if (parsed.ok) {
        events.push(parsed.event);
        eventMessages.push(message);
      } else {
        pipeline.countReject(parsed.reason);
        dead.push(deadLetterMessage(topic, partition, message, parsed.reason, parsed.error));
      }
    }
    const outcomes = await pipeline.handleMany(events);
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'applied') stats.applied += 1;
      else if (outcome.status === 'duplicate') stats.duplicates += 1;
      else
        dead.push(
          deadLetterMessage(topic, partition, eventMessages[i]!, outcome.reason, outcome.error),
        );
    });
    await pipeline.flush();
    await sendInChunks(producer, [{ topic: topics.dlq, messages: dead }]);
    const last = messages[messages.length - 1]!;
    await consumer.commitOffsets([
      { topic, partition, offset: (BigInt(last.offset) + 1n).toString() },
    ]);
    stats.commits += 1;
    metrics.commits.inc();
  };

  await consumer.connect();
  await consumer.subscribe({
    topics: Object.values(topics.raw),
    fromBeginning: options.fromBeginning !== false,
  });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 1,
    eachBatch: async (payload) => {
      const { batch } = payload;
      if (stale) {
        stale = false;
        await pipeline.reset();
      }
      stats.batches += 1;
      metrics.batches.inc({ topic: batch.topic });
      try {
        for (let i = 0; i < batch.messages.length; i += chunkSize) {
          if (!payload.isRunning() || payload.isStale()) return;
          const chunk = batch.messages.slice(i, i + chunkSize);
          await processChunk(batch.topic, batch.partition, chunk);
          stats.messages += chunk.length;
          payload.resolveOffset(chunk[chunk.length - 1]!.offset);
          await payload.heartbeat();
        }
        metrics.lag.set(
          { topic: batch.topic, partition: String(batch.partition) },
          Number(batch.offsetLag()),
        );
      } catch (err) {
        stats.failedBatches += 1;
        metrics.batchErrors.inc();
        logger.error(
          { ...errorFields(err), topic: batch.topic, partition: batch.partition },
          'batch failed; it will be re-delivered from the last committed offset',
        );
        await pipeline.reset();
        throw err;
      }
    },
  });
  logger.info(
    {
      groupId: options.groupId,
      topics: Object.values(topics.raw),
      state: options.stateStore?.name ?? 'none',
    },
    'stream worker consuming',
  );

  // The stale-score sweep runs between batches (the pipeline serialises it with them).
  const sweepMs = pipeline.sweepIntervalMs;
  const sweep = sweepMs
    ? setInterval(() => {
        pipeline
          .sweepStale()
          .then((scored) => {
            if (scored.length > 0) logger.info({ kols: scored.length }, 're-scored stale KOLs');
          })
          .catch((err: unknown) => logger.warn(errorFields(err), 'stale-score sweep failed'));
      }, sweepMs)
    : undefined;
  sweep?.unref();

  let stopping: Promise<void> | undefined;
  return {
    pipeline,
    metrics,
    stats,
    stop() {
      stopping ??= (async () => {
        if (sweep) clearInterval(sweep);
        await consumer
          .disconnect()
          .catch((err: unknown) => logger.warn(errorFields(err), 'consumer disconnect'));
        await producer
          .disconnect()
          .catch((err: unknown) => logger.warn(errorFields(err), 'producer disconnect'));
      })();
      return stopping;
    },
  };
}
