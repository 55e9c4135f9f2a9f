import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postQuery, startTestGateway, type TestGateway } from '../support/gateway';

const SCORE = `mutation ($input: ScoreKolsInput!) {
  scoreKols(input: $input) {
    scored failed tookMs timings { prepareMs storedMs rowsMs writeMs }
    results { index kolId error missing trust { trustScore } success { successScore revenueForecast currency } }
  }
}`;

interface Payload {
  scoreKols: {
    scored: number;
    failed: number;
    tookMs: number;
    timings: { prepareMs: number; storedMs: number; rowsMs: number; writeMs: number };
    results: {
      index: number;
      kolId: string | null;
      error: string | null;
      missing: string[];
      trust: { trustScore: number } | null;
      success: {
        successScore: number;
        revenueForecast: number | null;
        currency: string | null;
      } | null;
    }[];
  };
}

describe('scoreKols with column rows', () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway({ kols: 2 });
  });

  afterAll(async () => {
    await gateway.stop();
  });

  it('scores columns after the ids and rows, with the same results as row objects', async () => {
    const trust = { followersCount: 12_000, followingCount: 300, postCount: 400 };
    const success = {
      videoViews: 50_000,
      videoLikes: 2_500,
      videoComments: 120,
      videoShares: 60,
      price: 150_000,
    };
    const res = await postQuery<Payload, unknown>(gateway.url, SCORE, {
      input: {
        rows: [{ kolId: 'obj-1', trust, success }],
        columns: {
          kolId: ['col-1'],
          trust: { followersCount: [12_000], followingCount: [300], postCount: [400] },
          success: {
            videoViews: [50_000],
            videoLikes: [2_500],
            videoComments: [120],
            videoShares: [60],
            price: [150_000],
          },
        },
      },
    });
    expect(res.errors).toBeUndefined();
    const [fromObject, fromColumns] = res.data?.scoreKols.results ?? [];
    expect(fromColumns).toMatchObject({ index: 1, kolId: 'col-1', error: null, missing: [] });
    expect(fromColumns?.trust?.trustScore).toBeCloseTo(fromObject?.trust?.trustScore ?? -1, 10);
    expect(fromColumns?.success?.successScore).toBeCloseTo(
      fromObject?.success?.successScore ?? -1,
      10,
    );
    const { tookMs, timings } = res.data?.scoreKols ?? { tookMs: 0, timings: undefined };
    const parts = Object.values(timings ?? {});
    expect(parts).toHaveLength(4);
    expect(parts.reduce((a, b) => a + b, 0)).toBeCloseTo(tookMs, 6);
    // From raw inputs only there is no forecast.
    expect(fromColumns?.success).toMatchObject({ revenueForecast: null, currency: null });
  });

  it('refuses columns of different lengths with BAD_USER_INPUT naming them', async () => {
    const res = await postQuery<Payload, unknown>(gateway.url, SCORE, {
      input: {
        columns: { trust: { followersCount: [1, 2], followingCount: [1, 2], postCount: [1] } },
      },
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/columns.trust.postCount has 1/);
  });
});
