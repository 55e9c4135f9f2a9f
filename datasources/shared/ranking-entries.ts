import { sentimentInput } from '../../domain/fusion';
import type { MetricStore, ProfileStore, RankingEntry, ScoreStore } from '../types';

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

/**
 * Ranking entries of `ids`, in their order (null for ids without a profile), derived from the
 * source stores with one batch call per input. Every ranking store derives its entries here.
 */
export async function deriveRankingEntries(
  sources: RankingSources,
  ids: readonly string[],
): Promise<(RankingEntry | null)[]> {
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
  current: ReadonlyMap<string, RankingEntry>,
): Promise<Map<string, RankingEntry | null>> {
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
  for (const id of changed.keys()) {
    const before = current.get(id);
    entries.set(id, before ? { ...before } : emptyEntry(id));
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
    return profile ? { ...entry, category: profile.category, platform: profile.platform } : null;
  });
  patch(trustIds, (entry, i) => ({
    ...entry,
    trustHistory: (trust[i] ?? []).map((r) => ({ score: r.score, scoredAt: r.scoredAt })),
  }));
  patch(successIds, (entry, i) => ({
    ...entry,
    success: success[i]?.score ?? null,
    revenueForecast: success[i]?.revenueForecast ?? null,
  }));
  patch(anomalyIds, (entry, i) => ({ ...entry, anomaly: anomaly[i]?.score ?? null }));
  patch(sentimentIds, (entry, i) => ({
    ...entry,
    sentimentPositiveRatio: sentimentInput(sentiment[i]),
  }));
  return entries;
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
