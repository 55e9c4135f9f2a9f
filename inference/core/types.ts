/** Inputs and results of the scorers. Optional fields accept null (GraphQL sends null for omitted). */
import type { RiskLevel, SuccessTier } from '../../domain/scores';
import type { Reason } from '../../domain/types';

export type { Reason, RiskLevel, SuccessTier };

/** Raw profile fields (GraphQL TrustInput). Counts are non-negative integers. */
export interface TrustInput {
  kolId?: string | null;
  followersCount: number;
  followingCount: number;
  postCount: number;
  favoritesCount?: number | null;
  accountAgeDays?: number | null;
  verified?: boolean | null;
  hasBio?: boolean | null;
  hasUrl?: boolean | null;
  hasProfileImage?: boolean | null;
  bioLength?: number | null;
  isPrivate?: boolean | null;
  usernameLength?: number | null;
  usernameDigitCount?: number | null;
}

/** Campaign video and price figures (GraphQL SuccessInput). */
export interface SuccessInput {
  kolId?: string | null;
  videoViews: number;
  videoLikes: number;
  videoComments: number;
  videoShares: number;
  engagementTotal?: number | null;
  engagementRate?: number | null;
  estClicks?: number | null;
  estCtr?: number | null;
  price: number;
}

/** Profile and recent-metric figures for the anomaly model. */
export interface AnomalyInput {
  kolId?: string | null;
  followersCount: number;
  followingCount: number;
  postCount: number;
  accountAgeDays?: number | null;
  /** Per-view engagement of recent posts, (likes + comments + shares) / views, 0..1. */
  engagementRate?: number | null;
  /** Followers gained over the last 24 hours (negative when lost). */
  followerDelta24h?: number | null;
}

/** How a batch of raw inputs is scored. */
export interface ScoreOptions {
  /**
   * Whether `reasons` can be read (default true). False runs each model without its per-feature
   * contributions, the larger part of the model's work; reading `reasons` then throws.
   */
  explain?: boolean;
  /** When given, the time spent is added to it (the scoring benchmark's breakdown). */
  timings?: ScorerTimings;
}

/** Milliseconds of a batch, by phase (added to, so one object can gather several batches). */
export interface ScorerTimings {
  /** Validation, defaults and the feature matrix. */
  featuresMs: number;
  /** onnxruntime `run` calls. */
  ortMs: number;
  /** Rules and result objects. */
  resultsMs: number;
}

export function emptyScorerTimings(): ScorerTimings {
  return { featuresMs: 0, ortMs: 0, resultsMs: 0 };
}

export interface TrustResult {
  kolId: string | null;
  /** 0-100 = 100 × (1 − P(untrustworthy)), after the rules. */
  trustScore: number;
  /** trustScore >= 50. */
  isTrustworthy: boolean;
  /** Probability of the predicted class, 0.5-1. */
  confidence: number;
  riskLevel: RiskLevel;
  modelVersion: string;
  /** Strongest first: the top model factors and every rule that fired. */
  reasons: Reason[];
  scoredAt: Date;
}

export interface SuccessResult {
  kolId: string | null;
  /** 0-100 = 100 × P(High). */
  successScore: number;
  tier: SuccessTier;
  /** successScore >= 50. */
  isHigh: boolean;
  /** The larger class probability, 0.5-1. */
  confidence: number;
  modelVersion: string;
  /** Strongest first; built on first read like TrustResult.reasons. */
  reasons: Reason[];
  scoredAt: Date;
}

export interface AnomalyResult {
  kolId: string | null;
  /** 0 ordinary … 1 among the 1% most unusual profiles; high = anomalous. */
  anomalyScore: number;
  modelVersion: string;
  scoredAt: Date;
}

/**
 * The raw inputs of a batch by position: an array of objects, or columns read through one reused
 * object. `row(i)` of a column source overwrites the object of the previous call: read it before
 * asking for another row, and never keep it. A scored batch reads its rows again to build reasons:
 * leave them unchanged while the batch is in use.
 */
export interface InputRows<T> {
  readonly length: number;
  row(i: number): T;
}

/** An array of inputs as InputRows. */
export function inputRows<T>(inputs: readonly T[]): InputRows<T> {
  return { length: inputs.length, row: (i) => inputs[i]! };
}

/** How a batch of InputRows is scored. */
export interface BatchOptions extends ScoreOptions {
  /** Positions of the source to score, in this order (default: all). */
  positions?: ArrayLike<number>;
  /** The caller validated these rows already (the scorer then does not). */
  validated?: boolean;
}

/**
 * A scored batch, columnar: entry `k` is the k-th position scored. Scores and versions are read
 * per entry; `reasons(k)` is built on each call from the model's contributions (not kept: a
 * caller that reads them twice keeps its own copy, as TrustResult does).
 */
interface ScoredBatch {
  readonly length: number;
  modelVersion(k: number): string;
  /** The input's own kolId. */
  kolId(k: number): string | null;
  /** Throws when the batch was scored with `explain: false`. */
  reasons(k: number): Reason[];
  readonly scoredAt: Date;
}

export interface TrustBatch extends ScoredBatch {
  /** 0-100 after the rules. */
  readonly trustScore: Float64Array;
}

export interface SuccessBatch extends ScoredBatch {
  /** 0-100. */
  readonly successScore: Float64Array;
}
