import { describe, expect, it } from 'vitest';
import {
  KOL_INPUT_FIELDS,
  coerceKolInputText,
  normaliseLabel,
  validateKolInputs,
} from '../../domain/kol-input';

const NOW = new Date('2026-06-01T12:00:00Z');

function row(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'k1',
    platform: 'tiktok',
    handle: 'alice',
    displayName: 'Alice',
    category: 'beauty',
    followers: 1000,
    following: 10,
    posts: 20,
    verified: false,
    ...overrides,
  };
}

describe('validateKolInputs', () => {
  it('accepts a minimal row, defaults updatedAt to now and records the unreported fields', () => {
    const { valid, errors, validIndexes } = validateKolInputs([row()], NOW);
    expect(errors).toEqual([]);
    expect(validIndexes).toEqual([0]);
    expect(valid[0]).toMatchObject({ id: 'k1', followers: 1000, updatedAt: NOW, favorites: 0 });
    expect(valid[0]?.unreported).toEqual([
      'favoritesCount',
      'accountCreatedAt',
      'bioLength',
      'hasUrl',
      'hasProfileImage',
      'isPrivate',
    ]);
  });

  it('keeps every optional field and normalises labels and codes', () => {
    const { valid, errors } = validateKolInputs(
      [
        row({
          platform: '  Tik   Tok ',
          category: 'Beauty\tand Care',
          handle: '@alice',
          favoritesCount: 5,
          accountCreatedAt: '2020-01-02T00:00:00Z',
          hasBio: true,
          bioLength: 12,
          hasUrl: true,
          hasProfileImage: false,
          isPrivate: true,
          pricePerPost: 250.5,
          currency: 'usd',
          country: 'us',
          language: 'pt-BR',
          updatedAt: '2026-05-31T10:00:00+02:00',
        }),
      ],
      NOW,
    );
    expect(errors).toEqual([]);
    expect(valid[0]).toEqual({
      id: 'k1',
      platform: 'tik tok',
      handle: 'alice',
      displayName: 'Alice',
      category: 'beauty and care',
      followers: 1000,
      following: 10,
      posts: 20,
      verified: false,
      favorites: 5,
      accountCreatedAt: new Date('2020-01-02T00:00:00Z'),
      hasBio: true,
      bioLength: 12,
      hasUrl: true,
      hasProfileImage: false,
      isPrivate: true,
      pricePerPost: 250.5,
      currency: 'USD',
      country: 'US',
      language: 'pt-br',
      updatedAt: new Date('2026-05-31T08:00:00Z'),
    });
  });

  it('rejects each bad-input class with the row index and field, and keeps the good rows', () => {
    const rows: unknown[] = [
      row({ id: 'good-0' }),
      row({ followers: Number.NaN }),
      row({ following: -1 }),
      row({ posts: '12' }),
      row({ displayName: undefined }),
      'not an object',
      row({ verified: 'yes' }),
      row({ followers: 1.5 }),
      row({ accountCreatedAt: '2020-01-02T00:00:00' }),
      row({ updatedAt: '2027-01-01T00:00:00Z' }),
      row({ pricePerPost: 10 }),
      row({ colour: 'red' }),
      row({ id: '   ' }),
      row({ id: 'good-13', handle: null, category: null }),
      row({ id: 'good-14' }),
    ];
    const { valid, validIndexes, errors } = validateKolInputs(rows, NOW);
    expect(valid.map((p) => p.id)).toEqual(['good-0', 'good-14']);
    expect(validIndexes).toEqual([0, 14]);
    expect(errors.map((e) => [e.index, e.field])).toEqual([
      [1, 'followers'],
      [2, 'following'],
      [3, 'posts'],
      [4, 'displayName'],
      [5, null],
      [6, 'verified'],
      [7, 'followers'],
      [8, 'accountCreatedAt'],
      [9, 'updatedAt'],
      [10, 'currency'],
      [11, 'colour'],
      [12, 'id'],
      [13, 'handle'],
      [13, 'category'],
    ]);
    const message = (i: number): string => errors.find((e) => e.index === i)?.message ?? '';
    expect(message(1)).toBe('followers must be a whole number of 0 or more, got NaN');
    expect(message(2)).toBe('following must not be negative (got -1)');
    expect(message(3)).toBe('posts must be a whole number of 0 or more, got the string "12"');
    expect(message(4)).toBe('displayName is required');
    expect(message(8)).toContain('add Z or an offset');
    expect(message(9)).toContain('in the future');
  });

  it('rejects a biography length that contradicts hasBio', () => {
    const { errors } = validateKolInputs(
      [row({ hasBio: true, bioLength: 0 }), row({ hasBio: false, bioLength: 3 })],
      NOW,
    );
    expect(errors.map((e) => [e.index, e.field])).toEqual([
      [0, 'bioLength'],
      [1, 'bioLength'],
    ]);
  });

  it('lists every field once with its type, required ones first', () => {
    const names = KOL_INPUT_FIELDS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(KOL_INPUT_FIELDS.filter((f) => f.required).map((f) => f.name)).toEqual([
      'id',
      'platform',
      'handle',
      'displayName',
      'category',
      'followers',
      'following',
      'posts',
      'verified',
    ]);
  });
});

describe('normaliseLabel', () => {
  it('trims, collapses whitespace and lower-cases', () => {
    expect(normaliseLabel('  Food &  Drink\n')).toBe('food & drink');
  });

  it('composes accents, so the two spellings of one label match', () => {
    expect(normaliseLabel('Cafe\u0301 Culture')).toBe(normaliseLabel('Caf\u00e9 culture'));
    expect(normaliseLabel('Cafe\u0301')).toBe('caf\u00e9');
  });
});

describe('coerceKolInputText', () => {
  it('parses cells by field type and leaves unparsable cells for validation to report', () => {
    const record = coerceKolInputText({
      id: 'k9',
      followers: '1200',
      pricePerPost: '9.5',
      verified: 'TRUE',
      isPrivate: '0',
      posts: '12k',
      country: '',
    });
    expect(record).toEqual({
      id: 'k9',
      followers: 1200,
      pricePerPost: 9.5,
      verified: true,
      isPrivate: false,
      posts: '12k',
    });
    const { errors } = validateKolInputs([record], NOW);
    expect(errors.find((e) => e.field === 'posts')?.message).toBe(
      'posts must be a whole number of 0 or more, got the string "12k"',
    );
  });
});
