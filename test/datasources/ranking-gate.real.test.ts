/**
 * Ranking pages with an EXCLUDE trust gate served by the index itself (no read of the whole
 * segment): in memory and in Redis, every page equals the slice of the segment ranked and gated in
 * full, with exact totalCount and rank, forwards and backwards, and a trust score that turns stale
 * moves its KOL across the gate. The Redis index runs with a small walk budget, so the walks that
 * continue over several script calls and the counts before deep pages are exercised too.
 */
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import { MemoryRankingIndex } from '../../datasources/embedded/ranking-index';
import { deriveRankingEntries, type IndexedEntry } from '../../datasources/shared/ranking-entries';
import { RedisCache } from '../../datasources/redis/cache';
import { RedisRankingIndex } from '../../datasources/redis/ranking-index';
import {
  RankingIndex,
  type IndexPage,
  type RankingIndexBackend,
} from '../../datasources/shared/ranking-index';
import { compareRanked, gateTrust, indexScore } from '../../datasources/shared/ranking-order';
import type { DataSources, RankingCursor, SegmentFilter } from '../../datasources/types';
import { DAY, HOUR, profile, score } from './fixtures';
import { deleteRedisKeys, realEnv, runId } from './real-support';

const KOLS = 120;
const PAGE = 7;

interface Setup {
  name: string;
  backend: () => RankingIndexBackend;
}

let redis: Redis | undefined;
const prefix = `kol-test:gate:${runId()}:`;

beforeAll(async () => {
  const env = await realEnv(['redis']);
  redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1 });
  await redis.ping();
});

afterAll(async () => {
  if (!redis) return;
  await deleteRedisKeys(redis, prefix);
  redis.disconnect();
});

const setups: Setup[] = [
  { name: 'in memory', backend: () => new MemoryRankingIndex() },
  {
    name: 'Redis (walk budget 16)',
    backend: () => new RedisRankingIndex(new RedisCache(redis!, `${prefix}${runId()}:`, 300), 16),
  },
];

/** KOLs in one category with trust from 0 to 100, some never scored, some about to turn stale. */
async function seeded(data: DataSources, now: Date, category: string): Promise<string[]> {
  const ids = Array.from({ length: KOLS }, (_, i) => `${category}-${String(i).padStart(3, '0')}`);
  await data.profiles.upsertMany(
    ids.map((id, i) => profile(id, { category, platform: i % 3 === 0 ? 'tiktok' : 'youtube' })),
  );
  const records = ids.flatMap((id, i) => {
    if (i % 11 === 0) return []; // never scored: gate trust 0
    const trust = (i * 37) % 101;
    const success = score(id, 'success', (i * 53) % 100, new Date(now.getTime() - HOUR));
    // Every 5th: the latest trust (high) turns stale in 2 hours over a low history.
    if (i % 5 === 0) {
      return [
        success,
        score(id, 'trust', 95, new Date(now.getTime() - DAY + 2 * HOUR)),
        score(id, 'trust', 10, new Date(now.getTime() - 2 * DAY)),
        score(id, 'trust', 12, new Date(now.getTime() - 3 * DAY)),
      ];
    }
    return [success, score(id, 'trust', trust, new Date(now.getTime() - HOUR))];
  });
  await data.scores.put(records);
  return ids;
}

describe.each(setups)('gated ranking pages ($name)', ({ backend }) => {
  let clock = new Date();
  let index: RankingIndex;
  let data: DataSources;
  const category = `gate${runId()}`;

  beforeAll(async () => {
    data = createEmbeddedDataSources();
    clock = new Date();
    index = new RankingIndex(backend(), data, { trustMaxAgeMs: DAY, clock: () => clock });
    await index.rebuild(); // an empty index, built (no source to build from)
    const ids = await seeded(data, clock, category);
    await index.refresh(ids);
    expect((await index.entries({ category })).length).toBe(KOLS);
  });

  /** The segment ranked and gated in full, as the service ranks a gate it cannot hand over. */
  async function expected(filter: SegmentFilter, minTrust: number): Promise<string[]> {
    const entries = await index.entries(filter);
    return entries
      .filter((e) => gateTrust(e, clock, DAY) >= minTrust)
      .map((e) => ({ score: indexScore(e, clock, DAY), kolId: e.kolId }))
      .sort(compareRanked)
      .map((c) => c.kolId);
  }

  function cursorOf(page: IndexPage, at: 'first' | 'last'): RankingCursor {
    const entry = at === 'first' ? page.entries[0]! : page.entries.at(-1)!;
    return { score: entry.score, kolId: entry.entry.kolId };
  }

  async function forwards(filter: SegmentFilter, minTrust: number): Promise<string[]> {
    const want = await expected(filter, minTrust);
    const seen: string[] = [];
    let after: RankingCursor | undefined;
    for (;;) {
      const page = await index.page({ filter, first: PAGE, after, minTrust });
      expect(page.minTrust).toBe(minTrust);
      expect(page.totalCount).toBe(want.length);
      if (page.entries.length > 0) expect(page.startIndex).toBe(seen.length);
      expect(page.hasPreviousPage).toBe(seen.length > 0);
      seen.push(...page.entries.map((e) => e.entry.kolId));
      expect(page.hasNextPage).toBe(seen.length < want.length);
      if (!page.hasNextPage) break;
      after = cursorOf(page, 'last');
    }
    return seen;
  }

  async function backwards(filter: SegmentFilter, minTrust: number): Promise<string[]> {
    const want = await expected(filter, minTrust);
    let seen: string[] = [];
    let before: RankingCursor | undefined;
    for (;;) {
      const page = await index.page({ filter, last: PAGE, before, minTrust });
      expect(page.totalCount).toBe(want.length);
      const ids = page.entries.map((e) => e.entry.kolId);
      seen = [...ids, ...seen];
      if (ids.length > 0) expect(page.startIndex).toBe(want.length - seen.length);
      expect(page.hasNextPage).toBe(seen.length > ids.length);
      if (!page.hasPreviousPage) break;
      before = cursorOf(page, 'first');
    }
    return seen;
  }

  it.each([0, 1, 40, 60, 95, 100.5])('minTrust %s: pages forwards and backwards', async (m) => {
    for (const filter of [{ category }, { category, platform: 'tiktok' }]) {
      const want = await expected(filter, m);
      expect(await forwards(filter, m)).toEqual(want);
      expect(await backwards(filter, m)).toEqual(want);
    }
  });

  it('answers a cursor of a KOL that is now under the gate, and a page past the end', async () => {
    const filter = { category };
    const all = await index.page({ filter, first: 200 });
    const want = await expected(filter, 50);
    const under = all.entries.find((e) => gateTrust(e.entry, clock, DAY) < 50)!;
    const after = { score: under.score, kolId: under.entry.kolId };
    const rest = all.entries.slice(all.entries.indexOf(under) + 1).map((e) => e.entry.kolId);
    const page = await index.page({ filter, first: 200, after, minTrust: 50 });
    expect(page.entries.map((e) => e.entry.kolId)).toEqual(want.filter((id) => rest.includes(id)));
    expect(page.startIndex).toBe(want.length - page.entries.length);
    const last = { score: -10, kolId: 'zzz' };
    const past = await index.page({ filter, first: 5, after: last, minTrust: 50 });
    expect(past).toMatchObject({ entries: [], totalCount: want.length, hasPreviousPage: true });
  });

  it('moves a KOL across the gate when its trust score turns stale', async () => {
    const filter = { category };
    const fresh = (await forwards(filter, 60)).length;
    const stale = (await index.entries(filter)).filter((e) => e.trustHistory.length === 3);
    expect(stale.length).toBeGreaterThan(0);
    clock = new Date(clock.getTime() + 3 * HOUR);
    const after = await forwards(filter, 60);
    expect(after).toEqual(await expected(filter, 60));
    expect(after.length).toBe(fresh - stale.length);
    for (const e of stale) expect(after).not.toContain(e.kolId);
  });
});

describe('Redis trust sets filled at the first gated read', () => {
  it('stay exact when writes land while a segment is being filled', async () => {
    const data = createEmbeddedDataSources();
    const clock = new Date();
    const category = `fill${runId()}`;
    const ids = await seeded(data, clock, category);
    const index = new RankingIndex(
      new RedisRankingIndex(new RedisCache(redis!, `${prefix}${runId()}:`, 300), 8),
      data,
      {
        trustMaxAgeMs: DAY,
        clock: () => clock,
        build: async (write) => {
          const derived = await deriveRankingEntries(data, ids);
          await write(derived.filter((d): d is IndexedEntry => d !== null));
        },
      },
    );
    await index.rebuild();
    const changed = ids.filter((_, i) => i % 4 === 1);
    const moved = ids.filter((_, i) => i % 9 === 2);
    await Promise.all([
      index.page({ filter: { category }, first: 5, minTrust: 50 }),
      (async () => {
        await data.scores.put(changed.map((id) => score(id, 'trust', 99, clock)));
        await index.refresh(changed);
        await data.profiles.upsertMany(
          moved.map((id) => profile(id, { category: `${category}x`, updatedAt: clock })),
        );
        await index.refresh(moved);
      })(),
    ]);
    const want = (await index.entries({ category }))
      .filter((e) => gateTrust(e, clock, DAY) >= 50)
      .map((e) => ({ score: indexScore(e, clock, DAY), kolId: e.kolId }))
      .sort(compareRanked)
      .map((c) => c.kolId);
    const page = await index.page({ filter: { category }, first: 200, minTrust: 50 });
    expect(page.entries.map((e) => e.entry.kolId)).toEqual(want);
    expect(page.totalCount).toBe(want.length);
    for (const id of moved) expect(want).not.toContain(id);
  });
});

describe('Redis page reads check readiness in the same round trip', () => {
  it('rebuild an index of an older format at the first read, then serve without a status call', async () => {
    const data = createEmbeddedDataSources();
    const now = new Date();
    const category = `fmt${runId()}`;
    const ids = await seeded(data, now, category);
    const keyPrefix = `${prefix}${runId()}:`;
    let builds = 0;
    const index = new RankingIndex(
      new RedisRankingIndex(new RedisCache(redis!, keyPrefix, 300)),
      data,
      {
        trustMaxAgeMs: DAY,
        build: async (write) => {
          builds++;
          const derived = await deriveRankingEntries(data, ids);
          await write(derived.filter((d): d is IndexedEntry => d !== null));
        },
      },
    );
    await index.rebuild();
    expect(builds).toBe(1);
    expect((await index.page({ filter: { category }, first: 5 })).totalCount).toBe(KOLS);
    // An index written by an older version: the page script itself reports it not built.
    await redis!.set(`${keyPrefix}rank:built`, 'v2 2026-01-01T00:00:00.000Z');
    const calls: string[] = [];
    const sent = redis!.sendCommand.bind(redis!);
    redis!.sendCommand = (command: { name: string }) => {
      calls.push(command.name);
      return sent(command as never);
    };
    try {
      const page = await index.page({ filter: { category }, first: 5, minTrust: 50 });
      expect(builds).toBe(2);
      const passing = (await index.entries({ category })).filter(
        (e) => gateTrust(e, new Date(), DAY) >= 50,
      );
      expect(passing.length).toBeGreaterThan(0);
      expect(page.totalCount).toBe(passing.length);
      calls.length = 0;
      await index.page({ filter: { category }, first: 5 });
      expect(calls).toEqual(['evalsha']);
    } finally {
      redis!.sendCommand = sent;
    }
  });
});
