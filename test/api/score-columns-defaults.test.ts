/** A null in an optional column (or in kolId) is the same as the field left out of a row object. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postQuery, startTestGateway, type TestGateway } from '../support/gateway';

const SCORE = `mutation ($input: ScoreKolsInput!) {
  scoreKols(input: $input) { results { index kolId error trust { trustScore } } }
}`;

interface Payload {
  scoreKols: {
    results: {
      index: number;
      kolId: string | null;
      error: string | null;
      trust: { trustScore: number };
    }[];
  };
}

describe('scoreKols columns with null entries', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ kols: 2 });
  });
  afterAll(async () => {
    await gateway.stop();
  });

  it('takes the default for a null value and echoes a null kolId', async () => {
    const base = {
      followersCount: 50_000,
      followingCount: 50_000,
      postCount: 10_000,
      favoritesCount: 100,
    };
    const res = await postQuery<Payload, unknown>(gateway.url, SCORE, {
      input: {
        rows: [{ trust: { ...base, accountAgeDays: 30 } }, { kolId: 'b', trust: base }],
        columns: {
          kolId: [null, 'b'],
          trust: {
            followersCount: [50_000, 50_000],
            followingCount: [50_000, 50_000],
            postCount: [10_000, 10_000],
            favoritesCount: [100, 100],
            accountAgeDays: [30, null],
          },
        },
      },
    });
    expect(res.errors).toBeUndefined();
    const [rowA, rowB, colA, colB] = res.data!.scoreKols.results;
    expect([colA?.kolId, colB?.kolId]).toEqual([null, 'b']);
    expect(colA?.trust.trustScore).toBe(rowA?.trust.trustScore);
    expect(colB?.trust.trustScore).toBe(rowB?.trust.trustScore);
    // The suspicious-growth rule needs the account age: known for A, defaulted (unknown) for B.
    expect(colA?.trust.trustScore).not.toBe(colB?.trust.trustScore);
  });
});
