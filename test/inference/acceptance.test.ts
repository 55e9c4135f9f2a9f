/** The trust model's acceptance examples (README, Scoring and models), through the public service (Production and Staging trust). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInferenceService, type InferenceService } from '../../inference';
import { LEGIT, MODELS_DIR, SUSPICIOUS } from './helpers';

let service: InferenceService;

beforeAll(async () => {
  service = await createInferenceService({ modelsDir: MODELS_DIR });
});
afterAll(async () => {
  await service.close();
});

describe('trust acceptance examples', () => {
  it('legit profile: trustScore > 80, LOW risk, trustworthy, no rule fired', async () => {
    const [legit] = await service.scoreTrust([LEGIT]);
    expect(legit!.trustScore).toBeGreaterThan(80);
    expect(legit!.riskLevel).toBe('LOW');
    expect(legit!.isTrustworthy).toBe(true);
    expect(legit!.kolId).toBe('acceptance-legit');
    expect(legit!.reasons.filter((r) => r.code.startsWith('RULE_'))).toEqual([]);
  });

  it('suspicious profile: trustScore < 40, HIGH risk, both rules visible as reasons', async () => {
    const [suspicious] = await service.scoreTrust([SUSPICIOUS]);
    expect(suspicious!.trustScore).toBeLessThan(40);
    expect(suspicious!.riskLevel).toBe('HIGH');
    expect(suspicious!.isTrustworthy).toBe(false);
    const byCode = new Map(suspicious!.reasons.map((r) => [r.code, r]));
    expect(byCode.get('RULE_SUSPICIOUS_GROWTH')?.message).toBe(
      'Gained ~1,667 followers/day on a 30-day-old account',
    );
    expect(byCode.get('RULE_SUSPICIOUS_GROWTH')!.impact).toBeLessThan(0);
    expect(byCode.get('RULE_FAKE_FOLLOWER_INDICATOR')?.message).toContain('0.01 likes per post');
    expect(byCode.get('RULE_FAKE_FOLLOWER_INDICATOR')!.impact).toBeLessThan(0);
  });

  it('hold for the Staging trust version too', async () => {
    service.registry.setCanaryShare(1, 'trust');
    try {
      const [legit, suspicious] = await service.scoreTrust([LEGIT, SUSPICIOUS]);
      expect(legit!.modelVersion).toBe('1.1.0');
      expect(legit!.trustScore).toBeGreaterThan(80);
      expect(legit!.riskLevel).toBe('LOW');
      expect(suspicious!.modelVersion).toBe('1.1.0');
      expect(suspicious!.trustScore).toBeLessThan(40);
      expect(suspicious!.riskLevel).toBe('HIGH');
    } finally {
      service.registry.setCanaryShare(0, 'trust');
    }
  });

  it('the rules are what make the suspicious example HIGH: without age and favourites it is not', async () => {
    const { favoritesCount: _f, accountAgeDays: _a, ...withoutRuleFields } = SUSPICIOUS;
    const [result] = await service.scoreTrust([withoutRuleFields]);
    expect(result!.reasons.some((r) => r.code.startsWith('RULE_'))).toBe(false);
    expect(result!.trustScore).toBeGreaterThan(40);
  });
});
