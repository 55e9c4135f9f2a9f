import { describe, expect, it } from 'vitest';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import { demoKolId } from '../../demo/dataset';
import { modelDemoScorer } from '../../demo/model-scores';
import { seedDemoData } from '../../demo/seed';
import { RequestInputError } from '../../services/errors';
import { createKolImportService } from '../../services/kol-import';
import { createScoringService, MAX_SCORE_ITEMS } from '../../services/scoring';
import { sharedInference } from '../support/gateway';

describe('scoring service', () => {
  it('scores stored KOLs with every model their data allows and stores the records', async () => {
    const inference = await sharedInference();
    const data = createEmbeddedDataSources();
    const now = new Date();
    await seedDemoData(data, { count: 3, now, scorer: modelDemoScorer(inference) });
    await createKolImportService({ data, inference }).upsertKols(
      [
        {
          id: 'fresh-1',
          platform: 'x',
          handle: 'fresh',
          displayName: 'Fresh',
          category: 'news',
          followers: 10,
          following: 10,
          posts: 1,
          verified: false,
        },
      ],
      now,
    );
    const service = createScoringService({ data, inference });
    const later = new Date(now.getTime() + 1_000);
    const outcome = await service.scoreKols({ kolIds: [demoKolId(0), 'fresh-1', 'nobody'] }, later);
    expect(outcome).toMatchObject({ scored: 2, failed: 1 });
    const [demo, fresh, unknown] = outcome.items;
    expect(demo?.stored?.records.map((r) => r.model).sort()).toEqual(
      expect.arrayContaining(['anomaly', 'success', 'trust']) as unknown,
    );
    expect(fresh?.stored?.records.map((r) => r.model).sort()).toEqual(['anomaly', 'trust']);
    expect(fresh?.stored?.missing).toEqual(
      expect.arrayContaining(['favoritesCount', 'metrics']) as unknown,
    );
    expect(unknown?.error).toBe('Unknown KOL id nobody.');
    const [stored] = await data.scores.latest('success', [demoKolId(0)]);
    expect(stored?.scoredAt).toEqual(later);
  });

  it('scores raw rows without touching the stores, and refuses an empty or oversized batch', async () => {
    const inference = await sharedInference();
    const data = createEmbeddedDataSources();
    const service = createScoringService({ data, inference });
    const outcome = await service.scoreKols(
      {
        rows: [
          { kolId: 'raw-1', trust: { followersCount: 100, followingCount: 10, postCount: 5 } },
          { kolId: 'raw-2' },
        ],
      },
      new Date(),
    );
    expect(outcome.items[0]?.trust?.trustScore).toBeGreaterThanOrEqual(0);
    expect(outcome.items[1]?.error).toMatch(/neither/);
    expect(await data.scores.latest('trust', ['raw-1'])).toEqual([null]);
    await expect(service.scoreKols({}, new Date())).rejects.toBeInstanceOf(RequestInputError);
    const tooMany = Array.from({ length: MAX_SCORE_ITEMS + 1 }, (_, i) => `id-${i}`);
    await expect(service.scoreKols({ kolIds: tooMany }, new Date())).rejects.toThrow(
      /at most 10,000 items/,
    );
  });

  it('scores column rows exactly like the same rows as objects, and checks the column lengths', async () => {
    const inference = await sharedInference();
    const service = createScoringService({ data: createEmbeddedDataSources(), inference });
    const rows = [
      {
        kolId: 'c-1',
        trust: { followersCount: 5_000, followingCount: 40, postCount: 90, favoritesCount: 20_000 },
      },
      { kolId: 'c-2', trust: { followersCount: 80, followingCount: 4_000, postCount: 2 } },
      { kolId: 'c-3', trust: { followersCount: -1, followingCount: 1, postCount: 1 } },
    ];
    const now = new Date('2026-06-01T00:00:00Z');
    const asRows = await service.scoreKols({ rows }, now);
    const asColumns = await service.scoreKols(
      {
        columns: {
          kolId: ['c-1', 'c-2', 'c-3'],
          trust: {
            followersCount: [5_000, 80, -1],
            followingCount: [40, 4_000, 1],
            postCount: [90, 2, 1],
            favoritesCount: [20_000, null, null],
          },
        },
      },
      now,
    );
    const view = (o: typeof asRows) =>
      o.items.map((i) => [i.kolId, i.trust?.trustScore ?? null, i.error]);
    expect(view(asColumns)).toEqual(view(asRows));
    expect(asColumns.items[2]?.error).toMatch(/followersCount must not be negative/);
    await expect(
      service.scoreKols(
        { columns: { trust: { followersCount: [1, 2], followingCount: [1], postCount: [1, 2] } } },
        now,
      ),
    ).rejects.toThrow(/columns.trust.followersCount has 2, columns.trust.followingCount has 1/);
  });

  it('scores stored KOLs chunk by chunk as one batch: items in input order, every chunk written', async () => {
    const inference = await sharedInference();
    const data = createEmbeddedDataSources();
    const now = new Date();
    await seedDemoData(data, { count: 5, now, scorer: modelDemoScorer(inference) });
    const ids = [demoKolId(0), 'nobody', demoKolId(1), demoKolId(2), demoKolId(3), demoKolId(4)];
    const later = new Date(now.getTime() + 1_000);
    const whole = await createScoringService({ data, inference }).scoreKols({ kolIds: ids }, later);
    // The same time again (scores depend on it); the first call's records are overwritten.
    const chunked = await createScoringService({ data, inference, storedChunk: 2 }).scoreKols(
      { kolIds: ids },
      later,
    );
    expect(chunked).toMatchObject({ scored: 5, failed: 1 });
    expect(chunked.items.map((i) => [i.index, i.kolId, i.error])).toEqual(
      whole.items.map((i) => [i.index, i.kolId, i.error]),
    );
    // The same models and inputs in other batches: the same scores (onnxruntime's float32 sums can
    // differ in the last digits between batch shapes, far below the 1e-5 parity bound).
    chunked.items.forEach((item, i) => {
      const before = whole.items[i]?.stored?.records ?? [];
      const after = item.stored?.records ?? [];
      expect(after.map((r) => r.model)).toEqual(before.map((r) => r.model));
      after.forEach((r, j) => expect(r.score).toBeCloseTo(before[j]!.score, 4));
    });
    const known = ids.filter((id) => id !== 'nobody');
    const latest = await data.scores.latest('trust', known);
    expect(latest.map((r) => r?.scoredAt)).toEqual(known.map(() => later));
    const written = chunked.items.flatMap(
      (i) => i.stored?.records.filter((r) => r.model === 'trust') ?? [],
    );
    latest.forEach((r, i) => expect(r?.score).toBeCloseTo(written[i]!.score, 4));
  });
});
