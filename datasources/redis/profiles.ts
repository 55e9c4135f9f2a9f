import type { KolProfile } from '../../domain/types';
import type { ProfileStore, SegmentFilter } from '../types';
import type { RedisCache } from './cache';
import { ABSENT, decodeProfile, encodeProfile } from './codec';

/**
 * Read-through cache in front of a ProfileStore: one MGET for the whole batch, the misses from the
 * inner store in one batch call, then one pipeline to fill them (known-absent ids are cached too, as
 * `null`, so unknown ids do not hit Cassandra on every request). Writes go to the inner store first,
 * then delete the cached entries (cache-aside). When Redis fails, reads and writes go straight to the
 * inner store.
 */
export class CachedProfileStore implements ProfileStore {
  constructor(
    private readonly inner: ProfileStore,
    private readonly cache: RedisCache,
  ) {}

  private key(id: string): string {
    return this.cache.key('profile', id);
  }

  async getMany(ids: readonly string[]): Promise<(KolProfile | null)[]> {
    if (ids.length === 0) return [];
    const unique = [...new Set(ids)];
    const raw = await this.cache.attempt('profiles.get', (redis) =>
      redis.mget(...unique.map((id) => this.key(id))),
    );
    const found = new Map<string, KolProfile | null>();
    const missing: string[] = [];
    unique.forEach((id, i) => {
      const value = raw?.[i];
      if (value === ABSENT) found.set(id, null);
      else {
        const profile = typeof value === 'string' ? decodeProfile(value) : undefined;
        if (profile) found.set(id, profile);
        else missing.push(id);
      }
    });
    if (missing.length > 0) {
      const loaded = await this.inner.getMany(missing);
      missing.forEach((id, i) => found.set(id, loaded[i] ?? null));
      if (raw !== undefined) {
        await this.cache.attempt('profiles.fill', (redis) => {
          const pipeline = redis.pipeline();
          missing.forEach((id, i) => {
            const profile = loaded[i];
            pipeline.set(
              this.key(id),
              profile ? encodeProfile(profile) : ABSENT,
              'EX',
              this.cache.ttlSeconds,
            );
          });
          return pipeline.exec();
        });
      }
    }
    return ids.map((id) => found.get(id) ?? null);
  }

  async upsertMany(profiles: readonly KolProfile[]): Promise<void> {
    await this.inner.upsertMany(profiles);
    await this.cache.invalidate('profiles.invalidate', [
      ...new Set(profiles.map((p) => this.key(p.id))),
    ]);
  }

  listIds(filter: SegmentFilter): Promise<string[]> {
    return this.inner.listIds(filter);
  }
}
