import type { MetricPoint } from '../../domain/types';

/**
 * A plausible H1 bucket of KOL number `i` (its `b`-th bucket), the same numbers for the same
 * (i, b): what the scale and scoring benches write as the KOLs' metric history.
 */
export function syntheticH1Bucket(
  kolId: string,
  i: number,
  b: number,
  bucketStart: Date,
): MetricPoint {
  const views = 1_000 + ((i * 7_919 + b * 104_729) % 50_000);
  const likes = Math.round(views * 0.05);
  const comments = Math.round(views * 0.01);
  const shares = Math.round(views * 0.004);
  return {
    kolId,
    window: 'H1',
    bucketStart,
    views,
    likes,
    comments,
    shares,
    clicks: Math.round(views * 0.02),
    orders: Math.round(views * 0.001),
    followerDelta: (i % 13) - 3,
    engagementRate: (likes + comments + shares) / views,
    sentimentPositiveRatio: 0.6,
    sentimentNegativeRatio: 0.1,
  };
}
