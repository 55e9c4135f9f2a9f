import { sentimentInput } from '../../domain/fusion';
import type { KolProfile, MetricPoint, ScoreRecord } from '../../domain/types';
import type { MetricStore, ProfileStore, RankingEntry, ScoreStore } from '../types';
import { segmentAttributes, type SegmentAttributes } from './segments';

/** How many past trust scores an entry carries for the stale-score EMA. */
export const RANKING_TRUST_HISTORY = 5;

/** The stores a ranking entry is derived from. */
export interface RankingSources {
  profiles: ProfileStore;
  scores: ScoreStore;
  metrics: MetricStore;
}

/** The inputs of an entry, each read from one store; a write names the parts it changed. */
export type RankingPart = 'profile' | 'trust' | 'success' | 'anomaly' | 'sentiment';

export const RANKING_PARTS: readonly RankingPart[] = [
  'profile',
  'trust',
  'success',
  'anomaly',
  'sentiment',
];

/** A ranking entry with the profile fields that decide its segments. */
export interface IndexedEntry {
  entry: RankingEntry;
  attributes: SegmentAttributes;
}

/**
 * Ranking entries of `ids`, in their order (null for ids without a profile), derived from the
 * source stores with one batch call per input. Every ranking store derives its entries here.
 */
export async function deriveRankingEntries(
  sources: RankingSources,
  ids: readonly string[],
): Promise<(IndexedEntry | null)[]> {
  const wanted = new Map<string, ReadonlySet<RankingPart>>();
  const all = new Set(RANKING_PARTS);
  for (const id of ids) wanted.set(id, all);
  const derived = await updateRankingEntries(sources, wanted, new Map());
  return ids.map((id) => derived.get(id) ?? null);
}

/**
 * New entries for KOLs whose inputs changed: an entry in `current` is patched with only the parts
 * its writes changed; a KOL without a current entry is derived whole. One batch read per part over
 * every KOL that needs it. Null means "no profile: not ranked".
 */
export async function updateRankingEntries(
  sources: RankingSources,
  changed: ReadonlyMap<string, ReadonlySet<RankingPart>>,
  current: ReadonlyMap<string, IndexedEntry>,
): Promise<Map<string, IndexedEntry | null>> {
  const needs = (part: RankingPart): string[] =>
    [...changed].filter(([id, parts]) => !current.has(id) || parts.has(part)).map(([id]) => id);
  const profileIds = needs('profile');
  const trustIds = needs('trust');
  const successIds = needs('success');
  const anomalyIds = needs('anomaly');
  const sentimentIds = needs('sentiment');
  const [profiles, trust, success, anomaly, sentiment] = await Promise.all([
    batch(profileIds, () => sources.profiles.getMany(profileIds)),
    batch(trustIds, () => sources.scores.history('trust', trustIds, RANKING_TRUST_HISTORY)),
    batch(successIds, () => sources.scores.latest('success', successIds)),
    batch(anomalyIds, () => sources.scores.latest('anomaly', anomalyIds)),
    batch(sentimentIds, () =>
      sources.metrics.latest(sentimentIds.map((kolId) => ({ kolId, window: 'H24' as const }))),
    ),
  ]);
  const entries = new Map<string, RankingEntry | null>();
  const attributes = new Map<string, SegmentAttributes>();
  for (const id of changed.keys()) {
    const before = current.get(id);
    entries.set(id, before ? { ...before.entry } : emptyEntry(id));
    if (before) attributes.set(id, before.attributes);
  }
  const patch = (
    ids: readonly string[],
    apply: (entry: RankingEntry, i: number) => RankingEntry | null,
  ): void =>
    ids.forEach((id, i) => {
      const entry = entries.get(id);
      if (entry) entries.set(id, apply(entry, i));
    });
  patch(profileIds, (entry, i) => {
    const profile = profiles[i];
    if (!profile) return null;
    attributes.set(entry.kolId, segmentAttributes(profile));
    return { ...entry, category: profile.category, platform: profile.platform };
  });
  patch(trustIds, (entry, i) => withTrust(entry, trust[i] ?? []));
  patch(successIds, (entry, i) => withSuccess(entry, success[i] ?? null));
  patch(anomalyIds, (entry, i) => withAnomaly(entry, anomaly[i] ?? null));
  patch(sentimentIds, (entry, i) => withSentiment(entry, sentiment[i] ?? null));
  const indexed = new Map<string, IndexedEntry | null>();
  for (const [id, entry] of entries) {
    const segment = attributes.get(id);
    indexed.set(id, entry && segment ? { entry, attributes: segment } : null);
  }
  return indexed;
}

/*
 * The rule of each part, used by the incremental derivation above and by bulk builds (e.g. a
 * token-range scan of Cassandra) alike.
 */

/** Trust history from the newest trust scores (newest first). */
export function withTrust(entry: RankingEntry, newestFirst: readonly ScoreRecord[]): RankingEntry {
  return {
    ...entry,
    trustHistory: newestFirst
      .slice(0, RANKING_TRUST_HISTORY)
      .map((r) => ({ score: r.score, scoredAt: r.scoredAt })),
  };
}

export function withSuccess(entry: RankingEntry, latest: ScoreRecord | null): RankingEntry {
  return {
    ...entry,
    success: latest?.score ?? null,
    revenueForecast: latest?.revenueForecast ?? null,
  };
}

export function withAnomaly(entry: RankingEntry, latest: ScoreRecord | null): RankingEntry {
  return { ...entry, anomaly: latest?.score ?? null };
}

/** Sentiment from the latest 24 h bucket. */
export function withSentiment(
  entry: RankingEntry,
  day: Pick<MetricPoint, 'sentimentPositiveRatio' | 'sentimentNegativeRatio'> | null,
): RankingEntry {
  return { ...entry, sentimentPositiveRatio: sentimentInput(day) };
}

/** The entry of a profile before any score or metric is known. */
export function profileEntry(
  profile: Pick<KolProfile, 'id' | 'category' | 'platform' | 'followers' | 'country' | 'language'>,
): IndexedEntry {
  return {
    entry: { ...emptyEntry(profile.id), category: profile.category, platform: profile.platform },
    attributes: segmentAttributes(profile),
  };
}

function emptyEntry(kolId: string): RankingEntry {
  return {
    kolId,
    category: '',
    platform: '',
    trustHistory: [],
    success: null,
    revenueForecast: null,
    sentimentPositiveRatio: null,
    anomaly: null,
  };
}

async function batch<T>(ids: readonly string[], read: () => Promise<T[]>): Promise<T[]> {
  return ids.length > 0 ? read() : [];
}
