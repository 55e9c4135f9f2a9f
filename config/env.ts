import { isIP } from 'node:net';
import { z } from 'zod';
import { CONSISTENCY_LEVELS, LOG_LEVELS } from './settings';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0),
);

const HOSTNAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const host = z
  .string()
  .refine(
    (value) => isIP(value) !== 0 || HOSTNAME.test(value),
    'must be an IPv4 or IPv6 address or a host name',
  );
const port = z.coerce.number().int().min(0).max(65535);
const ms = z.coerce.number().int().min(0);
const name = z.string().min(1);

/** Cassandra refuses a TTL over 20 years (630,720,000 s). */
export const MAX_TTL_DAYS = 7_300;
export const DAY_SECONDS = 24 * 3600;

/**
 * A row lifetime in days: 0 keeps rows forever; any other value, rounded to whole seconds, must be
 * 1 s to MAX_TTL_DAYS. A tiny positive value must not round to 0 and so silently mean "forever".
 */
const ttlDays = z.coerce
  .number()
  .min(0, 'must not be negative (0 = keep forever)')
  .max(
    MAX_TTL_DAYS,
    `must be at most ${MAX_TTL_DAYS} days (630,720,000 s, Cassandra's maximum TTL); 0 = keep forever`,
  )
  .refine(
    (days) => days <= 0 || Math.round(days * DAY_SECONDS) >= 1,
    'rounds to 0 seconds, which would mean keep forever: use at least 1 second (0.0000116 days), or 0 for forever',
  );

/**
 * Every environment variable of the gateway and the stream worker, once. The README's configuration
 * table mirrors this object; keep them in step.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  REPLICA_ID: name.optional(),

  HOST: host.default('127.0.0.1'),
  PORT: port.default(4000),
  INTROSPECTION: booleanFromEnv.optional(),
  SANDBOX: booleanFromEnv.optional(),

  API_KEYS: z.string().optional(),
  ANONYMOUS_ROLE: z.enum(['none', 'viewer', 'analyst', 'admin']).default('analyst'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(1200),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(100).default(12),

  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(8 * 1024 * 1024),
  CORS_ORIGINS: csv.optional(),
  TRUST_PROXY: booleanFromEnv.default('false'),
  METRICS_PORT: port.optional(),
  METRICS_TOKEN: name.optional(),
  API_KEYS_FILE: name.optional(),
  JWT_SECRET: name.optional(),
  JWT_JWKS_URL: z.string().url().optional(),
  JWT_ISSUER: name.optional(),
  JWT_AUDIENCE: name.optional(),
  JWT_ROLE_CLAIM: name.default('role'),
  COST_BUDGETS: z.string().optional(),
  MAX_ALIASES: z.coerce.number().int().min(1).default(30),
  MAX_DIRECTIVES: z.coerce.number().int().min(1).default(20),
  MAX_TOKENS: z.coerce.number().int().min(100).default(20_000),
  EXECUTION_TIMEOUT_MS: z.coerce.number().int().min(1).default(10_000),
  MAX_RESPONSE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(32 * 1024 * 1024),
  RATE_LIMIT_IP_PER_MINUTE: z.coerce.number().int().min(0).optional(),
  RATE_LIMIT_COST_PER_MINUTE: z.coerce.number().int().min(0).optional(),
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  WS_MAX_SUBSCRIPTIONS_PER_SOCKET: z.coerce.number().int().min(1).default(100),
  WS_MAX_SUBSCRIPTIONS_PER_KEY: z.coerce.number().int().min(1).default(20_000),
  WS_MAX_SOCKETS_PER_KEY: z.coerce.number().int().min(1).default(20_000),
  WS_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(300_000),
  WS_MAX_BUFFERED_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(4 * 1024 * 1024),
  TRUSTED_DOCUMENTS_FILE: name.optional(),
  APQ: booleanFromEnv.optional(),
  CURSOR_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (e.g. the output of `openssl rand -base64 32`)')
    .optional(),

  MODELS_DIR: name.default('models'),
  CANARY_SHARE: z.coerce.number().min(0).max(1).default(0),
  MODEL_REGISTRY_FILE: name.default('.data/model-registry.json'),
  MODEL_REGISTRY_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
  SCORE_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(24 * 3600),

  DEMO_DATA: booleanFromEnv.optional(),
  DEMO_KOLS: z.coerce.number().int().min(1).max(100_000).default(600),
  DEMO_EVENTS: booleanFromEnv.default('true'),
  DEMO_EVENT_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(500),

  CASSANDRA_CONTACT_POINTS: csv.optional(),
  CASSANDRA_LOCAL_DC: name.default('datacenter1'),
  CASSANDRA_KEYSPACE: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'must be lower-case letters, digits and _ (starting with a letter)')
    .default('kol'),
  CASSANDRA_USERNAME: z.string().optional(),
  CASSANDRA_PASSWORD: z.string().optional(),
  CASSANDRA_READ_CONSISTENCY: z.enum(CONSISTENCY_LEVELS).default('LOCAL_ONE'),
  CASSANDRA_WRITE_CONSISTENCY: z.enum(CONSISTENCY_LEVELS).default('LOCAL_QUORUM'),
  CASSANDRA_WRITE_BATCH_ROWS: z.coerce.number().int().min(1).max(1000).default(100),

  CASSANDRA_REPLICATION: z.string().optional(),
  METRICS_TTL_DAYS: ttlDays.default(35),
  SCORES_TTL_DAYS: ttlDays.default(180),
  ALERTS_TTL_DAYS: ttlDays.default(180),

  REDIS_URL: z.string().url('must be a URL such as redis://127.0.0.1:6379').optional(),
  REDIS_KEY_PREFIX: name.default('kol:'),
  REDIS_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).default(300),

  KAFKA_BROKERS: csv.optional(),
  /** Default depends on the process (kol-gateway / kol-stream-worker). */
  KAFKA_CLIENT_ID: name.optional(),
  KAFKA_GROUP_PREFIX: name.default('kol-gateway'),
  KAFKA_SOCIAL_TOPIC: name.default('events.social.raw'),
  KAFKA_WEB_TOPIC: name.default('events.web.raw'),
  KAFKA_TX_TOPIC: name.default('events.tx.raw'),
  KAFKA_FEATURES_TOPIC: name.default('features.stream'),
  KAFKA_ALERTS_TOPIC: name.default('alerts.stream'),
  KAFKA_METRICS_TOPIC: name.default('metrics.updates'),
  KAFKA_DLQ_TOPIC: name.default('events.dlq'),

  STREAM_GROUP_ID: name.optional(),
  STREAM_CREATE_TOPICS_PARTITIONS: z.coerce.number().int().min(0).max(1000).default(6),
  STREAM_FROM_BEGINNING: booleanFromEnv.default('true'),
  STREAM_SESSION_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(30_000),
  STREAM_CHUNK_SIZE: z.coerce.number().int().min(1).max(100_000).default(5_000),
  STREAM_ALLOWED_LATENESS_MS: ms.default(5 * 60_000),
  STREAM_MAX_CLOCK_SKEW_MS: ms.default(2 * 60_000),
  STREAM_MAX_EVENT_AGE_MS: ms.default(7 * 24 * 3_600_000),
  STREAM_IDLE_GRACE_MS: ms.default(10 * 60_000),
  STREAM_STATE: z.enum(['redis', 'file', 'memory']).optional(),
  STREAM_STATE_DIR: name.optional(),
  STREAM_DRIFT_REFERENCE: name.optional(),
  STREAM_METRICS_HOST: host.default('127.0.0.1'),
  STREAM_METRICS_PORT: port.default(9464),
});

export type RawEnv = z.infer<typeof envSchema>;

/**
 * Variables that an earlier version read under another name. Setting one is an error that names the
 * replacement, rather than a setting silently ignored.
 */
export const RENAMED_VARIABLES: Readonly<Record<string, string>> = {
  STREAM_TOPIC_SOCIAL: 'KAFKA_SOCIAL_TOPIC',
  STREAM_TOPIC_WEB: 'KAFKA_WEB_TOPIC',
  STREAM_TOPIC_TX: 'KAFKA_TX_TOPIC',
  STREAM_FEATURES_TOPIC: 'KAFKA_FEATURES_TOPIC',
  STREAM_METRICS_TOPIC: 'KAFKA_METRICS_TOPIC',
  STREAM_DLQ_TOPIC: 'KAFKA_DLQ_TOPIC',
};
