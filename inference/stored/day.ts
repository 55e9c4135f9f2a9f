import type { MetricPoint } from '../../domain/types';
import { lagHourIndex } from '../features/forecast';

/** A stored bucket (`revenue` and `currency` when the stream has purchase amounts). */
export type StoredMetricPoint = MetricPoint;

/** Totals of the last day a stored KOL's scores read. */
export interface DayFigures {
  views: number;
  likes: number;
  comments: number;
  shares: number;
  clicks: number;
  orders: number;
  followerDelta: number;
  /** Sum of the buckets' purchase amounts; null when no bucket carried one. */
  revenue: number | null;
  /** The currency most of the day's revenue buckets name, if any. */
  currency: string | null;
  /** Where the figures come from: the 24 whole hours before now, or the latest H24 bucket. */
  source: 'H1' | 'H24';
}

/**
 * The 24 whole hours before the hour of `now` from the H1 buckets (the same hours the forecast
 * reads); the latest H24 bucket when none of them has a bucket; null when there is neither.
 */
export function lastDay(
  hourly: readonly StoredMetricPoint[],
  day: StoredMetricPoint | null | undefined,
  now: Date,
): DayFigures | null {
  const inWindow = hourly.filter((p) => lagHourIndex(p.bucketStart, now) >= 0);
  const points = inWindow.length > 0 ? inWindow : day ? [day] : [];
  if (points.length === 0) return null;
  const totals: DayFigures = {
    views: 0,
    likes: 0,
    comments: 0,
    shares: 0,
    clicks: 0,
    orders: 0,
    followerDelta: 0,
    revenue: null,
    currency: null,
    source: inWindow.length > 0 ? 'H1' : 'H24',
  };
  let currencies: Map<string, number> | undefined;
  for (const p of points) {
    totals.views += p.views;
    totals.likes += p.likes;
    totals.comments += p.comments;
    totals.shares += p.shares;
    totals.clicks += p.clicks;
    totals.orders += p.orders;
    totals.followerDelta += p.followerDelta;
    if (p.revenue != null) totals.revenue = (totals.revenue ?? 0) + p.revenue;
    if (p.currency) {
      currencies ??= new Map<string, number>();
      currencies.set(p.currency, (currencies.get(p.currency) ?? 0) + 1);
    }
  }
  let best = 0;
  for (const [code, count] of currencies ?? []) {
    if (count > best) [totals.currency, best] = [code, count];
  }
  return totals;
}
