import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RankingPageDocument, SegmentsDocument, type RankingInput } from '../generated/graphql';
import { postQuery, startTestGateway, type TestGateway } from '../support/gateway';

const KOLS = 40;

describe('ranking segments and keyset cursors', () => {
  let gateway: TestGateway;

  const page = async (input: RankingInput) => {
    const result = await postQuery(gateway.url, RankingPageDocument, { input });
    expect(result.errors).toBeUndefined();
    const ranking = result.data?.ranking;
    if (!ranking) throw new Error('no ranking');
    return ranking;
  };
  const ids = (ranking: Awaited<ReturnType<typeof page>>) =>
    ranking.edges.map((e) => e.node.kol.id);

  beforeAll(async () => {
    gateway = await startTestGateway({ kols: KOLS });
    const outcome = await gateway.services.kolImport.upsertKols(
      ['de-1', 'de-2', 'de-3'].map((id, i) => ({
        id,
        platform: 'instagram',
        handle: id,
        displayName: id,
        category: 'beauty',
        followers: 2_000_000 + i,
        following: 100,
        posts: 900,
        verified: true,
        country: 'de',
        language: i === 0 ? 'en' : 'de',
      })),
      new Date(),
    );
    expect(outcome.applied).toHaveLength(3);
  });

  afterAll(async () => {
    await gateway.stop();
  });

  it('lists the known segment values with exact counts', async () => {
    const result = await postQuery(gateway.url, SegmentsDocument, {});
    expect(result.errors).toBeUndefined();
    const segments = result.data?.segments;
    const sum = (list: { count: number }[] | undefined) =>
      (list ?? []).reduce((total, v) => total + v.count, 0);
    expect(sum(segments?.categories)).toBe(KOLS + 3);
    expect(sum(segments?.platforms)).toBe(KOLS + 3);
    expect(sum(segments?.followerBands)).toBe(KOLS + 3);
    expect(segments?.countries).toContainEqual({ value: 'DE', count: 3 });
    expect(segments?.languages).toContainEqual({ value: 'de', count: 2 });
    expect(segments?.followerBands).toContainEqual(
      expect.objectContaining({ value: 'MEGA' }) as unknown,
    );
  });

  it('ranks by country, language and follower band with exact totals, matching stored forms', async () => {
    const byCountry = await page({ country: ' de ', first: 10 });
    expect(byCountry.totalCount).toBe(3);
    expect(new Set(ids(byCountry))).toEqual(new Set(['de-1', 'de-2', 'de-3']));
    const byLanguage = await page({ country: 'DE', language: 'DE', first: 10 });
    expect(byLanguage.totalCount).toBe(2);
    expect(byLanguage.edges.every((e) => e.node.kol.language === 'de')).toBe(true);
    const mega = await page({ followerBand: 'MEGA', first: 100 });
    expect(mega.edges.every((e) => e.node.kol.followers >= 1_000_000)).toBe(true);
    expect(mega.totalCount).toBe(mega.edges.length);
    const byCategory = await page({ category: '  BEAUTY ', platform: 'Instagram', first: 100 });
    expect(ids(byCategory)).toEqual(expect.arrayContaining(['de-1', 'de-2', 'de-3']) as unknown);
  });

  it('pages backwards with last/before and reports hasPreviousPage and startCursor', async () => {
    const all = await page({ first: 100 });
    const order = ids(all);
    const bottom = await page({ last: 5 });
    expect(ids(bottom)).toEqual(order.slice(-5));
    expect(bottom.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(bottom.edges.map((e) => e.node.rank)).toEqual([39, 40, 41, 42, 43]);
    const before = await page({ last: 5, before: bottom.pageInfo.startCursor });
    expect(ids(before)).toEqual(order.slice(-10, -5));
    expect(before.edges[0]?.node.rank).toBe(order.length - 9);
    const top = await page({ first: 5 });
    expect(top.pageInfo.hasPreviousPage).toBe(false);
    expect(top.pageInfo.startCursor).toBe(top.edges[0]?.cursor);
    const second = await page({ first: 5, after: top.pageInfo.endCursor });
    expect(second.pageInfo.hasPreviousPage).toBe(true);
    expect(second.edges.map((e) => e.node.rank)).toEqual([6, 7, 8, 9, 10]);
  });

  it('keeps cursors stable while scores move: no item repeated or skipped', async () => {
    const before = ids(await page({ first: 100 }));
    const first = await page({ first: 5 });
    expect(ids(first)).toEqual(before.slice(0, 5));
    // The KOL ranked 3rd falls to the bottom while the client holds the cursor of the 5th: an
    // offset cursor would now skip the KOL ranked 6th.
    const faller = before[2] ?? '';
    await gateway.services.data.scores.put(
      (['trust', 'success'] as const).map((model) => ({
        kolId: faller,
        model,
        score: 0,
        modelVersion: 'test',
        scoredAt: new Date(),
        reasons: [],
      })),
    );
    // The index follows score writes asynchronously: wait until the move shows.
    await expect
      .poll(async () => ids(await page({ last: 1 })), { timeout: 5_000 })
      .toEqual([faller]);
    const next = await page({ first: 5, after: first.pageInfo.endCursor });
    expect(ids(next)).toEqual(before.slice(5, 10));
    expect(next.edges.map((e) => e.node.rank)).toEqual([5, 6, 7, 8, 9]);
  });

  it('refuses forged and foreign cursors with BAD_USER_INPUT', async () => {
    const top = await page({ first: 2 });
    const cursor = top.pageInfo.endCursor ?? '';
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    decoded[1] = 999; // a hand-edited score
    const forged = Buffer.from(JSON.stringify(decoded), 'utf8').toString('base64url');
    for (const [input, message] of [
      [{ first: 2, after: forged }, /not a valid ranking cursor/],
      [{ first: 2, after: 'bm9wZQ' }, /not a valid ranking cursor/],
      [{ first: 2, after: cursor, category: 'beauty' }, /cursor of another ranking/],
      [{ first: 2, after: cursor, weights: { trust: 1 } }, /cursor of another ranking/],
    ] as const) {
      const result = await postQuery(gateway.url, RankingPageDocument, { input });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(message);
    }
  });

  it('answers an unknown segment with an empty page, totalCount 0 and the known values', async () => {
    const unknown = await page({ category: 'knitting', first: 10 });
    expect(unknown.totalCount).toBe(0);
    expect(unknown.edges).toEqual([]);
    expect(unknown.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    expect(unknown.notice).toContain('No KOL has category "knitting". Known categories: ');
    expect(unknown.notice).toContain('beauty (');
    const empty = await page({ country: 'DE', followerBand: 'NANO', first: 10 });
    expect(empty.totalCount).toBe(0);
    expect(empty.notice).toContain('combination');
    const known = await page({ country: 'DE', first: 10 });
    expect(known.notice).toBeNull();
  });
});
