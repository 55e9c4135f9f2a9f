import type { ScoreModel, ScoreRecord } from '../../domain/types';
import type { ScoreStore } from '../types';
import type { RedisCache } from './cache';
import { ABSENT, decodeScore, encodeScore } from './codec';

/**
 * Read-through cache of the latest score per (model, KOL), same scheme as CachedProfileStore. History
 * reads are rare (ranking entries keep their own copy) and go to the inner store.
 */
export class CachedScoreStore implements ScoreStore {
  constructor(
    private readonly inner: ScoreStore,
    private readonly cache: RedisCache,
  ) {}

  private key(model: ScoreModel, id: string): string {
    return this.cache.key('score', model, id);
  }

  async latest(model: ScoreModel, kolIds: readonly string[]): Promise<(ScoreRecord | null)[]> {
    if (kolIds.length === 0) return [];
    const unique = [...new Set(kolIds)];
    const raw = await this.cache.attempt('scores.get', (redis) =>
      redis.mget(...unique.map((id) => this.key(model, id))),
    );
    const found = new Map<string, ScoreRecord | null>();
    const missing: string[] = [];
    unique.forEach((id, i) => {
      const value = raw?.[i];
      if (value === ABSENT) found.set(id, null);
      else {
        const record = typeof value === 'string' ? decodeScore(value) : undefined;
        if (record) found.set(id, record);
        else missing.push(id);
      }
    });
    if (missing.length > 0) {
      const loaded = await this.inner.latest(model, missing);
      missing.forEach((id, i) => found.set(id, loaded[i] ?? null));
      if (raw !== undefined) {
        await this.cache.attempt('scores.fill', (redis) => {
          const pipeline = redis.pipeline();
          missing.forEach((id, i) => {
            const record = loaded[i];
            pipeline.set(
              this.key(model, id),
              record ? encodeScore(record) : ABSENT,
              'EX',
              this.cache.ttlSeconds,
            );
          });
          return pipeline.exec();
        });
      }
    }
    return kolIds.map((id) => found.get(id) ?? null);
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
