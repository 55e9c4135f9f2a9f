import { z } from 'zod';

/** Thrown when the environment does not describe a valid configuration; the message lists every problem. */
export class ConfigError extends Error {}

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0),
);

/**
 * Every environment variable the gateway reads. The README's configuration table mirrors this
 * object; keep them in step.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  INTROSPECTION: booleanFromEnv.optional(),
  SANDBOX: booleanFromEnv.optional(),
  DEMO_DATA: booleanFromEnv.optional(),
  DEMO_KOLS: z.coerce.number().int().min(1).max(100_000).default(600),
  DEMO_EVENTS: booleanFromEnv.default('true'),
  DEMO_EVENT_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  API_KEYS: z.string().optional(),
  ANONYMOUS_ROLE: z.enum(['none', 'viewer', 'analyst', 'admin']).default('analyst'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(1200),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(100).default(12),
  MODELS_DIR: z.string().min(1).default('models'),
  CANARY_SHARE: z.coerce.number().min(0).max(1).default(0),
  SCORE_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(24 * 3600),
  CASSANDRA_CONTACT_POINTS: csv.optional(),
  CASSANDRA_LOCAL_DC: z.string().min(1).default('datacenter1'),
  CASSANDRA_KEYSPACE: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/)
    .default('kol'),
  CASSANDRA_USERNAME: z.string().optional(),
  CASSANDRA_PASSWORD: z.string().optional(),
  CASSANDRA_READ_CONSISTENCY: z
    .enum(['ONE', 'LOCAL_ONE', 'QUORUM', 'LOCAL_QUORUM', 'ALL'])
    .default('LOCAL_ONE'),
  CASSANDRA_WRITE_CONSISTENCY: z
    .enum(['ONE', 'LOCAL_ONE', 'QUORUM', 'LOCAL_QUORUM', 'ALL'])
    .default('LOCAL_QUORUM'),
  REDIS_URL: z.string().url().optional(),
  REDIS_KEY_PREFIX: z.string().min(1).default('kol:'),
  REDIS_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).default(300),
  KAFKA_BROKERS: csv.optional(),
  KAFKA_CLIENT_ID: z.string().min(1).default('kol-gateway'),
  KAFKA_GROUP_PREFIX: z.string().min(1).default('kol-gateway'),
  KAFKA_ALERTS_TOPIC: z.string().min(1).default('alerts.stream'),
  KAFKA_METRICS_TOPIC: z.string().min(1).default('metrics.updates'),
  REPLICA_ID: z.string().min(1).optional(),
});

export type RawEnv = z.infer<typeof envSchema>;

export interface GatewayConfig extends RawEnv {
  /** Introspection and Sandbox resolved against NODE_ENV (on in development, off in production). */
  introspection: boolean;
  sandbox: boolean;
  /** True when any real backend is configured; the embedded stores are used only when none is. */
  realBackends: boolean;
  /** Seed the demo data set: on by default in the embedded mode, opt-in (DEMO_DATA=true) in the real one. */
  demoData: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = envSchema.safeParse(
    Object.fromEntries(
      Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
    ),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const raw = parsed.data;
  const production = raw.NODE_ENV === 'production';
  const configured = [raw.CASSANDRA_CONTACT_POINTS, raw.REDIS_URL, raw.KAFKA_BROKERS].filter(
    (v) => v !== undefined,
  ).length;
  if (configured > 0 && configured < 3) {
    throw new ConfigError(
      'Invalid configuration:\n  real mode needs all of CASSANDRA_CONTACT_POINTS, REDIS_URL and KAFKA_BROKERS ' +
        '(set none of them for the embedded mode)',
    );
  }
  return {
    ...raw,
    introspection: raw.INTROSPECTION ?? !production,
    sandbox: raw.SANDBOX ?? !production,
    realBackends: configured === 3,
    demoData: raw.DEMO_DATA ?? configured === 0,
  };
}
