import type { ScoreModel, ScoreRecord } from '../../domain/types';
import { readThrough, type ReadThroughCache } from '../shared/read-through';
import type { ScoreStore } from '../types';
import type { RedisCache } from './cache';
import { decodeScore, encodeScore } from './codec';
import { redisStringCache } from './json-cache';

/**
 * Read-through cache of the latest score per (model, KOL), same scheme as CachedProfileStore. History
 * reads are rare (ranking entries keep their own copy) and go to the inner store.
 */
export class CachedScoreStore implements ScoreStore {
  private readonly cached = new Map<ScoreModel, ReadThroughCache<ScoreRecord>>();

  constructor(
    private readonly inner: ScoreStore,
    private readonly cache: RedisCache,
  ) {}

  private key(model: ScoreModel, id: string): string {
    return this.cache.key('score', model, id);
  }

  private cacheOf(model: ScoreModel): ReadThroughCache<ScoreRecord> {
    let cached = this.cached.get(model);
    if (!cached) {
      cached = redisStringCache(
        this.cache,
        'scores',
        (id) => this.key(model, id),
        encodeScore,
        decodeScore,
      );
      this.cached.set(model, cached);
    }
    return cached;
  }

  latest(model: ScoreModel, kolIds: readonly string[]): Promise<(ScoreRecord | null)[]> {
    return readThrough(kolIds, this.cacheOf(model), (missing) => this.inner.latest(model, missing));
  }

  history(model: ScoreModel, kolIds: readonly string[], limit: number): Promise<ScoreRecord[][]> {
    return this.inner.history(model, kolIds, limit);
  }

  async put(records: readonly ScoreRecord[]): Promise<void> {
    await this.inner.put(records);
    await this.cache.invalidate('scores.invalidate', [
      ...new Set(records.map((r) => this.key(r.model, r.kolId))),
    ]);
  }
}
