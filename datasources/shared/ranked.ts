import type { KolProfile, MetricPoint, ScoreRecord } from '../../domain/types';
import type {
  MetricStore,
  ProfileStore,
  ProfileUpsertOptions,
  ProfileUpsertResult,
  RankingRefreshGroup,
  ScoreStore,
  WriteOptions,
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

/** The refreshes a group of writes asked for, per refresher (see `mergeRankingRefreshes`). */
class MergedRefreshes implements RankingRefreshGroup {
  readonly mergesRankingRefreshes = true;
  private readonly pending = new Map<
    RankingRefresher,
    { writes: Map<string, RankingWrite[]>; reread: Set<string>; parts: Set<RankingPart> }
  >();

  add(
    rankings: RankingRefresher,
    kolIds: readonly string[],
    parts: readonly RankingPart[],
    writes?: ReadonlyMap<string, readonly RankingWrite[]>,
  ): void {
    let pending = this.pending.get(rankings);
    if (!pending) {
      pending = { writes: new Map(), reread: new Set(), parts: new Set() };
      this.pending.set(rankings, pending);
    }
    for (const id of kolIds) {
      const written = writes?.get(id);
      if (written) for (const write of written) addWrite(pending.writes, id, write);
      else {
        pending.reread.add(id);
        for (const part of parts) pending.parts.add(part);
      }
    }
  }

  /**
   * One refresh per refresher for the KOLs that came with their writes, and one that re-reads the
   * parts named without writes (kept apart: a refresh reads a KOL's parts from its writes when it
   * has any).
   */
  async flush(): Promise<void> {
    for (const [rankings, { writes, reread, parts }] of this.pending) {
      if (writes.size > 0) await rankings.refresh([...writes.keys()], [], writes);
      if (reread.size > 0) await rankings.refresh([...reread], [...parts]);
    }
    this.pending.clear();
  }
}

/**
 * Runs `write`, a group of writes through the ranked stores that pass them `refreshes` (their
 * `WriteOptions`), with the ranking refreshes they ask for merged into one at its end (also when
 * `write` throws: what was written is indexed). The import writes a batch's scores, then its
 * profiles: one refresh instead of two is one read and one write of the batch's index entries
 * fewer. Passed explicitly rather than through an async context: AsyncLocalStorage turns on promise
 * hooks for the whole process, measured at ~15 µs more CPU per GraphQL request.
 */
export async function mergeRankingRefreshes<T>(
  write: (refreshes: RankingRefreshGroup) => Promise<T>,
): Promise<T> {
  const merged = new MergedRefreshes();
  try {
    return await write(merged);
  } finally {
    await merged.flush();
  }
}

/** A wrapper's refresh: now, or with the group its write belongs to. */
function refreshOf(
  rankings: RankingRefresher,
  group: RankingRefreshGroup | undefined,
  kolIds: readonly string[],
  parts: readonly RankingPart[],
  writes?: ReadonlyMap<string, readonly RankingWrite[]>,
): Promise<void> {
  if (!(group instanceof MergedRefreshes)) return rankings.refresh(kolIds, parts, writes);
  group.add(rankings, kolIds, parts, writes);
  return Promise.resolve();
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
    await refreshOf(this.rankings, options?.refreshes, result.applied, ['profile'], writes);
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
  async put(records: readonly ScoreRecord[], options?: WriteOptions): Promise<void> {
    await this.inner.put(records);
    const parts = new Set<RankingPart>();
    const writes = new Map<string, RankingWrite[]>();
    for (const record of records) {
      const model = record.model;
      if (model !== 'trust' && model !== 'success' && model !== 'anomaly') continue;
      parts.add(model);
      addWrite(writes, record.kolId, { part: model, record });
    }
    if (writes.size > 0) {
      await refreshOf(this.rankings, options?.refreshes, [...writes.keys()], [...parts], writes);
    }
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
