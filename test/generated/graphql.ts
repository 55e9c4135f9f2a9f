/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar. */
  DateTime: { input: string; output: string; }
};

/** Something unusual measured on a KOL. It states a measurement, not a verdict. */
export type Alert = {
  __typename?: 'Alert';
  /** When the alert was raised (UTC). */
  createdAt: Scalars['DateTime']['output'];
  /** Deterministic id: the same event never raises two alerts. */
  id: Scalars['ID']['output'];
  /** KOL the alert is about. */
  kolId: Scalars['ID']['output'];
  /** Human-readable description of the measurement. */
  message: Scalars['String']['output'];
  /** How unusual the measurement is. */
  severity: Severity;
  /** Threshold the value crossed. */
  threshold: Scalars['Float']['output'];
  /** What was measured. */
  type: AlertType;
  /** Measured value (σ, percent, ratio or PSI, depending on the type). */
  value: Scalars['Float']['output'];
  /** Time span measured, e.g. `H1` or `3h`. */
  window: Scalars['String']['output'];
};

/** A page of alerts, newest first. */
export type AlertConnection = {
  __typename?: 'AlertConnection';
  /** Alerts of this page. */
  edges: Array<AlertEdge>;
  /** Pagination state. */
  pageInfo: PageInfo;
};

/** An alert with its pagination cursor. */
export type AlertEdge = {
  __typename?: 'AlertEdge';
  /** Opaque cursor of this alert. */
  cursor: Scalars['String']['output'];
  /** The alert. */
  node: Alert;
};

/** Alert filter; all given conditions must hold. */
export type AlertFilter = {
  /** Only alerts about these KOLs (at most 1,000). */
  kolIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Only this severity and above. */
  minSeverity?: InputMaybe<Severity>;
  /** Only alerts created at or after this time. On the subscription, stored alerts since then are replayed first, then live ones follow. */
  since?: InputMaybe<Scalars['DateTime']['input']>;
  /** Only these alert types. */
  types?: InputMaybe<Array<AlertType>>;
};

/** What an alert measured. Alerts report measurements, not verdicts. */
export type AlertType =
  /** Input distribution drifted from training (PSI above 0.2). */
  | 'FEATURE_DRIFT'
  /** Followers grew more than 5% within one hour. */
  | 'FOLLOWER_GROWTH'
  /** Follower change above 4σ of the 60-minute EWMA baseline. */
  | 'FOLLOWER_SPIKE'
  /** Forecast fell more than 30% below the KOL’s own baseline. */
  | 'FORECAST_DROP'
  /** Negative comment ratio rose three hours in a row. */
  | 'NEGATIVE_SENTIMENT_TREND';

/** Fusion score: α·success/100 + β·trust/100 + γ·sentimentPositiveRatio − δ·anomaly. Higher ranks first. */
export type FusionScore = {
  __typename?: 'FusionScore';
  /** δ·anomaly, subtracted from the score. */
  anomalyPenalty: Scalars['Float']['output'];
  /** revenueForecast × trust/100: forecast revenue discounted by trust. */
  expectedValue?: Maybe<Scalars['Float']['output']>;
  /** True when trust was below the query’s minTrust gate. */
  gated: Scalars['Boolean']['output'];
  /** Inputs with no data yet (counted as 0, sentiment as 0.5). */
  missing: Array<Scalars['String']['output']>;
  /** Final fusion score. */
  score: Scalars['Float']['output'];
  /** γ·positive comment ratio over 24 h (0.5 is used when there are no comments). */
  sentimentComponent: Scalars['Float']['output'];
  /** α·success/100. */
  successComponent: Scalars['Float']['output'];
  /** β·trust/100 (trust smoothed when stale). */
  trustComponent: Scalars['Float']['output'];
  /** True when the latest trust score is older than its refresh interval and was smoothed. */
  trustStale: Scalars['Boolean']['output'];
  /** Trust value used: the latest trust score, or an EMA of recent ones when stale. */
  trustUsed?: Maybe<Scalars['Float']['output']>;
  /** Weights applied. */
  weights: FusionWeights;
};

/** Weights actually applied to a fusion score. */
export type FusionWeights = {
  __typename?: 'FusionWeights';
  /** δ, weight of the anomaly penalty. */
  anomaly: Scalars['Float']['output'];
  /** γ, weight of positive sentiment. */
  sentiment: Scalars['Float']['output'];
  /** α, weight of success (after any trust-gate cut). */
  success: Scalars['Float']['output'];
  /** β, weight of trust. */
  trust: Scalars['Float']['output'];
};

/** Fusion weights; each omitted weight takes its default. */
export type FusionWeightsInput = {
  /** δ, weight of the anomaly penalty (0-1 anomaly score; default 0.3). */
  anomaly?: InputMaybe<Scalars['Float']['input']>;
  /** γ, weight of the 24 h positive comment ratio (default 0.2). */
  sentiment?: InputMaybe<Scalars['Float']['input']>;
  /** α, weight of success/100 (default 0.45). */
  success?: InputMaybe<Scalars['Float']['input']>;
  /** β, weight of trust/100 (default 0.35). */
  trust?: InputMaybe<Scalars['Float']['input']>;
};

/** A key opinion leader (influencer) account. Scores, metrics and alerts are resolved on demand and batched per request. */
export type Kol = {
  __typename?: 'Kol';
  /** When the account was created on its platform. */
  accountCreatedAt: Scalars['DateTime']['output'];
  /** Most recent alerts about this KOL, newest first. */
  alerts: Array<Alert>;
  /** Content category, e.g. beauty, gaming, food. */
  category: Scalars['String']['output'];
  /** Display name. */
  displayName: Scalars['String']['output'];
  /** Followers at the last profile snapshot. */
  followers: Scalars['Int']['output'];
  /** Accounts this KOL follows. */
  following: Scalars['Int']['output'];
  /** Fusion score with the given weights (same formula as `ranking`, without a trust gate). */
  fusion: FusionScore;
  /** Account handle on its platform, without the @. */
  handle: Scalars['String']['output'];
  /** Gateway-wide KOL id. */
  id: Scalars['ID']['output'];
  /** Most recent rolling-metric buckets of one window, newest first. */
  metrics: Array<MetricPoint>;
  /** Platform of the account: tiktok, instagram, youtube or x. */
  platform: Scalars['String']['output'];
  /** Posts published. */
  posts: Scalars['Int']['output'];
  /** Latest success score; null when the KOL was never scored. */
  success?: Maybe<SuccessScore>;
  /** Latest trust score; null when the KOL was never scored. */
  trust?: Maybe<TrustScore>;
  /** When the profile was last refreshed. */
  updatedAt: Scalars['DateTime']['output'];
  /** Platform-verified account. */
  verified: Scalars['Boolean']['output'];
};


/** A key opinion leader (influencer) account. Scores, metrics and alerts are resolved on demand and batched per request. */
export type KolAlertsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** A key opinion leader (influencer) account. Scores, metrics and alerts are resolved on demand and batched per request. */
export type KolFusionArgs = {
  weights?: InputMaybe<FusionWeightsInput>;
};


/** A key opinion leader (influencer) account. Scores, metrics and alerts are resolved on demand and batched per request. */
export type KolMetricsArgs = {
  last?: InputMaybe<Scalars['Int']['input']>;
  window: MetricWindow;
};

/** Aggregated activity of one KOL over one bucket of a rolling window. */
export type MetricPoint = {
  __typename?: 'MetricPoint';
  /** Start of the bucket (UTC). */
  bucketStart: Scalars['DateTime']['output'];
  /** Clicks on tracked campaign links in the bucket. */
  clicks: Scalars['Int']['output'];
  /** Comments in the bucket. */
  comments: Scalars['Int']['output'];
  /** (likes + comments + shares) / views; 0 without views. */
  engagementRate: Scalars['Float']['output'];
  /** Net follower change over the bucket (negative when they lost followers). */
  followerDelta: Scalars['Int']['output'];
  /** KOL the point belongs to. */
  kolId: Scalars['String']['output'];
  /** Likes in the bucket. */
  likes: Scalars['Int']['output'];
  /** Purchases attributed to the KOL in the bucket. */
  orders: Scalars['Int']['output'];
  /** Share of comments classified negative (0-1); 0 without comments. */
  sentimentNegativeRatio: Scalars['Float']['output'];
  /** Share of comments classified positive (0-1); 0 without comments. */
  sentimentPositiveRatio: Scalars['Float']['output'];
  /** Shares in the bucket. */
  shares: Scalars['Int']['output'];
  /** Video/post views in the bucket. */
  views: Scalars['Int']['output'];
  /** Bucket width. */
  window: MetricWindow;
};

/** Width of a rolling-metric bucket. */
export type MetricWindow =
  /** 1 hour. */
  | 'H1'
  /** 24 hours. */
  | 'H24'
  /** 5 minutes. */
  | 'M5'
  /** 15 minutes. */
  | 'M15';

/** Relay-style page information. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor of the last item of this page; pass it as `after` for the next page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** True when more items follow `endCursor`. */
  hasNextPage: Scalars['Boolean']['output'];
};

/** Where a score came from. */
export type PredictionSource =
  /** Computed by a batch scoring run (e.g. scoreKols or the nightly job). */
  | 'BATCH'
  /** A fresh stored score, served from the score store or its cache. */
  | 'CACHE'
  /** Computed by the model during this request. */
  | 'REALTIME';

export type Query = {
  __typename?: 'Query';
  /** Stored alerts, newest first, cursor-paginated. */
  alerts: AlertConnection;
  /** One KOL by id; null when the id is unknown. */
  kol?: Maybe<Kol>;
  /** Many KOLs by id (at most 10,000), in the order given; null for unknown ids. */
  kols: Array<Maybe<Kol>>;
  /** KOLs ranked by fusion score, best first, cursor-paginated. Weights and the trust gate are per query. */
  ranking: RankingConnection;
};


export type QueryAlertsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AlertFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryKolArgs = {
  id: Scalars['ID']['input'];
};


export type QueryKolsArgs = {
  ids: Array<Scalars['ID']['input']>;
};


export type QueryRankingArgs = {
  input?: InputMaybe<RankingInput>;
};

/** One ranked KOL. */
export type RankedKol = {
  __typename?: 'RankedKol';
  /** The fusion score it was ranked by. */
  fusion: FusionScore;
  /** The KOL. */
  kol: Kol;
  /** 1-based position in the whole ranking (not just this page). */
  rank: Scalars['Int']['output'];
};

/** A page of the fusion ranking, best first. */
export type RankingConnection = {
  __typename?: 'RankingConnection';
  /** Ranked KOLs of this page. */
  edges: Array<RankingEdge>;
  /** Pagination state. */
  pageInfo: PageInfo;
  /** KOLs in the ranking after gating (all pages). */
  totalCount: Scalars['Int']['output'];
};

/** A ranked KOL with its cursor. */
export type RankingEdge = {
  __typename?: 'RankingEdge';
  /** Opaque cursor of this position. */
  cursor: Scalars['String']['output'];
  /** The ranked KOL. */
  node: RankedKol;
};

/** Which KOLs to rank and how. */
export type RankingInput = {
  /** Cursor of the item after which the page starts. */
  after?: InputMaybe<Scalars['String']['input']>;
  /** Only this category. */
  category?: InputMaybe<Scalars['String']['input']>;
  /** Page size, 1-100 (default 20). */
  first?: InputMaybe<Scalars['Int']['input']>;
  /** With trustGate DOWNWEIGHT: factor applied to the success weight of gated KOLs, 0-1 (default 0.5). */
  gatedSuccessFactor?: InputMaybe<Scalars['Float']['input']>;
  /** Trust gate τ (0-100): KOLs below it are excluded or down-weighted per `trustGate`. Default: no gate. */
  minTrust?: InputMaybe<Scalars['Float']['input']>;
  /** Only this platform. */
  platform?: InputMaybe<Scalars['String']['input']>;
  /** What the gate does (default EXCLUDE). */
  trustGate?: InputMaybe<TrustGateMode>;
  /** Fusion weights (defaults documented on each). */
  weights?: InputMaybe<FusionWeightsInput>;
};

/** One factor behind a score, in words a brand manager understands. */
export type Reason = {
  __typename?: 'Reason';
  /** Stable machine code of the factor, e.g. `RULE_SUSPICIOUS_GROWTH`. */
  code: Scalars['String']['output'];
  /** Signed effect on the score: positive pushes it up, negative pushes it down. */
  impact: Scalars['Float']['output'];
  /** Human-readable explanation. */
  message: Scalars['String']['output'];
};

/** Trust risk band: LOW (trust >= 80), MODERATE (60-79.99), ELEVATED (40-59.99), HIGH (< 40). */
export type RiskLevel =
  /** Trust score from 40 up to 60. */
  | 'ELEVATED'
  /** Trust score below 40: likely bought followers or automation. */
  | 'HIGH'
  /** Trust score 80 or above. */
  | 'LOW'
  /** Trust score from 60 up to 80. */
  | 'MODERATE';

/** How urgent an alert is; filters with minSeverity include this level and above. */
export type Severity =
  /** Strongly unusual; act now. */
  | 'CRITICAL'
  /** Worth a look. */
  | 'INFO'
  /** Unusual; check before committing budget. */
  | 'WARNING';

export type Subscription = {
  __typename?: 'Subscription';
  /** Live alerts as they are raised. With `filter.since`, stored alerts since then are replayed first (oldest first, at most 1,000), then live ones follow without duplicates. */
  alerts: Alert;
  /** Rolling-metric updates of one KOL and window, as buckets change. */
  metricUpdates: MetricPoint;
};


export type SubscriptionAlertsArgs = {
  filter?: InputMaybe<AlertFilter>;
};


export type SubscriptionMetricUpdatesArgs = {
  kolId: Scalars['ID']['input'];
  window: MetricWindow;
};

/** How likely a campaign with this KOL sells well (top 25% of sales). */
export type SuccessScore = {
  __typename?: 'SuccessScore';
  /** Probability of the predicted class (0.5-1). */
  confidence: Scalars['Float']['output'];
  /** True when successScore >= 50. */
  isHigh: Scalars['Boolean']['output'];
  /** KOL scored, when the input named one. */
  kolId?: Maybe<Scalars['ID']['output']>;
  /** Version of the success model that produced the score. */
  modelVersion: Scalars['String']['output'];
  /** Where this score came from. */
  predictionSource: PredictionSource;
  /** Top factors pushing the score, strongest first. */
  reasons: Array<Reason>;
  /** Forecast campaign revenue (same currency as the price inputs), when the model gives one. */
  revenueForecast?: Maybe<Scalars['Float']['output']>;
  /** When the score was computed. */
  scoredAt: Scalars['DateTime']['output'];
  /** True when the score is older than the refresh interval (SCORE_MAX_AGE_SECONDS). */
  stale: Scalars['Boolean']['output'];
  /** 0-100, = 100 × P(High sales). */
  successScore: Scalars['Float']['output'];
  /** Band derived from successScore. */
  tier: SuccessTier;
};

/** Expected campaign success band: HIGH (score > 75), MEDIUM (40-75), LOW (< 40). */
export type SuccessTier =
  /** Success score above 75. */
  | 'HIGH'
  /** Success score below 40. */
  | 'LOW'
  /** Success score from 40 to 75. */
  | 'MEDIUM';

/** What the ranking does with a KOL whose trust is below `minTrust`. */
export type TrustGateMode =
  /** Keep the KOL but multiply its success weight by `gatedSuccessFactor`. */
  | 'DOWNWEIGHT'
  /** Leave the KOL out of the ranking. */
  | 'EXCLUDE';

/** How trustworthy an account is (organic audience, no bought followers). */
export type TrustScore = {
  __typename?: 'TrustScore';
  /** Probability of the predicted class (0.5-1). */
  confidence: Scalars['Float']['output'];
  /** True when trustScore >= 50. */
  isTrustworthy: Scalars['Boolean']['output'];
  /** KOL scored, when the input named one. */
  kolId?: Maybe<Scalars['ID']['output']>;
  /** Version of the trust model that produced the score. */
  modelVersion: Scalars['String']['output'];
  /** Where this score came from. */
  predictionSource: PredictionSource;
  /** Top factors pushing the score, strongest first. */
  reasons: Array<Reason>;
  /** Risk band derived from trustScore. */
  riskLevel: RiskLevel;
  /** When the score was computed. */
  scoredAt: Scalars['DateTime']['output'];
  /** True when the score is older than the refresh interval (SCORE_MAX_AGE_SECONDS). */
  stale: Scalars['Boolean']['output'];
  /** 0-100, = 100 × (1 − P(untrustworthy)). Higher is better. */
  trustScore: Scalars['Float']['output'];
};

/** Alert filter; all given conditions must hold. */
export type AlertFilter = {
  /** Only alerts about these KOLs (at most 1,000). */
  kolIds?: Array<string | number> | null | undefined;
  /** Only this severity and above. */
  minSeverity?: Severity | null | undefined;
  /** Only alerts created at or after this time. On the subscription, stored alerts since then are replayed first, then live ones follow. */
  since?: string | null | undefined;
  /** Only these alert types. */
  types?: Array<AlertType> | null | undefined;
};

/** What an alert measured. Alerts report measurements, not verdicts. */
export type AlertType =
  /** Input distribution drifted from training (PSI above 0.2). */
  | 'FEATURE_DRIFT'
  /** Followers grew more than 5% within one hour. */
  | 'FOLLOWER_GROWTH'
  /** Follower change above 4σ of the 60-minute EWMA baseline. */
  | 'FOLLOWER_SPIKE'
  /** Forecast fell more than 30% below the KOL’s own baseline. */
  | 'FORECAST_DROP'
  /** Negative comment ratio rose three hours in a row. */
  | 'NEGATIVE_SENTIMENT_TREND';

/** Fusion weights; each omitted weight takes its default. */
export type FusionWeightsInput = {
  /** δ, weight of the anomaly penalty (0-1 anomaly score; default 0.3). */
  anomaly?: number | null | undefined;
  /** γ, weight of the 24 h positive comment ratio (default 0.2). */
  sentiment?: number | null | undefined;
  /** α, weight of success/100 (default 0.45). */
  success?: number | null | undefined;
  /** β, weight of trust/100 (default 0.35). */
  trust?: number | null | undefined;
};

/** Width of a rolling-metric bucket. */
export type MetricWindow =
  /** 1 hour. */
  | 'H1'
  /** 24 hours. */
  | 'H24'
  /** 5 minutes. */
  | 'M5'
  /** 15 minutes. */
  | 'M15';

/** Where a score came from. */
export type PredictionSource =
  /** Computed by a batch scoring run (e.g. scoreKols or the nightly job). */
  | 'BATCH'
  /** A fresh stored score, served from the score store or its cache. */
  | 'CACHE'
  /** Computed by the model during this request. */
  | 'REALTIME';

/** Which KOLs to rank and how. */
export type RankingInput = {
  /** Cursor of the item after which the page starts. */
  after?: string | null | undefined;
  /** Only this category. */
  category?: string | null | undefined;
  /** Page size, 1-100 (default 20). */
  first?: number | null | undefined;
  /** With trustGate DOWNWEIGHT: factor applied to the success weight of gated KOLs, 0-1 (default 0.5). */
  gatedSuccessFactor?: number | null | undefined;
  /** Trust gate τ (0-100): KOLs below it are excluded or down-weighted per `trustGate`. Default: no gate. */
  minTrust?: number | null | undefined;
  /** Only this platform. */
  platform?: string | null | undefined;
  /** What the gate does (default EXCLUDE). */
  trustGate?: TrustGateMode | null | undefined;
  /** Fusion weights (defaults documented on each). */
  weights?: FusionWeightsInput | null | undefined;
};

/** Trust risk band: LOW (trust >= 80), MODERATE (60-79.99), ELEVATED (40-59.99), HIGH (< 40). */
export type RiskLevel =
  /** Trust score from 40 up to 60. */
  | 'ELEVATED'
  /** Trust score below 40: likely bought followers or automation. */
  | 'HIGH'
  /** Trust score 80 or above. */
  | 'LOW'
  /** Trust score from 60 up to 80. */
  | 'MODERATE';

/** How urgent an alert is; filters with minSeverity include this level and above. */
export type Severity =
  /** Strongly unusual; act now. */
  | 'CRITICAL'
  /** Worth a look. */
  | 'INFO'
  /** Unusual; check before committing budget. */
  | 'WARNING';

/** Expected campaign success band: HIGH (score > 75), MEDIUM (40-75), LOW (< 40). */
export type SuccessTier =
  /** Success score above 75. */
  | 'HIGH'
  /** Success score below 40. */
  | 'LOW'
  /** Success score from 40 to 75. */
  | 'MEDIUM';

/** What the ranking does with a KOL whose trust is below `minTrust`. */
export type TrustGateMode =
  /** Keep the KOL but multiply its success weight by `gatedSuccessFactor`. */
  | 'DOWNWEIGHT'
  /** Leave the KOL out of the ranking. */
  | 'EXCLUDE';

export type AlertsQueryVariables = Exact<{
  filter?: AlertFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AlertsQuery = { alerts: { edges: Array<{ cursor: string, node: { id: string, kolId: string, type: AlertType, severity: Severity, createdAt: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type LiveAlertsSubscriptionVariables = Exact<{
  filter?: AlertFilter | null | undefined;
}>;


export type LiveAlertsSubscription = { alerts: { id: string, kolId: string, type: AlertType, severity: Severity, value: number, threshold: number, window: string, message: string, createdAt: string } };

export type MetricUpdatesSubscriptionVariables = Exact<{
  kolId: string | number;
  window: MetricWindow;
}>;


export type MetricUpdatesSubscription = { metricUpdates: { kolId: string, window: MetricWindow, bucketStart: string, views: number } };

export type KolProfileQueryVariables = Exact<{
  id: string | number;
}>;


export type KolProfileQuery = { kol: { id: string, platform: string, handle: string, displayName: string, category: string, followers: number, following: number, posts: number, verified: boolean } | null };

export type KolsByIdsQueryVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type KolsByIdsQuery = { kols: Array<{ id: string, handle: string } | null> };

export type KolDetailQueryVariables = Exact<{
  id: string | number;
  window: MetricWindow;
  last?: number | null | undefined;
}>;


export type KolDetailQuery = { kol: { id: string, metrics: Array<{ window: MetricWindow, bucketStart: string, views: number, likes: number, engagementRate: number, sentimentPositiveRatio: number }>, trust: { trustScore: number, isTrustworthy: boolean, confidence: number, riskLevel: RiskLevel, predictionSource: PredictionSource, modelVersion: string, stale: boolean, reasons: Array<{ code: string, message: string }> } | null, success: { successScore: number, tier: SuccessTier, isHigh: boolean, confidence: number } | null, fusion: { score: number, successComponent: number, trustComponent: number, sentimentComponent: number, anomalyPenalty: number, missing: Array<string> }, alerts: Array<{ id: string, type: AlertType }> } | null };

export type RankingQueryVariables = Exact<{
  input?: RankingInput | null | undefined;
}>;


export type RankingQuery = { ranking: { totalCount: number, edges: Array<{ cursor: string, node: { rank: number, kol: { id: string, category: string, platform: string }, fusion: { score: number, trustUsed: number | null, gated: boolean, weights: { success: number } } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type DashboardQueryVariables = Exact<{
  first: number;
}>;


export type DashboardQuery = { ranking: { edges: Array<{ node: { rank: number, kol: { id: string, handle: string, followers: number, metrics: Array<{ views: number, engagementRate: number }>, trust: { trustScore: number, riskLevel: RiskLevel } | null, success: { successScore: number, tier: SuccessTier } | null }, fusion: { score: number } } }> } };


export const AlertsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Alerts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AlertFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alerts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kolId"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<AlertsQuery, AlertsQueryVariables>;
export const LiveAlertsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"LiveAlerts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AlertFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alerts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kolId"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"window"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<LiveAlertsSubscription, LiveAlertsSubscriptionVariables>;
export const MetricUpdatesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"MetricUpdates"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"kolId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"window"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MetricWindow"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"metricUpdates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"kolId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kolId"}}},{"kind":"Argument","name":{"kind":"Name","value":"window"},"value":{"kind":"Variable","name":{"kind":"Name","value":"window"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kolId"}},{"kind":"Field","name":{"kind":"Name","value":"window"}},{"kind":"Field","name":{"kind":"Name","value":"bucketStart"}},{"kind":"Field","name":{"kind":"Name","value":"views"}}]}}]}}]} as unknown as DocumentNode<MetricUpdatesSubscription, MetricUpdatesSubscriptionVariables>;
export const KolProfileDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"KolProfile"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kol"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"platform"}},{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"followers"}},{"kind":"Field","name":{"kind":"Name","value":"following"}},{"kind":"Field","name":{"kind":"Name","value":"posts"}},{"kind":"Field","name":{"kind":"Name","value":"verified"}}]}}]}}]} as unknown as DocumentNode<KolProfileQuery, KolProfileQueryVariables>;
export const KolsByIdsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"KolsByIds"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kols"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"handle"}}]}}]}}]} as unknown as DocumentNode<KolsByIdsQuery, KolsByIdsQueryVariables>;
export const KolDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"KolDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"window"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MetricWindow"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kol"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"window"},"value":{"kind":"Variable","name":{"kind":"Name","value":"window"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"window"}},{"kind":"Field","name":{"kind":"Name","value":"bucketStart"}},{"kind":"Field","name":{"kind":"Name","value":"views"}},{"kind":"Field","name":{"kind":"Name","value":"likes"}},{"kind":"Field","name":{"kind":"Name","value":"engagementRate"}},{"kind":"Field","name":{"kind":"Name","value":"sentimentPositiveRatio"}}]}},{"kind":"Field","name":{"kind":"Name","value":"trust"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trustScore"}},{"kind":"Field","name":{"kind":"Name","value":"isTrustworthy"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"riskLevel"}},{"kind":"Field","name":{"kind":"Name","value":"predictionSource"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"}},{"kind":"Field","name":{"kind":"Name","value":"stale"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"success"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"successScore"}},{"kind":"Field","name":{"kind":"Name","value":"tier"}},{"kind":"Field","name":{"kind":"Name","value":"isHigh"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fusion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"successComponent"}},{"kind":"Field","name":{"kind":"Name","value":"trustComponent"}},{"kind":"Field","name":{"kind":"Name","value":"sentimentComponent"}},{"kind":"Field","name":{"kind":"Name","value":"anomalyPenalty"}},{"kind":"Field","name":{"kind":"Name","value":"missing"}}]}},{"kind":"Field","name":{"kind":"Name","value":"alerts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]}}]} as unknown as DocumentNode<KolDetailQuery, KolDetailQueryVariables>;
export const RankingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Ranking"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RankingInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ranking"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"kol"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"platform"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fusion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"trustUsed"}},{"kind":"Field","name":{"kind":"Name","value":"gated"}},{"kind":"Field","name":{"kind":"Name","value":"weights"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"success"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<RankingQuery, RankingQueryVariables>;
export const DashboardDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Dashboard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ranking"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"kol"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"followers"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"window"},"value":{"kind":"EnumValue","value":"H1"}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"views"}},{"kind":"Field","name":{"kind":"Name","value":"engagementRate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"trust"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trustScore"}},{"kind":"Field","name":{"kind":"Name","value":"riskLevel"}}]}},{"kind":"Field","name":{"kind":"Name","value":"success"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"successScore"}},{"kind":"Field","name":{"kind":"Name","value":"tier"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"fusion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"score"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<DashboardQuery, DashboardQueryVariables>;