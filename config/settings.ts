/**
 * Typed settings, one object per component. `loadSettings` (config/load.ts) builds all of them from
 * one set of environment variables for both processes (gateway and stream worker); components receive
 * the object they need and never read the environment themselves. The variable behind each field is
 * named in its comment.
 */

/** API roles, lowest to highest privilege. */
export const API_ROLES = ['viewer', 'analyst', 'admin'] as const;
export type ApiRole = (typeof API_ROLES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const CONSISTENCY_LEVELS = ['ONE', 'LOCAL_ONE', 'QUORUM', 'LOCAL_QUORUM', 'ALL'] as const;
export type ConsistencyLevelName = (typeof CONSISTENCY_LEVELS)[number];

/** Which process the settings are for: the two differ only in what they require and a few defaults. */
export type ProcessRole = 'gateway' | 'worker';

export interface ProcessSettings {
  role: ProcessRole;
  /** NODE_ENV (default development). */
  nodeEnv: 'development' | 'production' | 'test';
  /** LOG_LEVEL (default info). */
  logLevel: LogLevel;
  /** REPLICA_ID: names this replica's per-replica consumer groups (default `<hostname>-<pid>`). */
  replicaId: string | undefined;
}

export interface HttpSettings {
  /** HOST: an IPv4/IPv6 address or a host name (default 127.0.0.1). */
  host: string;
  /** PORT (default 4000; 0 = any free port). */
  port: number;
  /** INTROSPECTION (default on in development, off in production). */
  introspection: boolean;
  /** SANDBOX: Apollo Sandbox on GET /graphql (default as introspection). */
  sandbox: boolean;
  /** Stack traces in error responses: NODE_ENV=development only. */
  includeStacktrace: boolean;
}

export interface ApiKeyEntry {
  /** The secret as presented in `x-api-key`. */
  key: string;
  /** Public id for logs and history (`key-<n>`, n = position in API_KEYS): never the key itself. */
  keyId: string;
  role: ApiRole;
}

export interface AuthSettings {
  /** API_KEYS: comma-separated `key:role`, parsed and validated at start-up. */
  apiKeys: readonly ApiKeyEntry[];
  /** ANONYMOUS_ROLE: role of callers without a key, or `none` to refuse them (default analyst). */
  anonymousRole: ApiRole | 'none';
}

export interface LimitSettings {
  /** RATE_LIMIT_PER_MINUTE per caller (default 1200; 0 = no limit). */
  rateLimitPerMinute: number;
  /** MAX_QUERY_DEPTH (default 12). */
  maxQueryDepth: number;
}

/** Transport and operation-policy limits of the HTTP and WebSocket server. */
export interface SecuritySettings {
  /** BODY_LIMIT_BYTES: request body limit, also the WebSocket maxPayload (default 8 MiB). */
  bodyLimitBytes: number;
  /** CORS_ORIGINS: comma list, `*` = any origin; empty = CORS off (default empty). */
  corsOrigins: readonly string[];
  /** TRUST_PROXY: take the client IP from X-Forwarded-For (default false). */
  trustProxy: boolean;
  /** METRICS_PORT: serve /metrics on its own port (same HOST) instead of the API port (default unset). */
  metricsPort: number | undefined;
  /** METRICS_TOKEN: /metrics needs `Authorization: Bearer <token>` (default unset). */
  metricsToken: string | undefined;
  /** API_KEYS_FILE: one `key:role` or `sha256:<64 hex>:role` per line; reloaded on change and SIGHUP. */
  apiKeysFile: string | undefined;
  /** JWT_SECRET: HS256/384/512 secret. */
  jwtSecret: string | undefined;
  /** JWT_JWKS_URL: remote JWKS for RS/ES/EdDSA tokens. */
  jwtJwksUrl: string | undefined;
  /** JWT_ISSUER. */
  jwtIssuer: string | undefined;
  /** JWT_AUDIENCE. */
  jwtAudience: string | undefined;
  /** JWT_ROLE_CLAIM: claim holding the role (string or string[]; highest known role wins; default `role`). */
  jwtRoleClaim: string;
  /** COST_BUDGETS: `role:cost` list; roles not listed keep their default (viewer 20000, analyst and admin 500000). */
  costBudgets: Record<ApiRole, number>;
  /** MAX_ALIASES (default 30). */
  maxAliases: number;
  /** MAX_DIRECTIVES (default 20). */
  maxDirectives: number;
  /** MAX_TOKENS (default 20000). */
  maxTokens: number;
  /** EXECUTION_TIMEOUT_MS (default 10000). */
  executionTimeoutMs: number;
  /** MAX_RESPONSE_BYTES (default 32 MiB). */
  maxResponseBytes: number;
  /** RATE_LIMIT_IP_PER_MINUTE (default 5 × RATE_LIMIT_PER_MINUTE). */
  rateLimitIpPerMinute: number;
  /** RATE_LIMIT_COST_PER_MINUTE (default 4 × the admin cost budget); RATE_LIMIT_PER_MINUTE=0 turns all three off. */
  costPerMinute: number;
  /** AUTH_FAILURES_PER_MINUTE per IP, after which that IP is refused for 5 min (default 10). */
  authFailuresPerMinute: number;
  /** WS_MAX_SUBSCRIPTIONS_PER_SOCKET (default 100). */
  wsMaxSubscriptionsPerSocket: number;
  /** WS_MAX_SUBSCRIPTIONS_PER_KEY (default 20000). */
  wsMaxSubscriptionsPerKey: number;
  /** WS_MAX_SOCKETS_PER_KEY (default 20000). */
  wsMaxSocketsPerKey: number;
  /** WS_IDLE_TIMEOUT_MS: a socket with no subscription is closed after this (default 300000). */
  wsIdleTimeoutMs: number;
  /** WS_MAX_BUFFERED_BYTES: per-socket send buffer before close 4429 (default 4 MiB). */
  wsMaxBufferedBytes: number;
  /** TRUSTED_DOCUMENTS_FILE: JSON `{"<sha256>": "<document>"}`; when set only these documents run. */
  trustedDocumentsFile: string | undefined;
  /** APQ: automatic persisted queries may register documents (default on outside production). */
  apq: boolean;
  /**
   * CURSOR_SECRET: key of the signed ranking and alert cursors, the same on every replica (≥ 32
   * characters). Unset: real mode shares one random key through Redis, embedded mode makes one per process.
   */
  cursorSecret: string | undefined;
}

export interface ModelSettings {
  /** MODELS_DIR: model cards and ONNX files (default `models`). */
  modelsDir: string;
  /** CANARY_SHARE: initial share of traffic for a Staging version when no state is saved (default 0). */
  canaryShare: number;
  /**
   * MODEL_REGISTRY_FILE: the embedded mode's registry state file (stages, canary shares, history;
   * default `.data/model-registry.json`, a gitignored folder). Real mode keeps it in Cassandra.
   */
  registryFile: string;
  /** MODEL_REGISTRY_POLL_MS: how often a process re-reads the saved registry state (default 2000). */
  registryPollMs: number;
}

export interface ScoringSettings {
  /**
   * SCORE_MAX_AGE_SECONDS: a stored score older than this is stale; readers re-score on demand and
   * the periodic sweep re-scores it (default 86400).
   */
  maxAgeSeconds: number;
}

export interface CassandraSettings {
  /** CASSANDRA_CONTACT_POINTS (comma-separated); empty = not configured. */
  contactPoints: readonly string[];
  /** CASSANDRA_LOCAL_DC (default datacenter1). */
  localDataCenter: string;
  /** CASSANDRA_KEYSPACE (default kol). */
  keyspace: string;
  /** CASSANDRA_USERNAME / CASSANDRA_PASSWORD: both or neither. */
  username: string | undefined;
  password: string | undefined;
  /** CASSANDRA_READ_CONSISTENCY (default LOCAL_ONE). */
  readConsistency: ConsistencyLevelName;
  /** CASSANDRA_WRITE_CONSISTENCY (default LOCAL_QUORUM). */
  writeConsistency: ConsistencyLevelName;
  /**
   * CASSANDRA_REPLICATION, used when the keyspace has to be created: `SimpleStrategy:<factor>`
   * (default `SimpleStrategy:1`) or `<dc>:<factor>,…` for NetworkTopologyStrategy.
   */
  replication: CassandraReplication;
  /** Row lifetimes (TTL) in seconds; 0 = keep forever. */
  retention: CassandraRetention;
  /**
   * CASSANDRA_WRITE_BATCH_ROWS (default 100; absent = 100): independent rows per unlogged write batch; 1 = one
   * token-aware request per row, for clusters where most rows belong to other nodes.
   */
  writeBatchRows?: number;
}

export type CassandraReplication =
  | { strategy: 'SimpleStrategy'; factor: number }
  | { strategy: 'NetworkTopologyStrategy'; factors: Readonly<Record<string, number>> };

export interface CassandraRetention {
  /** METRICS_TTL_DAYS (default 35). */
  metricsSeconds: number;
  /** SCORES_TTL_DAYS (default 180). */
  scoresSeconds: number;
  /** ALERTS_TTL_DAYS (default 180). */
  alertsSeconds: number;
}

export interface RedisSettings {
  /** REDIS_URL; undefined = not configured. */
  url: string | undefined;
  /** REDIS_KEY_PREFIX: every key of both processes starts with it (default `kol:`). */
  keyPrefix: string;
  /** REDIS_CACHE_TTL_SECONDS: read-through cache lifetime (default 300). */
  cacheTtlSeconds: number;
}

export interface KafkaSettings {
  /** KAFKA_BROKERS (comma-separated); empty = not configured. */
  brokers: readonly string[];
  /** KAFKA_CLIENT_ID (default kol-gateway, or kol-stream-worker for the worker). */
  clientId: string;
  /** KAFKA_GROUP_PREFIX: prefix of every consumer group (default kol-gateway). */
  groupPrefix: string;
}

/** Topic names; the same variables in both processes. Same shape as the stream worker's topic table. */
export interface TopicSettings {
  /** KAFKA_SOCIAL_TOPIC, KAFKA_WEB_TOPIC, KAFKA_TX_TOPIC: raw events per source. */
  raw: { social: string; web: string; tx: string };
  /** KAFKA_FEATURES_TOPIC (default features.stream). */
  features: string;
  /** KAFKA_ALERTS_TOPIC (default alerts.stream). */
  alerts: string;
  /** KAFKA_METRICS_TOPIC (default metrics.updates): the worker writes it, gateways read it. */
  metrics: string;
  /** KAFKA_DLQ_TOPIC (default events.dlq). */
  dlq: string;
}

export type StreamStateKind = 'redis' | 'file' | 'memory';

export interface StreamSettings {
  /** STREAM_GROUP_ID: consumer group shared by all workers (default `<KAFKA_GROUP_PREFIX>-stream-worker`). */
  groupId: string;
  /** STREAM_CREATE_TOPICS_PARTITIONS: create missing topics with this many partitions; 0 = do not (default 6). */
  createTopicsPartitions: number;
  /** STREAM_FROM_BEGINNING: where a new group starts (default true). */
  fromBeginning: boolean;
  /** STREAM_SESSION_TIMEOUT_MS: a dead worker keeps its partitions this long (default 30000). */
  sessionTimeoutMs: number;
  /** STREAM_CHUNK_SIZE: messages per flush and commit (default 5000). */
  chunkSize: number;
  /** STREAM_ALLOWED_LATENESS_MS (default 300000). */
  allowedLatenessMs: number;
  /** STREAM_MAX_CLOCK_SKEW_MS: future tolerance (default 120000). */
  maxClockSkewMs: number;
  /** STREAM_MAX_EVENT_AGE_MS: older events are rejected (default 7 days). */
  maxEventAgeMs: number;
  /** STREAM_IDLE_GRACE_MS: when idle KOLs' buckets close (default 600000). */
  idleGraceMs: number;
  /** STREAM_STATE: per-KOL stream state store (default redis with REDIS_URL, file with STREAM_STATE_DIR, else memory). */
  state: StreamStateKind;
  /** STREAM_STATE_DIR: folder of the file state store. */
  stateDir: string | undefined;
  /** STREAM_DRIFT_REFERENCE: JSON file of reference histograms for the drift rule. */
  driftReferenceFile: string | undefined;
  /** STREAM_METRICS_HOST / STREAM_METRICS_PORT: the worker's /metrics and /health (port 0 = off; default 127.0.0.1:9464). */
  metricsHost: string;
  metricsPort: number;
}

export interface DemoSettings {
  /** DEMO_DATA: seed the demo data set (default on in the embedded mode, off in the real one). */
  enabled: boolean;
  /** DEMO_KOLS (default 600). */
  kols: number;
  /** DEMO_EVENTS: run the demo event generator in the embedded mode (default true). */
  events: boolean;
  /** DEMO_EVENT_INTERVAL_MS (default 500). */
  eventIntervalMs: number;
}

/**
 * Everything both processes are configured with. `mode` is `real` when the real backends are
 * configured (gateway: Cassandra, Redis and Kafka; worker: Cassandra and Redis beside the required
 * Kafka), `embedded` otherwise.
 */
export interface Settings {
  process: ProcessSettings;
  mode: 'embedded' | 'real';
  http: HttpSettings;
  auth: AuthSettings;
  limits: LimitSettings;
  security: SecuritySettings;
  models: ModelSettings;
  scoring: ScoringSettings;
  cassandra: CassandraSettings;
  redis: RedisSettings;
  kafka: KafkaSettings;
  topics: TopicSettings;
  stream: StreamSettings;
  demo: DemoSettings;
}
