import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import { demoKolId } from '../../demo/dataset';
import { modelDemoScorer } from '../../demo/model-scores';
import { seedDemoData } from '../../demo/seed';
import { DashboardDocument, KolDetailDocument } from '../generated/graphql';
import { countingDataSources, type CallCounts } from '../support/counting';
import { postQuery, sharedInference, startTestGateway, type TestGateway } from '../support/gateway';

let gateway: TestGateway;
let counts: CallCounts;
let reset: () => void;

beforeAll(async () => {
  const inner = createEmbeddedDataSources();
  await seedDemoData(inner, {
    count: 120,
    now: new Date(),
    scorer: modelDemoScorer(await sharedInference()),
  });
  const counting = countingDataSources(inner);
  counts = counting.counts;
  reset = () => counting.reset();
  gateway = await startTestGateway({ data: counting.data });
});

afterAll(async () => {
  await gateway.stop();
});

beforeEach(() => reset());

describe('DataLoader batching', () => {
  it.each([5, 50, 100])(
    'a dashboard page of %i KOLs makes one call per store, whatever its size',
    async (first) => {
      const res = await postQuery(gateway.url, DashboardDocument, { first });
      expect(res.errors).toBeUndefined();
      expect(res.data?.ranking.edges).toHaveLength(first);
      expect(counts).toEqual({
        'rankings.page': 1, // one index read of the page, never the whole segment
        'profiles.getMany': 1,
        'metrics.latest': 1, // metrics(last: 1) reads the latest bucket, not the series
        'scores.latest': 2, // trust and success
      });
    },
  );

  it('kols(ids) with every Kol field makes one call per store and model', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => demoKolId(i));
    const query = `query ($ids: [ID!]!) { kols(ids: $ids) {
      id metrics(window: M15, last: 3) { views } trust { trustScore } success { successScore }
      fusion { score } alerts(first: 3) { id } } }`;
    const res = await postQuery<{ kols: unknown[] }, { ids: string[] }>(gateway.url, query, {
      ids,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.kols).toHaveLength(60);
    expect(counts).toEqual({
      'profiles.getMany': 1,
      'metrics.series': 1,
      'metrics.latest': 1, // 24 h sentiment for fusion
      'scores.latest': 3, // trust, success, anomaly
      'scores.history': 1, // trust history for stale smoothing
      'alerts.recentByKol': 1,
    });
  });

  it('does not share loader caches between requests', async () => {
    await postQuery(gateway.url, KolDetailDocument, { id: demoKolId(0), window: 'H1', last: 2 });
    const first = { ...counts };
    reset();
    await postQuery(gateway.url, KolDetailDocument, { id: demoKolId(0), window: 'H1', last: 2 });
    expect(counts).toEqual(first);
  });
});
