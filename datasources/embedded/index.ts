import type { DataSources } from '../types';
import { EmbeddedAlertStore } from './alerts';
import { EmbeddedMetricStore } from './metrics';
import { EmbeddedProfileStore } from './profiles';
import { EmbeddedRankingStore } from './rankings';
import { createFileRegistryStore, MemoryRegistryStore } from './registry';
import { EmbeddedScoreStore } from './scores';

export interface EmbeddedDataSourcesOptions {
  /** JSON file of the model registry (e.g. `.data/model-registry.json`); in memory when absent. */
  registryFile?: string;
}

export function createEmbeddedDataSources(options: EmbeddedDataSourcesOptions = {}): DataSources {
  const profiles = new EmbeddedProfileStore();
  const metrics = new EmbeddedMetricStore();
  const scores = new EmbeddedScoreStore();
  const alerts = new EmbeddedAlertStore();
  return {
    profiles,
    metrics,
    scores,
    alerts,
    rankings: new EmbeddedRankingStore({ profiles, scores, metrics }),
    registry: options.registryFile
      ? createFileRegistryStore(options.registryFile)
      : new MemoryRegistryStore(),
    ping: async () => undefined,
    close: async () => undefined,
  };
}
