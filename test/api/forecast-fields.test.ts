import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CURRENCY } from '../../demo/dataset';
import { postQuery, startTestGateway, type TestGateway } from '../support/gateway';

interface Payload {
  ranking: {
    edges: {
      node: {
        kol: {
          id: string;
          success: { revenueForecast: number | null; currency: string | null } | null;
          fusion: {
            expectedValue: number | null;
            currency: string | null;
            trustUsed: number | null;
          };
        };
      };
    }[];
  };
}

describe('forecast revenue and expected value', () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway({ kols: 20 });
  });

  afterAll(async () => {
    await gateway.stop();
  });

  it('serves the forecast revenue with its currency and the expected value in the same currency', async () => {
    const res = await postQuery<Payload, unknown>(
      gateway.url,
      `{ ranking(input: { first: 20 }) { edges { node { kol { id
          success { revenueForecast currency }
          fusion { expectedValue currency trustUsed } } } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const kols = res.data?.ranking.edges.map((e) => e.node.kol) ?? [];
    const forecast = kols.filter((k) => k.success?.revenueForecast != null);
    expect(forecast.length).toBeGreaterThan(0);
    for (const kol of forecast) {
      expect(kol.success?.currency).toBe(DEMO_CURRENCY);
      expect(kol.fusion.currency).toBe(DEMO_CURRENCY);
      expect(kol.fusion.expectedValue).toBeCloseTo(
        (kol.success?.revenueForecast ?? 0) * ((kol.fusion.trustUsed ?? 0) / 100),
        6,
      );
    }
    for (const kol of kols.filter((k) => k.success?.revenueForecast == null)) {
      expect(kol.fusion).toMatchObject({ expectedValue: null, currency: null });
    }
  });
});
