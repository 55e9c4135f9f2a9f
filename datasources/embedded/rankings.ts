import { sentimentInput } from '../../domain/fusion';
import type {
  MetricStore,
  ProfileStore,
  RankingEntry,
  RankingStore,
  ScoreStore,
  SegmentFilter,
} from '../types';

/** How many past trust scores an entry carries for the stale-score EMA. */
export const RANKING_TRUST_HISTORY = 5;

/** In memory the ranking inputs are a view over the other stores, so they are never out of date. */
export class EmbeddedRankingStore implements RankingStore {
  constructor(
    private readonly profiles: ProfileStore,
    private readonly scores: ScoreStore,
    private readonly metrics: MetricStore,
  ) {}

  async entries(filter: SegmentFilter): Promise<RankingEntry[]> {
    const ids = await this.profiles.listIds(filter);
    const [profiles, trust, success, anomaly, sentiment] = await Promise.all([
      this.profiles.getMany(ids),
      this.scores.history('trust', ids, RANKING_TRUST_HISTORY),
      this.scores.latest('success', ids),
      this.scores.latest('anomaly', ids),
      this.metrics.latest(ids.map((kolId) => ({ kolId, window: 'H24' as const }))),
    ]);
    const entries: RankingEntry[] = [];
    ids.forEach((kolId, i) => {
      const profile = profiles[i];
      if (!profile) return;
      entries.push({
        kolId,
        category: profile.category,
        platform: profile.platform,
        trustHistory: (trust[i] ?? []).map((r) => ({ score: r.score, scoredAt: r.scoredAt })),
        success: success[i]?.score ?? null,
        revenueForecast: success[i]?.revenueForecast ?? null,
        sentimentPositiveRatio: sentimentInput(sentiment[i]),
        anomaly: anomaly[i]?.score ?? null,
      });
    });
    return entries;
  }
}
