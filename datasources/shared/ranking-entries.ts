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

/** When the stored value of each latest-wins part was made (ms since epoch); absent: none stored. */
export interface PartTimes {
  success?: number;
  anomaly?: number;
  sentiment?: number;
}

/** A ranking entry with the profile fields that decide its segments. */
export interface IndexedEntry {
  entry: RankingEntry;
  attributes: SegmentAttributes;
  /**
   * The times of the parts, when the derivation knew them all: a write is patched in only when its
   * time is at least the stored one. Without them a written part is read back from the stores.
   */
  times?: PartTimes;
  /** The known parts of a KOL that has no profile yet (scores written first): in no segment. */
  unprofiled?: boolean;
}

/** What a write through the DataSources stored, handed to the index so that it is not read back. */
export type RankingWrite =
  | { part: 'profile'; profile: KolProfile }
  | { part: 'trust' | 'success' | 'anomaly'; record: ScoreRecord }
  | { part: 'sentiment'; point: MetricPoint };

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
  options: { keepUnprofiled?: boolean } = {},
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
  const entries = new Map<string, RankingEntry>();
  const attributes = new Map<string, SegmentAttributes>();
  const times = new Map<string, PartTimes | undefined>();
  const unprofiled = new Set<string>();
  for (const id of changed.keys()) {
    const before = current.get(id);
    entries.set(id, before ? { ...before.entry } : emptyEntry(id));
    // A KOL derived whole gets every part time; a patched one keeps times only if it had them.
    times.set(id, before ? before.times && { ...before.times } : {});
    if (before) attributes.set(id, before.attributes);
    if (before?.unprofiled) unprofiled.add(id);
  }
  const patch = (
    ids: readonly string[],
    apply: (entry: RankingEntry, i: number, at: PartTimes | undefined) => RankingEntry,
  ): void =>
    ids.forEach((id, i) => {
      const entry = entries.get(id);
      if (entry) entries.set(id, apply(entry, i, times.get(id)));
    });
  patch(profileIds, (entry, i) => {
    const profile = profiles[i];
    if (!profile) {
      unprofiled.add(entry.kolId);
      return { ...entry, category: '', platform: '' };
    }
    unprofiled.delete(entry.kolId);
    attributes.set(entry.kolId, segmentAttributes(profile));
    return { ...entry, category: profile.category, platform: profile.platform };
  });
  patch(trustIds, (entry, i) => withTrust(entry, trust[i] ?? []));
  patch(successIds, (entry, i, at) => {
    const latest = success[i] ?? null;
    stamp(at, 'success', latest?.scoredAt);
    return withSuccess(entry, latest);
  });
  patch(anomalyIds, (entry, i, at) => {
    const latest = anomaly[i] ?? null;
    stamp(at, 'anomaly', latest?.scoredAt);
    return withAnomaly(entry, latest);
  });
  patch(sentimentIds, (entry, i, at) => {
    const day = sentiment[i] ?? null;
    stamp(at, 'sentiment', day?.bucketStart);
    return withSentiment(entry, day);
  });
  const indexed = new Map<string, IndexedEntry | null>();
  for (const [id, entry] of entries) {
    const at = times.get(id);
    if (unprofiled.has(id)) {
      const keep = options.keepUnprofiled && hasParts(entry, at);
      indexed.set(id, keep ? unprofiledEntry(entry, at) : null);
      continue;
    }
    const segment = attributes.get(id);
    if (!segment) indexed.set(id, null);
    else
      indexed.set(
        id,
        at ? { entry, attributes: segment, times: at } : { entry, attributes: segment },
      );
  }
  return indexed;
}

/**
 * Patches what writes stored into an entry, without reading: the profile, trust scores merged
 * into the history (newest first; a score with the time of one held replaces it, as its row
 * does), and a latest-wins part (success, anomaly, 24 h sentiment) when it is at least as recent
 * as the stored one. `unresolved`: parts that could not be patched (the entry has no part times),
 * to be read from the stores instead.
 */
export function applyRankingWrites(
  indexed: IndexedEntry,
  writes: readonly RankingWrite[],
): { indexed: IndexedEntry; unresolved: Set<RankingPart> } {
  let entry = indexed.entry;
  let attributes = indexed.attributes;
  let unprofiled = indexed.unprofiled === true;
  const at = indexed.times && { ...indexed.times };
  const unresolved = new Set<RankingPart>();
  const newer = (part: keyof PartTimes, time: Date): boolean => {
    if (!at) {
      unresolved.add(part);
      return false;
    }
    const stored = at[part];
    if (stored !== undefined && time.getTime() < stored) return false;
    at[part] = time.getTime();
    return true;
  };
  for (const write of writes) {
    switch (write.part) {
      case 'profile':
        entry = { ...entry, category: write.profile.category, platform: write.profile.platform };
        attributes = segmentAttributes(write.profile);
        unprofiled = false;
        break;
      case 'trust': {
        const time = write.record.scoredAt.getTime();
        const history = entry.trustHistory.filter((t) => t.scoredAt.getTime() !== time);
        history.push({ score: write.record.score, scoredAt: write.record.scoredAt });
        history.sort((a, b) => b.scoredAt.getTime() - a.scoredAt.getTime());
        entry = { ...entry, trustHistory: history.slice(0, RANKING_TRUST_HISTORY) };
        break;
      }
      case 'success':
        if (newer('success', write.record.scoredAt)) entry = withSuccess(entry, write.record);
        break;
      case 'anomaly':
        if (newer('anomaly', write.record.scoredAt)) entry = withAnomaly(entry, write.record);
        break;
      case 'sentiment':
        if (newer('sentiment', write.point.bucketStart)) entry = withSentiment(entry, write.point);
        break;
    }
  }
  const out: IndexedEntry = { entry, attributes };
  if (at) out.times = at;
  if (unprofiled) out.unprofiled = true;
  return { indexed: out, unresolved };
}

/** The entry of a KOL the index has nothing of (no profile, no scores, no metrics). */
export function nothingKnown(kolId: string): IndexedEntry {
  return unprofiledEntry(emptyEntry(kolId), {});
}

/** Parts of a KOL without a profile (kept so that its profile, when it comes, needs no reads). */
export function unprofiledEntry(entry: RankingEntry, times: PartTimes | undefined): IndexedEntry {
  const out: IndexedEntry = {
    entry: { ...entry, category: '', platform: '' },
    attributes: segmentAttributes({ category: '', platform: '', followers: 0 }),
    unprofiled: true,
  };
  if (times) out.times = times;
  return out;
}

function hasParts(entry: RankingEntry, times: PartTimes | undefined): boolean {
  return (
    entry.trustHistory.length > 0 ||
    entry.success !== null ||
    entry.anomaly !== null ||
    entry.sentimentPositiveRatio !== null ||
    (times !== undefined && Object.keys(times).length > 0)
  );
}

function stamp(times: PartTimes | undefined, part: keyof PartTimes, at: Date | undefined): void {
  if (!times) return;
  if (at) times[part] = at.getTime();
  else delete times[part];
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
