import type { IndexedEntry, PartTimes } from '../shared/ranking-entries';
import type { ScoredEntry } from '../shared/ranking-index';
import { FOLLOWER_BANDS, type SegmentAttributes } from '../shared/segments';

/**
 * The stored form of a ranking index entry (a field of the entry hash): one JSON array by position,
 * times as epoch milliseconds.
 *
 *   [kolId, category, platform, [trust, scoredAtMs, …newest first], success, revenueForecast,
 *    sentimentPositiveRatio, anomaly, followerBand, country, language, orderScore,
 *    [successMs, anomalyMs, sentimentMs] | 0, unprofiled 0 | 1]
 *
 * Every import batch and every score write re-encodes its KOLs' entries and every refresh decodes
 * them: by position, without keys or ISO dates, an entry is a third of the bytes of the keyed
 * object it replaced (200 against 600 bytes with a full trust history) and four times faster to
 * encode (3 against 13-23 µs here). A text that does not decode
 * (another version's) is treated as absent.
 */
export function encodeIndexedEntry(indexed: IndexedEntry, score: number): string {
  const { entry, attributes, times } = indexed;
  const trust: number[] = [];
  for (const t of entry.trustHistory) trust.push(t.score, t.scoredAt.getTime());
  return JSON.stringify([
    entry.kolId,
    entry.category,
    entry.platform,
    trust,
    entry.success,
    entry.revenueForecast,
    entry.sentimentPositiveRatio,
    entry.anomaly,
    attributes.followerBand,
    attributes.country ?? null,
    attributes.language ?? null,
    score,
    times ? [times.success ?? null, times.anomaly ?? null, times.sentiment ?? null] : 0,
    indexed.unprofiled ? 1 : 0,
  ]);
}

const FIELDS = 14;

export function decodeIndexedEntry(raw: string): ScoredEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== FIELDS) return undefined;
  const v = value as unknown[];
  const [kolId, category, platform, trust] = v;
  if (typeof kolId !== 'string' || typeof category !== 'string' || typeof platform !== 'string') {
    return undefined;
  }
  if (!Array.isArray(trust) || trust.length % 2 !== 0) return undefined;
  const trustHistory: IndexedEntry['entry']['trustHistory'] = [];
  for (let i = 0; i < trust.length; i += 2) {
    const score: unknown = trust[i];
    const at: unknown = trust[i + 1];
    if (typeof score !== 'number' || typeof at !== 'number') return undefined;
    trustHistory.push({ score, scoredAt: new Date(at) });
  }
  const band = FOLLOWER_BANDS.find((b) => b === v[8]);
  if (!band) return undefined;
  const attributes: SegmentAttributes = { category, platform, followerBand: band };
  if (typeof v[9] === 'string') attributes.country = v[9];
  if (typeof v[10] === 'string') attributes.language = v[10];
  const indexed: IndexedEntry = {
    entry: {
      kolId,
      category,
      platform,
      trustHistory,
      success: numberOrNull(v[4]),
      revenueForecast: numberOrNull(v[5]),
      sentimentPositiveRatio: numberOrNull(v[6]),
      anomaly: numberOrNull(v[7]),
    },
    attributes,
  };
  const times = partTimes(v[12]);
  if (times) indexed.times = times;
  if (v[13] === 1) indexed.unprofiled = true;
  return { indexed, score: typeof v[11] === 'number' ? v[11] : 0 };
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

function partTimes(raw: unknown): PartTimes | undefined {
  if (!Array.isArray(raw) || raw.length !== 3) return undefined;
  const times: PartTimes = {};
  const [success, anomaly, sentiment] = raw as unknown[];
  if (typeof success === 'number') times.success = success;
  if (typeof anomaly === 'number') times.anomaly = anomaly;
  if (typeof sentiment === 'number') times.sentiment = sentiment;
  return times;
}
