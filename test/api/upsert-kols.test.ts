import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import type { DataSources } from '../../datasources/types';
import { ImportedKolDocument, UpsertKolsDocument, type KolInput } from '../generated/graphql';
import { postQuery, startTestGateway, type TestGateway } from '../support/gateway';

const ADMIN = { 'x-api-key': 'admin-key' };
const ANALYST = { 'x-api-key': 'analyst-key' };

function row(id: string, overrides: Partial<KolInput> = {}): KolInput {
  return {
    id,
    platform: 'TikTok',
    handle: `@${id}`,
    displayName: `KOL ${id}`,
    category: ' Home  Cooking ',
    followers: 12_000,
    following: 300,
    posts: 450,
    verified: false,
    ...overrides,
  };
}

describe('upsertKols', () => {
  let gateway: TestGateway;
  let data: DataSources;

  beforeAll(async () => {
    data = createEmbeddedDataSources();
    gateway = await startTestGateway({
      data,
      env: { API_KEYS: 'admin-key:admin,analyst-key:analyst', ANONYMOUS_ROLE: 'none' },
    });
  });

  afterAll(async () => {
    await gateway.stop();
  });

  it('creates KOLs that are queryable with their own fields, trust and ranking entry', async () => {
    const result = await postQuery(
      gateway.url,
      UpsertKolsDocument,
      {
        input: [
          row('own-1', {
            favoritesCount: 90_000,
            accountCreatedAt: '2019-04-01T00:00:00.000Z',
            hasBio: true,
            bioLength: 40,
            hasUrl: true,
            hasProfileImage: true,
            isPrivate: false,
            pricePerPost: 350,
            currency: 'eur',
            country: 'fr',
            language: 'fr',
            updatedAt: '2026-01-01T00:00:00.000Z',
          }),
          row('own-2'),
        ],
      },
      ADMIN,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.upsertKols).toMatchObject({
      applied: 2,
      appliedIds: ['own-1', 'own-2'],
      skipped: 0,
      rejected: 0,
      errors: [],
      superseded: [],
    });
    expect(result.data?.upsertKols.scores).toBeGreaterThanOrEqual(2);

    const own1 = await postQuery(gateway.url, ImportedKolDocument, { id: 'own-1' }, ANALYST);
    expect(own1.errors).toBeUndefined();
    expect(own1.data?.kol).toMatchObject({
      id: 'own-1',
      platform: 'tiktok',
      handle: 'own-1',
      category: 'home cooking',
      followers: 12_000,
      favoritesCount: 90_000,
      accountCreatedAt: '2019-04-01T00:00:00.000Z',
      hasBio: true,
      bioLength: 40,
      pricePerPost: 350,
      currency: 'EUR',
      country: 'FR',
      language: 'fr',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    // The trust score was written by the import, so it is served from the store.
    expect(own1.data?.kol?.trust.predictionSource).toBe('CACHE');
    expect(own1.data?.kol?.fusion.missing).not.toContain('trust');

    const own2 = await postQuery(gateway.url, ImportedKolDocument, { id: 'own-2' }, ANALYST);
    expect(own2.data?.kol).toMatchObject({
      favoritesCount: null,
      accountCreatedAt: null,
      hasBio: null,
      bioLength: null,
      pricePerPost: null,
      country: null,
    });

    const [entry] = await data.rankings.entries({ category: 'home cooking', platform: 'tiktok' });
    expect(entry?.kolId).toBe('own-1');
    expect(entry?.trustHistory.length).toBe(1);
  });

  it('skips rows older than the stored profile and applies newer ones (idempotent)', async () => {
    const stamp = '2026-02-01T00:00:00.000Z';
    const first = await postQuery(
      gateway.url,
      UpsertKolsDocument,
      { input: [row('idem-1', { followers: 100, updatedAt: stamp })] },
      ADMIN,
    );
    expect(first.data?.upsertKols.applied).toBe(1);
    const older = await postQuery(
      gateway.url,
      UpsertKolsDocument,
      { input: [row('idem-1', { followers: 5, updatedAt: '2026-01-15T00:00:00.000Z' })] },
      ADMIN,
    );
    expect(older.data?.upsertKols).toMatchObject({
      applied: 0,
      skipped: 1,
      skippedIds: ['idem-1'],
    });
    const [stored] = await data.profiles.getMany(['idem-1']);
    expect(stored?.followers).toBe(100);
    const newer = await postQuery(
      gateway.url,
      UpsertKolsDocument,
      { input: [row('idem-1', { followers: 120, updatedAt: '2026-02-02T00:00:00.000Z' })] },
      ADMIN,
    );
    expect(newer.data?.upsertKols.applied).toBe(1);
    const [updated] = await data.profiles.getMany(['idem-1']);
    expect(updated?.followers).toBe(120);
  });

  it('keeps the last row of a duplicated id and says so', async () => {
    const result = await postQuery(
      gateway.url,
      UpsertKolsDocument,
      { input: [row('dup-1', { followers: 1 }), row('dup-2'), row('dup-1', { followers: 3 })] },
      ADMIN,
    );
    expect(result.data?.upsertKols).toMatchObject({
      applied: 2,
      superseded: [{ index: 0, id: 'dup-1', keptIndex: 2 }],
    });
    const [profile] = await data.profiles.getMany(['dup-1']);
    expect(profile?.followers).toBe(3);
  });

  it('rejects bad rows with their index and field while the good rows land', async () => {
    const result = await postQuery(
      gateway.url,
      UpsertKolsDocument,
      {
        input: [
          row('bad-ok-0'),
          row('bad-1', { followers: -5 }),
          row('bad-2', { posts: 1.5 }),
          { ...row('bad-3'), displayName: null },
          row('bad-4', { pricePerPost: 10 }),
          row('bad-5', { updatedAt: '2099-01-01T00:00:00.000Z' }),
          row('bad-ok-6', { accountCreatedAt: '2020-01-31' }),
          row('bad-7', { accountCreatedAt: '31/01/2020' }),
        ],
      },
      ADMIN,
    );
    expect(result.errors).toBeUndefined();
    const outcome = result.data?.upsertKols;
    expect(outcome?.appliedIds).toEqual(['bad-ok-0', 'bad-ok-6']);
    expect(outcome?.rejected).toBe(6);
    expect(outcome?.errors.map((e) => [e.index, e.id, e.field])).toEqual([
      [1, 'bad-1', 'followers'],
      [2, 'bad-2', 'posts'],
      [3, 'bad-3', 'displayName'],
      [4, 'bad-4', 'currency'],
      [5, 'bad-5', 'updatedAt'],
      [7, 'bad-7', 'accountCreatedAt'],
    ]);
    expect(outcome?.errors[0]?.message).toBe('followers must not be negative (got -5)');
    const stored = await data.profiles.getMany(['bad-1', 'bad-2', 'bad-3', 'bad-4', 'bad-5']);
    expect(stored).toEqual([null, null, null, null, null]);
  });

  it('rejects NaN and strings where numbers belong as BAD_USER_INPUT naming the row and field', async () => {
    // JSON has no NaN: a client's NaN arrives as null, which is a missing required field.
    const nan = await postQuery(
      gateway.url,
      UpsertKolsDocument,
      { input: [JSON.parse(JSON.stringify(row('nan-1', { followers: Number.NaN }))) as KolInput] },
      ADMIN,
    );
    expect(nan.data?.upsertKols.errors).toEqual([
      { index: 0, id: 'nan-1', field: 'followers', message: 'followers is required' },
    ]);
    const text = await postQuery(
      gateway.url,
      UpsertKolsDocument,
      { input: [row('txt-0'), { ...row('txt-1'), followers: '12k' as unknown as number }] },
      ADMIN,
    );
    expect(text.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(text.errors?.[0]?.message).toContain('input[1].followers');
  });

  it('takes 10,000 rows and rejects 10,001 with BAD_USER_INPUT before writing anything', async () => {
    const many = Array.from({ length: 10_001 }, (_, i) => row(`bulk-${i}`));
    const tooMany = await postQuery(gateway.url, UpsertKolsDocument, { input: many }, ADMIN);
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooMany.errors?.[0]?.message).toContain('at most 10,000 rows (got 10,001)');
    expect(await data.profiles.getMany(['bulk-0'])).toEqual([null]);

    const ok = await postQuery(
      gateway.url,
      UpsertKolsDocument,
      { input: many.slice(0, 10_000) },
      ADMIN,
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.upsertKols.applied).toBe(10_000);
  });

  it('is for admins only', async () => {
    const result = await postQuery(
      gateway.url,
      UpsertKolsDocument,
      { input: [row('forbidden-1')] },
      ANALYST,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await data.profiles.getMany(['forbidden-1'])).toEqual([null]);
  });
});
