import { describe, expect, it } from 'vitest';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import { DEFAULT_FUSION_WEIGHTS } from '../../domain/fusion';
import { RequestInputError } from '../../services/errors';
import { createKolImportService } from '../../services/kol-import';
import {
  createRankingService,
  normaliseSegment,
  RankingTooCostlyError,
  WHOLE_SEGMENT_UNITS_PER_KOL,
  type WholeSegmentBudget,
} from '../../services/rankings';
import { compareRanked } from '../../datasources/shared/ranking-order';
import { fuse } from '../../domain/fusion';
import { sharedInference } from '../support/gateway';

const DAY_MS = 86_400_000;

async function rankedStores() {
  const data = createEmbeddedDataSources();
  const now = new Date();
  const rows = Array.from({ length: 12 }, (_, i) => ({
    id: `r-${String(i).padStart(2, '0')}`,
    platform: i % 2 === 0 ? 'TikTok' : 'YouTube',
    handle: `r${i}`,
    displayName: `R ${i}`,
    category: 'Food',
    followers: 1_000 * (i + 1) ** 3,
    following: 50 + i * 40,
    posts: 100 + i * 10,
    verified: i % 3 === 0,
    country: i < 4 ? 'vn' : 'th',
  }));
  await createKolImportService({ data, inference: await sharedInference() }).upsertKols(rows, now);
  return { data, now, service: createRankingService({ data, trustMaxAgeMs: DAY_MS }) };
}

describe('ranking service', () => {
  it('normalises segment values like the import path and refuses empty ones', () => {
    expect(
      normaliseSegment({ category: '  Home  Cooking ', country: 'vn', language: 'PT-BR' }),
    ).toEqual({ category: 'home cooking', country: 'VN', language: 'pt-br' });
    expect(() => normaliseSegment({ platform: '   ' })).toThrow(RequestInputError);
  });

  it('pages the default order from the index and other weights by ranking the segment', async () => {
    const { service, now } = await rankedStores();
    const all = await service.page(
      { filter: {}, weights: DEFAULT_FUSION_WEIGHTS, first: 100 },
      now,
    );
    expect(all.totalCount).toBe(12);
    const second = await service.page(
      {
        filter: {},
        weights: DEFAULT_FUSION_WEIGHTS,
        first: 4,
        after: all.items[3]?.position,
      },
      now,
    );
    expect(second.items.map((i) => i.entry.kolId)).toEqual(
      all.items.slice(4, 8).map((i) => i.entry.kolId),
    );
    expect(second).toMatchObject({ startIndex: 4, hasPreviousPage: true, hasNextPage: true });

    const trustOnly = { success: 0, trust: 1, sentiment: 0, anomaly: 0 };
    const byTrust = await service.page(
      { filter: { country: 'VN' }, weights: trustOnly, first: 10 },
      now,
    );
    expect(byTrust.totalCount).toBe(4);
    const trust = byTrust.items.map((i) => i.fusion.trustUsed ?? 0);
    expect([...trust].sort((a, b) => b - a)).toEqual(trust);
    const tail = await service.page(
      { filter: { country: 'VN' }, weights: trustOnly, last: 2 },
      now,
    );
    expect(tail.items.map((i) => i.entry.kolId)).toEqual(
      byTrust.items.slice(2).map((i) => i.entry.kolId),
    );
    expect(tail.startIndex).toBe(2);
  });

  it('pages an EXCLUDE gate with the default weights from the index, as ranking the segment would', async () => {
    const { data, service, now } = await rankedStores();
    const all = await service.page(
      { filter: {}, weights: DEFAULT_FUSION_WEIGHTS, first: 100 },
      now,
    );
    const trusts = all.items.map((i) => i.fusion.trustUsed ?? 0).sort((a, b) => a - b);
    const minTrust = trusts[Math.floor(trusts.length / 2)]!;
    const gate = { minTrust, mode: 'EXCLUDE' as const, gatedSuccessFactor: 0.5 };
    const want = all.items.filter((i) => (i.fusion.trustUsed ?? 0) >= minTrust);
    expect(want.length).toBeGreaterThan(2);
    expect(want.length).toBeLessThan(all.items.length);

    // The same store, but its page ignores minTrust (as a store without the gate would).
    const ungated = createRankingService({
      data: {
        ...data,
        rankings: {
          entries: (filter) => data.rankings.entries(filter),
          page: ({ filter, first, after, last, before }) =>
            data.rankings.page({ filter, first, after, last, before }),
          segments: () => data.rankings.segments(),
          refresh: (ids) => data.rankings.refresh(ids),
        },
      },
      trustMaxAgeMs: DAY_MS,
    });
    for (const ranking of [service, ungated]) {
      const first = await ranking.page(
        { filter: {}, weights: DEFAULT_FUSION_WEIGHTS, gate, first: 2 },
        now,
      );
      expect(first.items.map((i) => i.entry.kolId)).toEqual(
        want.slice(0, 2).map((i) => i.entry.kolId),
      );
      expect(first).toMatchObject({ totalCount: want.length, startIndex: 0, hasNextPage: true });
      const next = await ranking.page(
        {
          filter: {},
          weights: DEFAULT_FUSION_WEIGHTS,
          gate,
          first: 100,
          after: first.items[1]!.position,
        },
        now,
      );
      expect(next.items.map((i) => i.entry.kolId)).toEqual(want.slice(2).map((i) => i.entry.kolId));
      expect(next).toMatchObject({ startIndex: 2, hasPreviousPage: true, hasNextPage: false });
      for (const item of next.items) expect(item.fusion.gated).toBe(false);
    }
  });

  it('explains an empty ranking of an unknown value', async () => {
    const { service, now } = await rankedStores();
    const page = await service.page(
      { filter: { country: 'FR' }, weights: DEFAULT_FUSION_WEIGHTS, first: 10 },
      now,
    );
    expect(page.totalCount).toBe(0);
    expect(page.notice).toBe(
      'No KOL has country "FR". Known countries: TH (8), VN (4). The `segments` query lists every known value.',
    );
  });

  it('selects every keyset page of a whole-segment ranking as a full sort of the segment would', async () => {
    const { service, data, now } = await rankedStores();
    const weights = { success: 0.1, trust: 0.2, sentiment: 0.6, anomaly: 0.1 };
    const sorted = (await data.rankings.entries({}))
      .map((entry) => ({
        score: fuse(entry, weights, { now, trustMaxAgeMs: DAY_MS }).score,
        kolId: entry.kolId,
      }))
      .sort(compareRanked)
      .map((p) => p.kolId);
    const walked: string[] = [];
    let after;
    for (;;) {
      const page = await service.page(
        { filter: {}, weights, first: 5, ...(after ? { after } : {}) },
        now,
      );
      expect(page.startIndex).toBe(walked.length);
      walked.push(...page.items.map((i) => i.entry.kolId));
      expect(page.hasPreviousPage).toBe(walked.length > page.items.length);
      after = page.items.at(-1)?.position;
      if (!page.hasNextPage) break;
    }
    expect(walked).toEqual(sorted);
    const back = await service.page({ filter: {}, weights, last: 5, before: undefined }, now);
    expect(back.items.map((i) => i.entry.kolId)).toEqual(sorted.slice(-5));
    const before = await service.page(
      { filter: {}, weights, last: 3, before: back.items[0]?.position },
      now,
    );
    expect(before.items.map((i) => i.entry.kolId)).toEqual(sorted.slice(4, 7));
    expect(before).toMatchObject({ startIndex: 4, hasPreviousPage: true, hasNextPage: true });
  });

  it('refuses a whole-segment ranking whose segment exceeds the budget, before reading it', async () => {
    const { data, now } = await rankedStores();
    const weights = { ...DEFAULT_FUSION_WEIGHTS, success: 0.9 };
    let read = 0;
    const counting = createRankingService({
      data: {
        ...data,
        rankings: {
          ...data.rankings,
          entries: (filter) => {
            read += 1;
            return data.rankings.entries(filter);
          },
          page: (query) => data.rankings.page(query),
          segments: () => data.rankings.segments(),
          refresh: (ids) => data.rankings.refresh(ids),
        },
      },
      trustMaxAgeMs: DAY_MS,
    });
    // 12 KOLs in all, 4 in VN, 6 on TikTok: a budget for 6 admits TikTok or VN, not all of them.
    const budget = (): WholeSegmentBudget => ({
      role: 'viewer',
      limit: 6 * WHOLE_SEGMENT_UNITS_PER_KOL,
      spent: 0,
    });
    const refused = await counting
      .page({ filter: {}, weights, first: 5, budget: budget() }, now)
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RankingTooCostlyError);
    expect(refused).toMatchObject({ members: 12, cost: 12 * WHOLE_SEGMENT_UNITS_PER_KOL });
    expect((refused as Error).message).toMatch(
      /12 KOLs here, at most 6 allowed.*Narrow the segment.*default weights/,
    );
    const downweighted = counting.page(
      {
        filter: {},
        weights: DEFAULT_FUSION_WEIGHTS,
        gate: { mode: 'DOWNWEIGHT', minTrust: 50, gatedSuccessFactor: 0.5 },
        first: 5,
        budget: budget(),
      },
      now,
    );
    await expect(downweighted).rejects.toBeInstanceOf(RankingTooCostlyError);
    expect(read).toBe(0);

    // One budget for the rankings of an operation: TikTok (6) fits, VN (4) after it does not.
    const shared = budget();
    const tiktok = await counting.page(
      { filter: { platform: 'tiktok' }, weights, first: 5, budget: shared },
      now,
    );
    expect(tiktok.totalCount).toBe(6);
    expect(shared.spent).toBe(6 * WHOLE_SEGMENT_UNITS_PER_KOL);
    await expect(
      counting.page({ filter: { country: 'VN' }, weights, first: 5, budget: shared }, now),
    ).rejects.toBeInstanceOf(RankingTooCostlyError);
    // Two values: bounded by the smaller segment (VN, 4); default weights spend nothing.
    const narrow = await counting.page(
      { filter: { country: 'VN', platform: 'tiktok' }, weights, first: 5, budget: budget() },
      now,
    );
    expect(narrow.totalCount).toBe(2);
    const index = budget();
    await counting.page(
      { filter: {}, weights: DEFAULT_FUSION_WEIGHTS, first: 5, budget: index },
      now,
    );
    expect(index.spent).toBe(0);
  });
});
