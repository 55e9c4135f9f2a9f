/**
 * The `features.stream` message: one row per updated (KOL, window, bucket), keyed by `kol_id`,
 * snake_case JSON like the training pipeline's columns.
 */
import type { MetricWindow } from '../domain/types';

/** One row of features.stream (snake_case, like the training pipeline's columns). */
export interface FeatureRow {
  kol_id: string;
  window: MetricWindow;
  bucket_start: string;
  views: number;
  likes: number;
  comments: number;
  shares: number;
  engagement_total: number;
  engagement_rate: number;
  web_views: number;
  clicks: number;
  /** clicks / web_views, 0 without web views. */
  ctr: number;
  add_to_carts: number;
  orders: number;
  /** orders / clicks, 0 without clicks. */
  conversion_rate: number;
  revenue: Record<string, number>;
  follower_delta: number;
  /** Followers at the latest snapshot in the bucket; null when the bucket has none. */
  followers: number | null;
  comments_classified: number;
  sentiment_pos_ratio: number;
  sentiment_neg_ratio: number;
  events: number;
}

export function encodeFeatureRow(row: FeatureRow): string {
  return JSON.stringify(row);
}
