/** Core domain records shared by every layer. GraphQL types in `schema/` are projections of these. */

export const METRIC_WINDOWS = ['M5', 'M15', 'H1', 'H24'] as const;
export type MetricWindow = (typeof METRIC_WINDOWS)[number];

/** Window length in milliseconds; also the bucket width of the stored time series. */
export const WINDOW_MS: Record<MetricWindow, number> = {
  M5: 5 * 60_000,
  M15: 15 * 60_000,
  H1: 60 * 60_000,
  H24: 24 * 60 * 60_000,
};

export interface KolProfile {
  id: string;
  platform: string;
  handle: string;
  displayName: string;
  category: string;
  followers: number;
  following: number;
  posts: number;
  verified: boolean;
  /** Sum of likes/favourites over the account's life, when the platform reports it. */
  favorites: number;
  bioLength: number;
  hasUrl: boolean;
  hasProfileImage: boolean;
  isPrivate: boolean;
  accountCreatedAt: Date;
  updatedAt: Date;
  /** Has a biography, when the source said so (otherwise read it as `bioLength > 0`). */
  hasBio?: boolean;
  /** Asking price of one sponsored post, in `currency`. */
  pricePerPost?: number;
  /** ISO 4217 code (upper case) of `pricePerPost`. */
  currency?: string;
  /** ISO 3166-1 alpha-2 code (upper case) of the audience's or creator's country. */
  country?: string;
  /** BCP 47 language tag (lower case), e.g. `en` or `pt-br`. */
  language?: string;
  /**
   * Optional input fields the source did not send. The profile holds a stand-in for each (see
   * `PROFILE_STAND_INS` in domain/kol-input.ts) so older readers keep working; scorers must read
   * these as unknown rather than as the stand-in. Absent or empty: everything was reported.
   */
  unreported?: readonly UnreportedProfileField[];
}

/** Optional KolInput fields whose absence a profile records (see `KolProfile.unreported`). */
export const UNREPORTED_PROFILE_FIELDS = [
  'favoritesCount',
  'accountCreatedAt',
  'bioLength',
  'hasUrl',
  'hasProfileImage',
  'isPrivate',
] as const;
export type UnreportedProfileField = (typeof UNREPORTED_PROFILE_FIELDS)[number];

export interface MetricPoint {
  kolId: string;
  window: MetricWindow;
  /** Start of the bucket this point aggregates (UTC). */
  bucketStart: Date;
  views: number;
  likes: number;
  comments: number;
  shares: number;
  clicks: number;
  orders: number;
  followerDelta: number;
  /** (likes + comments + shares) / views, 0 when there were no views. */
  engagementRate: number;
  sentimentPositiveRatio: number;
  sentimentNegativeRatio: number;
  /** Purchase amount of the bucket's orders, in `currency`, when the source reports amounts. */
  revenue?: number;
  /** ISO 4217 code of `revenue` (the bucket's dominant currency). */
  currency?: string;
}

export interface Reason {
  /** Stable machine code, e.g. `LOW_FOLLOWER_RATIO` or `RULE_SUSPICIOUS_GROWTH`. */
  code: string;
  /** Sentence a brand manager understands. */
  message: string;
  /** Signed contribution: positive pushes the score up, negative pushes it down. */
  impact: number;
}

/** Stored model outputs; `forecast` scores are forecast orders of the next 24 hours. */
export const SCORE_MODELS = ['trust', 'success', 'anomaly', 'forecast'] as const;
export type ScoreModel = (typeof SCORE_MODELS)[number];

/**
 * One stored model output. `score` is in the model's own unit: trust and success 0-100, anomaly 0-1.
 * Risk level, tier, confidence and the boolean flags are pure functions of the score (domain/scores.ts),
 * so they are derived on read rather than stored.
 */
export interface ScoreRecord {
  kolId: string;
  model: ScoreModel;
  score: number;
  modelVersion: string;
  scoredAt: Date;
  reasons: Reason[];
  /**
   * Success and forecast models: forecast revenue of the next 24 hours (from the forecast model),
   * used for the fusion expected value.
   */
  revenueForecast?: number;
  /** ISO 4217 code of `revenueForecast`. */
  currency?: string;
}

export const ALERT_TYPES = [
  'FOLLOWER_SPIKE',
  'FOLLOWER_GROWTH',
  'NEGATIVE_SENTIMENT_TREND',
  'FORECAST_DROP',
  'FEATURE_DRIFT',
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export const SEVERITIES = ['INFO', 'WARNING', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export interface Alert {
  id: string;
  kolId: string;
  type: AlertType;
  severity: Severity;
  /** What was measured (σ, ratio, PSI, percent change, depending on the type). */
  value: number;
  threshold: number;
  /** Window the measurement covers, e.g. `H1` or `3h`. */
  window: string;
  message: string;
  createdAt: Date;
}

export interface AlertFilter {
  kolIds?: readonly string[];
  types?: readonly AlertType[];
  minSeverity?: Severity;
  since?: Date;
}

export function alertMatches(alert: Alert, filter: AlertFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.kolIds && filter.kolIds.length > 0 && !filter.kolIds.includes(alert.kolId))
    return false;
  if (filter.types && filter.types.length > 0 && !filter.types.includes(alert.type)) return false;
  if (filter.minSeverity && severityRank(alert.severity) < severityRank(filter.minSeverity))
    return false;
  if (filter.since && alert.createdAt.getTime() < filter.since.getTime()) return false;
  return true;
}

/** Newest first; ties broken by id so that pagination is stable. */
export function compareAlertsNewestFirst(a: Alert, b: Alert): number {
  const dt = b.createdAt.getTime() - a.createdAt.getTime();
  if (dt !== 0) return dt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
