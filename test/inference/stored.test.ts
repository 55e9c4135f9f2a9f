/** The stored-KOL scoring core: real ONNX sessions, one run per model per call. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KolProfile } from '../../domain/types';
import {
  createInferenceService,
  type InferenceService,
  type StoredKol,
  type StoredMetricPoint,
} from '../../inference';
import { MODELS_DIR } from './helpers';

const NOW = new Date('2026-12-01T10:25:00Z');
const HOUR = 3_600_000;
const lastHourStart = Date.parse('2026-12-01T09:00:00Z');

let service: InferenceService;
beforeAll(async () => {
  service = await createInferenceService({ modelsDir: MODELS_DIR });
});
afterAll(async () => {
  await service.close();
});

function profile(id: string, extra: Partial<KolProfile> = {}): KolProfile {
  return {
    id,
    platform: 'tiktok',
    handle: `${id}_handle`,
    displayName: id,
    category: 'beauty',
    followers: 120_000,
    following: 400,
    posts: 900,
    verified: true,
    favorites: 2_000_000,
    bioLength: 80,
    hasUrl: true,
    hasProfileImage: true,
    isPrivate: false,
    accountCreatedAt: new Date('2021-01-01T00:00:00Z'),
    updatedAt: new Date('2026-11-30T00:00:00Z'),
    ...extra,
  };
}

function hour(
  kolId: string,
  hoursBack: number,
  orders: number,
  revenue?: number,
): StoredMetricPoint {
  return {
    kolId,
    window: 'H1',
    bucketStart: new Date(lastHourStart - (hoursBack - 1) * HOUR),
    views: 2_000,
    likes: 90,
    comments: 6,
    shares: 4,
    clicks: 40,
    orders,
    followerDelta: 5,
    engagementRate: 0.05,
    sentimentPositiveRatio: 0.6,
    sentimentNegativeRatio: 0.1,
    ...(revenue === undefined ? {} : { revenue, currency: 'USD' }),
  };
}

function day(kolId: string, orders: number, revenue: number): StoredKol['hourly'] {
  return Array.from({ length: 24 }, (_, i) => hour(kolId, i + 1, orders, revenue));
}

describe('scoreStoredKols', () => {
  it('scores trust, anomaly, success and forecast of each KOL with one ONNX run per model', async () => {
    const sessions = ['trust', 'anomaly', 'success', 'forecast'].map(
      (name) => service.registry.production(name).session,
    );
    const before = sessions.map((s) => s.runCount);
    const kols: StoredKol[] = [
      { profile: profile('busy'), hourly: day('busy', 3, 120) },
      { profile: profile('quiet'), hourly: day('quiet', 0, 0).slice(0, 3) },
      { profile: profile('new'), hourly: [] },
    ];
    const results = await service.scoreStoredKols(kols, NOW);
    expect(sessions.map((s, i) => s.runCount - before[i]!)).toEqual([1, 1, 1, 1]);
    expect(results.map((r) => r.kolId)).toEqual(['busy', 'quiet', 'new']);

    const busy = results[0]!;
    expect(busy.records.map((r) => r.model)).toEqual(['trust', 'anomaly', 'success', 'forecast']);
    expect(busy.missing).toEqual([]);
    const trust = busy.records[0]!;
    expect(trust.score).toBeGreaterThan(50);
    expect(trust.modelVersion).toBe('1.0.0');
    expect(trust.scoredAt).toEqual(NOW);
    const forecast = busy.records.find((r) => r.model === 'forecast')!;
    // 72 orders a day, steady: the forecast is of that order, and revenue = orders × 40 USD.
    expect(forecast.score).toBeGreaterThan(30);
    expect(forecast.score).toBeLessThan(150);
    expect(forecast.revenueForecast! / forecast.score).toBeCloseTo(40, 3);
    expect(forecast.currency).toBe('USD');
    const success = busy.records.find((r) => r.model === 'success')!;
    expect(success.revenueForecast).toBe(forecast.revenueForecast);
    expect(success.score).toBeGreaterThanOrEqual(0);
    expect(success.score).toBeLessThanOrEqual(100);

    // No orders in the last day: no order value, so no revenue forecast; the orders are forecast.
    const quiet = results[1]!;
    expect(quiet.missing).toEqual(['orderValue']);
    expect(quiet.records.find((r) => r.model === 'forecast')!.revenueForecast).toBeUndefined();

    // A KOL created a moment ago: trust and anomaly from what is known, the rest listed as missing.
    const fresh = results[2]!;
    expect(fresh.records.map((r) => r.model)).toEqual(['trust', 'anomaly']);
    expect(fresh.missing).toEqual(['metrics']);
  });

  it('reads unreported profile fields as unknown and lists them', async () => {
    const [reported, unreported] = await service.scoreStoredKols(
      [
        { profile: profile('a', { favorites: 0 }), hourly: [] },
        { profile: profile('b', { favorites: 0, unreported: ['favoritesCount'] }), hourly: [] },
      ],
      NOW,
    );
    expect(unreported!.missing).toEqual(['favoritesCount', 'metrics']);
    // 0 reported favourites fires the fake-follower rule; an unknown count does not.
    const codes = (r: typeof reported) => r!.records[0]!.reasons.map((x) => x.code);
    expect(codes(reported)).toContain('RULE_FAKE_FOLLOWER_INDICATOR');
    expect(codes(unreported)).not.toContain('RULE_FAKE_FOLLOWER_INDICATOR');
    expect(unreported!.records[0]!.score).toBeGreaterThan(reported!.records[0]!.score);
  });

  it('uses the H24 bucket for success when there is no hourly bucket, and no forecast', async () => {
    const dayPoint = { ...hour('d', 1, 10, 500), window: 'H24' as const };
    const [r] = await service.scoreStoredKols(
      [{ profile: profile('d'), hourly: [], day: dayPoint }],
      NOW,
    );
    expect(r!.records.map((x) => x.model)).toEqual(['trust', 'anomaly', 'success']);
    expect(r!.missing).toEqual(['hourlyMetrics']);
    expect(r!.records[2]!.revenueForecast).toBeUndefined();
  });

  it('lists revenue as missing when the buckets carry no purchase amounts', async () => {
    const [r] = await service.scoreStoredKols(
      [{ profile: profile('n', { currency: 'EUR' }), hourly: [hour('n', 1, 2), hour('n', 2, 1)] }],
      NOW,
    );
    expect(r!.missing).toEqual(['revenue']);
    const f = r!.records.find((x) => x.model === 'forecast')!;
    expect(f.revenueForecast).toBeUndefined();
    expect(f.score).toBeGreaterThanOrEqual(0);
  });

  it('rejects a profile the models cannot take before running anything', async () => {
    const session = service.registry.production('trust').session;
    const before = session.runCount;
    await expect(
      service.scoreStoredKols(
        [
          { profile: profile('ok'), hourly: [] },
          { profile: profile('bad', { followers: -1 }), hourly: [] },
        ],
        NOW,
      ),
    ).rejects.toThrow(/row 1: followersCount must not be negative/);
    expect(session.runCount).toBe(before);
  });

  it('scores with the versions the registry serves (a full canary goes to Staging)', async () => {
    service.registry.setCanaryShare(1, 'trust');
    try {
      const [r] = await service.scoreStoredKols([{ profile: profile('c'), hourly: [] }], NOW);
      expect(r!.records[0]!.modelVersion).toBe('1.1.0');
    } finally {
      service.registry.setCanaryShare(0, 'trust');
    }
  });

  it('10,000 stored KOLs with a day of buckets each: one run per model, results in order', async () => {
    const sessions = ['trust', 'anomaly', 'success', 'forecast'].map(
      (name) => service.registry.production(name).session,
    );
    const before = sessions.map((s) => s.runCount);
    const kols: StoredKol[] = Array.from({ length: 10_000 }, (_, i) => ({
      profile: profile(`k${i}`, { followers: 1_000 + i }),
      hourly: day(`k${i}`, i % 5, (i % 5) * 30),
    }));
    const results = await service.scoreStoredKols(kols, NOW);
    expect(sessions.map((s, i) => s.runCount - before[i]!)).toEqual([1, 1, 1, 1]);
    expect(results).toHaveLength(10_000);
    expect(results.every((r, i) => r.kolId === `k${i}` && r.records.length === 4)).toBe(true);
  });

  it('returns an empty list for an empty batch', async () => {
    expect(await service.scoreStoredKols([], NOW)).toEqual([]);
  });
});
