import type { Logger } from 'pino';
import type { ApiRole, ScoringSettings } from '../config/settings';
import type { DataSources } from '../datasources/types';
import type { InferenceService } from '../inference/service';
import { createKolImportService, type KolImportService } from '../services/kol-import';
import { createRankingService, type RankingService } from '../services/rankings';
import { createScoringService, type ScoringService } from '../services/scoring';
import type { LiveFeed } from '../subscriptions/live-feed';
import type { Caller } from './auth';
import { CursorKey } from './cursor-key';
import { createLoaders, type Loaders } from './loaders';

export type { Caller };

/** Long-lived parts every resolver may use, shared by all requests. */
export interface ResolverServices {
  data: DataSources;
  feed: LiveFeed;
  logger: Logger;
  inference: InferenceService;
  /** Batch scoring (scoreKols). */
  scoring: ScoringService;
  /** Profile ingest (upsertKols). */
  kolImport: KolImportService;
  /** Ranking pages and segments. */
  ranking: RankingService;
  /** `costBudgets`: the cost budget of one operation per role (COST_BUDGETS), where configured. */
  settings: { scoring: ScoringSettings; costBudgets?: Readonly<Record<ApiRole, number>> };
  /** Signs the ranking and alert cursors: one key for every replica of a deployment. */
  cursorKey: CursorKey;
  /** The request clock (tests and demos pin it); the system clock when absent. */
  clock?: () => Date;
}

/**
 * Per-request (or per-subscription-operation) context. `S` lets the transport carry its own
 * long-lived parts (API keys, rate limiter) beside the resolvers' ones.
 */
export interface GatewayContext<S extends ResolverServices = ResolverServices> {
  services: S;
  loaders: Loaders;
  /** Request time, so every score in one response is judged fresh or stale against the same clock. */
  now: Date;
  /** performance.now() when the context was made (before the document is executed). */
  startedAt: number;
  caller: Caller;
}

/** The resolvers' services over the stores and models (the composition root adds the transport's). */
export function createResolverServices(parts: {
  data: DataSources;
  feed: LiveFeed;
  logger: Logger;
  inference: InferenceService;
  scoring: ScoringSettings;
  costBudgets?: Readonly<Record<ApiRole, number>>;
  /** Default: a key of this process only. */
  cursorKey?: CursorKey;
  clock?: () => Date;
}): ResolverServices {
  const { data, inference, scoring, costBudgets, cursorKey, ...rest } = parts;
  return {
    ...rest,
    data,
    inference,
    scoring: createScoringService({ data, inference }),
    kolImport: createKolImportService({ data, inference }),
    ranking: createRankingService({ data, trustMaxAgeMs: scoring.maxAgeSeconds * 1000 }),
    settings: costBudgets ? { scoring, costBudgets } : { scoring },
    cursorKey: cursorKey ?? CursorKey.random(),
  };
}

export function createContext<S extends ResolverServices>(
  services: S,
  caller: Caller,
): GatewayContext<S> {
  const startedAt = performance.now();
  const now = services.clock?.() ?? new Date();
  return {
    services,
    loaders: createLoaders(services.data, services.inference, now),
    now,
    startedAt,
    caller,
  };
}
