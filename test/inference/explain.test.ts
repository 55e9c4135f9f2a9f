/** explain: false scores the same, on the lean session, and has no reasons to read. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createInferenceService,
  emptyScorerTimings,
  type InferenceService,
  type SuccessInput,
  type TrustInput,
} from '../../inference';
import { MODELS_DIR } from './helpers';

let service: InferenceService;

beforeAll(async () => {
  service = await createInferenceService({ modelsDir: MODELS_DIR });
});
afterAll(async () => {
  await service.close();
});

const trustRows: TrustInput[] = Array.from({ length: 200 }, (_, i) => ({
  kolId: `kol-${i}`,
  followersCount: (i * 7919) % 250_000,
  followingCount: (i * 104_729) % 8_000,
  postCount: (i * 31) % 3_000,
  favoritesCount: i % 3 === 0 ? null : (i * 997) % 2_000_000,
  accountAgeDays: i % 5 === 0 ? null : 1 + (i % 3_000),
}));

const successRows: SuccessInput[] = Array.from({ length: 200 }, (_, i) => ({
  videoViews: 1_000 + ((i * 7919) % 500_000),
  videoLikes: (i * 31) % 900,
  videoComments: i % 50,
  videoShares: i % 20,
  price: 50_000 + ((i * 997) % 400_000),
}));

describe('scoring with explain: false', () => {
  it('trust: the same scores from one run of the lean session, reasons refused', async () => {
    const session = service.registry.production('trust').session;
    expect(session.lean?.outputs).toEqual(['probabilities']);
    const whole = vi.spyOn(session.ort, 'run');
    const lean = vi.spyOn(session.lean!.ort, 'run');
    try {
      const explained = await service.scoreTrust(trustRows);
      expect([whole.mock.calls.length, lean.mock.calls.length]).toEqual([1, 0]);
      const timings = emptyScorerTimings();
      const plain = await service.scoreTrust(trustRows, { explain: false, timings });
      expect([whole.mock.calls.length, lean.mock.calls.length]).toEqual([1, 1]);
      expect(plain.map((r) => r.trustScore)).toEqual(explained.map((r) => r.trustScore));
      expect(plain.map((r) => r.riskLevel)).toEqual(explained.map((r) => r.riskLevel));
      expect(explained[0]!.reasons.length).toBeGreaterThan(0);
      expect(() => plain[0]!.reasons).toThrow(/explain: false/);
      expect(timings.ortMs).toBeGreaterThan(0);
      expect(timings.featuresMs).toBeGreaterThan(0);
    } finally {
      whole.mockRestore();
      lean.mockRestore();
    }
  });

  it('success: the same scores and tiers, reasons refused', async () => {
    const explained = await service.scoreSuccess(successRows);
    const plain = await service.scoreSuccess(successRows, { explain: false });
    expect(plain.map((r) => r.successScore)).toEqual(explained.map((r) => r.successScore));
    expect(plain.map((r) => r.tier)).toEqual(explained.map((r) => r.tier));
    expect(() => plain[0]!.reasons).toThrow(/explain: false/);
  });
});
