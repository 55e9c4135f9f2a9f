import type { KolProfile, MetricPoint, ScoreRecord } from '../../domain/types';
import type { MetricStore, ProfileStore, ProfileUpsertResult, ScoreStore } from '../types';
import { RANKING_PARTS, type RankingPart } from './ranking-entries';

/** What the write wrappers tell: these KOLs' parts changed. */
export interface RankingRefresher {
  refresh(kolIds: readonly string[], parts: readonly RankingPart[]): Promise<void>;
}

/**
 * Write wrappers of the source stores: writes that change ranking inputs refresh the index entries
 * of the KOLs they touch (only the parts they changed).
 */
export class RankedProfiles implements ProfileStore {
  constructor(
    private readonly inner: ProfileStore,
    private readonly rankings: RankingRefresher,
  ) {}
  getMany(ids: readonly string[]): Promise<(KolProfile | null)[]> {
    return this.inner.getMany(ids);
  }
  listIds(filter: Parameters<ProfileStore['listIds']>[0]): Promise<string[]> {
    return this.inner.listIds(filter);
  }
  async upsertMany(profiles: readonly KolProfile[]): Promise<ProfileUpsertResult> {
    const result = await this.inner.upsertMany(profiles);
    await this.rankings.refresh(result.applied, ['profile']);
    return result;
  }
}

export class RankedScores implements ScoreStore {
  constructor(
    private readonly inner: ScoreStore,
    private readonly rankings: RankingRefresher,
  ) {}
  latest: ScoreStore['latest'] = (model, kolIds) => this.inner.latest(model, kolIds);
  history: ScoreStore['history'] = (model, kolIds, limit) =>
    this.inner.history(model, kolIds, limit);
  async put(records: readonly ScoreRecord[]): Promise<void> {
    await this.inner.put(records);
    const byPart = new Map<RankingPart, Set<string>>();
    for (const record of records) {
      const part = RANKING_PARTS.find((p) => p === record.model);
      if (part === undefined) continue;
      const ids = byPart.get(part) ?? new Set<string>();
      ids.add(record.kolId);
      byPart.set(part, ids);
    }
    await Promise.all([...byPart].map(([part, ids]) => this.rankings.refresh([...ids], [part])));
  }
}

export class RankedMetrics implements MetricStore {
  constructor(
    private readonly inner: MetricStore,
    private readonly rankings: RankingRefresher,
  ) {}
  series: MetricStore['series'] = (keys) => this.inner.series(keys);
  latest: MetricStore['latest'] = (keys) => this.inner.latest(keys);
  async write(points: readonly MetricPoint[]): Promise<void> {
    await this.inner.write(points);
    // Only the 24 h window feeds the ranking (its sentiment ratio).
    const touched = points.filter((p) => p.window === 'H24').map((p) => p.kolId);
    await this.rankings.refresh([...new Set(touched)], ['sentiment']);
  }
}
