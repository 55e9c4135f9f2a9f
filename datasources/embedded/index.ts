import type { DataSources } from '../types';
import { EmbeddedAlertStore } from './alerts';
import { EmbeddedMetricStore } from './metrics';
import { EmbeddedProfileStore } from './profiles';
import { EmbeddedRankingStore } from './rankings';
import { EmbeddedScoreStore } from './scores';

export function createEmbeddedDataSources(): DataSources {
  const profiles = new EmbeddedProfileStore();
  const metrics = new EmbeddedMetricStore();
  const scores = new EmbeddedScoreStore();
  const alerts = new EmbeddedAlertStore();
  return {
    profiles,
    metrics,
    scores,
    alerts,
    rankings: new EmbeddedRankingStore(profiles, scores, metrics),
    ping: async () => undefined,
    close: async () => undefined,
  };
}
