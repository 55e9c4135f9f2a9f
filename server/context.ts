import type { Logger } from 'pino';
import type { GatewayConfig } from '../config';
import type { DataSources } from '../datasources/types';
import type { InferenceService } from '../inference/service';
import { createLoaders, type Loaders } from '../resolvers/loaders';
import { parseApiKeys, type ApiKeyTable, type Caller } from './auth';
import { RateLimiter } from './limits';
import type { LiveFeed } from '../subscriptions/live-feed';

/** Long-lived parts shared by every request. */
export interface GatewayServices {
  config: GatewayConfig;
  data: DataSources;
  feed: LiveFeed;
  logger: Logger;
  inference: InferenceService;
  apiKeys: ApiKeyTable;
  rateLimiter: RateLimiter;
}

/** Per-request (or per-subscription-operation) context. */
export interface GatewayContext {
  services: GatewayServices;
  loaders: Loaders;
  /** Request time, so every score in one response is judged fresh or stale against the same clock. */
  now: Date;
  caller: Caller;
}

export function createContext(services: GatewayServices, caller: Caller): GatewayContext {
  const now = new Date();
  return { services, loaders: createLoaders(services.data, services.inference, now), now, caller };
}

/** Assembles the shared services; access control and rate limits come from the configuration. */
export function createServices(parts: {
  config: GatewayConfig;
  data: DataSources;
  feed: LiveFeed;
  logger: Logger;
  inference: InferenceService;
}): GatewayServices {
  return {
    ...parts,
    apiKeys: parseApiKeys(parts.config.API_KEYS, parts.config.ANONYMOUS_ROLE),
    rateLimiter: new RateLimiter(parts.config.RATE_LIMIT_PER_MINUTE),
  };
}
