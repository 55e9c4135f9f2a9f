import { RankedMetrics, RankedProfiles, RankedScores } from '../shared/ranked';
import { RankingIndex } from '../shared/ranking-index';
import type { DataSources } from '../types';
import { EmbeddedAlertStore } from './alerts';
import { EmbeddedMetricStore } from './metrics';
import { EmbeddedProfileStore } from './profiles';
import { MemoryRankingIndex } from './ranking-index';
import { createFileRegistryStore, MemoryRegistryStore } from './registry';
import { EmbeddedScoreStore } from './scores';

export interface EmbeddedDataSourcesOptions {
  /** JSON file of the model registry (e.g. `.data/model-registry.json`); in memory when absent. */
  registryFile?: string;
  /** When a trust score turns stale for the ranking order (SCORE_MAX_AGE_SECONDS; default 1 day). */
  trustMaxAgeMs?: number;
  clock?: () => Date;
}

/**
 * In-process stores. Writes through `profiles`, `scores` and `metrics` keep the ranking index
 * current (the index lives beside the stores, ordered per segment). The index starts with the
 * stores, so it knows everything they hold: it also keeps the parts of KOLs that have no profile
 * yet (`keepsUnprofiled`), and a write is patched into the entry instead of read back from the
 * stores (the demo seed writes each KOL's history and earlier scores before its profile).
 */
export function createEmbeddedDataSources(options: EmbeddedDataSourcesOptions = {}): DataSources {
  const profiles = new EmbeddedProfileStore();
  const metrics = new EmbeddedMetricStore();
  const scores = new EmbeddedScoreStore();
  const rankings = new RankingIndex(
    new MemoryRankingIndex(),
    { profiles, scores, metrics },
    {
      trustMaxAgeMs: options.trustMaxAgeMs ?? 86_400_000,
      clock: options.clock,
      keepsUnprofiled: true,
    },
  );
  return {
    profiles: new RankedProfiles(profiles, rankings),
    metrics: new RankedMetrics(metrics, rankings),
    scores: new RankedScores(scores, rankings),
    alerts: new EmbeddedAlertStore(),
    rankings,
    registry: options.registryFile
      ? createFileRegistryStore(options.registryFile)
      : new MemoryRegistryStore(),
    ping: async () => undefined,
    close: async () => undefined,
  };
}
