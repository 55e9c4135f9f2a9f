/** Bad input is refused with a typed error naming the field, the row and what to change. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InputValidationError,
  createInferenceService,
  validateAnomalyInput,
  validateSuccessInput,
  validateTrustInput,
  type InferenceService,
  type TrustInput,
} from '../../inference';
import { LEGIT, MODELS_DIR } from './helpers';

let service: InferenceService;

beforeAll(async () => {
  service = await createInferenceService({ modelsDir: MODELS_DIR });
});
afterAll(async () => {
  await service.close();
});

function caught(fn: () => void): InputValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputValidationError);
    return error as InputValidationError;
  }
  throw new Error('expected an InputValidationError');
}

const base: TrustInput = { followersCount: 10, followingCount: 10, postCount: 1 };

describe('trust input', () => {
  it.each([
    ['followersCount', Number.NaN, /followersCount must be a non-negative whole number, got NaN/],
    ['followersCount', Number.POSITIVE_INFINITY, /got Infinity: send a finite number/],
    ['followingCount', -3, /followingCount must not be negative \(got -3\): send 0 or more/],
    [
      'postCount',
      2.5,
      /postCount counts items, so it must be a whole number \(got 2.5\): round it/,
    ],
    ['favoritesCount', -1, /favoritesCount must not be negative/],
    ['accountAgeDays', Number.NaN, /accountAgeDays must be a non-negative number/],
    ['bioLength', 3.2, /bioLength counts items/],
  ] as const)('%s = %s', (field, value, message) => {
    const error = caught(() => validateTrustInput({ ...base, [field]: value }));
    expect(error.field).toBe(field);
    expect(error.row).toBeUndefined();
    expect(error.message).toMatch(message);
  });

  it('rejects a non-number where a count is expected', () => {
    const input = { ...base, followersCount: '100' } as unknown as TrustInput;
    expect(caught(() => validateTrustInput(input)).message).toContain('got "100"');
  });

  it('rejects more username digits than characters', () => {
    const error = caught(() => validateTrustInput({ ...base, usernameDigitCount: 12 }));
    expect(error.field).toBe('usernameDigitCount');
    expect(error.message).toContain('cannot exceed usernameLength (11, the default)');
  });

  it('accepts null for every optional field and fractional account ages', () => {
    expect(() =>
      validateTrustInput({
        ...base,
        favoritesCount: null,
        accountAgeDays: 10.5,
        verified: null,
        hasBio: null,
        bioLength: null,
        usernameLength: null,
      }),
    ).not.toThrow();
  });

  it('a batch names the first bad row and runs no model', async () => {
    const session = service.registry.production('trust').session;
    const runs = session.runCount;
    const rows: TrustInput[] = [
      LEGIT,
      LEGIT,
      { ...LEGIT, followersCount: -1 },
      { ...LEGIT, postCount: Number.NaN },
    ];
    const error = await service.scoreTrust(rows).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error).toMatchObject({ field: 'followersCount', row: 2 });
    expect((error as Error).message).toMatch(/^row 2: followersCount must not be negative/);
    expect(session.runCount).toBe(runs);
  });
});

describe('success input', () => {
  const ok = { videoViews: 100, videoLikes: 5, videoComments: 1, videoShares: 0, price: 1000 };

  it('validates counts, rates and price', () => {
    expect(caught(() => validateSuccessInput({ ...ok, videoViews: -1 })).field).toBe('videoViews');
    expect(caught(() => validateSuccessInput({ ...ok, videoLikes: 0.5 })).field).toBe('videoLikes');
    expect(caught(() => validateSuccessInput({ ...ok, price: Number.NaN })).field).toBe('price');
    expect(caught(() => validateSuccessInput({ ...ok, price: -5 })).message).toContain(
      'send 0 or more',
    );
    const ctr = caught(() => validateSuccessInput({ ...ok, estCtr: 2 }));
    expect(ctr.field).toBe('estCtr');
    expect(ctr.message).toContain('send a fraction, e.g. 0.02 for 2%');
    expect(() =>
      validateSuccessInput({ ...ok, estClicks: 12.5, engagementRate: null }),
    ).not.toThrow();
  });

  it('scoreSuccess reports the row', async () => {
    await expect(
      service.scoreSuccess([ok, { ...ok, engagementRate: Number.POSITIVE_INFINITY }]),
    ).rejects.toMatchObject({
      field: 'engagementRate',
      row: 1,
    });
  });
});

describe('anomaly input', () => {
  const ok = { followersCount: 1000, followingCount: 100, postCount: 10 };

  it('allows a negative follower delta but not a fractional one', () => {
    expect(() => validateAnomalyInput({ ...ok, followerDelta24h: -50 })).not.toThrow();
    expect(caught(() => validateAnomalyInput({ ...ok, followerDelta24h: 1.5 })).field).toBe(
      'followerDelta24h',
    );
    expect(caught(() => validateAnomalyInput({ ...ok, engagementRate: -0.1 })).field).toBe(
      'engagementRate',
    );
  });
});
