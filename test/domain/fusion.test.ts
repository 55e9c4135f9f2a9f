import { describe, expect, it } from 'vitest';
import { DEFAULT_FUSION_WEIGHTS, emaNewestFirst, fuse, resolveTrust } from '../../domain/fusion';

const now = new Date('2026-11-23T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const dayMs = 24 * 3_600_000;

describe('fusion', () => {
  it('applies final = α·success/100 + β·trust/100 + γ·sentiment − δ·anomaly', () => {
    const result = fuse(
      {
        trustHistory: [{ score: 80, scoredAt: hoursAgo(1) }],
        success: 60,
        revenueForecast: 1_000,
        sentimentPositiveRatio: 0.7,
        anomaly: 0.2,
      },
      { success: 0.5, trust: 0.3, sentiment: 0.2, anomaly: 0.4 },
      { now, trustMaxAgeMs: dayMs },
    );
    expect(result.score).toBeCloseTo(0.5 * 0.6 + 0.3 * 0.8 + 0.2 * 0.7 - 0.4 * 0.2, 12);
    expect(result.expectedValue).toBeCloseTo(800, 12);
    expect(result.trustStale).toBe(false);
    expect(result.missing).toEqual([]);
  });

  it('smooths a stale trust score with an EMA of its history and flags it', () => {
    const history = [
      { score: 90, scoredAt: hoursAgo(30) },
      { score: 50, scoredAt: hoursAgo(40) },
      { score: 10, scoredAt: hoursAgo(50) },
    ];
    const trust = resolveTrust(history, now, dayMs);
    expect(trust.stale).toBe(true);
    // oldest seeds the EMA: 10 → 0.5·50 + 0.5·10 = 30 → 0.5·90 + 0.5·30 = 60
    expect(trust.value).toBeCloseTo(60, 12);
    expect(emaNewestFirst([90, 50, 10], 0.5)).toBeCloseTo(60, 12);
    expect(
      resolveTrust(
        history.slice(0, 1).map((h) => ({ ...h, scoredAt: hoursAgo(1) })),
        now,
        dayMs,
      ),
    ).toEqual({
      value: 90,
      stale: false,
    });
  });

  it('gates low trust: DOWNWEIGHT cuts the success weight, EXCLUDE only flags it', () => {
    const inputs = {
      trustHistory: [{ score: 30, scoredAt: hoursAgo(1) }],
      success: 100,
      revenueForecast: null,
      sentimentPositiveRatio: null,
      anomaly: null,
    };
    const down = fuse(inputs, DEFAULT_FUSION_WEIGHTS, {
      now,
      trustMaxAgeMs: dayMs,
      gate: { minTrust: 50, mode: 'DOWNWEIGHT', gatedSuccessFactor: 0.5 },
    });
    expect(down.gated).toBe(true);
    expect(down.successComponent).toBeCloseTo(DEFAULT_FUSION_WEIGHTS.success * 0.5, 12);
    expect(down.sentimentComponent).toBeCloseTo(DEFAULT_FUSION_WEIGHTS.sentiment * 0.5, 12);
    expect(down.missing).toEqual(['sentiment', 'anomaly']);
    const above = fuse(inputs, DEFAULT_FUSION_WEIGHTS, {
      now,
      trustMaxAgeMs: dayMs,
      gate: { minTrust: 20, mode: 'DOWNWEIGHT', gatedSuccessFactor: 0.5 },
    });
    expect(above.gated).toBe(false);
    expect(above.successComponent).toBeCloseTo(DEFAULT_FUSION_WEIGHTS.success, 12);
  });
});
