import type { KolProfile, MetricPoint, ScoreRecord } from '../../domain/types';
import type { RankingEntry } from '../types';

/**
 * JSON forms of the cached records. Dates travel as ISO strings and are revived on read; a value
 * that does not parse (e.g. written by another version) is treated as a cache miss, never an error.
 */

type Json = Record<string, unknown>;

function parseObject(raw: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Json)
      : undefined;
  } catch {
    return undefined;
  }
}

function reviveDate(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function revive<T>(
  raw: string,
  dateFields: readonly string[],
  required: readonly string[],
): T | undefined {
  const obj = parseObject(raw);
  if (!obj) return undefined;
  for (const field of required) if (!(field in obj)) return undefined;
  for (const field of dateFields) {
    const d = reviveDate(obj[field]);
    if (!d) return undefined;
    obj[field] = d;
  }
  return obj as T;
}

export function encodeProfile(profile: KolProfile): string {
  return JSON.stringify(profile);
}

export function decodeProfile(raw: string): KolProfile | undefined {
  return revive<KolProfile>(raw, ['accountCreatedAt', 'updatedAt'], ['id', 'category', 'platform']);
}

export function encodeScore(record: ScoreRecord): string {
  return JSON.stringify(record);
}

export function decodeScore(raw: string): ScoreRecord | undefined {
  return revive<ScoreRecord>(raw, ['scoredAt'], ['kolId', 'model', 'score', 'reasons']);
}

export function encodeMetric(point: MetricPoint): string {
  return JSON.stringify(point);
}

export function decodeMetric(raw: string): MetricPoint | undefined {
  return revive<MetricPoint>(raw, ['bucketStart'], ['kolId', 'window', 'views']);
}

/** A ranking entry from its parsed JSON (extra fields ignored); undefined when it is not one. */
export function rankingEntryFrom(value: unknown): RankingEntry | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const obj = value as Json;
  if (typeof obj.kolId !== 'string' || !Array.isArray(obj.trustHistory)) return undefined;
  const trustHistory: RankingEntry['trustHistory'] = [];
  for (const item of obj.trustHistory as unknown[]) {
    const t = (item ?? {}) as { score?: unknown; scoredAt?: unknown };
    const scoredAt = reviveDate(t.scoredAt);
    if (typeof t.score !== 'number' || !scoredAt) return undefined;
    trustHistory.push({ score: t.score, scoredAt });
  }
  const numOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);
  return {
    kolId: obj.kolId,
    category: typeof obj.category === 'string' ? obj.category : '',
    platform: typeof obj.platform === 'string' ? obj.platform : '',
    trustHistory,
    success: numOrNull(obj.success),
    revenueForecast: numOrNull(obj.revenueForecast),
    sentimentPositiveRatio: numOrNull(obj.sentimentPositiveRatio),
    anomaly: numOrNull(obj.anomaly),
  };
}

/** Cached "known absent" marker (negative caching), distinct from a missing key. */
export const ABSENT = 'null';
