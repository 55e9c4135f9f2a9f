/**
 * FORECAST_DROP: the forecast of a KOL's orders (or views) for the next 24 h is more than 30% below
 * its own baseline.
 *
 * forecast = the forecast model's orders of the next 24 h when the pipeline scores the KOL (the
 * `forecast` record, computed as the hour closes); without one — views, or a pipeline without
 * models — the trailing 24-h total (a seasonal-naive forecast: tomorrow looks like the last day).
 * Both cover one whole daily cycle, so the usual day/night swing never looks like a drop.
 * baseline = EWMA (7-day span, updated hourly) of that daily run rate. Every closed hour is folded in,
 * hours without events as 0, so a KOL whose sales stop is noticed although it sends nothing (its hours
 * close when the stream as a whole moves on). The forecast is compared with the baseline *before* the
 * hour is folded into it. Metrics are checked in order (orders, then views); the first with a large
 * enough baseline that dropped fires. A complete stop reaches −30% after about 7 hours.
 */
import { WINDOW_MS } from '../../domain/types';
import type { KolWindows } from '../windows/kol-windows';
import type { ForecastDropConfig, ForecastMetric } from './config';
import { alphaForSpan } from './config';
import { fmtInt, fmtPercent, round } from './format';
import type { AlertDraft } from './types';

export interface ForecastSeries {
  /** The last 24 closed hourly values, oldest first. */
  hours: number[];
  /** EWMA of the trailing 24-h total; null until the first full day. */
  baseline: number | null;
}

export interface ForecastState {
  /** Start of the last hour folded in; null before the first closed hour. */
  lastHour: number | null;
  hours: number;
  series: Record<ForecastMetric, ForecastSeries>;
}

export function initialForecastState(): ForecastState {
  return {
    lastHour: null,
    hours: 0,
    series: { orders: { hours: [], baseline: null }, views: { hours: [], baseline: null } },
  };
}

const H1 = WINDOW_MS.H1;
const METRICS: readonly ForecastMetric[] = ['orders', 'views'];

function sum(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0);
}

interface Drop {
  metric: ForecastMetric;
  forecast: number;
  baseline: number;
  drop: number;
  /** The forecast came from the forecast model (else it is the trailing 24-h total). */
  model: boolean;
}

/** Folds every hour closed since the last call, then reports the latest drop, if any. */
export function evaluateForecastDrop(
  windows: KolWindows,
  state: ForecastState,
  config: ForecastDropConfig,
  modelOrders?: number,
): AlertDraft | null {
  const closedUntil = Math.floor(windows.horizon / H1) * H1; // hours ending at or before the horizon
  if (!Number.isFinite(closedUntil)) return null;
  const history = windows.history('H1');
  const byStart = new Map(history.map((h) => [h.start, h]));
  let hour: number;
  if (state.lastHour === null) {
    const first = history[0];
    if (!first) return null;
    hour = first.start;
  } else {
    hour = state.lastHour + H1;
  }
  if (hour + H1 > closedUntil) return null;
  if ((closedUntil - hour) / H1 > config.maxGapHours) hour = closedUntil - config.maxGapHours * H1;

  const alpha = alphaForSpan(config.baselineSpanDays * 24);
  let latest: Drop | null = null;
  for (; hour + H1 <= closedUntil; hour += H1) {
    const bucket = byStart.get(hour);
    const forecasts = new Map<ForecastMetric, number>();
    for (const metric of METRICS) {
      const series = state.series[metric];
      series.hours.push(bucket ? bucket[metric] : 0);
      if (series.hours.length > 24) series.hours.shift();
      if (series.hours.length === 24) forecasts.set(metric, sum(series.hours));
    }
    latest = null;
    // The model forecasts from now: it stands for the last hour closed, not for older ones.
    const useModel = modelOrders !== undefined && hour + 2 * H1 > closedUntil;
    for (const { metric, minBaseline } of config.metrics) {
      const model = useModel && metric === 'orders';
      const forecast = model ? modelOrders : forecasts.get(metric);
      const baseline = state.series[metric].baseline;
      if (forecast === undefined || baseline === null || baseline < minBaseline || baseline <= 0)
        continue;
      const drop = 1 - forecast / baseline;
      if (drop > config.threshold) {
        latest = { metric, forecast, baseline, drop, model };
        break;
      }
    }
    for (const [metric, forecast] of forecasts) {
      const series = state.series[metric];
      series.baseline =
        series.baseline === null
          ? forecast
          : series.baseline + alpha * (forecast - series.baseline);
    }
    state.hours += 1;
    state.lastHour = hour;
  }
  if (!latest || state.hours < config.minHours || state.lastHour === null) return null;
  const { metric, forecast, baseline, drop, model } = latest;
  const what = metric === 'orders' ? 'Orders' : 'Views';
  const baselineText =
    `${fmtPercent(drop)} below this KOL's own baseline (${fmtInt(baseline)} per 24 h, ` +
    `${config.baselineSpanDays}-day EWMA)`;
  return {
    type: 'FORECAST_DROP',
    severity: drop >= config.criticalThreshold ? 'CRITICAL' : 'WARNING',
    value: round(drop * 100, 2),
    threshold: round(config.threshold * 100, 2),
    window: 'H24',
    bucketStart: state.lastHour,
    atMs: state.lastHour + H1,
    message: model
      ? `The forecast model expects ${fmtInt(forecast)} orders in the next 24 h, ${baselineText}.`
      : `${what} over the last 24 h (${fmtInt(forecast)}) are ${baselineText}; at this run rate ` +
        `the next day is forecast ${fmtPercent(drop)} lower.`,
  };
}
