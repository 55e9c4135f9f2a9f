import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoKolId } from '../../demo/dataset';
import {
  KolDetailDocument,
  KolProfileDocument,
  KolsByIdsDocument,
  RankingDocument,
} from '../generated/graphql';
import { postQuery, startTestGateway, type TestGateway } from '../support/gateway';

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway({ kols: 40 });
});

afterAll(async () => {
  await gateway.stop();
});

describe('kol and kols', () => {
  it('returns a seeded profile by id', async () => {
    const res = await postQuery(gateway.url, KolProfileDocument, { id: demoKolId(0) });
    expect(res.errors).toBeUndefined();
    const [stored] = await gateway.services.data.profiles.getMany([demoKolId(0)]);
    expect(res.data?.kol).toMatchObject({
      id: demoKolId(0),
      handle: stored?.handle,
      followers: stored?.followers,
      category: stored?.category,
    });
  });

  it('answers null for an unknown id', async () => {
    const res = await postQuery(gateway.url, KolProfileDocument, { id: 'no-such-kol' });
    expect(res.errors).toBeUndefined();
    expect(res.data?.kol).toBeNull();
  });

  it('keeps the order of ids and puts null where an id is unknown', async () => {
    const ids = [demoKolId(3), 'missing', demoKolId(1), demoKolId(3)];
    const res = await postQuery(gateway.url, KolsByIdsDocument, { ids });
    expect(res.errors).toBeUndefined();
    expect(res.data?.kols.map((k) => k?.id ?? null)).toEqual([
      demoKolId(3),
      null,
      demoKolId(1),
      demoKolId(3),
    ]);
  });

  it('rejects 10,001 ids with BAD_USER_INPUT saying how to fix it', async () => {
    const ids = Array.from({ length: 10_001 }, (_, i) => `kol-${i}`);
    const res = await postQuery(gateway.url, KolsByIdsDocument, { ids });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/at most 10,000 ids.*split/);
  });

  it('serves 10,000 ids in one request', async () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => demoKolId(i % 50));
    const res = await postQuery(gateway.url, KolsByIdsDocument, { ids });
    expect(res.errors).toBeUndefined();
    expect(res.data?.kols).toHaveLength(10_000);
    expect(res.data?.kols[45]).toBeNull();
    expect(res.data?.kols[39]?.id).toBe(demoKolId(39));
  });
});

describe('Kol fields', () => {
  it('returns metrics newest first, scores with derived bands, fusion and alerts', async () => {
    const res = await postQuery(gateway.url, KolDetailDocument, {
      id: demoKolId(2),
      window: 'M5',
      last: 6,
    });
    expect(res.errors).toBeUndefined();
    const kol = res.data?.kol;
    expect(kol?.metrics).toHaveLength(6);
    const starts = kol!.metrics.map((m) => Date.parse(m.bucketStart));
    expect([...starts].sort((a, b) => b - a)).toEqual(starts);
    expect((starts[0] ?? 0) - (starts[1] ?? 0)).toBe(5 * 60_000);

    const trust = kol!.trust;
    expect(trust.predictionSource).toBe('CACHE');
    expect(trust.isTrustworthy).toBe(trust.trustScore >= 50);
    const band =
      trust.trustScore >= 80
        ? 'LOW'
        : trust.trustScore >= 60
          ? 'MODERATE'
          : trust.trustScore >= 40
            ? 'ELEVATED'
            : 'HIGH';
    expect(trust.riskLevel).toBe(band);
    expect(trust.confidence).toBeCloseTo(
      Math.max(trust.trustScore, 100 - trust.trustScore) / 100,
      10,
    );

    const success = kol!.success!;
    expect(success.isHigh).toBe(success.successScore >= 50);
    const fusion = kol!.fusion;
    expect(fusion.score).toBeCloseTo(
      fusion.successComponent +
        fusion.trustComponent +
        fusion.sentimentComponent -
        fusion.anomalyPenalty,
      10,
    );
    expect(fusion.trustComponent).toBeCloseTo(0.35 * (trust.trustScore / 100), 10);
    expect(kol!.alerts).toEqual([]);
  });

  it('rejects an unknown enum value with BAD_USER_INPUT', async () => {
    const res = await postQuery(
      gateway.url,
      `{ kol(id: "${demoKolId(0)}") { metrics(window: M7) { views } } }`,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/M7/);
  });

  it('rejects an unknown enum value passed as a variable with BAD_USER_INPUT', async () => {
    const res = await postQuery(gateway.url, KolDetailDocument, {
      id: demoKolId(0),
      window: 'M7' as 'M5',
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('rejects `last` above its maximum', async () => {
    const res = await postQuery(gateway.url, KolDetailDocument, {
      id: demoKolId(0),
      window: 'H1',
      last: 5000,
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/`last` must be an integer from 1 to 1000/);
  });
});

describe('ranking', () => {
  it('orders by fusion score and paginates without gaps or repeats', async () => {
    const all = await postQuery(gateway.url, RankingDocument, { input: { first: 100 } });
    expect(all.errors).toBeUndefined();
    const scores = all.data!.ranking.edges.map((e) => e.node.fusion.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(all.data!.ranking.totalCount).toBe(40);

    const seen: string[] = [];
    let after: string | null | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await postQuery(gateway.url, RankingDocument, { input: { first: 15, after } });
      expect(res.errors).toBeUndefined();
      seen.push(...res.data!.ranking.edges.map((e) => e.node.kol.id));
      if (!res.data!.ranking.pageInfo.hasNextPage) break;
      after = res.data!.ranking.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.data!.ranking.edges.map((e) => e.node.kol.id));
    expect(all.data!.ranking.edges.map((e) => e.node.rank)).toEqual(seen.map((_, i) => i + 1));
  });

  it('filters by category and platform', async () => {
    const [profile] = await gateway.services.data.profiles.getMany([demoKolId(0)]);
    const res = await postQuery(gateway.url, RankingDocument, {
      input: { category: profile!.category, platform: profile!.platform, first: 100 },
    });
    expect(res.errors).toBeUndefined();
    const kols = res.data!.ranking.edges.map((e) => e.node.kol);
    expect(kols.map((k) => k.id)).toContain(demoKolId(0));
    for (const kol of kols) {
      expect(kol.category).toBe(profile!.category);
      expect(kol.platform).toBe(profile!.platform);
    }
  });

  it('excludes or down-weights KOLs under the trust gate, per query', async () => {
    const excluded = await postQuery(gateway.url, RankingDocument, {
      input: { first: 100, minTrust: 50 },
    });
    const kept = await postQuery(gateway.url, RankingDocument, {
      input: { first: 100, minTrust: 50, trustGate: 'DOWNWEIGHT', gatedSuccessFactor: 0.25 },
    });
    const low = excluded.data!.ranking.edges.filter((e) => (e.node.fusion.trustUsed ?? 0) < 50);
    expect(low).toEqual([]);
    const gated = kept.data!.ranking.edges.filter((e) => e.node.fusion.gated);
    expect(gated.length).toBeGreaterThan(0);
    expect(kept.data!.ranking.totalCount).toBe(40);
    expect(excluded.data!.ranking.totalCount).toBe(40 - gated.length);
    for (const edge of gated) expect(edge.node.fusion.weights.success).toBeCloseTo(0.45 * 0.25, 10);
  });

  it('changes the order when weights change', async () => {
    const trustOnly = await postQuery(gateway.url, RankingDocument, {
      input: { first: 100, weights: { success: 0, trust: 1, sentiment: 0, anomaly: 0 } },
    });
    const trustUsed = trustOnly.data!.ranking.edges.map((e) => e.node.fusion.trustUsed ?? 0);
    expect([...trustUsed].sort((a, b) => b - a)).toEqual(trustUsed);
  });

  it.each([
    [{ first: -1 }, /`first` must be an integer from 1 to 100/],
    [{ first: 101 }, /`first` must be an integer from 1 to 100/],
    [{ after: 'not-a-cursor' }, /not a valid ranking cursor/],
    [{ weights: { trust: -2 } }, /`weights.trust` must be a number from 0 to 10/],
    [{ minTrust: 120 }, /`minTrust` must be from 0 to 100/],
  ])('rejects %j with BAD_USER_INPUT', async (input, message) => {
    const res = await postQuery(gateway.url, RankingDocument, { input });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(message);
  });
});

describe('HTTP transport', () => {
  it('answers GET queries (with the CSRF preflight header)', async () => {
    const query = encodeURIComponent(`{ kol(id: "${demoKolId(1)}") { id } }`);
    const response = await fetch(`${gateway.url}?query=${query}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { kol: { id: demoKolId(1) } } });
  });

  it('serves introspection with descriptions on every type and field', async () => {
    const res = await postQuery<
      {
        __schema: {
          types: {
            name: string;
            description: string | null;
            fields: { name: string; description: string | null }[] | null;
          }[];
        };
      },
      never
    >(gateway.url, '{ __schema { types { name description fields { name description } } } }');
    expect(res.errors).toBeUndefined();
    const kol = res.data!.__schema.types.find((t) => t.name === 'Kol');
    expect(kol?.description).toBeTruthy();
    expect(kol?.fields?.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        'id',
        'platform',
        'handle',
        'displayName',
        'category',
        'followers',
        'following',
        'posts',
        'verified',
        'metrics',
        'trust',
        'success',
        'fusion',
        'alerts',
      ]),
    );
  });

  it('serves /health, /ready and /metrics', async () => {
    const base = gateway.url.replace(/\/graphql$/, '');
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${base}/ready`)).json()).toEqual({ status: 'ready' });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/kol_graphql_requests_total\{operation="query",outcome="ok"\} \d+/);
  });
});
