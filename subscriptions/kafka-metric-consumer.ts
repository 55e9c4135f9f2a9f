/**
 * Feeds `metricUpdates` subscriptions in the real mode. Like alerts, each replica reads
 * `metrics.updates` with a consumer group of its own so that its subscribers see every update; a new
 * group starts at the end of the topic, because only live updates matter to a subscription.
 */
import { parseMetricUpdate } from '../contracts/metric-update';
import { createMissingTopicsAt } from '../kafka/admin';
import { createKafka, type KafkaClientSettings } from '../kafka/client';
import { replicaGroupId } from '../kafka/consumer-group';
import type { KafkaLogSink } from '../kafka/log-bridge';
import type { LiveFeed } from './live-feed';

export interface KafkaMetricConsumerOptions {
  kafka: KafkaClientSettings & { groupPrefix: string };
  /** REPLICA_ID; undefined = `<hostname>-<pid>`. */
  replicaId: string | undefined;
  /** The metric updates topic (KAFKA_METRICS_TOPIC). */
  topic: string;
  feed: LiveFeed;
  logger?: KafkaLogSink;
}

export async function startKafkaMetricConsumer(
  options: KafkaMetricConsumerOptions,
): Promise<{ stop(): Promise<void> }> {
  const { topic, feed, logger } = options;
  const kafka = createKafka(options.kafka, { purpose: 'metrics', ...(logger ? { logger } : {}) });
  await createMissingTopicsAt(options.kafka, logger, [topic], 3);
  const groupId = replicaGroupId(
    { groupPrefix: options.kafka.groupPrefix, replicaId: options.replicaId },
    'metrics',
  );
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  await consumer.run({
    eachBatch: async (payload) => {
      const { batch } = payload;
      for (const message of batch.messages) {
        const point = parseMetricUpdate(message.value);
        if (point) feed.publishMetric(point);
        else
          logger?.warn(
            { topic, partition: batch.partition, offset: message.offset },
            'skipped a malformed metric update',
          );
        payload.resolveOffset(message.offset);
      }
      await payload.heartbeat();
    },
  });
  return { stop: () => consumer.disconnect() };
}
