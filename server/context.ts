/**
 * Transport-side services of the gateway. The request context itself lives with the resolvers
 * (resolvers/context.ts); what is here is only what the HTTP/WebSocket layer adds to it.
 */
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config';
import type { DataSources } from '../datasources/types';
import type { InferenceService } from '../inference/service';
import {
  createContext as createResolverContext,
  createResolverServices,
  type GatewayContext as ResolverContext,
  type ResolverServices,
} from '../resolvers/context';
import type { Caller } from '../resolvers/auth';
import type { CursorKey } from '../resolvers/cursor-key';
import type { LiveFeed } from '../subscriptions/live-feed';

/** Long-lived parts shared by every request: the resolvers' services plus the transport's. */
export interface GatewayServices extends ResolverServices {
  config: GatewayConfig;
}

export type GatewayContext = ResolverContext<GatewayServices>;

export function createContext(services: GatewayServices, caller: Caller): GatewayContext {
  return createResolverContext(services, caller);
}

/** Assembles the shared services (access control and rate limits are the operation policy's). */
export function createServices(parts: {
  config: GatewayConfig;
  data: DataSources;
  feed: LiveFeed;
  logger: Logger;
  inference: InferenceService;
  /** Default: a key of this process only (see app/cursor-secret.ts). */
  cursorKey?: CursorKey;
}): GatewayServices {
  const { config } = parts;
  return {
    ...createResolverServices({
      ...parts,
      scoring: { maxAgeSeconds: config.SCORE_MAX_AGE_SECONDS },
      costBudgets: config.settings.security.costBudgets,
    }),
    config,
  };
}
