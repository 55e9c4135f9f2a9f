/**
 * Environment of the stream worker (`npm run worker`). Kafka is required; Cassandra and Redis are
 * optional together: with both, metrics/alerts/profiles go to the real stores and the stream state
 * to Redis; with neither, to in-process stores (tests, trying it out) — said loudly at start.
 */
import { z } from 'zod';
import { ConfigError } from '../config';
import { DEFAULT_TOPICS, type StreamTopics } from './topics';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0),
);
const ms = z.coerce.number().int().min(0);

const schema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KAFKA_BROKERS: csv.refine((b) => b.length > 0, 'at least one broker'),
  KAFKA_CLIENT_ID: z.string().min(1).default('kol-stream-worker'),
  KAFKA_GROUP_PREFIX: z.string().min(1).default('kol-gateway'),
  /** Consumer group shared by all workers (default `${KAFKA_GROUP_PREFIX}-stream-worker`). */
  STREAM_GROUP_ID: z.string().min(1).optional(),
  STREAM_TOPIC_SOCIAL: z.string().min(1).default(DEFAULT_TOPICS.raw.social),
  STREAM_TOPIC_WEB: z.string().min(1).default(DEFAULT_TOPICS.raw.web),
  STREAM_TOPIC_TX: z.string().min(1).default(DEFAULT_TOPICS.raw.tx),
  STREAM_FEATURES_TOPIC: z.string().min(1).default(DEFAULT_TOPICS.features),
  KAFKA_ALERTS_TOPIC: z.string().min(1).default(DEFAULT_TOPICS.alerts),
  STREAM_METRICS_TOPIC: z.string().min(1).default(DEFAULT_TOPICS.metrics),
  STREAM_DLQ_TOPIC: z.string().min(1).default(DEFAULT_TOPICS.dlq),
  /** Create missing topics at start with this many partitions; 0 = do not create. */
  STREAM_CREATE_TOPICS_PARTITIONS: z.coerce.number().int().min(0).max(1000).default(6),
  STREAM_FROM_BEGINNING: bool.default('true'),
  /** Consumer session timeout; a killed worker's partitions move after this (broker minimum 6 s). */
  STREAM_SESSION_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(30_000),
  STREAM_CHUNK_SIZE: z.coerce.number().int().min(1).max(100_000).default(5_000),
  STREAM_ALLOWED_LATENESS_MS: ms.default(5 * 60_000),
  STREAM_MAX_CLOCK_SKEW_MS: ms.default(2 * 60_000),
  STREAM_MAX_EVENT_AGE_MS: ms.default(7 * 24 * 3_600_000),
  STREAM_IDLE_GRACE_MS: ms.default(10 * 60_000),
  /** Where per-KOL stream state lives: redis (default with REDIS_URL), file, or memory. */
  STREAM_STATE: z.enum(['redis', 'file', 'memory']).optional(),
  STREAM_STATE_DIR: z.string().min(1).optional(),
  /** JSON file with reference histograms (plain object or a model card) for the drift rule. */
  STREAM_DRIFT_REFERENCE: z.string().min(1).optional(),
  /** Port of the worker's /metrics and /health (0 = off). */
  STREAM_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  STREAM_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  CASSANDRA_CONTACT_POINTS: csv.optional(),
  REDIS_URL: z.string().url().optional(),
});

export type WorkerEnv = z.infer<typeof schema>;

export interface WorkerConfig extends WorkerEnv {
  groupId: string;
  topics: StreamTopics;
  state: 'redis' | 'file' | 'memory';
  /** Cassandra + Redis configured: use the real stores. */
  realStores: boolean;
}

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = schema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Invalid stream worker configuration:\n  ${problems.join('\n  ')}`);
  }
  const c = parsed.data;
  const cassandra = c.CASSANDRA_CONTACT_POINTS !== undefined;
  const redis = c.REDIS_URL !== undefined;
  if (cassandra !== redis) {
    throw new ConfigError(
      'Invalid stream worker configuration:\n  the real stores need both CASSANDRA_CONTACT_POINTS and ' +
        'REDIS_URL (set neither to keep metrics and alerts in the worker process)',
    );
  }
  const state = c.STREAM_STATE ?? (redis ? 'redis' : c.STREAM_STATE_DIR ? 'file' : 'memory');
  if (state === 'redis' && !redis) {
    throw new ConfigError(
      'Invalid stream worker configuration:\n  STREAM_STATE=redis needs REDIS_URL',
    );
  }
  if (state === 'file' && !c.STREAM_STATE_DIR) {
    throw new ConfigError(
      'Invalid stream worker configuration:\n  STREAM_STATE=file needs STREAM_STATE_DIR',
    );
  }
  return {
    ...c,
    groupId: c.STREAM_GROUP_ID ?? `${c.KAFKA_GROUP_PREFIX}-stream-worker`,
    topics: {
      raw: { social: c.STREAM_TOPIC_SOCIAL, web: c.STREAM_TOPIC_WEB, tx: c.STREAM_TOPIC_TX },
      features: c.STREAM_FEATURES_TOPIC,
      alerts: c.KAFKA_ALERTS_TOPIC,
      metrics: c.STREAM_METRICS_TOPIC,
      dlq: c.STREAM_DLQ_TOPIC,
    },
    state,
    realStores: cassandra && redis,
  };
}
