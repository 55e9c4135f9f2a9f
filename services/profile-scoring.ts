/**
 * Scores of stored (or about to be stored) KOLs from their profile and what the stores know of
 * their activity: the one place the import path and `scoreKols(kolIds)` get model scores from.
 */
import type { DataSources } from '../datasources/types';
import type { KolProfile } from '../domain/types';
import type { InferenceService, StoredKol, StoredKolScores } from '../inference';

/** H1 buckets read per KOL: the 24 whole hours the models use, the open hour and one spare. */
export const HOURLY_HISTORY = 26;

/**
 * Trust, anomaly, success and forecast records of each profile (one model run per model), with the
 * inputs that were unknown. `withHistory` holds the ids whose rolling metrics are read; a KOL
 * without a history is scored from its profile alone (success and forecast then wait for metrics).
 */
export async function scoreProfiles(
  deps: { data: DataSources; inference: InferenceService },
  profiles: readonly KolProfile[],
  withHistory: ReadonlySet<string>,
  now: Date,
): Promise<StoredKolScores[]> {
  if (profiles.length === 0) return [];
  return deps.inference.scoreStoredKols(await storedKols(deps.data, profiles, withHistory), now);
}

/** The scoring input of each profile: its H1 history and latest H24 bucket when in `withHistory`. */
export async function storedKols(
  data: DataSources,
  profiles: readonly KolProfile[],
  withHistory: ReadonlySet<string>,
): Promise<StoredKol[]> {
  const known = profiles.filter((p) => withHistory.has(p.id));
  const [hourly, days] =
    known.length > 0
      ? await Promise.all([
          data.metrics.series(
            known.map((p) => ({ kolId: p.id, window: 'H1', last: HOURLY_HISTORY })),
          ),
          data.metrics.latest(known.map((p) => ({ kolId: p.id, window: 'H24' }))),
        ])
      : [[], []];
  const historyOf = new Map(
    known.map((p, i) => [p.id, { hourly: hourly[i] ?? [], day: days[i] ?? null }]),
  );
  return profiles.map((profile) => ({ profile, ...(historyOf.get(profile.id) ?? { hourly: [] }) }));
}

/**
 * The scoring input of each id, null for an unknown one: its profile, H1 history and latest H24
 * bucket, all read at once (the history reads need only the ids, so they do not wait for the
 * profiles; an unknown id's history is read for nothing).
 */
export async function storedKolsByIds(
  data: DataSources,
  ids: readonly string[],
): Promise<(StoredKol | null)[]> {
  if (ids.length === 0) return [];
  const [profiles, hourly, days] = await Promise.all([
    data.profiles.getMany(ids),
    data.metrics.series(ids.map((kolId) => ({ kolId, window: 'H1', last: HOURLY_HISTORY }))),
    data.metrics.latest(ids.map((kolId) => ({ kolId, window: 'H24' }))),
  ]);
  return ids.map((_, i) => {
    const profile = profiles[i];
    return profile ? { profile, hourly: hourly[i] ?? [], day: days[i] ?? null } : null;
  });
}
