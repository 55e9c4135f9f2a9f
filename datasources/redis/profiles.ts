import type { KolProfile } from '../../domain/types';
import { readThrough, type ReadThroughCache } from '../shared/read-through';
import type { ProfileStore, ProfileUpsertOptions, SegmentFilter } from '../types';
import type { RedisCache } from './cache';
import { decodeProfile, encodeProfile } from './codec';
import { redisStringCache } from './json-cache';

/**
 * Read-through cache in front of a ProfileStore (one MGET for the whole batch, the misses from the
 * inner store in one batch call, one pipeline to fill them). Writes go to the inner store first,
 * then delete the cached entries (cache-aside). When Redis fails, reads and writes go straight to
 * the inner store.
 */
export class CachedProfileStore implements ProfileStore {
  private readonly cached: ReadThroughCache<KolProfile>;

  constructor(
    private readonly inner: ProfileStore,
    private readonly cache: RedisCache,
  ) {
    this.cached = redisStringCache(
      cache,
      'profiles',
      (id) => this.key(id),
      encodeProfile,
      decodeProfile,
    );
  }

  private key(id: string): string {
    return this.cache.key('profile', id);
  }

  /** Straight from the inner store: a write must not compare with a cached (maybe stale) time. */
  updatedAt(ids: readonly string[]): Promise<(Date | null)[]> {
    return this.inner.updatedAt(ids);
  }

  getMany(ids: readonly string[]): Promise<(KolProfile | null)[]> {
    return readThrough(ids, this.cached, (missing) => this.inner.getMany(missing));
  }

  async upsertMany(
    profiles: readonly KolProfile[],
    options?: ProfileUpsertOptions,
  ): ReturnType<ProfileStore['upsertMany']> {
    const result = await this.inner.upsertMany(profiles, options);
    await this.cache.invalidate('profiles.invalidate', [
      ...new Set(profiles.map((p) => this.key(p.id))),
    ]);
    return result;
  }

  listIds(filter: SegmentFilter): Promise<string[]> {
    return this.inner.listIds(filter);
  }
}
