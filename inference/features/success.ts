/**
 * Success feature engineering: the model's 21 features, line for line the same as
 * training/features_success.py. Ratios divide by max(denominator, 1). The viral/high-engagement
 * thresholds are per model version and come from its card.
 */
import { DEFAULT_EST_CTR } from '../core/defaults';
import type { SuccessInput } from '../core/types';

export const SUCCESS_FEATURES = [
  'video_views',
  'video_likes',
  'video_comments',
  'video_shares',
  'engagement_total',
  'engagement_rate',
  'est_clicks',
  'est_ctr',
  'likes_per_view',
  'comments_per_view',
  'shares_per_view',
  'log_views',
  'log_engagement',
  'log_clicks',
  'log_price',
  'price',
  'price_tier',
  'engagement_x_ctr',
  'views_x_ctr',
  'is_viral_views',
  'is_high_engagement',
] as const;

export type SuccessFeatureName = (typeof SUCCESS_FEATURES)[number];

/** Lower edges of price tiers 1..4 (bins 0/50K/200K/500K/1M/inf, lower edge inclusive). */
export const PRICE_TIER_EDGES = [50_000, 200_000, 500_000, 1_000_000] as const;

export interface SuccessThresholds {
  /** P90 of the training rows' views: is_viral_views = views > this. */
  viralViewsP90: number;
  /** P75 of the training rows' engagement rate: is_high_engagement = rate > this. */
  highEngagementRateP75: number;
}

export interface ResolvedSuccessInput {
  videoViews: number;
  videoLikes: number;
  videoComments: number;
  videoShares: number;
  engagementTotal: number;
  engagementRate: number;
  estClicks: number;
  estCtr: number;
  price: number;
}

export function priceTier(price: number): number {
  let tier = 0;
  for (const edge of PRICE_TIER_EDGES) if (price >= edge) tier += 1;
  return tier;
}

export function resolveSuccessInput(input: SuccessInput): ResolvedSuccessInput {
  return resolveSuccessInto(input, {} as ResolvedSuccessInput);
}

/** resolveSuccessInput into `out` (a batch reuses one object for every row). */
export function resolveSuccessInto(
  input: SuccessInput,
  out: ResolvedSuccessInput,
): ResolvedSuccessInput {
  const views = input.videoViews;
  const engagementTotal =
    input.engagementTotal ?? input.videoLikes + input.videoComments + input.videoShares;
  const engagementRate = input.engagementRate ?? engagementTotal / Math.max(views, 1);
  const estCtr =
    input.estCtr ??
    (input.estClicks == null ? DEFAULT_EST_CTR : input.estClicks / Math.max(views, 1));
  out.videoViews = views;
  out.videoLikes = input.videoLikes;
  out.videoComments = input.videoComments;
  out.videoShares = input.videoShares;
  out.engagementTotal = engagementTotal;
  out.engagementRate = engagementRate;
  out.estClicks = input.estClicks ?? views * estCtr;
  out.estCtr = estCtr;
  out.price = input.price;
  return out;
}

export function writeSuccessFeatures(
  r: ResolvedSuccessInput,
  t: SuccessThresholds,
  out: Float32Array,
  offset: number,
): void {
  const views = r.videoViews;
  const perView = Math.max(views, 1);
  out[offset] = views;
  out[offset + 1] = r.videoLikes;
  out[offset + 2] = r.videoComments;
  out[offset + 3] = r.videoShares;
  out[offset + 4] = r.engagementTotal;
  out[offset + 5] = r.engagementRate;
  out[offset + 6] = r.estClicks;
  out[offset + 7] = r.estCtr;
  out[offset + 8] = r.videoLikes / perView;
  out[offset + 9] = r.videoComments / perView;
  out[offset + 10] = r.videoShares / perView;
  out[offset + 11] = Math.log1p(views);
  out[offset + 12] = Math.log1p(r.engagementTotal);
  out[offset + 13] = Math.log1p(r.estClicks);
  out[offset + 14] = Math.log1p(r.price);
  out[offset + 15] = r.price;
  out[offset + 16] = priceTier(r.price);
  out[offset + 17] = r.engagementRate * r.estCtr;
  out[offset + 18] = views * r.estCtr;
  out[offset + 19] = views > t.viralViewsP90 ? 1 : 0;
  out[offset + 20] = r.engagementRate > t.highEngagementRateP75 ? 1 : 0;
}

export function successFeatureMatrix(
  rows: readonly ResolvedSuccessInput[],
  thresholds: SuccessThresholds,
): Float32Array {
  const width = SUCCESS_FEATURES.length;
  const out = new Float32Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) writeSuccessFeatures(rows[i]!, thresholds, out, i * width);
  return out;
}

export function successFeatureVector(input: SuccessInput, thresholds: SuccessThresholds): number[] {
  return Array.from(successFeatureMatrix([resolveSuccessInput(input)], thresholds));
}

/** Feature matrix of raw inputs (defaults applied): the exact tensor data the success model gets. */
export function buildSuccessMatrix(
  inputs: readonly SuccessInput[],
  thresholds: SuccessThresholds,
): Float32Array {
  return successFeatureMatrix(inputs.map(resolveSuccessInput), thresholds);
}
