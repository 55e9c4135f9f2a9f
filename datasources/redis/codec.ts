import type { KolProfile, MetricPoint, ScoreRecord } from '../../domain/types';

/**
 * JSON forms of the cached records. Dates travel as ISO strings and are revived on read; a value
 * that does not parse (e.g. written by another version) is treated as a cache miss, never an error.
 */

type Json = Record<string, unknown>;

/**
 * Decoded values by their exact JSON text: a record read again with the same bytes (the KOLs of a
 * popular page, read on every request) is not parsed again. Looked up by the record's key when
 * the caller gives one (a short string to hash; the text is then compared, not hashed), else by
 * the text. A decoded value is then shared by every reader, as the in-memory stores share theirs:
 * callers must not mutate it. Bounded: two generations of at most `max` records each (the older is
 * dropped when the newer fills up); a text longer than MEMO_MAX_CHARS, or one that does not
 * decode, is not kept.
 */
export class DecodeMemo<T> {
  private current = new Map<string, { raw: string; value: T }>();
  private previous = new Map<string, { raw: string; value: T }>();

  constructor(private readonly max = 5_000) {}

  decode(raw: string, decode: (raw: string) => T | undefined, key: string = raw): T | undefined {
    if (raw.length > MEMO_MAX_CHARS) return decode(raw);
    const held = this.current.get(key);
    if (held !== undefined && held.raw === raw) return held.value;
    const old = this.previous.get(key);
    let value: T | undefined;
    if (old !== undefined && old.raw === raw) value = old.value;
    else {
      value = decode(raw);
      if (value === undefined) return undefined;
    }
    if (held === undefined && this.current.size >= this.max) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, { raw, value });
    return value;
  }
}

const MEMO_MAX_CHARS = 8_192;
const profiles = new DecodeMemo<KolProfile>();
const scores = new DecodeMemo<ScoreRecord>();
const metrics = new DecodeMemo<MetricPoint>();

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

/** `key`: the Redis key the text was read from (a faster memo lookup), when known. */
export function decodeProfile(raw: string, key?: string): KolProfile | undefined {
  return profiles.decode(raw, decodeProfileText, key);
}

function decodeProfileText(text: string): KolProfile | undefined {
  return revive<KolProfile>(
    text,
    ['accountCreatedAt', 'updatedAt'],
    ['id', 'category', 'platform'],
  );
}

export function encodeScore(record: ScoreRecord): string {
  return JSON.stringify(record);
}

export function decodeScore(raw: string, key?: string): ScoreRecord | undefined {
  return scores.decode(raw, decodeScoreText, key);
}

function decodeScoreText(text: string): ScoreRecord | undefined {
  return revive<ScoreRecord>(text, ['scoredAt'], ['kolId', 'model', 'score', 'reasons']);
}

export function encodeMetric(point: MetricPoint): string {
  return JSON.stringify(point);
}

export function decodeMetric(raw: string, key?: string): MetricPoint | undefined {
  return metrics.decode(raw, decodeMetricText, key);
}

function decodeMetricText(text: string): MetricPoint | undefined {
  return revive<MetricPoint>(text, ['bucketStart'], ['kolId', 'window', 'views']);
}

/** A ranking entry from its parsed JSON (extra fields ignored); undefined when it is not one. */
/** Cached "known absent" marker (negative caching), distinct from a missing key. */
export const ABSENT = 'null';
