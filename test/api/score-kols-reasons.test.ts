/** scoreKols builds raw rows' reasons only when the operation selects them. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { postQuery, sharedInference, startTestGateway, type TestGateway } from '../support/gateway';

interface Row {
  trust: { trustScore: number; reasons?: { code: string }[] } | null;
  success: { successScore: number; reasons?: { code: string }[] } | null;
}

interface Payload {
  scoreKols: {
    tookMs: number;
    timings: Record<string, number>;
    results: Row[];
  };
}

const TIMINGS = 'timings { coerceMs prepareMs storedMs rowsMs featuresMs ortMs writeMs }';

const PLAIN = `mutation ($input: ScoreKolsInput!) {
  scoreKols(input: $input) { tookMs ${TIMINGS} results { trust { trustScore } success { successScore } } }
}`;

const TRUST_REASONS_BY_FRAGMENT = `mutation ($input: ScoreKolsInput!) {
  scoreKols(input: $input) { tookMs ${TIMINGS} results { trust { ...Why } success { successScore } } }
}
fragment Why on TrustScore { trustScore reasons { code } }`;

const input = {
  columns: {
    trust: {
      followersCount: [12_000, 900_000, 40],
      followingCount: [300, 100, 3_000],
      postCount: [400, 2_000, 1],
    },
    success: {
      videoViews: [50_000, 2_000_000, 10],
      videoLikes: [2_500, 90_000, 0],
      videoComments: [120, 4_000, 0],
      videoShares: [60, 1_000, 0],
      price: [150_000, 90_000, 300_000],
    },
  },
};

describe('scoreKols reasons on demand', () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway({ kols: 2 });
  });
  afterAll(async () => {
    await gateway.stop();
  });

  it('runs the lean graphs when no reasons are selected, the same scores either way', async () => {
    const inference = await sharedInference();
    const trust = inference.registry.production('trust').session;
    const success = inference.registry.production('success').session;
    const spies = [
      vi.spyOn(trust.ort, 'run'),
      vi.spyOn(trust.lean!.ort, 'run'),
      vi.spyOn(success.ort, 'run'),
      vi.spyOn(success.lean!.ort, 'run'),
    ];
    try {
      const plain = await postQuery<Payload, unknown>(gateway.url, PLAIN, { input });
      expect(plain.errors).toBeUndefined();
      expect(spies.map((s) => s.mock.calls.length)).toEqual([0, 1, 0, 1]);

      const explained = await postQuery<Payload, unknown>(gateway.url, TRUST_REASONS_BY_FRAGMENT, {
        input,
      });
      expect(explained.errors).toBeUndefined();
      // Trust reasons selected (through a fragment): the whole trust graph; success stays lean.
      expect(spies.map((s) => s.mock.calls.length)).toEqual([1, 1, 0, 2]);

      const a = plain.data!.scoreKols.results;
      const b = explained.data!.scoreKols.results;
      expect(b.map((r) => r.trust?.trustScore)).toEqual(a.map((r) => r.trust?.trustScore));
      expect(b.map((r) => r.success?.successScore)).toEqual(a.map((r) => r.success?.successScore));
      for (const row of b) expect(row.trust?.reasons?.length).toBeGreaterThan(0);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it('reports where the time went: features and ORT within rowsMs, coercion before tookMs', async () => {
    const res = await postQuery<Payload, unknown>(gateway.url, PLAIN, { input });
    expect(res.errors).toBeUndefined();
    const { tookMs, timings } = res.data!.scoreKols;
    const { coerceMs, prepareMs, storedMs, rowsMs, featuresMs, ortMs, writeMs } = timings;
    expect(prepareMs! + storedMs! + rowsMs! + writeMs!).toBeCloseTo(tookMs, 6);
    expect(featuresMs! + ortMs!).toBeLessThanOrEqual(rowsMs! + 1e-6);
    expect(ortMs).toBeGreaterThan(0);
    expect(coerceMs).toBeGreaterThanOrEqual(0);
  });
});
