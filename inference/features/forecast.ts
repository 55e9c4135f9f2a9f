/**
 * Forecast feature engineering: line for line the same as training/features_forecast.py. The lag
 * window is the 24 whole hours before the hour of `now`, newest first; sums are float64, then the
 * row is stored as float32.
 */
import { WINDOW_MS, type MetricPoint } from '../../domain/types';

export const FORECAST_LAG_HOURS = 24;

export const FORECAST_FEATURES = [
  'orders_1h',
  'orders_3h',
  'orders_6h',
  'orders_12h',
  'orders_24h',
  'views_1h',
  'views_6h',
  'views_24h',
  'clicks_6h',
  'clicks_24h',
  'revenue_6h',
  'revenue_24h',
  'click_rate_24h',
  'conversion_24h',
  'order_value_24h',
  'views_trend_6h',
  'orders_trend_6h',
  'active_hours_24h',
] as const;

/** The hourly figures the forecast reads from a stored H1 bucket (`revenue` when the stream sends it). */
export type HourlyFigures = Pick<MetricPoint, 'bucketStart' | 'views' | 'clicks' | 'orders'> & {
  revenue?: number | null;
};

/** Per-hour series of the lag window, index 0 = the last whole hour. */
export interface LagWindow {
  views: number[];
  clicks: number[];
  orders: number[];
  revenue: number[];
  /** Buckets that fell into the window. */
  buckets: number;
  /** Buckets in the window that carried a revenue figure. */
  bucketsWithRevenue: number;
}

/**
 * The lag window of stored H1 buckets: the open hour and buckets older than 24 hours are ignored,
 * an hour without a bucket is 0, a bucket without `revenue` counts 0 revenue.
 */
/**
 * The position of a bucket in the lag window of `now` (0 = the last whole hour), or -1 when it is
 * not an H1 bucket of the 24 whole hours before the hour of `now` (the open hour is not one).
 */
export function lagHourIndex(bucketStart: Date, now: Date): number {
  const hour = WINDOW_MS.H1;
  const start = bucketStart.getTime();
  if (start % hour !== 0) return -1;
  const i = (Math.floor(now.getTime() / hour) * hour - start) / hour - 1;
  return i >= 0 && i < FORECAST_LAG_HOURS ? i : -1;
}

export function lagWindow(hourly: readonly HourlyFigures[], now: Date): LagWindow {
  const zeros = (): number[] => new Array<number>(FORECAST_LAG_HOURS).fill(0);
  const w: LagWindow = {
    views: zeros(),
    clicks: zeros(),
    orders: zeros(),
    revenue: zeros(),
    buckets: 0,
    bucketsWithRevenue: 0,
  };
  for (const p of hourly) {
    const i = lagHourIndex(p.bucketStart, now);
    if (i < 0) continue;
    w.views[i] = (w.views[i] ?? 0) + p.views;
    w.clicks[i] = (w.clicks[i] ?? 0) + p.clicks;
    w.orders[i] = (w.orders[i] ?? 0) + p.orders;
    w.revenue[i] = (w.revenue[i] ?? 0) + (p.revenue ?? 0);
    w.buckets += 1;
    if (p.revenue != null) w.bucketsWithRevenue += 1;
  }
  return w;
}

function sum(values: readonly number[], hours: number): number {
  let total = 0;
  for (let i = 0; i < hours; i++) total += values[i] ?? 0;
  return total;
}

export function writeForecastFeatures(w: LagWindow, out: Float32Array, offset: number): void {
  const o24 = sum(w.orders, 24);
  const v24 = sum(w.views, 24);
  const c24 = sum(w.clicks, 24);
  const r24 = sum(w.revenue, 24);
  const o6 = sum(w.orders, 6);
  const v6 = sum(w.views, 6);
  let active = 0;
  for (let i = 0; i < FORECAST_LAG_HOURS; i++) {
    if ((w.views[i] ?? 0) > 0 || (w.clicks[i] ?? 0) > 0 || (w.orders[i] ?? 0) > 0) active += 1;
  }
  out[offset] = sum(w.orders, 1);
  out[offset + 1] = sum(w.orders, 3);
  out[offset + 2] = o6;
  out[offset + 3] = sum(w.orders, 12);
  out[offset + 4] = o24;
  out[offset + 5] = sum(w.views, 1);
  out[offset + 6] = v6;
  out[offset + 7] = v24;
  out[offset + 8] = sum(w.clicks, 6);
  out[offset + 9] = c24;
  out[offset + 10] = sum(w.revenue, 6);
  out[offset + 11] = r24;
  out[offset + 12] = c24 / Math.max(v24, 1);
  out[offset + 13] = o24 / Math.max(c24, 1);
  out[offset + 14] = r24 / Math.max(o24, 1);
  out[offset + 15] = (4 * v6) / Math.max(v24, 1);
  out[offset + 16] = (4 * o6) / Math.max(o24, 1);
  out[offset + 17] = active;
}

export function forecastFeatureMatrix(windows: readonly LagWindow[]): Float32Array {
  const width = FORECAST_FEATURES.length;
  const out = new Float32Array(windows.length * width);
  for (let i = 0; i < windows.length; i++) writeForecastFeatures(windows[i]!, out, i * width);
  return out;
}

export function forecastFeatureVector(hourly: readonly HourlyFigures[], now: Date): number[] {
  return Array.from(forecastFeatureMatrix([lagWindow(hourly, now)]));
}
