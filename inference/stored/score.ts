/**
 * The stored-KOL scoring core: trust, anomaly, success and forecast of KOLs the gateway stores,
 * from their profile and rolling metrics, with the versions the registry serves. One ONNX run per
 * model (per serving version under a canary) for the whole batch. Used by the stream pipeline's
 * flush and by the scoring service (`scoreKols` by id). What each model reads is in its model card.
 */
import type { KolProfile, ScoreRecord } from '../../domain/types';
import { lagWindow } from '../features/forecast';
import {
  anomalyInputFromProfile,
  trustInputFromProfile,
  unreportedProfileInputs,
} from './profile-input';
import type { ModelRegistry } from '../registry';
import { scoreAnomaly } from '../scorers/anomaly';
import { scoreForecast, type ForecastResult } from '../scorers/forecast';
import { scoreSuccessRows } from '../scorers/success';
import { scoreTrustRows } from '../scorers/trust';
import { inputRows, type SuccessInput } from '../core/types';
import { validateBatch, validateTrustInput } from '../core/validation';
import { lastDay, type DayFigures, type StoredMetricPoint } from './day';

/**
 * The product price the success model reads when the KOL's purchases give no average order value:
 * the median product price of the sales simulator the model was trained on.
 */
export const SUCCESS_PRICE_STAND_IN = 180_000;

export interface StoredKol {
  profile: KolProfile;
  /**
   * The KOL's H1 buckets, any order. The 24 whole hours before the hour of `now` are used (the open
   * hour is not); an hour without a bucket counts as 0.
   */
  hourly: readonly StoredMetricPoint[];
  /** The latest H24 bucket: read only when `hourly` has nothing in those 24 hours. */
  day?: StoredMetricPoint | null;
}

/** A ScoreRecord of any served model, `forecast` included. */
export type StoredScoreRecord = ScoreRecord;

export interface StoredKolScores {
  kolId: string;
  /** trust and anomaly always; success with metrics of the last day; forecast with H1 buckets. */
  records: StoredScoreRecord[];
  /**
   * Inputs that were unknown (a default was used, or a model or figure was skipped): unreported
   * profile fields by their KolInput name, `metrics` (no bucket of the last day: success and
   * forecast not scored, anomaly on defaults), `hourlyMetrics` (no H1 bucket in the last 24 hours:
   * success from the H24 bucket, no forecast), `revenue` (no purchase amounts: no revenue forecast),
   * `orderValue` (no orders in the last day: no revenue forecast, and the price stand-in is used).
   */
  missing: string[];
}

export async function scoreStoredKols(
  registry: ModelRegistry,
  kols: readonly StoredKol[],
  now: Date,
): Promise<StoredKolScores[]> {
  const trustInputs = kols.map((k) => trustInputFromProfile(k.profile, now));
  // Checked before any model runs, so a bad row leaves every session untouched.
  validateBatch(trustInputs, validateTrustInput);
  const days = kols.map((k) => lastDay(k.hourly, k.day, now));
  const withMetrics = kols.flatMap((_, i) => (days[i] ? [i] : []));
  const windows = kols.map((k) => lagWindow(k.hourly, now));
  const withHours = kols.flatMap((_, i) => (windows[i]!.buckets > 0 ? [i] : []));
  const [trust, anomaly, success, forecast] = await Promise.all([
    scoreTrustRows(registry, inputRows(trustInputs), now, { validated: true }),
    scoreAnomaly(
      registry,
      kols.map((k, i) => {
        const d = days[i];
        return anomalyInputFromProfile(
          k.profile,
          now,
          d ? { engagementRate: engagementRate(d), followerDelta: d.followerDelta } : undefined,
        );
      }),
      now,
    ),
    scoreSuccessRows(
      registry,
      inputRows(withMetrics.map((i) => successInput(kols[i]!.profile, days[i]!))),
      now,
    ),
    scoreForecast(
      registry,
      withHours.map((i) => ({ kolId: kols[i]!.profile.id, window: windows[i]! })),
    ),
  ]);
  const successOf = new Map(withMetrics.map((kolIndex, k) => [kolIndex, k]));
  const forecastOf = new Map(withHours.map((kolIndex, k) => [kolIndex, forecast[k]!]));

  return kols.map((kol, i): StoredKolScores => {
    const id = kol.profile.id;
    const missing = unreportedProfileInputs(kol.profile);
    const a = anomaly[i]!;
    const records: StoredScoreRecord[] = [
      record(id, 'trust', trust.trustScore[i]!, trust.modelVersion(i), now, trust.reasons(i)),
      record(id, 'anomaly', a.anomalyScore, a.modelVersion, now, []),
    ];
    const day = days[i];
    const s = successOf.get(i);
    const f = forecastOf.get(i);
    if (!day || s === undefined) {
      missing.push('metrics');
      return { kolId: id, records, missing };
    }
    if (!f) missing.push('hourlyMetrics');
    if (day.revenue === null) missing.push('revenue');
    if (day.orders === 0) missing.push('orderValue');
    const revenue = f && day.revenue !== null && day.orders > 0 ? f.revenue : undefined;
    const currency = day.currency ?? kol.profile.currency;
    // The records are this call's own: the forecast revenue is set on them in place.
    const money = (r: StoredScoreRecord): StoredScoreRecord => {
      if (revenue === undefined) return r;
      r.revenueForecast = revenue;
      if (currency) r.currency = currency;
      return r;
    };
    records.push(
      money(
        record(
          id,
          'success',
          success.successScore[s]!,
          success.modelVersion(s),
          now,
          success.reasons(s),
        ),
      ),
    );
    if (f) {
      records.push(
        money(record(id, 'forecast', f.orders, f.modelVersion, now, forecastReasons(f, day))),
      );
    }
    return { kolId: id, records, missing };
  });
}

function record(
  kolId: string,
  model: StoredScoreRecord['model'],
  score: number,
  modelVersion: string,
  scoredAt: Date,
  reasons: ScoreRecord['reasons'],
): StoredScoreRecord {
  return { kolId, model, score, modelVersion, scoredAt, reasons: [...reasons] };
}

function engagementRate(d: DayFigures): number {
  return d.views > 0 ? Math.min(1, (d.likes + d.comments + d.shares) / d.views) : 0;
}

/**
 * The last day read as one campaign video: its views, likes, comments and shares; the web clicks
 * stand in for the pre-campaign click estimate; the average order value stands in for the product
 * price (SUCCESS_PRICE_STAND_IN when the day had no orders or no purchase amounts).
 */
function successInput(profile: KolProfile, d: DayFigures): SuccessInput {
  const price = d.revenue !== null && d.orders > 0 ? d.revenue / d.orders : SUCCESS_PRICE_STAND_IN;
  return {
    kolId: profile.id,
    videoViews: d.views,
    videoLikes: d.likes,
    videoComments: d.comments,
    videoShares: d.shares,
    estClicks: d.clicks,
    price,
  };
}

function forecastReasons(f: ForecastResult, d: DayFigures): ScoreRecord['reasons'] {
  const change = f.orders - d.orders;
  return [
    {
      code: 'FORECAST_VS_LAST_DAY',
      message:
        `About ${Math.round(f.orders)} orders forecast for the next ${f.horizonHours} h, ` +
        `against ${d.orders} in the last 24 h.`,
      impact: change,
    },
  ];
}
