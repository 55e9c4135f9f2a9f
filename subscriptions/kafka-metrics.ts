import type { Logger } from 'pino';
import { z } from 'zod';
import type { GatewayConfig } from '../config';
import { METRIC_WINDOWS, type MetricPoint } from '../domain/types';
import { connectAdmin, createKafka, ensureTopic, replicaGroupId } from './kafka-alerts';
import type { LiveFeed } from './live-feed';

/** A `metrics.updates` message: the stream worker's current value of one bucket (streaming/README.md). */
const metricUpdateSchema = z.object({
  kolId: z.string().min(1),
  window: z.enum(METRIC_WINDOWS),
  bucketStart: z
    .string()
    .datetime()
    .transform((s) => new Date(s)),
  views: z.number(),
  likes: z.number(),
  comments: z.number(),
  shares: z.number(),
  clicks: z.number(),
  orders: z.number(),
  followerDelta: z.number(),
  engagementRate: z.number(),
  sentimentPositiveRatio: z.number(),
  sentimentNegativeRatio: z.number(),
});

type MetricsConsumerConfig = Pick<
  GatewayConfig,
  | 'KAFKA_BROKERS'
  | 'KAFKA_CLIENT_ID'
  | 'KAFKA_GROUP_PREFIX'
  | 'KAFKA_ALERTS_TOPIC'
  | 'REPLICA_ID'
  | 'KAFKA_METRICS_TOPIC'
>;

/**
 * Feeds `metricUpdates` subscriptions in the real mode. Like alerts, each replica reads the topic with
 * a consumer group of its own so that its subscribers see every update; a new group starts at the
 * end of the topic, because only live updates matter to a subscription.
 */
export async function startKafkaMetricConsumer(options: {
  config: MetricsConsumerConfig;
  feed: LiveFeed;
  logger?: Logger;
}): Promise<{ stop(): Promise<void> }> {
  const { config, feed, logger } = options;
  const topic = config.KAFKA_METRICS_TOPIC;
  const admin = await connectAdmin(config, logger, 10_000);
  try {
    await ensureTopic(admin, topic, 3);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  const kafka = createKafka(config, logger, 'metrics');
  const groupId = replicaGroupId(config, 'metrics');
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message, partition }) => {
      const parsed = safeParse(message.value?.toString('utf8'));
      if (parsed) feed.publishMetric(parsed);
      else
        logger?.warn(
          { topic, partition, offset: message.offset },
          'skipped a malformed metric update',
        );
    },
  });
  return { stop: () => consumer.disconnect() };
}

function safeParse(text: string | undefined): MetricPoint | null {
  if (!text) return null;
  try {
    const result = metricUpdateSchema.safeParse(JSON.parse(text));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}
