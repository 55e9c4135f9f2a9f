/** Score semantics: orientation, bands, tiers, flags, confidence, reasons. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createInferenceService,
  successOutcome,
  trustFeatureVector,
  trustOutcome,
  type InferenceService,
  type SuccessInput,
  type TrustInput,
} from '../../inference';
import { formatCount, formatPercent, formatRatio } from '../../inference/reasons/format';
import { MODELS_DIR, readFixture } from './helpers';

let service: InferenceService;

beforeAll(async () => {
  service = await createInferenceService({ modelsDir: MODELS_DIR });
});
afterAll(async () => {
  await service.close();
});

/** P(untrustworthy) straight from the Production ONNX model, bypassing the scorer. */
async function rawProbability(input: TrustInput): Promise<number> {
  const model = service.registry.production('trust');
  const out = await model.session.run(Float32Array.from(trustFeatureVector(input)), 1, [
    'probabilities',
  ]);
  return out['probabilities']![1]!;
}

describe('trust orientation (the original system shipped it inverted)', () => {
  const fake: TrustInput = {
    followersCount: 33,
    followingCount: 1694,
    postCount: 0,
    bioLength: 0,
    hasProfileImage: false,
    usernameLength: 12,
    usernameDigitCount: 3,
  };
  const real: TrustInput = {
    followersCount: 420,
    followingCount: 380,
    postCount: 60,
    bioLength: 40,
    hasProfileImage: true,
    isPrivate: true,
    usernameLength: 10,
    usernameDigitCount: 0,
  };

  it('the model output is P(untrustworthy): high for a typical fake, low for a typical real account', async () => {
    expect(await rawProbability(fake)).toBeGreaterThan(0.9);
    expect(await rawProbability(real)).toBeLessThan(0.1);
  });

  it('trustScore = 100 * (1 - P(untrustworthy)) when no rule fires', async () => {
    const [f, r] = await service.scoreTrust([fake, real]);
    expect(f!.trustScore).toBeCloseTo(100 * (1 - (await rawProbability(fake))), 6);
    expect(r!.trustScore).toBeCloseTo(100 * (1 - (await rawProbability(real))), 6);
    expect(f!.trustScore).toBeLessThan(10);
    expect(r!.trustScore).toBeGreaterThan(90);
    expect(f!.riskLevel).toBe('HIGH');
    expect(r!.riskLevel).toBe('LOW');
  });

  it('matches the Python pipeline end to end for every Production fixture row', async () => {
    const fixture = await readFixture<TrustInput>('trust-1.0.0.json');
    const results = await service.scoreTrust(fixture.rows.map((r) => r.input));
    for (const [i, row] of fixture.rows.entries()) {
      expect(Math.abs(results[i]!.trustScore - row.trustScore!), `row ${i}`).toBeLessThan(1e-3);
      expect(results[i]!.modelVersion).toBe('1.0.0');
    }
  });
});

describe('trust bands and flags', () => {
  it.each([
    [100, 'LOW', true],
    [80, 'LOW', true],
    [79.99, 'MODERATE', true],
    [60, 'MODERATE', true],
    [59.99, 'ELEVATED', true],
    [50, 'ELEVATED', true],
    [49.99, 'ELEVATED', false],
    [40, 'ELEVATED', false],
    [39.99, 'HIGH', false],
    [0, 'HIGH', false],
  ] as const)('trustScore %d → %s, isTrustworthy %s', (score, risk, trustworthy) => {
    const outcome = trustOutcome(score);
    expect(outcome.riskLevel).toBe(risk);
    expect(outcome.isTrustworthy).toBe(trustworthy);
  });

  it('confidence is the probability of the predicted class', () => {
    expect(trustOutcome(90).confidence).toBeCloseTo(0.9, 12);
    expect(trustOutcome(25).confidence).toBeCloseTo(0.75, 12);
    expect(trustOutcome(50).confidence).toBeCloseTo(0.5, 12);
  });

  it('scored results are consistent with their score for every fixture row', async () => {
    const fixture = await readFixture<TrustInput>('trust-1.0.0.json');
    const results = await service.scoreTrust(fixture.rows.map((r) => r.input));
    const bands = new Set<string>();
    for (const r of results) {
      expect(r.trustScore).toBeGreaterThanOrEqual(0);
      expect(r.trustScore).toBeLessThanOrEqual(100);
      expect({ isTrustworthy: r.isTrustworthy, riskLevel: r.riskLevel }).toEqual({
        isTrustworthy: trustOutcome(r.trustScore).isTrustworthy,
        riskLevel: trustOutcome(r.trustScore).riskLevel,
      });
      expect(r.confidence).toBeCloseTo(Math.max(r.trustScore, 100 - r.trustScore) / 100, 9);
      expect(r.confidence).toBeGreaterThanOrEqual(0.5);
      bands.add(r.riskLevel);
    }
    expect(bands).toContain('LOW');
    expect(bands).toContain('HIGH');
  });
});

describe('success tiers and flags', () => {
  it.each([
    [100, 'HIGH', true],
    [75.01, 'HIGH', true],
    [75, 'MEDIUM', true],
    [50, 'MEDIUM', true],
    [49.99, 'MEDIUM', false],
    [40, 'MEDIUM', false],
    [39.99, 'LOW', false],
    [0, 'LOW', false],
  ] as const)('successScore %d → %s, isHigh %s', (score, tier, high) => {
    expect(successOutcome(score).tier).toBe(tier);
    expect(successOutcome(score).isHigh).toBe(high);
  });

  it('successScore = 100 * P(High) from the fixture, with consistent tier and confidence', async () => {
    const fixture = await readFixture<SuccessInput>('success-1.0.0.json');
    const results = await service.scoreSuccess(fixture.rows.map((r) => r.input));
    const tiers = new Set<string>();
    for (const [i, r] of results.entries()) {
      expect(Math.abs(r.successScore - 100 * fixture.rows[i]!.probability!)).toBeLessThan(1e-3);
      expect(r.tier).toBe(successOutcome(r.successScore).tier);
      expect(r.isHigh).toBe(r.successScore >= 50);
      expect(r.confidence).toBeCloseTo(Math.max(r.successScore, 100 - r.successScore) / 100, 9);
      tiers.add(r.tier);
    }
    expect([...tiers].sort()).toEqual(['HIGH', 'LOW', 'MEDIUM']);
  });

  it('more views, clicks and engagement at the same price raise the score', async () => {
    const small: SuccessInput = {
      videoViews: 2000,
      videoLikes: 60,
      videoComments: 2,
      videoShares: 1,
      price: 150000,
    };
    const big: SuccessInput = {
      videoViews: 400000,
      videoLikes: 30000,
      videoComments: 1200,
      videoShares: 2000,
      estCtr: 0.02,
      price: 150000,
    };
    const [s, b] = await service.scoreSuccess([small, big]);
    expect(b!.successScore).toBeGreaterThan(75);
    expect(s!.successScore).toBeLessThan(40);
  });
});

describe('reasons', () => {
  it('describe a fake-looking profile in plain words, strongest first', async () => {
    const [r] = await service.scoreTrust([
      {
        followersCount: 30,
        followingCount: 3000,
        postCount: 0,
        hasProfileImage: false,
        bioLength: 0,
      },
    ]);
    const reasons = r!.reasons;
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.length).toBeLessThanOrEqual(3);
    expect(reasons[0]).toMatchObject({
      code: 'HIGH_FOLLOWING_RATIO',
      message: 'Follows far more accounts than follow it (100x)',
    });
    for (const reason of reasons) expect(reason.impact).toBeLessThan(0);
    const sizes = reasons.map((x) => Math.abs(x.impact));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });

  it('name a missing profile picture when it matters', async () => {
    const base: TrustInput = {
      followersCount: 150,
      followingCount: 900,
      postCount: 3,
      bioLength: 0,
    };
    const [withImage, without] = await service.scoreTrust([
      { ...base, hasProfileImage: true },
      { ...base, hasProfileImage: false },
    ]);
    expect(without!.trustScore).toBeLessThan(withImage!.trustScore);
    expect(without!.reasons.map((x) => x.message)).toContain('No profile picture');
  });

  it('explain success with reach, engagement, clicks or price', async () => {
    const [r] = await service.scoreSuccess([
      {
        videoViews: 200000,
        videoLikes: 15000,
        videoComments: 600,
        videoShares: 900,
        price: 120000,
      },
    ]);
    expect(r!.reasons.length).toBeGreaterThan(0);
    for (const reason of r!.reasons) {
      expect([
        'VIRAL_VIEWS',
        'VIEWS',
        'HIGH_ENGAGEMENT',
        'ENGAGEMENT_RATE',
        'EXPECTED_CLICKS',
        'PRICE_TIER',
      ]).toContain(reason.code);
    }
    expect(r!.reasons[0]!.impact).toBeGreaterThan(0);
  });
});

describe('anomaly', () => {
  it('scores an ordinary profile near 0 and a bought-follower burst near 1', async () => {
    const [ordinary, burst] = await service.scoreAnomaly([
      {
        followersCount: 30000,
        followingCount: 400,
        postCount: 600,
        accountAgeDays: 1000,
        engagementRate: 0.05,
        followerDelta24h: 30,
      },
      {
        followersCount: 30000,
        followingCount: 400,
        postCount: 600,
        accountAgeDays: 1000,
        engagementRate: 0.005,
        followerDelta24h: 9000,
      },
    ]);
    expect(ordinary!.anomalyScore).toBeLessThan(0.2);
    expect(burst!.anomalyScore).toBeGreaterThan(0.6);
    expect(burst!.anomalyScore).toBeLessThanOrEqual(1);
    expect(ordinary!.modelVersion).toBe('1.0.0');
  });
});

describe('lazy reasons', () => {
  it('are computed on read and included by JSON and spread, like a plain field', async () => {
    const [r] = await service.scoreTrust([
      { followersCount: 30, followingCount: 3000, postCount: 0, hasProfileImage: false },
    ]);
    const json = JSON.parse(JSON.stringify(r)) as { reasons: unknown[]; trustScore: number };
    expect(json.reasons).toEqual(r!.reasons);
    expect(json.reasons.length).toBeGreaterThan(0);
    expect({ ...r! }.reasons).toBe(r!.reasons);
    r!.reasons = [];
    expect(r!.reasons).toEqual([]);
  });
});

describe('number formatting in messages', () => {
  it('groups thousands and keeps small ratios readable', () => {
    expect(formatCount(1666.67)).toBe('1,667');
    expect(formatCount(100)).toBe('100');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(-1234)).toBe('-1,234');
    expect(formatCount(1e21)).toBe('1e+21');
    expect(formatRatio(0.01)).toBe('0.01');
    expect(formatRatio(2.345)).toBe('2.3');
    expect(formatRatio(100)).toBe('100');
    expect(formatPercent(0.0834)).toBe('8.3%');
    expect(formatPercent(0.01)).toBe('1%');
  });
});
