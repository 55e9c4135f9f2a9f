import { describe, expect, it } from 'vitest';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import { DEFAULT_FUSION_WEIGHTS } from '../../domain/fusion';
import { RequestInputError } from '../../services/errors';
import { createKolImportService } from '../../services/kol-import';
import { createRankingService, normaliseSegment } from '../../services/rankings';
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
});
