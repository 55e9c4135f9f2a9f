/**
 * One interface per store. Every method is batch-shaped (takes many keys, returns results in key
 * order, one result per key, duplicates repeated) so that DataLoader can turn the N lookups of one
 * GraphQL request into one call per store; `shared/checked.ts` enforces that shape in development.
 * Implementations: `embedded/` (in-memory, the default) and `real/` (`cassandra/` + `redis/`).
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
import type { RegistryStore } from '../domain/model-registry';

/** Follower bands: NANO < 10k, MICRO < 100k, MID < 500k, MACRO < 1M, MEGA >= 1M followers. */
export type FollowerBand = 'NANO' | 'MICRO' | 'MID' | 'MACRO' | 'MEGA';

/**
 * A segment of KOLs. Indexed (one segment read): nothing, category, platform, category + platform,
 * or exactly one of country, language, followerBand. Other combinations are answered by
 * intersecting the segments of each dimension.
 */
export interface SegmentFilter {
  category?: string;
  platform?: string;
  country?: string;
  language?: string;
  followerBand?: FollowerBand;
}

export interface ProfileUpsertResult {
  applied: string[];
  skipped: string[];
}

/**
 * A group of writes whose ranking refreshes run as one at the group's end. Made by
 * `mergeRankingRefreshes` (shared/ranked.ts); a write given one does not refresh by itself.
 */
export interface RankingRefreshGroup {
  readonly mergesRankingRefreshes: true;
}

/** Options of a write through the DataSources. */
export interface WriteOptions {
  refreshes?: RankingRefreshGroup;
}

export interface ProfileUpsertOptions extends WriteOptions {
  /**
   * The stored `updatedAt` of these ids as the caller has just read it (`updatedAt`), null for
   * "not stored": the store need not read it again. Ids not in the map are read.
   */
  storedUpdatedAt?: ReadonlyMap<string, Date | null>;
}

export interface ProfileStore {
  /** Profiles in the order of `ids`; null for unknown ids. */
  getMany(ids: readonly string[]): Promise<(KolProfile | null)[]>;
  /**
   * The stored `updatedAt` of each id, in order (null for unknown ids), from the store of record
   * (never a cache): what a writer compares its rows with.
   */
  updatedAt(ids: readonly string[]): Promise<(Date | null)[]>;
  /**
   * Creates or replaces profiles. A profile whose `updatedAt` is older than the stored one's
   * changes nothing and is listed in `skipped`; with the same id twice in one call the last wins.
   * Each id appears once, in `applied` or `skipped`.
   */
  upsertMany(
    profiles: readonly KolProfile[],
    options?: ProfileUpsertOptions,
  ): Promise<ProfileUpsertResult>;
  /**
   * Ids of every KOL in a segment (all KOLs when the filter is empty), sorted. Not a serving path:
   * the real store scans every profile (rankings are served from the ranking index).
   */
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
  put(records: readonly ScoreRecord[], options?: WriteOptions): Promise<void>;
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
  /**
   * Stores many alerts in one batched, idempotent write (an id already stored changes nothing;
   * the same id twice in one call is stored once). Returns the ids that were new, in input order.
   * Under concurrent calls with the same id more than one caller may report it new (the write
   * itself stays idempotent); use `put` where exactly-once reporting matters.
   */
  putMany(alerts: readonly Alert[]): Promise<string[]>;
  /**
   * Stores every alert without first reading which ids exist (an ingest that does not need to
   * know which were new): idempotent, since an alert's id decides every row it writes, so writing
   * a stored alert again stores the same values. Stores without a cheaper way leave it out.
   */
  storeMany?(alerts: readonly Alert[]): Promise<void>;
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

/** A position in a ranking: the `(score, kolId)` of an entry (valid even after the KOL moved). */
export interface RankingCursor {
  score: number;
  kolId: string;
}

/**
 * One page of a segment's ranking by the default-weight fusion score, best first (ties by kolId
 * ascending). Forwards: `first` entries strictly after `after` (from the top without it).
 * Backwards: `last` entries strictly before `before` (from the bottom without it). Give one of
 * `first` / `last`; with neither, `first` is 0.
 */
export interface RankingPageQuery {
  filter: SegmentFilter;
  first?: number;
  after?: RankingCursor;
  last?: number;
  before?: RankingCursor;
}

export interface RankedEntry {
  entry: RankingEntry;
  /** The default-weight fusion score the order uses (with the trust staleness as of the index). */
  score: number;
}

export interface RankingPage {
  /** Best first. */
  entries: RankedEntry[];
  /** Every KOL of the segment (exact). */
  totalCount: number;
  /** Entries exist after the last one of this page (before the first one, for the other flag). */
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export interface SegmentCount {
  value: string;
  count: number;
}

/** The known values of each segment dimension with the number of KOLs, most KOLs first. */
export interface SegmentValues {
  categories: SegmentCount[];
  platforms: SegmentCount[];
  countries: SegmentCount[];
  languages: SegmentCount[];
  followerBands: SegmentCount[];
}

export interface RankingStore {
  /** Every entry of a segment (all KOLs when the filter is empty), in kolId order. */
  entries(filter: SegmentFilter): Promise<RankingEntry[]>;
  /** One page of the segment's default-weight ranking (an index read, not the whole segment). */
  page(query: RankingPageQuery): Promise<RankingPage>;
  /** Known segment values with exact counts. */
  segments(): Promise<SegmentValues>;
  /**
   * Re-derives the entries of just these KOLs from the stores (after their profile, scores or
   * 24 h metrics were written outside the DataSources that keeps the index, e.g. by a worker).
   */
  refresh(kolIds: readonly string[]): Promise<void>;
  /**
   * Starts building the index when it is not built, without waiting for the build (a process's
   * start); absent where the index is built as it is written.
   */
  buildIfUnbuilt?(): Promise<RankingBuildState>;
  /** Where a build stands (for `/ready`). */
  buildState?(): RankingBuildState;
}

/** Where a build of the index stands, as this process knows it. */
export interface RankingBuildState {
  /**
   * `building`: this process builds; `elsewhere`: another process held the build lease when this one
   * last tried; `idle`: no build this process knows of (reads say whether the index is built).
   */
  state: 'building' | 'elsewhere' | 'idle';
  /** KOLs written by this process's build so far. */
  kols: number;
  /** Since when (epoch ms), when building. */
  since?: number;
}

export type {
  ModelRegistryEvent,
  ModelRegistryState,
  ModelStageName,
  RegistryStore,
} from '../domain/model-registry';

/** Everything the resolvers read or write, whichever backend provides it. */
export interface DataSources {
  profiles: ProfileStore;
  metrics: MetricStore;
  scores: ScoreStore;
  alerts: AlertStore;
  rankings: RankingStore;
  registry: RegistryStore;
  /** Readiness probe: resolves when every backend answers, rejects naming the one that does not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
