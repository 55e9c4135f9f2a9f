import type { Logger } from 'pino';
import type { GatewayConfig } from '../config';
import type { DataSources } from '../datasources/types';
import { createLoaders, type Loaders } from '../resolvers/loaders';
import type { LiveFeed } from '../subscriptions/live-feed';

/** Long-lived parts shared by every request. */
export interface GatewayServices {
  config: GatewayConfig;
  data: DataSources;
  feed: LiveFeed;
  logger: Logger;
}

/** Per-request (or per-subscription-operation) context. */
export interface GatewayContext {
  services: GatewayServices;
  loaders: Loaders;
  /** Request time, so every score in one response is judged fresh or stale against the same clock. */
  now: Date;
}

export function createContext(services: GatewayServices): GatewayContext {
  return { services, loaders: createLoaders(services.data), now: new Date() };
}
