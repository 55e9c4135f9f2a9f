/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
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

/** Audience size band of a KOL, by followers. */
export type FollowerBand =
  /** 500,000 to 999,999 followers. */
  | 'MACRO'
  /** 1,000,000 followers or more. */
  | 'MEGA'
  /** 10,000 to 99,999 followers. */
  | 'MICRO'
  /** 100,000 to 499,999 followers. */
  | 'MID'
  /** Fewer than 10,000 followers. */
  | 'NANO';

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

/** One KOL profile to create or update. Every field is nullable in the schema so that one bad row is reported in `UpsertKolsResult.errors` (with its index and field) while the good rows of the batch land; a row without a required field is rejected. Whole numbers travel as Float and date-times as ISO 8601 text so that 1.5, -3 or a malformed date get a row error too. `platform` and `category` are your own labels: trimmed, runs of whitespace collapsed, lower-cased (that is how they are stored, matched and listed in `segments`). */
export type KolInput = {
  /** When the account was created: an ISO 8601 date (2020-01-31) or date-time with Z or an offset; unknown when omitted. */
  accountCreatedAt?: string | null | undefined;
  /** Characters in the biography; unknown when omitted. */
  bioLength?: number | null | undefined;
  /** Required. Content category, your own taxonomy (e.g. beauty); stored trimmed, spaces collapsed, lower case. */
  category?: string | null | undefined;
  /** ISO 3166-1 alpha-2 country code, e.g. US. */
  country?: string | null | undefined;
  /** ISO 4217 code of pricePerPost, e.g. USD. */
  currency?: string | null | undefined;
  /** Required. Display name. */
  displayName?: string | null | undefined;
  /** Lifetime likes/favourites received; unknown when omitted (the fake-follower rule is then not evaluated). */
  favoritesCount?: number | null | undefined;
  /** Required. Followers now (whole number, 0 or more). */
  followers?: number | null | undefined;
  /** Required. Accounts this KOL follows (whole number, 0 or more). */
  following?: number | null | undefined;
  /** Required. Account handle on its platform; a leading @ is dropped. */
  handle?: string | null | undefined;
  /** Has a biography; read as bioLength > 0 when omitted. */
  hasBio?: boolean | null | undefined;
  /** Has a profile picture; unknown when omitted (scored as true). */
  hasProfileImage?: boolean | null | undefined;
  /** Has a link in the profile; unknown when omitted (scored as false). */
  hasUrl?: boolean | null | undefined;
  /** Required. Your id of the KOL, unique across platforms (at most 128 characters). */
  id?: string | number | null | undefined;
  /** Private profile; unknown when omitted (scored as false). */
  isPrivate?: boolean | null | undefined;
  /** BCP 47 language tag, e.g. en or pt-BR (stored lower case). */
  language?: string | null | undefined;
  /** Required. Platform label, your own taxonomy (e.g. tiktok); stored trimmed, spaces collapsed, lower case. */
  platform?: string | null | undefined;
  /** Required. Posts published (whole number, 0 or more). */
  posts?: number | null | undefined;
  /** Asking price of one sponsored post, in currency (requires currency). */
  pricePerPost?: number | null | undefined;
  /** When this profile was observed: an ISO 8601 date or date-time with Z or an offset (default now). A row older than the stored profile changes nothing. */
  updatedAt?: string | null | undefined;
  /** Required. Platform-verified account. */
  verified?: boolean | null | undefined;
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

/** What changed in the model registry. */
export type ModelEventAction =
  /** A version became Production (the previous one was archived). */
  | 'PROMOTE'
  /** The Production version replaced by the last promotion came back. */
  | 'ROLLBACK'
  /** The Staging version’s share of traffic changed. */
  | 'SET_CANARY_SHARE';

/** Where a score came from. */
export type PredictionSource =
  /** Computed by a batch scoring run (e.g. scoreKols or the nightly job). */
  | 'BATCH'
  /** A fresh stored score, served from the score store or its cache. */
  | 'CACHE'
  /** Computed by the model during this request. */
  | 'REALTIME';

/** Which KOLs to rank and how. Segment filters combine (all must hold); text values are matched the way they are stored (platform and category trimmed, spaces collapsed, lower case; country upper case; language lower case). Pages are keyset-paginated on (score, id): cursors stay valid while scores move. Give `first` (with `after`) to page forwards or `last` (with `before`) to page backwards. */
export type RankingInput = {
  /** Cursor of the item after which the page starts (with `first`). */
  after?: string | null | undefined;
  /** Cursor of the item before which the page ends (with `last`); without it, the bottom of the ranking. */
  before?: string | null | undefined;
  /** Only this category. */
  category?: string | null | undefined;
  /** Only this country (ISO 3166-1 alpha-2, e.g. US). */
  country?: string | null | undefined;
  /** Page size when paging forwards, 1-100 (default 20 when `last` is not given). */
  first?: number | null | undefined;
  /** Only this follower band. */
  followerBand?: FollowerBand | null | undefined;
  /** With trustGate DOWNWEIGHT: factor applied to the success weight of gated KOLs, 0-1 (default 0.5). */
  gatedSuccessFactor?: number | null | undefined;
  /** Only this language (BCP 47 tag, e.g. en or pt-br). */
  language?: string | null | undefined;
  /** Page size when paging backwards, 1-100: the last items before `before`. */
  last?: number | null | undefined;
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


export type KolDetailQuery = { kol: { id: string, metrics: Array<{ window: MetricWindow, bucketStart: string, views: number, likes: number, engagementRate: number, sentimentPositiveRatio: number }>, trust: { trustScore: number, isTrustworthy: boolean, confidence: number, riskLevel: RiskLevel, predictionSource: PredictionSource, modelVersion: string, stale: boolean, reasons: Array<{ code: string, message: string }> }, success: { successScore: number, tier: SuccessTier, isHigh: boolean, confidence: number } | null, fusion: { score: number, successComponent: number, trustComponent: number, sentimentComponent: number, anomalyPenalty: number, missing: Array<string> }, alerts: Array<{ id: string, type: AlertType }> } | null };

export type RankingQueryVariables = Exact<{
  input?: RankingInput | null | undefined;
}>;


export type RankingQuery = { ranking: { totalCount: number, edges: Array<{ cursor: string, node: { rank: number, kol: { id: string, category: string, platform: string }, fusion: { score: number, trustUsed: number | null, gated: boolean, weights: { success: number } } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type DashboardQueryVariables = Exact<{
  first: number;
}>;


export type DashboardQuery = { ranking: { edges: Array<{ node: { rank: number, kol: { id: string, handle: string, followers: number, metrics: Array<{ views: number, engagementRate: number }>, trust: { trustScore: number, riskLevel: RiskLevel }, success: { successScore: number, tier: SuccessTier } | null }, fusion: { score: number } } }> } };

export type RankingPageQueryVariables = Exact<{
  input?: RankingInput | null | undefined;
}>;


export type RankingPageQuery = { ranking: { totalCount: number, notice: string | null, edges: Array<{ cursor: string, node: { rank: number, kol: { id: string, country: string | null, language: string | null, followers: number }, fusion: { score: number } } }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null } } };

export type SegmentsQueryVariables = Exact<{ [key: string]: never; }>;


export type SegmentsQuery = { segments: { categories: Array<{ value: string, count: number }>, platforms: Array<{ value: string, count: number }>, countries: Array<{ value: string, count: number }>, languages: Array<{ value: string, count: number }>, followerBands: Array<{ value: string, count: number }> } };

export type UpsertKolsMutationVariables = Exact<{
  input: Array<KolInput> | KolInput;
}>;


export type UpsertKolsMutation = { upsertKols: { applied: number, appliedIds: Array<string>, skipped: number, skippedIds: Array<string>, rejected: number, scores: number, tookMs: number, errors: Array<{ index: number, id: string | null, field: string | null, message: string }>, superseded: Array<{ index: number, id: string, keptIndex: number }> } };

export type ImportedKolQueryVariables = Exact<{
  id: string | number;
}>;


export type ImportedKolQuery = { kol: { id: string, platform: string, handle: string, displayName: string, category: string, followers: number, following: number, posts: number, verified: boolean, favoritesCount: number | null, accountCreatedAt: string | null, hasBio: boolean | null, bioLength: number | null, hasUrl: boolean | null, hasProfileImage: boolean | null, isPrivate: boolean | null, pricePerPost: number | null, currency: string | null, country: string | null, language: string | null, updatedAt: string, trust: { trustScore: number, predictionSource: PredictionSource, modelVersion: string }, fusion: { missing: Array<string> } } | null };

export type ModelEventsQueryVariables = Exact<{
  model?: string | null | undefined;
  first?: number | null | undefined;
}>;


export type ModelEventsQuery = { modelEvents: Array<{ id: string, model: string, action: ModelEventAction, version: string | null, fromVersion: string | null, toVersion: string | null, canaryShare: number | null, actor: string, at: string }> };


export const AlertsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Alerts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AlertFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alerts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kolId"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<AlertsQuery, AlertsQueryVariables>;
export const LiveAlertsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"LiveAlerts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AlertFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alerts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kolId"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"window"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<LiveAlertsSubscription, LiveAlertsSubscriptionVariables>;
export const MetricUpdatesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"MetricUpdates"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"kolId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"window"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MetricWindow"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"metricUpdates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"kolId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kolId"}}},{"kind":"Argument","name":{"kind":"Name","value":"window"},"value":{"kind":"Variable","name":{"kind":"Name","value":"window"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kolId"}},{"kind":"Field","name":{"kind":"Name","value":"window"}},{"kind":"Field","name":{"kind":"Name","value":"bucketStart"}},{"kind":"Field","name":{"kind":"Name","value":"views"}}]}}]}}]} as unknown as DocumentNode<MetricUpdatesSubscription, MetricUpdatesSubscriptionVariables>;
export const KolProfileDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"KolProfile"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kol"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"platform"}},{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"followers"}},{"kind":"Field","name":{"kind":"Name","value":"following"}},{"kind":"Field","name":{"kind":"Name","value":"posts"}},{"kind":"Field","name":{"kind":"Name","value":"verified"}}]}}]}}]} as unknown as DocumentNode<KolProfileQuery, KolProfileQueryVariables>;
export const KolsByIdsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"KolsByIds"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kols"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"handle"}}]}}]}}]} as unknown as DocumentNode<KolsByIdsQuery, KolsByIdsQueryVariables>;
export const KolDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"KolDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"window"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MetricWindow"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kol"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"window"},"value":{"kind":"Variable","name":{"kind":"Name","value":"window"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"window"}},{"kind":"Field","name":{"kind":"Name","value":"bucketStart"}},{"kind":"Field","name":{"kind":"Name","value":"views"}},{"kind":"Field","name":{"kind":"Name","value":"likes"}},{"kind":"Field","name":{"kind":"Name","value":"engagementRate"}},{"kind":"Field","name":{"kind":"Name","value":"sentimentPositiveRatio"}}]}},{"kind":"Field","name":{"kind":"Name","value":"trust"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trustScore"}},{"kind":"Field","name":{"kind":"Name","value":"isTrustworthy"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"riskLevel"}},{"kind":"Field","name":{"kind":"Name","value":"predictionSource"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"}},{"kind":"Field","name":{"kind":"Name","value":"stale"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"success"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"successScore"}},{"kind":"Field","name":{"kind":"Name","value":"tier"}},{"kind":"Field","name":{"kind":"Name","value":"isHigh"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fusion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"successComponent"}},{"kind":"Field","name":{"kind":"Name","value":"trustComponent"}},{"kind":"Field","name":{"kind":"Name","value":"sentimentComponent"}},{"kind":"Field","name":{"kind":"Name","value":"anomalyPenalty"}},{"kind":"Field","name":{"kind":"Name","value":"missing"}}]}},{"kind":"Field","name":{"kind":"Name","value":"alerts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]}}]} as unknown as DocumentNode<KolDetailQuery, KolDetailQueryVariables>;
export const RankingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Ranking"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RankingInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ranking"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"kol"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"platform"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fusion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"trustUsed"}},{"kind":"Field","name":{"kind":"Name","value":"gated"}},{"kind":"Field","name":{"kind":"Name","value":"weights"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"success"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<RankingQuery, RankingQueryVariables>;
export const DashboardDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Dashboard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ranking"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"kol"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"followers"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"window"},"value":{"kind":"EnumValue","value":"H1"}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"views"}},{"kind":"Field","name":{"kind":"Name","value":"engagementRate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"trust"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trustScore"}},{"kind":"Field","name":{"kind":"Name","value":"riskLevel"}}]}},{"kind":"Field","name":{"kind":"Name","value":"success"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"successScore"}},{"kind":"Field","name":{"kind":"Name","value":"tier"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"fusion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"score"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<DashboardQuery, DashboardQueryVariables>;
export const RankingPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RankingPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RankingInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ranking"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"notice"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"kol"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"country"}},{"kind":"Field","name":{"kind":"Name","value":"language"}},{"kind":"Field","name":{"kind":"Name","value":"followers"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fusion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"score"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<RankingPageQuery, RankingPageQueryVariables>;
export const SegmentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Segments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"segments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"categories"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"platforms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"countries"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"languages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"followerBands"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}}]}}]} as unknown as DocumentNode<SegmentsQuery, SegmentsQueryVariables>;
export const UpsertKolsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpsertKols"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"KolInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upsertKols"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"applied"}},{"kind":"Field","name":{"kind":"Name","value":"appliedIds"}},{"kind":"Field","name":{"kind":"Name","value":"skipped"}},{"kind":"Field","name":{"kind":"Name","value":"skippedIds"}},{"kind":"Field","name":{"kind":"Name","value":"rejected"}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"superseded"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"keptIndex"}}]}},{"kind":"Field","name":{"kind":"Name","value":"scores"}},{"kind":"Field","name":{"kind":"Name","value":"tookMs"}}]}}]}}]} as unknown as DocumentNode<UpsertKolsMutation, UpsertKolsMutationVariables>;
export const ImportedKolDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ImportedKol"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kol"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"platform"}},{"kind":"Field","name":{"kind":"Name","value":"handle"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"followers"}},{"kind":"Field","name":{"kind":"Name","value":"following"}},{"kind":"Field","name":{"kind":"Name","value":"posts"}},{"kind":"Field","name":{"kind":"Name","value":"verified"}},{"kind":"Field","name":{"kind":"Name","value":"favoritesCount"}},{"kind":"Field","name":{"kind":"Name","value":"accountCreatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"hasBio"}},{"kind":"Field","name":{"kind":"Name","value":"bioLength"}},{"kind":"Field","name":{"kind":"Name","value":"hasUrl"}},{"kind":"Field","name":{"kind":"Name","value":"hasProfileImage"}},{"kind":"Field","name":{"kind":"Name","value":"isPrivate"}},{"kind":"Field","name":{"kind":"Name","value":"pricePerPost"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"country"}},{"kind":"Field","name":{"kind":"Name","value":"language"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"trust"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trustScore"}},{"kind":"Field","name":{"kind":"Name","value":"predictionSource"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fusion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"missing"}}]}}]}}]}}]} as unknown as DocumentNode<ImportedKolQuery, ImportedKolQueryVariables>;
export const ModelEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ModelEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"model"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"model"},"value":{"kind":"Variable","name":{"kind":"Name","value":"model"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"fromVersion"}},{"kind":"Field","name":{"kind":"Name","value":"toVersion"}},{"kind":"Field","name":{"kind":"Name","value":"canaryShare"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<ModelEventsQuery, ModelEventsQueryVariables>;