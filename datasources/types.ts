/**
 * One interface per store. Every method is batch-shaped (takes many keys, returns results in key
 * order) so that DataLoader can turn the N lookups of one GraphQL request into one call per store.
 * Implementations: `embedded/` (in-memory, the default) and `cassandra/` + `redis/` (real).
 */
import type {
  Alert,
  AlertFilter,
  KolProfile,
  MetricPoint,
  MetricWindow,
  ScoreModel,
  ScoreRecord,
} from '../domain/types';

export interface SegmentFilter {
  category?: string;
  platform?: string;
}

export interface ProfileStore {
  /** Profiles in the order of `ids`; null for unknown ids. */
  getMany(ids: readonly string[]): Promise<(KolProfile | null)[]>;
  upsertMany(profiles: readonly KolProfile[]): Promise<void>;
  /** Ids of every KOL in a segment (all KOLs when the filter is empty), in a stable order. */
  listIds(filter: SegmentFilter): Promise<string[]>;
}

export interface MetricSeriesKey {
  kolId: string;
  window: MetricWindow;
  /** How many most recent buckets to return. */
  last: number;
}

export interface MetricStore {
  /** Most recent buckets first, for each key in order. Empty array when there is no history. */
  series(keys: readonly MetricSeriesKey[]): Promise<MetricPoint[][]>;
  /** Latest point per (kol, window), in key order; null when none. */
  latest(keys: readonly { kolId: string; window: MetricWindow }[]): Promise<(MetricPoint | null)[]>;
  /** Insert or replace points (same kol, window and bucketStart overwrite). */
  write(points: readonly MetricPoint[]): Promise<void>;
}

export interface ScoreStore {
  /** Latest stored score of `model` for each id, in order; null when never scored. */
  latest(model: ScoreModel, kolIds: readonly string[]): Promise<(ScoreRecord | null)[]>;
  /** Up to `limit` most recent scores of `model` per id, newest first. */
  history(model: ScoreModel, kolIds: readonly string[], limit: number): Promise<ScoreRecord[][]>;
  put(records: readonly ScoreRecord[]): Promise<void>;
}

export interface AlertPage {
  alerts: Alert[];
  hasNextPage: boolean;
}

export interface AlertCursor {
  createdAt: Date;
  id: string;
}

export interface AlertStore {
  /** Stores an alert unless one with the same id exists. Returns true when it was new. */
  put(alert: Alert): Promise<boolean>;
  /** Newest first, strictly after `after` in that order. */
  query(filter: AlertFilter, first: number, after?: AlertCursor): Promise<AlertPage>;
  /** Newest `first` alerts of each KOL, in id order. */
  recentByKol(kolIds: readonly string[], first: number): Promise<Alert[][]>;
}

/**
 * The inputs of the fusion ranking for one KOL, denormalised so that a ranking request is one read
 * whatever the weights (weights vary per query, so the order cannot be precomputed).
 */
export interface RankingEntry {
  kolId: string;
  category: string;
  platform: string;
  /** Trust scores, newest first (the first is the latest); empty when never scored. */
  trustHistory: { score: number; scoredAt: Date }[];
  success: number | null;
  revenueForecast: number | null;
  /** Positive comment ratio over the last 24 h; null without comments. */
  sentimentPositiveRatio: number | null;
  anomaly: number | null;
}

export interface RankingStore {
  /** Every entry of a segment (all KOLs when the filter is empty). */
  entries(filter: SegmentFilter): Promise<RankingEntry[]>;
}

/** Everything the resolvers read or write, whichever backend provides it. */
export interface DataSources {
  profiles: ProfileStore;
  metrics: MetricStore;
  scores: ScoreStore;
  alerts: AlertStore;
  rankings: RankingStore;
  /** Readiness probe: resolves when every backend answers, rejects naming the one that does not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
