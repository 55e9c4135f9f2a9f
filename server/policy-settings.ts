import type { ApiKeyEntry, ApiRole, GatewayConfig, SecuritySettings } from '../config';

/** What the operation policy enforces, on HTTP and WebSocket alike: the security settings plus the
 * few auth, limit and store settings it shares with other components. */
export interface PolicySettings extends SecuritySettings {
  production: boolean;
  introspection: boolean;
  /** API_KEYS entries (`key:role` or `sha256:<64 hex>:role`). */
  apiKeys: readonly ApiKeyEntry[];
  anonymousRole: ApiRole | 'none';
  /** MAX_QUERY_DEPTH: fields below fields, fragments and introspection included. */
  maxDepth: number;
  /** RATE_LIMIT_PER_MINUTE per key (anonymous callers: per address); 0 = no request or cost budgets. */
  requestsPerMinute: number;
  /** Shared rate-limit counters in Redis in the real mode; in memory otherwise. */
  redisUrl: string | undefined;
  redisKeyPrefix: string;
}

export function policySettings(config: GatewayConfig): PolicySettings {
  const { settings } = config;
  const requestsPerMinute = settings.limits.rateLimitPerMinute;
  return {
    ...settings.security,
    // One switch for benchmarks and trusted deployments: no request budget means no cost budget.
    costPerMinute: requestsPerMinute === 0 ? 0 : settings.security.costPerMinute,
    rateLimitIpPerMinute: requestsPerMinute === 0 ? 0 : settings.security.rateLimitIpPerMinute,
    production: settings.process.nodeEnv === 'production',
    introspection: settings.http.introspection,
    apiKeys: settings.auth.apiKeys,
    anonymousRole: settings.auth.anonymousRole,
    maxDepth: settings.limits.maxQueryDepth,
    requestsPerMinute,
    redisUrl: settings.mode === 'real' ? settings.redis.url : undefined,
    redisKeyPrefix: settings.redis.keyPrefix,
  };
}
