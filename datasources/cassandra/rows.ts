import { types } from 'cassandra-driver';
import {
  ALERT_TYPES,
  METRIC_WINDOWS,
  SCORE_MODELS,
  SEVERITIES,
  UNREPORTED_PROFILE_FIELDS,
  type Alert,
  type AlertType,
  type KolProfile,
  type MetricPoint,
  type MetricWindow,
  type Reason,
  type ScoreModel,
  type ScoreRecord,
  type Severity,
  type UnreportedProfileField,
} from '../../domain/types';

/**
 * Typed accessors over driver rows. The driver types row values as `any`; these check each value at
 * run time so that a schema drift fails loudly here instead of leaking wrong types upward.
 */
function value(row: types.Row, column: string): unknown {
  return row.get(column) as unknown;
}

export function text(row: types.Row, column: string): string {
  const v = value(row, column);
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  throw new TypeError(`column ${column}: expected text`);
}

export function num(row: types.Row, column: string): number {
  const v = value(row, column);
  if (typeof v === 'number') return v;
  if (v instanceof types.Long) return v.toNumber();
  if (typeof v === 'bigint') return Number(v);
  if (v === null || v === undefined) return 0;
  throw new TypeError(`column ${column}: expected a number`);
}

export function optionalText(row: types.Row, column: string): string | undefined {
  const v = value(row, column);
  return v === null || v === undefined ? undefined : text(row, column);
}

export function optionalNum(row: types.Row, column: string): number | undefined {
  const v = value(row, column);
  return v === null || v === undefined ? undefined : num(row, column);
}

export function bool(row: types.Row, column: string): boolean {
  return value(row, column) === true;
}

export function date(row: types.Row, column: string): Date {
  const v = value(row, column);
  if (v instanceof Date) return v;
  if (v === null || v === undefined) return new Date(0);
  throw new TypeError(`column ${column}: expected a timestamp`);
}

function oneOf<T extends string>(allowed: readonly T[], v: string, column: string): T {
  const found = allowed.find((candidate) => candidate === v);
  if (found === undefined) throw new TypeError(`column ${column}: unexpected value ${v}`);
  return found;
}

/** Decoded rows of a multi-partition read grouped by KOL, each list newest first (by `at`). */
export function newestFirstByKol<T extends { kolId: string }>(
  rows: readonly types.Row[],
  decode: (row: types.Row) => T,
  at: (item: T) => Date,
): Map<string, T[]> {
  const byKol = new Map<string, T[]>();
  for (const row of rows) {
    const item = decode(row);
    const list = byKol.get(item.kolId);
    if (list) list.push(item);
    else byKol.set(item.kolId, [item]);
  }
  for (const list of byKol.values()) list.sort((a, b) => at(b).getTime() - at(a).getTime());
  return byKol;
}

export const PROFILE_COLUMNS =
  'id, platform, handle, display_name, category, followers, following, posts, verified, favorites, ' +
  'bio_length, has_url, has_profile_image, is_private, account_created_at, updated_at, has_bio, ' +
  'price_per_post, currency, country, language, unreported';

export function profileParams(p: KolProfile): unknown[] {
  return [
    p.id,
    p.platform,
    p.handle,
    p.displayName,
    p.category,
    integer(p.followers),
    integer(p.following),
    integer(p.posts),
    p.verified,
    integer(p.favorites),
    Math.round(p.bioLength),
    p.hasUrl,
    p.hasProfileImage,
    p.isPrivate,
    p.accountCreatedAt,
    p.updatedAt,
    p.hasBio ?? null,
    p.pricePerPost ?? null,
    p.currency ?? null,
    p.country ?? null,
    p.language ?? null,
    p.unreported && p.unreported.length > 0 ? [...p.unreported] : null,
  ];
}

export function profileFromRow(row: types.Row): KolProfile {
  const profile: KolProfile = {
    id: text(row, 'id'),
    platform: text(row, 'platform'),
    handle: text(row, 'handle'),
    displayName: text(row, 'display_name'),
    category: text(row, 'category'),
    followers: num(row, 'followers'),
    following: num(row, 'following'),
    posts: num(row, 'posts'),
    verified: bool(row, 'verified'),
    favorites: num(row, 'favorites'),
    bioLength: num(row, 'bio_length'),
    hasUrl: bool(row, 'has_url'),
    hasProfileImage: bool(row, 'has_profile_image'),
    isPrivate: bool(row, 'is_private'),
    accountCreatedAt: date(row, 'account_created_at'),
    updatedAt: date(row, 'updated_at'),
  };
  const hasBio = value(row, 'has_bio');
  setPresent(profile, 'hasBio', typeof hasBio === 'boolean' ? hasBio : undefined);
  setPresent(profile, 'pricePerPost', optionalNum(row, 'price_per_post'));
  setPresent(profile, 'currency', optionalText(row, 'currency'));
  setPresent(profile, 'country', optionalText(row, 'country'));
  setPresent(profile, 'language', optionalText(row, 'language'));
  const unreported = value(row, 'unreported');
  if (Array.isArray(unreported) && unreported.length > 0) {
    profile.unreported = unreported.map((field: unknown) =>
      oneOf<UnreportedProfileField>(UNREPORTED_PROFILE_FIELDS, String(field), 'unreported'),
    );
  }
  return profile;
}

export const METRIC_COLUMNS =
  'kol_id, window, bucket_start, views, likes, comments, shares, clicks, orders, follower_delta, ' +
  'engagement_rate, sentiment_positive_ratio, sentiment_negative_ratio, revenue, currency';

export function metricParams(p: MetricPoint): unknown[] {
  return [
    p.kolId,
    p.window,
    p.bucketStart,
    integer(p.views),
    integer(p.likes),
    integer(p.comments),
    integer(p.shares),
    integer(p.clicks),
    integer(p.orders),
    integer(p.followerDelta),
    p.engagementRate,
    p.sentimentPositiveRatio,
    p.sentimentNegativeRatio,
    p.revenue ?? null,
    p.currency ?? null,
  ];
}

export function metricFromRow(row: types.Row): MetricPoint {
  const point: MetricPoint = {
    kolId: text(row, 'kol_id'),
    window: oneOf<MetricWindow>(METRIC_WINDOWS, text(row, 'window'), 'window'),
    bucketStart: date(row, 'bucket_start'),
    views: num(row, 'views'),
    likes: num(row, 'likes'),
    comments: num(row, 'comments'),
    shares: num(row, 'shares'),
    clicks: num(row, 'clicks'),
    orders: num(row, 'orders'),
    followerDelta: num(row, 'follower_delta'),
    engagementRate: num(row, 'engagement_rate'),
    sentimentPositiveRatio: num(row, 'sentiment_positive_ratio'),
    sentimentNegativeRatio: num(row, 'sentiment_negative_ratio'),
  };
  setPresent(point, 'revenue', optionalNum(row, 'revenue'));
  setPresent(point, 'currency', optionalText(row, 'currency'));
  return point;
}

export const SCORE_COLUMNS =
  'kol_id, model, scored_at, score, model_version, reasons, revenue_forecast, currency';

/**
 * A score row is written once (its key ends in `scored_at`), so what it does not have is left
 * unset rather than written as null: a null is a tombstone cell, and an empty list a collection
 * tombstone, which every later read of the partition would step over.
 */
export function scoreParams(r: ScoreRecord): unknown[] {
  return [
    r.kolId,
    r.model,
    r.scoredAt,
    r.score,
    r.modelVersion,
    r.reasons.length > 0
      ? r.reasons.map((reason) => ({
          code: reason.code,
          message: reason.message,
          impact: reason.impact,
        }))
      : types.unset,
    r.revenueForecast ?? types.unset,
    r.currency ?? types.unset,
  ];
}

export function scoreFromRow(row: types.Row): ScoreRecord {
  const record: ScoreRecord = {
    kolId: text(row, 'kol_id'),
    model: oneOf<ScoreModel>(SCORE_MODELS, text(row, 'model'), 'model'),
    score: num(row, 'score'),
    modelVersion: text(row, 'model_version'),
    scoredAt: date(row, 'scored_at'),
    reasons: reasonsFrom(value(row, 'reasons')),
  };
  setPresent(record, 'revenueForecast', optionalNum(row, 'revenue_forecast'));
  setPresent(record, 'currency', optionalText(row, 'currency'));
  return record;
}

function reasonsFrom(v: unknown): Reason[] {
  if (!Array.isArray(v)) return [];
  return v.map((item: unknown) => {
    const r = (item ?? {}) as { code?: unknown; message?: unknown; impact?: unknown };
    return {
      code: typeof r.code === 'string' ? r.code : '',
      message: typeof r.message === 'string' ? r.message : '',
      impact: typeof r.impact === 'number' ? r.impact : 0,
    };
  });
}

/** Alert columns shared by the three alert tables (the key columns differ per table). */
export const ALERT_VALUE_COLUMNS = 'kol_id, type, severity, value, threshold, window, message';

export function alertFromRow(row: types.Row): Alert {
  return {
    id: text(row, 'id'),
    kolId: text(row, 'kol_id'),
    type: oneOf<AlertType>(ALERT_TYPES, text(row, 'type'), 'type'),
    severity: oneOf<Severity>(SEVERITIES, text(row, 'severity'), 'severity'),
    value: num(row, 'value'),
    threshold: num(row, 'threshold'),
    window: text(row, 'window'),
    message: text(row, 'message'),
    createdAt: date(row, 'created_at'),
  };
}

/** Sets an optional field only when the column had a value (absent fields stay absent). */
function setPresent<T, K extends keyof T>(target: T, key: K, v: T[K] | undefined): void {
  if (v !== undefined) target[key] = v;
}

/** Counts are stored as bigint; a fractional count is rounded rather than rejected by the driver. */
function integer(n: number): number {
  return Number.isFinite(n) ? Math.round(n) : 0;
}
