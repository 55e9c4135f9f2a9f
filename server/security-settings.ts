import type { GatewayConfig } from '../config';

export const POLICY_ROLES = ['viewer', 'analyst', 'admin'] as const;
export type PolicyRole = (typeof POLICY_ROLES)[number];

/** What the transport enforces on every operation, on HTTP and WebSocket alike. */
export interface SecuritySettings {
  production: boolean;
  introspection: boolean;
  /** API_KEYS: `key:role` or `sha256:<64 hex>:role`, comma-separated. */
  apiKeys: string | undefined;
  /** API_KEYS_FILE: the same entries, one per line; reloaded when the file changes and on SIGHUP. */
  apiKeysFile: string | undefined;
  anonymousRole: PolicyRole | 'none';
  /** JWT_SECRET (HS256/384/512) or JWT_JWKS_URL (remote key set); bearer tokens that look like JWTs. */
  jwtSecret: string | undefined;
  jwtJwksUrl: string | undefined;
  jwtIssuer: string | undefined;
  jwtAudience: string | undefined;
  /** JWT_ROLE_CLAIM: claim holding the role (a string or a list; the highest known role wins). */
  jwtRoleClaim: string;
  /** BODY_LIMIT_BYTES: HTTP body limit and the WebSocket maxPayload. */
  bodyLimitBytes: number;
  /** CORS_ORIGINS: allowed origins (`*` = any); empty = no CORS headers at all. */
  corsOrigins: readonly string[];
  /** TRUST_PROXY: take the client address from X-Forwarded-For. */
  trustProxy: boolean;
  /** METRICS_PORT: serve /metrics on its own port instead of the API port. */
  metricsPort: number | undefined;
  /** METRICS_TOKEN: /metrics requires `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** MAX_QUERY_DEPTH: fields nested below each other, fragments and introspection included. */
  maxDepth: number;
  /** COST_BUDGETS: largest estimated cost of one operation, per role. */
  costBudgets: Record<PolicyRole, number>;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  executionTimeoutMs: number;
  maxResponseBytes: number;
  /** RATE_LIMIT_PER_MINUTE: requests per key (anonymous callers: per address); 0 = no request or cost limits. */
  requestsPerMinute: number;
  requestsPerMinutePerIp: number;
  costPerMinute: number;
  authFailuresPerMinute: number;
  wsMaxSubscriptionsPerSocket: number;
  wsMaxSubscriptionsPerKey: number;
  wsMaxSocketsPerKey: number;
  wsIdleTimeoutMs: number;
  wsMaxBufferedBytes: number;
  /** TRUSTED_DOCUMENTS_FILE: JSON object sha256 hex → document; when set only these documents run. */
  trustedDocumentsFile: string | undefined;
  /** APQ: automatic persisted queries may register new documents. */
  apq: boolean;
  /** REDIS_URL / REDIS_KEY_PREFIX: shared rate-limit counters in the real mode. */
  redisUrl: string | undefined;
  redisKeyPrefix: string;
}

const DEFAULT_BUDGETS: Record<PolicyRole, number> = {
  viewer: 20_000,
  analyst: 250_000,
  admin: 250_000,
};

/**
 * Reads the security settings from the gateway configuration. Variables the loader does not know
 * yet arrive as extra string keys of the configuration object; each one has a default.
 */
export function securitySettings(config: GatewayConfig): SecuritySettings {
  const extra = config as unknown as Record<string, unknown>;
  const text = (name: string): string | undefined => {
    const value = extra[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (Array.isArray(value)) return value.join(',');
    return typeof value === 'object' ? undefined : String(value as string | number | boolean);
  };
  const int = (name: string, fallback: number): number => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be an integer >= 0`);
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = text(name);
    return raw === undefined ? fallback : ['true', '1', 'yes', 'on'].includes(raw.toLowerCase());
  };
  const production = config.NODE_ENV === 'production';
  const costBudgets = parseBudgets(text('COST_BUDGETS'));
  const requestsPerMinute = config.RATE_LIMIT_PER_MINUTE;
  const metricsPort = text('METRICS_PORT');
  return {
    production,
    introspection: config.introspection,
    apiKeys: config.API_KEYS,
    apiKeysFile: text('API_KEYS_FILE'),
    anonymousRole: config.ANONYMOUS_ROLE,
    jwtSecret: text('JWT_SECRET'),
    jwtJwksUrl: text('JWT_JWKS_URL'),
    jwtIssuer: text('JWT_ISSUER'),
    jwtAudience: text('JWT_AUDIENCE'),
    jwtRoleClaim: text('JWT_ROLE_CLAIM') ?? 'role',
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 8 * 1024 * 1024),
    corsOrigins: (text('CORS_ORIGINS') ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin.length > 0),
    trustProxy: bool('TRUST_PROXY', false),
    metricsPort: metricsPort === undefined ? undefined : int('METRICS_PORT', 0),
    metricsToken: text('METRICS_TOKEN'),
    maxDepth: config.MAX_QUERY_DEPTH,
    costBudgets,
    maxAliases: int('MAX_ALIASES', 30),
    maxDirectives: int('MAX_DIRECTIVES', 20),
    maxTokens: int('MAX_TOKENS', 20_000),
    executionTimeoutMs: int('EXECUTION_TIMEOUT_MS', 10_000),
    maxResponseBytes: int('MAX_RESPONSE_BYTES', 32 * 1024 * 1024),
    requestsPerMinute,
    requestsPerMinutePerIp: int('RATE_LIMIT_IP_PER_MINUTE', requestsPerMinute * 5),
    costPerMinute:
      requestsPerMinute === 0 ? 0 : int('RATE_LIMIT_COST_PER_MINUTE', costBudgets.admin * 4),
    authFailuresPerMinute: int('AUTH_FAILURES_PER_MINUTE', 10),
    wsMaxSubscriptionsPerSocket: int('WS_MAX_SUBSCRIPTIONS_PER_SOCKET', 100),
    wsMaxSubscriptionsPerKey: int('WS_MAX_SUBSCRIPTIONS_PER_KEY', 20_000),
    wsMaxSocketsPerKey: int('WS_MAX_SOCKETS_PER_KEY', 20_000),
    wsIdleTimeoutMs: int('WS_IDLE_TIMEOUT_MS', 300_000),
    wsMaxBufferedBytes: int('WS_MAX_BUFFERED_BYTES', 4 * 1024 * 1024),
    trustedDocumentsFile: text('TRUSTED_DOCUMENTS_FILE'),
    apq: bool('APQ', !production),
    redisUrl: config.realBackends ? config.REDIS_URL : undefined,
    redisKeyPrefix: config.REDIS_KEY_PREFIX,
  };
}

function parseBudgets(spec: string | undefined): Record<PolicyRole, number> {
  const budgets = { ...DEFAULT_BUDGETS };
  for (const entry of (spec ?? '').split(',')) {
    const trimmed = entry.trim();
    if (!trimmed) continue;
    const [role, value] = trimmed.split(':');
    const budget = Number(value);
    if (!POLICY_ROLES.includes(role as PolicyRole) || !Number.isInteger(budget) || budget <= 0) {
      throw new Error('COST_BUDGETS must be role:number pairs, e.g. viewer:20000,analyst:250000');
    }
    budgets[role as PolicyRole] = budget;
  }
  return budgets;
}
