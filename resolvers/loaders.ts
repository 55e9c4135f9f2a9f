import DataLoader from 'dataloader';
import type {
  Alert,
  KolProfile,
  MetricPoint,
  MetricWindow,
  ScoreModel,
  ScoreRecord,
} from '../domain/types';
import type { DataSources } from '../datasources/types';
import { trustInputFromProfile } from '../inference/stored/profile-input';
import type { InferenceService } from '../inference/service';
import type { TrustResult } from '../inference/core/types';

/**
 * Per-request DataLoaders: every lookup of one GraphQL request against one store becomes one
 * batched call, however many KOLs the query touches.
 */
export interface Loaders {
  profile: DataLoader<string, KolProfile | null>;
  latestScore: Record<ScoreModel, DataLoader<string, ScoreRecord | null>>;
  /** Newest-first trust history used by fusion to smooth stale scores. */
  trustHistory: DataLoader<string, ScoreRecord[]>;
  metricSeries: DataLoader<SeriesKey, MetricPoint[], string>;
  latestMetric: DataLoader<{ kolId: string; window: MetricWindow }, MetricPoint | null, string>;
  recentAlerts: DataLoader<{ kolId: string; first: number }, Alert[], string>;
  /** On-demand trust for KOLs without a fresh stored score: one model run for the whole request. */
  realtimeTrust: DataLoader<KolProfile, TrustResult, string>;
}

export interface SeriesKey {
  kolId: string;
  window: MetricWindow;
  last: number;
}

export const TRUST_HISTORY_DEPTH = 5;

export function createLoaders(data: DataSources, inference: InferenceService, now: Date): Loaders {
  const latestScoreLoader = (model: ScoreModel) =>
    new DataLoader<string, ScoreRecord | null>((ids) => data.scores.latest(model, ids));
  return {
    profile: new DataLoader((ids) => data.profiles.getMany(ids)),
    latestScore: {
      trust: latestScoreLoader('trust'),
      success: latestScoreLoader('success'),
      anomaly: latestScoreLoader('anomaly'),
      forecast: latestScoreLoader('forecast'),
    },
    trustHistory: new DataLoader((ids) => data.scores.history('trust', ids, TRUST_HISTORY_DEPTH)),
    metricSeries: new DataLoader((keys) => data.metrics.series(keys), {
      cacheKeyFn: (k) => `${k.kolId}|${k.window}|${k.last}`,
    }),
    latestMetric: new DataLoader((keys) => data.metrics.latest(keys), {
      cacheKeyFn: (k) => `${k.kolId}|${k.window}`,
    }),
    recentAlerts: new DataLoader(
      async (keys) => {
        // The store takes one `first` per call; a request nearly always uses one value, so group by it.
        const byFirst = new Map<number, string[]>();
        for (const key of keys)
          byFirst.set(key.first, [...(byFirst.get(key.first) ?? []), key.kolId]);
        const results = new Map<string, Alert[]>();
        await Promise.all(
          [...byFirst].map(async ([first, ids]) => {
            const lists = await data.alerts.recentByKol(ids, first);
            ids.forEach((id, i) => results.set(`${id}|${first}`, lists[i] ?? []));
          }),
        );
        return keys.map((k) => results.get(`${k.kolId}|${k.first}`) ?? []);
      },
      { cacheKeyFn: (k) => `${k.kolId}|${k.first}` },
    ),
    realtimeTrust: new DataLoader(
      (profiles) => inference.scoreTrust(profiles.map((p) => trustInputFromProfile(p, now))),
      { cacheKeyFn: (p) => p.id },
    ),
  };
}
