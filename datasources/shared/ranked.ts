import type { KolProfile, MetricPoint, ScoreRecord } from '../../domain/types';
import type {
  MetricStore,
  ProfileStore,
  ProfileUpsertOptions,
  ProfileUpsertResult,
  ScoreStore,
} from '../types';
import { type RankingPart, type RankingWrite } from './ranking-entries';

/** What the write wrappers tell: these KOLs' parts changed, and what was written. */
export interface RankingRefresher {
  refresh(
    kolIds: readonly string[],
    parts: readonly RankingPart[],
    writes?: ReadonlyMap<string, readonly RankingWrite[]>,
  ): Promise<void>;
}

function addWrite(map: Map<string, RankingWrite[]>, kolId: string, write: RankingWrite): void {
  const list = map.get(kolId);
  if (list) list.push(write);
  else map.set(kolId, [write]);
}

/**
 * Write wrappers of the source stores: writes that change ranking inputs refresh the index entries
 * of the KOLs they touch (only the parts they changed), handing over what they wrote so that the
 * index patches it in instead of reading it back.
 */
export class RankedProfiles implements ProfileStore {
  constructor(
    private readonly inner: ProfileStore,
    private readonly rankings: RankingRefresher,
  ) {}
  /** Straight from the inner store: a write must not compare with a cached (maybe stale) time. */
  updatedAt(ids: readonly string[]): Promise<(Date | null)[]> {
    return this.inner.updatedAt(ids);
  }

  getMany(ids: readonly string[]): Promise<(KolProfile | null)[]> {
    return this.inner.getMany(ids);
  }
  listIds(filter: Parameters<ProfileStore['listIds']>[0]): Promise<string[]> {
    return this.inner.listIds(filter);
  }
  async upsertMany(
    profiles: readonly KolProfile[],
    options?: ProfileUpsertOptions,
  ): Promise<ProfileUpsertResult> {
    const result = await this.inner.upsertMany(profiles, options);
    const last = new Map<string, KolProfile>();
    for (const profile of profiles) last.set(profile.id, profile);
    const writes = new Map<string, RankingWrite[]>();
    for (const id of result.applied) {
      const profile = last.get(id);
      if (profile) writes.set(id, [{ part: 'profile', profile }]);
    }
    await this.rankings.refresh(result.applied, ['profile'], writes);
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
    const parts = new Set<RankingPart>();
    const writes = new Map<string, RankingWrite[]>();
    for (const record of records) {
      const model = record.model;
      if (model !== 'trust' && model !== 'success' && model !== 'anomaly') continue;
      parts.add(model);
      addWrite(writes, record.kolId, { part: model, record });
    }
    if (writes.size > 0) await this.rankings.refresh([...writes.keys()], [...parts], writes);
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
    const writes = new Map<string, RankingWrite[]>();
    for (const point of points) {
      if (point.window === 'H24') addWrite(writes, point.kolId, { part: 'sentiment', point });
    }
    await this.rankings.refresh([...writes.keys()], ['sentiment'], writes);
  }
}
