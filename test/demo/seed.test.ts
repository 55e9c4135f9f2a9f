/**
 * The demo data set goes through the import path of users' KOLs: profiles with their KolInput
 * fields, and scores of every served model from the history, with the forecast model's revenue.
 */
import { describe, expect, it } from 'vitest';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import { DEMO_CURRENCY } from '../../demo/dataset';
import { modelDemoScorer } from '../../demo/model-scores';
import { seedDemoData } from '../../demo/seed';
import { sharedInference } from '../support/gateway';

describe('demo seed', () => {
  it('imports the demo KOLs with history and scores of every model', async () => {
    const data = createEmbeddedDataSources();
    const now = new Date();
    const seeded = await seedDemoData(data, {
      count: 40,
      now,
      scorer: modelDemoScorer(await sharedInference()),
    });
    const ids = seeded.kols.map((k) => k.profile.id);
    const profiles = await data.profiles.getMany(ids);
    expect(profiles.every((p) => p !== null)).toBe(true);
    expect(profiles[0]).toMatchObject({ currency: DEMO_CURRENCY });
    expect(profiles[0]?.pricePerPost).toBeGreaterThan(0);
    // Every demo KOL has a market, so the country and language segments have members.
    expect(profiles.every((p) => p?.country && p.language)).toBe(true);
    const countries = new Set(profiles.map((p) => p?.country));
    expect([...countries].sort()).toEqual(['ID', 'PH', 'TH', 'VN']);
    for (const model of ['trust', 'anomaly', 'success', 'forecast'] as const) {
      const latest = await data.scores.latest(model, ids);
      expect(latest.every((r) => r !== null && r.scoredAt.getTime() === now.getTime())).toBe(true);
    }
    const success = await data.scores.latest('success', ids);
    // KOLs whose last day had orders get the forecast model's revenue (the others list orderValue).
    const withRevenue = success.filter((r) => (r?.revenueForecast ?? 0) > 0);
    expect(withRevenue.length).toBeGreaterThan(0);
    expect(withRevenue[0]?.currency).toBe(DEMO_CURRENCY);
    const trustHistory = await data.scores.history('trust', ids, 10);
    expect(trustHistory.every((h) => h.length === 3)).toBe(true);
  });
});
