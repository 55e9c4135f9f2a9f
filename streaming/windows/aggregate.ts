/**
 * The contents of one metric bucket (one KOL, one window, one bucket start) and its projections:
 * the `MetricPoint` the gateway stores and serves, and the feature row published on features.stream.
 */
import type { FeatureRow } from '../../contracts/feature-row';
import type { MetricPoint, MetricWindow } from '../../domain/types';

export interface BucketAgg {
  /** Social counters: increases of the per-post cumulative counters (post_metrics). */
  views: number;
  likes: number;
  comments: number;
  shares: number;
  /** Web events. `webViews` are landing-page views, kept apart from post views. */
  webViews: number;
  clicks: number;
  /** Transactions. */
  addToCarts: number;
  orders: number;
  /** Purchase amounts by ISO currency code. */
  revenue: Record<string, number>;
  /** Sum of follower increases between consecutive profile snapshots landing in this bucket. */
  followerDelta: number;
  /** Time covered by those increases (sum of gaps to the previous snapshot), for rate normalising. */
  followerSpanMs: number;
  /** Profile snapshots whose event time falls in this bucket. */
  snapshots: number;
  /** Followers at the latest snapshot in this bucket, and that snapshot's time (-1 when none). */
  followers: number;
  followersAtMs: number;
  /** Classified comments (comment events). */
  positive: number;
  neutral: number;
  negative: number;
  /** Accepted events whose time falls in this bucket. */
  events: number;
}

export function emptyAgg(): BucketAgg {
  return {
    views: 0,
    likes: 0,
    comments: 0,
    shares: 0,
    webViews: 0,
    clicks: 0,
    addToCarts: 0,
    orders: 0,
    revenue: {},
    followerDelta: 0,
    followerSpanMs: 0,
    snapshots: 0,
    followers: 0,
    followersAtMs: -1,
    positive: 0,
    neutral: 0,
    negative: 0,
    events: 0,
  };
}

export function classifiedComments(
  agg: Pick<BucketAgg, 'positive' | 'neutral' | 'negative'>,
): number {
  return agg.positive + agg.neutral + agg.negative;
}

export function engagementRate(
  agg: Pick<BucketAgg, 'views' | 'likes' | 'comments' | 'shares'>,
): number {
  return agg.views > 0 ? (agg.likes + agg.comments + agg.shares) / agg.views : 0;
}

export function toMetricPoint(
  kolId: string,
  window: MetricWindow,
  bucketStart: number,
  agg: BucketAgg,
): MetricPoint {
  const classified = classifiedComments(agg);
  return {
    kolId,
    window,
    bucketStart: new Date(bucketStart),
    views: agg.views,
    likes: agg.likes,
    comments: agg.comments,
    shares: agg.shares,
    clicks: agg.clicks,
    orders: agg.orders,
    followerDelta: agg.followerDelta,
    engagementRate: engagementRate(agg),
    sentimentPositiveRatio: classified > 0 ? agg.positive / classified : 0,
    sentimentNegativeRatio: classified > 0 ? agg.negative / classified : 0,
  };
}

/**
 * The point the metric store keeps: the `MetricPoint` plus the bucket's purchase amount in its
 * dominant currency (the one with the largest amount), which the success and forecast models read.
 */
export function toStoredPoint(
  kolId: string,
  window: MetricWindow,
  bucketStart: number,
  agg: BucketAgg,
): MetricPoint {
  const point = toMetricPoint(kolId, window, bucketStart, agg);
  let currency: string | undefined;
  let revenue = 0;
  for (const [code, amount] of Object.entries(agg.revenue)) {
    if (currency === undefined || amount > revenue) {
      currency = code;
      revenue = amount;
    }
  }
  return currency === undefined ? point : { ...point, revenue, currency };
}

export function toFeatureRow(
  kolId: string,
  window: MetricWindow,
  bucketStart: number,
  agg: BucketAgg,
): FeatureRow {
  const classified = classifiedComments(agg);
  return {
    kol_id: kolId,
    window,
    bucket_start: new Date(bucketStart).toISOString(),
    views: agg.views,
    likes: agg.likes,
    comments: agg.comments,
    shares: agg.shares,
    engagement_total: agg.likes + agg.comments + agg.shares,
    engagement_rate: engagementRate(agg),
    web_views: agg.webViews,
    clicks: agg.clicks,
    ctr: agg.webViews > 0 ? agg.clicks / agg.webViews : 0,
    add_to_carts: agg.addToCarts,
    orders: agg.orders,
    conversion_rate: agg.clicks > 0 ? agg.orders / agg.clicks : 0,
    revenue: { ...agg.revenue },
    follower_delta: agg.followerDelta,
    followers: agg.followersAtMs >= 0 ? agg.followers : null,
    comments_classified: classified,
    sentiment_pos_ratio: classified > 0 ? agg.positive / classified : 0,
    sentiment_neg_ratio: classified > 0 ? agg.negative / classified : 0,
    events: agg.events,
  };
}

/**
 * What the rules remember of a closed (final) bucket. Built from a live bucket when it closes, or
 * from a stored `MetricPoint` when a KOL's rules are warm-started from the time series.
 */
export interface BucketSummary {
  start: number;
  views: number;
  orders: number;
  followerDelta: number;
  followerSpanMs: number;
  snapshots: number;
  commentsClassified: number;
  negativeRatio: number;
}

export function summarize(start: number, agg: BucketAgg): BucketSummary {
  const classified = classifiedComments(agg);
  return {
    start,
    views: agg.views,
    orders: agg.orders,
    followerDelta: agg.followerDelta,
    followerSpanMs: agg.followerSpanMs,
    snapshots: agg.snapshots,
    commentsClassified: classified,
    negativeRatio: classified > 0 ? agg.negative / classified : 0,
  };
}

/**
 * A stored point as a summary. Stored points carry no snapshot count or classified-comment count:
 * every stored bucket is taken to have had snapshots across its whole width, and `comments` stands in
 * for the classified comments (its ratio is what was stored).
 */
export function summarizePoint(point: MetricPoint, widthMs: number): BucketSummary {
  return {
    start: point.bucketStart.getTime(),
    views: point.views,
    orders: point.orders,
    followerDelta: point.followerDelta,
    followerSpanMs: widthMs,
    snapshots: 1,
    commentsClassified:
      point.sentimentPositiveRatio + point.sentimentNegativeRatio > 0 ? point.comments : 0,
    negativeRatio: point.sentimentNegativeRatio,
  };
}
