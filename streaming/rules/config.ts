/**
 * Alert rule thresholds. Every field has a documented default; pass a partial object to override
 * (see `resolveRulesConfig`). Times are in event time, so a replay evaluates exactly like the live run.
 */
export interface FollowerSpikeConfig {
  /** Fire when this 5-min bucket's follower increase is more than `sigma` σ above the baseline. */
  sigma: number;
  /** At or above this many σ the alert is CRITICAL (else WARNING). */
  criticalSigma: number;
  /** EWMA span of the baseline of per-5-min follower increases, in minutes (60 → α = 2/13). */
  baselineMinutes: number;
  /** Closed 5-min buckets the baseline needs before the rule can fire. */
  minSamples: number;
  /** Floor of σ in followers, so a perfectly steady account does not alert on a handful. */
  minSigma: number;
  /** The increase must also exceed the baseline mean by at least this many followers. */
  minIncrease: number;
  /** After an alert, no new one for this KOL for this long (event time). */
  cooldownMinutes: number;
}

export interface FollowerGrowthConfig {
  /** Fire when followers grew by more than this fraction within `windowMinutes`. */
  threshold: number;
  criticalThreshold: number;
  windowMinutes: number;
  /** Accounts smaller than this at the start of the window are ignored. */
  minFollowers: number;
  minIncrease: number;
  cooldownMinutes: number;
}

export interface NegativeSentimentConfig {
  /** Fire when the negative share of classified comments rose this many hours in a row. */
  risingHours: number;
  /** Each hour in the run needs at least this many classified comments. */
  minCommentsPerHour: number;
  /** Each hour must exceed the previous one by at least this much (absolute share). */
  minStep: number;
  /** The latest hour's negative share must be at least this. */
  minRatio: number;
  /** The share must have risen by at least this much over the run (absolute), beyond noise. */
  minTotalRise: number;
  /** At or above this negative share the alert is CRITICAL. */
  criticalRatio: number;
  cooldownMinutes: number;
}

export type ForecastMetric = 'orders' | 'views';

export interface ForecastDropConfig {
  /** Fire when the forecast is more than this fraction below the KOL's own baseline. */
  threshold: number;
  criticalThreshold: number;
  /**
   * Baseline = EWMA of the KOL's daily run rate (the trailing 24-h total, updated every hour) with
   * this span in days (7 → α = 2/169 per hourly update).
   */
  baselineSpanDays: number;
  /** Closed hours observed before the rule can fire (24 to fill the first day, then some baseline). */
  minHours: number;
  /** Metrics checked in order; each needs a baseline of at least `minBaseline` per 24 h. */
  metrics: { metric: ForecastMetric; minBaseline: number }[];
  /** Silent hours longer than this are not replayed one by one (the day is empty by then). */
  maxGapHours: number;
  cooldownMinutes: number;
}

export interface FeatureDriftConfig {
  /** Alert when a feature's PSI exceeds this. */
  threshold: number;
  /** Below `threshold` but above this is moderate drift (reported in messages only). */
  moderateThreshold: number;
  /** Above this the drift is severe and the alert CRITICAL (between threshold and this: WARNING). */
  severeThreshold: number;
  /** Feature rows (KOL-hours) needed before an hour is evaluated. */
  minSamples: number;
  /** Floor for empty bins in the PSI sum. */
  epsilon: number;
  /** The `kolId` of drift alerts, which concern the population rather than one KOL. */
  scopeId: string;
}

export interface RulesConfig {
  followerSpike: FollowerSpikeConfig;
  followerGrowth: FollowerGrowthConfig;
  negativeSentiment: NegativeSentimentConfig;
  forecastDrop: ForecastDropConfig;
  featureDrift: FeatureDriftConfig;
}

export const DEFAULT_RULES_CONFIG: RulesConfig = {
  followerSpike: {
    sigma: 4,
    criticalSigma: 8,
    baselineMinutes: 60,
    minSamples: 6,
    minSigma: 5,
    minIncrease: 50,
    cooldownMinutes: 30,
  },
  followerGrowth: {
    threshold: 0.05,
    criticalThreshold: 0.15,
    windowMinutes: 60,
    minFollowers: 1_000,
    minIncrease: 100,
    cooldownMinutes: 60,
  },
  negativeSentiment: {
    risingHours: 3,
    minCommentsPerHour: 10,
    minStep: 0.01,
    minRatio: 0.15,
    minTotalRise: 0.1,
    criticalRatio: 0.5,
    cooldownMinutes: 180,
  },
  forecastDrop: {
    threshold: 0.3,
    criticalThreshold: 0.5,
    baselineSpanDays: 7,
    minHours: 30,
    metrics: [
      { metric: 'orders', minBaseline: 24 },
      { metric: 'views', minBaseline: 2_000 },
    ],
    maxGapHours: 48,
    cooldownMinutes: 360,
  },
  featureDrift: {
    threshold: 0.2,
    moderateThreshold: 0.1,
    severeThreshold: 0.25,
    minSamples: 100,
    epsilon: 1e-4,
    scopeId: '*',
  },
};

export type RulesConfigInput = { [K in keyof RulesConfig]?: Partial<RulesConfig[K]> };

export function resolveRulesConfig(input: RulesConfigInput = {}): RulesConfig {
  return {
    followerSpike: { ...DEFAULT_RULES_CONFIG.followerSpike, ...input.followerSpike },
    followerGrowth: { ...DEFAULT_RULES_CONFIG.followerGrowth, ...input.followerGrowth },
    negativeSentiment: { ...DEFAULT_RULES_CONFIG.negativeSentiment, ...input.negativeSentiment },
    forecastDrop: { ...DEFAULT_RULES_CONFIG.forecastDrop, ...input.forecastDrop },
    featureDrift: { ...DEFAULT_RULES_CONFIG.featureDrift, ...input.featureDrift },
  };
}

/** EWMA smoothing factor for a span of `n` samples (the usual α = 2 / (n + 1)). */
export function alphaForSpan(n: number): number {
  return 2 / (Math.max(1, n) + 1);
}
