import { parseApiKeyList } from './api-keys';
import { parseCostBudgets } from './cost-budgets';
import { parseReplication } from './replication';
import { DAY_SECONDS, envSchema, RENAMED_VARIABLES, type RawEnv } from './env';
import { ConfigError } from './errors';
import type { ProcessRole, Settings, StreamStateKind } from './settings';

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads the settings of one process from the environment. Both processes read the same variables
 * with the same defaults; the role decides only what is required (the worker needs Kafka) and the
 * default Kafka client id. Throws one `ConfigError` naming every invalid variable.
 */
export function loadSettings(env: Environment, role: ProcessRole = 'gateway'): Settings {
  return parseEnvironment(env, role).settings;
}

/** `loadSettings` plus the parsed variables, for the legacy flat configuration object. */
export function parseEnvironment(
  env: Environment,
  role: ProcessRole,
): { raw: RawEnv; settings: Settings } {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const problems: string[] = [];
  for (const [old, replacement] of Object.entries(RENAMED_VARIABLES)) {
    if (present[old] !== undefined) problems.push(`${old}: renamed, set ${replacement} instead`);
  }
  const apiKeys = parseApiKeyList(present.API_KEYS);
  const costBudgets = parseCostBudgets(present.COST_BUDGETS);
  const replication = parseReplication(present.CASSANDRA_REPLICATION);
  const listProblems = [...apiKeys.problems, ...costBudgets.problems, ...replication.problems];
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.') || '(env)'}: ${issue.message}`);
    }
    // The cross-variable checks below need parsed values; report the ones that have them too.
    const partial = envSchema.partial().safeParse(withoutInvalid(present, parsed.error.issues));
    if (partial.success) problems.push(...crossChecks(partial.data, role, present));
    problems.push(...listProblems);
    throw new ConfigError(problems);
  }
  const raw = parsed.data;
  problems.push(...crossChecks(raw, role, present), ...listProblems);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    raw,
    settings: toSettings(raw, role, {
      apiKeys: apiKeys.entries,
      costBudgets: costBudgets.budgets,
      replication: replication.replication,
    }),
  };
}

function withoutInvalid(
  present: Record<string, string | undefined>,
  issues: readonly { path: readonly (string | number)[] }[],
): Record<string, string | undefined> {
  const invalid = new Set(issues.map((issue) => String(issue.path[0])));
  return Object.fromEntries(Object.entries(present).filter(([key]) => !invalid.has(key)));
}

/**
 * Checks that span several variables; each message names them. Which backends are configured comes
 * from the variables given (`present`), valid or not: an invalid REDIS_URL is reported once, as
 * invalid, not also as missing.
 */
function crossChecks(
  raw: Partial<RawEnv>,
  role: ProcessRole,
  present: Readonly<Record<string, string | undefined>>,
): string[] {
  const problems: string[] = [];
  const cassandra = present.CASSANDRA_CONTACT_POINTS !== undefined;
  const redis = present.REDIS_URL !== undefined;
  const kafka = present.KAFKA_BROKERS !== undefined;
  if (role === 'gateway') {
    const configured = [cassandra, redis, kafka].filter(Boolean).length;
    if (configured > 0 && configured < 3) {
      problems.push(
        'real mode needs all of CASSANDRA_CONTACT_POINTS, REDIS_URL and KAFKA_BROKERS ' +
          '(set none of them for the embedded mode)',
      );
    }
  } else {
    if (!kafka || raw.KAFKA_BROKERS?.length === 0) {
      problems.push('KAFKA_BROKERS: the stream worker needs at least one broker');
    }
    if (cassandra !== redis) {
      problems.push(
        'the real stores need both CASSANDRA_CONTACT_POINTS and REDIS_URL ' +
          '(set neither to keep metrics and alerts in the worker process)',
      );
    }
    const state = streamState(raw);
    if (state === 'redis' && !redis) problems.push('STREAM_STATE=redis needs REDIS_URL');
    if (state === 'file' && raw.STREAM_STATE_DIR === undefined) {
      problems.push('STREAM_STATE=file needs STREAM_STATE_DIR');
    }
  }
  if ((raw.CASSANDRA_USERNAME === undefined) !== (raw.CASSANDRA_PASSWORD === undefined)) {
    problems.push('CASSANDRA_USERNAME and CASSANDRA_PASSWORD: set both or neither');
  }
  if (raw.CASSANDRA_CONTACT_POINTS?.length === 0) {
    problems.push('CASSANDRA_CONTACT_POINTS: at least one contact point');
  }
  if (role === 'gateway' && raw.KAFKA_BROKERS?.length === 0) {
    problems.push('KAFKA_BROKERS: at least one broker');
  }
  return problems;
}

function streamState(raw: Partial<RawEnv>): StreamStateKind {
  return (
    raw.STREAM_STATE ??
    (raw.REDIS_URL !== undefined ? 'redis' : raw.STREAM_STATE_DIR ? 'file' : 'memory')
  );
}

function toSettings(
  raw: RawEnv,
  role: ProcessRole,
  lists: {
    apiKeys: Settings['auth']['apiKeys'];
    costBudgets: Settings['security']['costBudgets'];
    replication: Settings['cassandra']['replication'];
  },
): Settings {
  const { apiKeys, costBudgets } = lists;

  const production = raw.NODE_ENV === 'production';
  const stores = raw.CASSANDRA_CONTACT_POINTS !== undefined && raw.REDIS_URL !== undefined;
  const real = role === 'gateway' ? stores && raw.KAFKA_BROKERS !== undefined : stores;
  const introspection = raw.INTROSPECTION ?? !production;
  return {
    process: {
      role,
      nodeEnv: raw.NODE_ENV,
      logLevel: raw.LOG_LEVEL,
      replicaId: raw.REPLICA_ID,
    },
    mode: real ? 'real' : 'embedded',
    http: {
      host: raw.HOST,
      port: raw.PORT,
      introspection,
      sandbox: raw.SANDBOX ?? !production,
      includeStacktrace: raw.NODE_ENV === 'development',
    },
    auth: { apiKeys, anonymousRole: raw.ANONYMOUS_ROLE },
    limits: {
      rateLimitPerMinute: raw.RATE_LIMIT_PER_MINUTE,
      maxQueryDepth: raw.MAX_QUERY_DEPTH,
    },
    security: {
      bodyLimitBytes: raw.BODY_LIMIT_BYTES,
      corsOrigins: raw.CORS_ORIGINS ?? [],
      trustProxy: raw.TRUST_PROXY,
      metricsPort: raw.METRICS_PORT,
      metricsToken: raw.METRICS_TOKEN,
      apiKeysFile: raw.API_KEYS_FILE,
      jwtSecret: raw.JWT_SECRET,
      jwtJwksUrl: raw.JWT_JWKS_URL,
      jwtIssuer: raw.JWT_ISSUER,
      jwtAudience: raw.JWT_AUDIENCE,
      jwtRoleClaim: raw.JWT_ROLE_CLAIM,
      costBudgets,
      maxAliases: raw.MAX_ALIASES,
      maxDirectives: raw.MAX_DIRECTIVES,
      maxTokens: raw.MAX_TOKENS,
      executionTimeoutMs: raw.EXECUTION_TIMEOUT_MS,
      maxResponseBytes: raw.MAX_RESPONSE_BYTES,
      rateLimitIpPerMinute: raw.RATE_LIMIT_IP_PER_MINUTE ?? 5 * raw.RATE_LIMIT_PER_MINUTE,
      costPerMinute: raw.RATE_LIMIT_COST_PER_MINUTE ?? 4 * costBudgets.admin,
      authFailuresPerMinute: raw.AUTH_FAILURES_PER_MINUTE,
      wsMaxSubscriptionsPerSocket: raw.WS_MAX_SUBSCRIPTIONS_PER_SOCKET,
      wsMaxSubscriptionsPerKey: raw.WS_MAX_SUBSCRIPTIONS_PER_KEY,
      wsMaxSocketsPerKey: raw.WS_MAX_SOCKETS_PER_KEY,
      wsIdleTimeoutMs: raw.WS_IDLE_TIMEOUT_MS,
      wsMaxBufferedBytes: raw.WS_MAX_BUFFERED_BYTES,
      trustedDocumentsFile: raw.TRUSTED_DOCUMENTS_FILE,
      apq: raw.APQ ?? !production,
      cursorSecret: raw.CURSOR_SECRET,
    },
    models: {
      modelsDir: raw.MODELS_DIR,
      canaryShare: raw.CANARY_SHARE,
      registryFile: raw.MODEL_REGISTRY_FILE,
      registryPollMs: raw.MODEL_REGISTRY_POLL_MS,
    },
    scoring: { maxAgeSeconds: raw.SCORE_MAX_AGE_SECONDS },
    cassandra: {
      contactPoints: raw.CASSANDRA_CONTACT_POINTS ?? [],
      localDataCenter: raw.CASSANDRA_LOCAL_DC,
      keyspace: raw.CASSANDRA_KEYSPACE,
      username: raw.CASSANDRA_USERNAME,
      password: raw.CASSANDRA_PASSWORD,
      readConsistency: raw.CASSANDRA_READ_CONSISTENCY,
      writeConsistency: raw.CASSANDRA_WRITE_CONSISTENCY,
      replication: lists.replication,
      retention: {
        metricsSeconds: Math.round(raw.METRICS_TTL_DAYS * DAY_SECONDS),
        scoresSeconds: Math.round(raw.SCORES_TTL_DAYS * DAY_SECONDS),
        alertsSeconds: Math.round(raw.ALERTS_TTL_DAYS * DAY_SECONDS),
      },
      writeBatchRows: raw.CASSANDRA_WRITE_BATCH_ROWS,
    },
    redis: {
      url: raw.REDIS_URL,
      keyPrefix: raw.REDIS_KEY_PREFIX,
      cacheTtlSeconds: raw.REDIS_CACHE_TTL_SECONDS,
    },
    kafka: {
      brokers: raw.KAFKA_BROKERS ?? [],
      clientId: raw.KAFKA_CLIENT_ID ?? (role === 'worker' ? 'kol-stream-worker' : 'kol-gateway'),
      groupPrefix: raw.KAFKA_GROUP_PREFIX,
    },
    topics: {
      raw: { social: raw.KAFKA_SOCIAL_TOPIC, web: raw.KAFKA_WEB_TOPIC, tx: raw.KAFKA_TX_TOPIC },
      features: raw.KAFKA_FEATURES_TOPIC,
      alerts: raw.KAFKA_ALERTS_TOPIC,
      metrics: raw.KAFKA_METRICS_TOPIC,
      dlq: raw.KAFKA_DLQ_TOPIC,
    },
    stream: {
      groupId: raw.STREAM_GROUP_ID ?? `${raw.KAFKA_GROUP_PREFIX}-stream-worker`,
      createTopicsPartitions: raw.STREAM_CREATE_TOPICS_PARTITIONS,
      fromBeginning: raw.STREAM_FROM_BEGINNING,
      sessionTimeoutMs: raw.STREAM_SESSION_TIMEOUT_MS,
      chunkSize: raw.STREAM_CHUNK_SIZE,
      allowedLatenessMs: raw.STREAM_ALLOWED_LATENESS_MS,
      maxClockSkewMs: raw.STREAM_MAX_CLOCK_SKEW_MS,
      maxEventAgeMs: raw.STREAM_MAX_EVENT_AGE_MS,
      idleGraceMs: raw.STREAM_IDLE_GRACE_MS,
      state: streamState(raw),
      stateDir: raw.STREAM_STATE_DIR,
      driftReferenceFile: raw.STREAM_DRIFT_REFERENCE,
      metricsHost: raw.STREAM_METRICS_HOST,
      metricsPort: raw.STREAM_METRICS_PORT,
    },
    demo: {
      enabled: raw.DEMO_DATA ?? !real,
      kols: raw.DEMO_KOLS,
      events: raw.DEMO_EVENTS,
      eventIntervalMs: raw.DEMO_EVENT_INTERVAL_MS,
    },
  };
}
