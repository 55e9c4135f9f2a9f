import type Redis from 'ioredis';
import type { Logger } from 'pino';
import {
  deriveRankingEntries,
  RANKING_PARTS,
  updateRankingEntries,
  type RankingPart,
  type RankingSources,
} from '../shared/ranking-entries';
import { segmentKey, segmentsOf } from '../shared/segments';
import type { RankingEntry, RankingStore, SegmentFilter } from '../types';
import type { RedisCache } from './cache';
import { decodeRankingEntry, encodeRankingEntry } from './codec';

/**
 * Moves entries between segment hashes atomically. For each KOL: remove it from the segments it was
 * in (remembered in the `of` hash), then add it to its current ones (or drop it when the JSON is
 * empty: no profile). KEYS[1] `of` hash, KEYS[2] set of segment hash names; ARGV[1] segment hash
 * prefix, then triples (kolId, entry JSON or '', space-separated segment names).
 */
const PUT_ENTRIES_LUA = `
local of, segs, prefix = KEYS[1], KEYS[2], ARGV[1]
for i = 2, #ARGV, 3 do
  local id, json, want = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local old = redis.call('HGET', of, id)
  if old then
    for seg in string.gmatch(old, '%S+') do redis.call('HDEL', prefix .. seg, id) end
  end
  if json == '' then
    redis.call('HDEL', of, id)
  else
    for seg in string.gmatch(want, '%S+') do
      redis.call('HSET', prefix .. seg, id, json)
      redis.call('SADD', segs, prefix .. seg)
    end
    redis.call('HSET', of, id, want)
  end
end
return 1
`;

interface WithPutEntries {
  kolPutRankingEntries(ofKey: string, segsKey: string, ...args: string[]): Promise<unknown>;
}

/** Entries computed per chunk during a rebuild (one batch read per store per chunk). */
const REBUILD_CHUNK = 1_000;
/** Beyond this many KOLs whose refresh failed, a full rebuild is cheaper than remembering them. */
const MAX_PENDING_REFRESH = 10_000;

/**
 * Ranking inputs kept in Redis: one hash per segment (all KOLs, each category, each platform) mapping
 * kolId to its RankingEntry JSON, so `entries(filter)` is one round trip (GET of the "built" marker
 * + HGETALL of the segment hash, pipelined). Entries are recomputed from the source stores
 * (Cassandra) whenever the real DataSources write a profile, a score or a 24 h metric (`refresh`),
 * and the whole index is rebuilt when the marker is missing (first start, Redis restarted or
 * flushed). When Redis is down, `entries` computes the segment from the source stores instead, and
 * the KOLs whose refresh failed are refreshed once Redis is back.
 */
export class RedisRankingStore implements RankingStore {
  private readonly builtKey: string;
  private readonly ofKey: string;
  private readonly segsKey: string;
  private readonly segPrefix: string;
  private readonly pending = new Set<string>();
  private needsRebuild = false;
  private rebuilding: Promise<RankingEntry[]> | undefined;
  /** Refreshes are coalesced: while one runs, new ids wait for the next one (one at a time). */
  private queued = new Map<string, Set<RankingPart>>();
  private queuedRun: Promise<void> | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly cache: RedisCache,
    private readonly sources: RankingSources,
    private readonly logger?: Logger,
  ) {
    this.builtKey = cache.key('rank', 'built');
    this.ofKey = cache.key('rank', 'of');
    this.segsKey = cache.key('rank', 'segments');
    this.segPrefix = cache.key('rank', 'seg', '');
    cache.redis.defineCommand('kolPutRankingEntries', { numberOfKeys: 2, lua: PUT_ENTRIES_LUA });
  }

  async entries(filter: SegmentFilter): Promise<RankingEntry[]> {
    await this.catchUp();
    const segment = segmentKey(filter);
    const replies = await this.cache.attempt('rankings.read', async (redis) => {
      const [built, entries] = (await redis
        .pipeline()
        .get(this.builtKey)
        .hgetall(this.segPrefix + segment)
        .exec()) as [[Error | null, string | null], [Error | null, Record<string, string>]];
      const failure = built[0] ?? entries[0];
      if (failure) throw failure;
      return { built: built[1], entries: entries[1] };
    });
    if (replies === undefined) return this.compute(filter);
    if (replies.built === null) return select(await this.rebuild(), filter);
    const out: RankingEntry[] = [];
    for (const raw of Object.values(replies.entries)) {
      const entry = decodeRankingEntry(raw);
      if (!entry) return select(await this.rebuild(), filter);
      out.push(entry);
    }
    return select(out, filter);
  }

  /**
   * Recomputes the given parts of these KOLs' entries from the source stores and stores them. Never
   * throws for a Redis failure: the ids are remembered and refreshed when Redis is back.
   */
  async refresh(
    kolIds: readonly string[],
    parts: readonly RankingPart[] = RANKING_PARTS,
  ): Promise<void> {
    if (kolIds.length === 0) return;
    for (const id of kolIds) {
      const wanted = this.queued.get(id) ?? new Set<RankingPart>();
      for (const part of parts) wanted.add(part);
      this.queued.set(id, wanted);
    }
    if (!this.queuedRun) {
      const previous = this.running ?? Promise.resolve();
      this.queuedRun = previous.then(async () => {
        const batch = this.queued;
        this.queued = new Map();
        this.queuedRun = undefined;
        const run = this.refreshNow(batch);
        this.running = run;
        try {
          await run;
        } finally {
          if (this.running === run) this.running = undefined;
        }
      });
    }
    await this.queuedRun;
  }

  /** Drops the index; the next read rebuilds it. */
  async invalidate(): Promise<void> {
    await this.cache.attempt('rankings.invalidate', (redis) => redis.del(this.builtKey));
  }

  /** Rebuilds the whole index from the source stores; concurrent callers share one rebuild. */
  rebuild(): Promise<RankingEntry[]> {
    if (!this.rebuilding) {
      this.rebuilding = this.rebuildNow().finally(() => {
        this.rebuilding = undefined;
      });
    }
    return this.rebuilding;
  }

  private async refreshNow(batch: ReadonlyMap<string, ReadonlySet<RankingPart>>): Promise<void> {
    const ids = [...batch.keys()];
    if (!this.cache.ready) {
      this.remember(ids);
      return;
    }
    let entries: (RankingEntry | null)[];
    try {
      entries = await this.computeUpdates(batch);
    } catch (error) {
      this.logger?.warn({ err: String(error) }, 'ranking refresh could not read its sources');
      this.remember(ids);
      return;
    }
    const stored = await this.store(ids, entries);
    if (!stored) this.remember(ids);
  }

  /**
   * New entries for a refresh batch: KOLs already in the index are patched with only the parts
   * their writes changed (one batch read per part); the others are computed whole.
   */
  private async computeUpdates(
    batch: ReadonlyMap<string, ReadonlySet<RankingPart>>,
  ): Promise<(RankingEntry | null)[]> {
    const ids = [...batch.keys()];
    const current = await this.cache.attempt('rankings.refresh', (redis) =>
      redis.hmget(this.segPrefix + segmentKey({}), ...ids),
    );
    const existing = new Map<string, RankingEntry>();
    ids.forEach((id, i) => {
      const raw = current?.[i];
      const entry = typeof raw === 'string' ? decodeRankingEntry(raw) : undefined;
      if (entry) existing.set(id, entry);
    });
    const updated = await updateRankingEntries(this.sources, batch, existing);
    return ids.map((id) => updated.get(id) ?? null);
  }

  private async rebuildNow(): Promise<RankingEntry[]> {
    const t0 = Date.now();
    this.needsRebuild = false;
    this.pending.clear();
    const ids = await this.sources.profiles.listIds({});
    const all: RankingEntry[] = [];
    await this.cache.attempt('rankings.rebuild', async (redis) => {
      const segments = await redis.smembers(this.segsKey);
      const pipeline = redis.pipeline().del(this.builtKey, this.ofKey, this.segsKey);
      if (segments.length > 0) pipeline.del(...segments);
      return pipeline.exec();
    });
    let ok = true;
    for (let i = 0; i < ids.length; i += REBUILD_CHUNK) {
      const chunk = ids.slice(i, i + REBUILD_CHUNK);
      const entries = await this.computeEntries(chunk);
      for (const entry of entries) if (entry) all.push(entry);
      if (ok) ok = await this.store(chunk, entries);
    }
    if (ok) {
      ok =
        (await this.cache.attempt('rankings.rebuild', (redis) =>
          redis.set(this.builtKey, new Date().toISOString()),
        )) !== undefined;
    }
    if (!ok) this.needsRebuild = true;
    this.logger?.info(
      { kols: all.length, ms: Date.now() - t0, stored: ok },
      'ranking index rebuilt',
    );
    return all;
  }

  /** Applies refreshes that failed while Redis was unreachable, once it is back. */
  private async catchUp(): Promise<void> {
    if (!this.cache.ready) return;
    if (this.needsRebuild) {
      await this.invalidate();
      this.needsRebuild = false;
      return;
    }
    if (this.pending.size > 0) {
      const ids = [...this.pending];
      this.pending.clear();
      await this.refresh(ids, RANKING_PARTS);
    }
  }

  private remember(ids: readonly string[]): void {
    for (const id of ids) this.pending.add(id);
    if (this.pending.size > MAX_PENDING_REFRESH) {
      this.pending.clear();
      this.needsRebuild = true;
    }
  }

  private async store(
    ids: readonly string[],
    entries: readonly (RankingEntry | null)[],
  ): Promise<boolean> {
    const args: string[] = [this.segPrefix];
    ids.forEach((id, i) => {
      const entry = entries[i];
      if (entry) args.push(id, encodeRankingEntry(entry), segmentsOf(entry).join(' '));
      else args.push(id, '', '');
    });
    const done = await this.cache.attempt('rankings.write', (redis) =>
      (redis as Redis & WithPutEntries).kolPutRankingEntries(this.ofKey, this.segsKey, ...args),
    );
    return done !== undefined;
  }

  /** A segment straight from the source stores (used while Redis is unavailable). */
  private async compute(filter: SegmentFilter): Promise<RankingEntry[]> {
    const ids = await this.sources.profiles.listIds(filter);
    const entries = await this.computeEntries(ids);
    return entries.filter((e): e is RankingEntry => e !== null);
  }

  /** Entries of `ids` from the source stores (null without a profile). */
  computeEntries(ids: readonly string[]): Promise<(RankingEntry | null)[]> {
    return deriveRankingEntries(this.sources, ids);
  }
}

/** Entries of the filter's segment, in kolId order (the order of `ProfileStore.listIds`). */
function select(entries: readonly RankingEntry[], filter: SegmentFilter): RankingEntry[] {
  return entries
    .filter(
      (e) =>
        (!filter.category || e.category === filter.category) &&
        (!filter.platform || e.platform === filter.platform),
    )
    .sort((a, b) => (a.kolId < b.kolId ? -1 : a.kolId > b.kolId ? 1 : 0));
}
