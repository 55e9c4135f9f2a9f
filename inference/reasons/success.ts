/**
 * Success reasons: the strongest of four factor groups (reach, engagement, expected clicks,
 * price) from the model's `contributions` output (path attribution of logit P(High)). `impact` is
 * in success points: the score minus the score without that group's contribution.
 *
 * Codes: VIRAL_VIEWS, VIEWS, HIGH_ENGAGEMENT, ENGAGEMENT_RATE, EXPECTED_CLICKS, PRICE_TIER.
 */
import type { Reason } from '../../domain/types';
import {
  SUCCESS_FEATURES,
  priceTier,
  type ResolvedSuccessInput,
  type SuccessThresholds,
} from '../features/success';
import { featureGroups, groupSums, strongest } from './groups';
import { formatCount, formatPercent, roundImpact, sigmoid } from './format';

export const MAX_SUCCESS_REASONS = 3;
export const MIN_SUCCESS_REASON_LOGIT = 0.1;

const PRICE_TIER_NAMES = ['budget', 'mid-range', 'upper mid-range', 'premium', 'luxury'] as const;

const GROUPS = featureGroups(SUCCESS_FEATURES, {
  reach: ['video_views', 'log_views', 'is_viral_views'],
  engagement: [
    'video_likes',
    'video_comments',
    'video_shares',
    'engagement_total',
    'engagement_rate',
    'likes_per_view',
    'comments_per_view',
    'shares_per_view',
    'log_engagement',
    'is_high_engagement',
  ],
  clicks: ['est_clicks', 'est_ctr', 'log_clicks', 'engagement_x_ctr', 'views_x_ctr'],
  price: ['price', 'log_price', 'price_tier'],
});

type Group = (typeof GROUPS)[number]['key'];

const SUMS = new Float64Array(GROUPS.length);

function describe(
  group: Group,
  r: ResolvedSuccessInput,
  t: SuccessThresholds,
): { code: string; message: string } {
  switch (group) {
    case 'reach':
      return r.videoViews > t.viralViewsP90
        ? { code: 'VIRAL_VIEWS', message: `${formatCount(r.videoViews)} views (top 10% of videos)` }
        : { code: 'VIEWS', message: `${formatCount(r.videoViews)} views` };
    case 'engagement':
      return r.engagementRate > t.highEngagementRateP75
        ? {
            code: 'HIGH_ENGAGEMENT',
            message: `Engagement rate ${formatPercent(r.engagementRate)} (top 25%)`,
          }
        : {
            code: 'ENGAGEMENT_RATE',
            message: `Engagement rate ${formatPercent(r.engagementRate)}`,
          };
    case 'clicks':
      return {
        code: 'EXPECTED_CLICKS',
        message: `About ${formatCount(r.estClicks)} expected clicks (${formatPercent(r.estCtr)} click-through)`,
      };
    case 'price': {
      const tier = priceTier(r.price);
      return {
        code: 'PRICE_TIER',
        message: `Price ${formatCount(r.price)} (${PRICE_TIER_NAMES[tier]} tier)`,
      };
    }
  }
}

/** @param z logit of P(High) */
export function successReasons(
  r: ResolvedSuccessInput,
  thresholds: SuccessThresholds,
  contributions: Float32Array,
  offset: number,
  z: number,
): Reason[] {
  // One scratch array: the sums are read only within this call.
  const sums = groupSums(GROUPS, contributions, offset, SUMS);
  const p = sigmoid(z);
  return strongest(sums, MAX_SUCCESS_REASONS, MIN_SUCCESS_REASON_LOGIT).map((g) => {
    const { code, message } = describe(GROUPS[g]!.key, r, thresholds);
    return { code, message, impact: roundImpact(100 * (p - sigmoid(z - sums[g]!))) };
  });
}
