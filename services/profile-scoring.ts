/**
 * Scores of stored (or about to be stored) KOLs from their profile and what the stores know of
 * their activity: the one place the import path and `scoreKols(kolIds)` get model scores from.
 */
import type { DataSources } from '../datasources/types';
import type { KolProfile, ScoreRecord } from '../domain/types';
import { anomalyInputFromProfile, trustInputFromProfile } from '../inference/stored/profile-input';
import type { InferenceService } from '../inference/service';
import { trustRecord } from './scoring';

/**
 * Trust and anomaly records for each profile, one model run per model. `known` holds the ids that
 * already have a stored history (their latest 24 h bucket feeds the anomaly model); a new KOL is
 * scored from its profile alone.
 */
export async function scoreProfiles(
  deps: { data: DataSources; inference: InferenceService },
  profiles: readonly KolProfile[],
  known: ReadonlySet<string>,
  now: Date,
): Promise<ScoreRecord[]> {
  if (profiles.length === 0) return [];
  const withHistory = profiles.filter((p) => known.has(p.id));
  const days =
    withHistory.length > 0
      ? await deps.data.metrics.latest(withHistory.map((p) => ({ kolId: p.id, window: 'H24' })))
      : [];
  const dayOf = new Map(withHistory.map((p, i) => [p.id, days[i] ?? undefined]));
  const [trust, anomaly] = await Promise.all([
    deps.inference.scoreTrust(profiles.map((p) => trustInputFromProfile(p, now))),
    deps.inference.scoreAnomaly(
      profiles.map((p) => anomalyInputFromProfile(p, now, dayOf.get(p.id) ?? undefined)),
    ),
  ]);
  const records: ScoreRecord[] = [];
  profiles.forEach((profile, i) => {
    const t = trust[i];
    const a = anomaly[i];
    if (t) records.push(trustRecord(profile.id, t));
    if (a) {
      records.push({
        kolId: profile.id,
        model: 'anomaly',
        score: a.anomalyScore,
        modelVersion: a.modelVersion,
        scoredAt: a.scoredAt,
        reasons: [],
      });
    }
  });
  return records;
}
