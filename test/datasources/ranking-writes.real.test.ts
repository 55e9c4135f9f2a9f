/**
 * The real ranking index kept up to date from what the writes stored, without reading it back
 * from Cassandra: every index entry after a sequence of writes equals what a rebuild from
 * Cassandra (token-range scans, the source of truth) derives for the same KOLs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RealDataSources } from '../../datasources/real';
import type { RankingEntry } from '../../datasources/types';
import { DAY, HOUR, point, profile, score } from './fixtures';
import { openRealDataSources, realEnv, runId } from './real-support';

describe('real ranking index: refreshed from the writes', () => {
  let data: RealDataSources;
  let cleanup: () => Promise<void>;
  const reads: string[] = [];

  beforeAll(async () => {
    const opened = await openRealDataSources(await realEnv(['redis', 'cassandra']));
    data = opened.data;
    cleanup = opened.cleanup;
    const client = data.cassandra.client;
    const execute = client.execute.bind(client) as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as { execute: (...args: unknown[]) => Promise<unknown> }).execute = (
      ...args: unknown[]
    ) => {
      if (typeof args[0] === 'string' && /^\s*SELECT/i.test(args[0])) reads.push(args[0]);
      return execute(...args);
    };
  });

  afterAll(async () => {
    await data?.close();
    await cleanup?.();
  });

  /** The SELECTs `fn` sent to Cassandra, by table. */
  async function readsDuring(fn: () => Promise<unknown>): Promise<string[]> {
    reads.length = 0;
    await fn();
    return reads.map((query) => /FROM\s+(\S+)/i.exec(query)?.[1] ?? query);
  }

  /** The entries of a category as the index holds them, and as a rebuild from Cassandra derives them. */
  async function indexedAndRebuilt(
    category: string,
  ): Promise<{ indexed: RankingEntry[]; rebuilt: RankingEntry[] }> {
    const indexed = await data.rankings.entries({ category });
    await data.rankings.rebuild();
    return { indexed, rebuilt: await data.rankings.entries({ category }) };
  }

  it('indexes a first profile with the scores written before it, reading no score back', async () => {
    const cat = `first-${runId()}`;
    const ids = [0, 1, 2].map((i) => `${cat}-${i}`);
    const at = new Date(Date.now() - HOUR);
    const scoreReads = await readsDuring(() =>
      data.scores.put(
        ids.flatMap((id, i) => [
          score(id, 'trust', 60 + i, at),
          score(id, 'success', 40 + i, at, { revenueForecast: 100 * i }),
        ]),
      ),
    );
    expect(scoreReads).toEqual([]);
    const profileReads = await readsDuring(() =>
      data.profiles.upsertMany(ids.map((id) => profile(id, { category: cat }))),
    );
    // The stored-head read of the upsert, and nothing else.
    expect(profileReads.length).toBeGreaterThan(0);
    expect(profileReads.every((table) => table.endsWith('.profiles'))).toBe(true);
    const { indexed, rebuilt } = await indexedAndRebuilt(cat);
    expect(indexed.map((e) => [e.kolId, e.trustHistory[0]?.score, e.success])).toEqual([
      [ids[0], 60, 40],
      [ids[1], 61, 41],
      [ids[2], 62, 42],
    ]);
    expect(indexed).toEqual(rebuilt);
  });

  it('keeps the newest score and bucket of each part whatever the order of the writes', async () => {
    const cat = `order-${runId()}`;
    const id = `${cat}-a`;
    const now = Date.now();
    await data.profiles.upsertMany([profile(id, { category: cat })]);
    await data.scores.put([score(id, 'success', 70, new Date(now - HOUR))]);
    await data.scores.put([score(id, 'success', 20, new Date(now - DAY))]);
    await data.scores.put([score(id, 'anomaly', 0.4, new Date(now - DAY))]);
    await data.scores.put([score(id, 'anomaly', 0.9, new Date(now - DAY))]);
    for (let i = 0; i < 7; i++) {
      await data.scores.put([
        score(id, 'trust', 50 + i, new Date(now - (i % 2 ? i : 10 - i) * HOUR)),
      ]);
    }
    await data.metrics.write([
      point(id, 'H24', new Date(now - 2 * DAY), { sentimentPositiveRatio: 0.9, comments: 10 }),
    ]);
    await data.metrics.write([
      point(id, 'H24', new Date(now - DAY), { sentimentPositiveRatio: 0.3, comments: 10 }),
      point(id, 'H24', new Date(now - 3 * DAY), { sentimentPositiveRatio: 0.1, comments: 10 }),
    ]);
    const { indexed, rebuilt } = await indexedAndRebuilt(cat);
    expect(indexed[0]?.success).toBe(70);
    expect(indexed[0]?.anomaly).toBe(0.9);
    expect(indexed[0]?.trustHistory).toHaveLength(5);
    expect(indexed).toEqual(rebuilt);
  });

  it('a rebuild keeps the scores of KOLs without a profile for their first profile', async () => {
    const cat = `orphan-${runId()}`;
    const id = `${cat}-a`;
    await data.scores.put([score(id, 'trust', 77, new Date(Date.now() - HOUR))]);
    await data.rankings.rebuild();
    expect(await data.rankings.entries({ category: cat })).toEqual([]);
    const profileReads = await readsDuring(() =>
      data.profiles.upsertMany([profile(id, { category: cat })]),
    );
    expect(profileReads.every((table) => table.endsWith('.profiles'))).toBe(true);
    const { indexed, rebuilt } = await indexedAndRebuilt(cat);
    expect(indexed.map((e) => e.trustHistory[0]?.score)).toEqual([77]);
    expect(indexed).toEqual(rebuilt);
  });

  it('moves a KOL between segments on a profile write without reading its scores', async () => {
    const cat = `move-${runId()}`;
    const id = `${cat}-a`;
    await data.scores.put([score(id, 'trust', 66, new Date(Date.now() - HOUR))]);
    await data.profiles.upsertMany([profile(id, { category: `${cat}-x` })]);
    const moveReads = await readsDuring(() =>
      data.profiles.upsertMany([
        profile(id, { category: `${cat}-y`, updatedAt: new Date('2026-02-01T00:00:00Z') }),
      ]),
    );
    expect(moveReads.every((table) => table.endsWith('.profiles'))).toBe(true);
    expect(await data.rankings.entries({ category: `${cat}-x` })).toEqual([]);
    const { indexed, rebuilt } = await indexedAndRebuilt(`${cat}-y`);
    expect(indexed.map((e) => [e.kolId, e.trustHistory[0]?.score])).toEqual([[id, 66]]);
    expect(indexed).toEqual(rebuilt);
  });
});
