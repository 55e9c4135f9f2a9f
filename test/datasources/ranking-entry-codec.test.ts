import { describe, expect, it } from 'vitest';
import {
  decodeIndexedEntry,
  encodeIndexedEntry,
} from '../../datasources/redis/ranking-entry-codec';
import { nothingKnown, type IndexedEntry } from '../../datasources/shared/ranking-entries';

const full: IndexedEntry = {
  entry: {
    kolId: 'kol-1',
    category: 'beauty',
    platform: 'tiktok',
    trustHistory: [
      { score: 81.5, scoredAt: new Date('2026-12-02T10:00:00.123Z') },
      { score: 79, scoredAt: new Date('2026-12-01T10:00:00.000Z') },
    ],
    success: 64.2,
    revenueForecast: 1_250.75,
    sentimentPositiveRatio: 0.71,
    anomaly: 0.12,
  },
  attributes: {
    category: 'beauty',
    platform: 'tiktok',
    country: 'VN',
    language: 'vi',
    followerBand: 'MID',
  },
  times: { success: 1_764_000_000_000, anomaly: 1_764_000_360_000, sentiment: 1_764_000_720_000 },
};

describe('ranking index entry stored form', () => {
  it('decodes what it encodes, every field and the order score', () => {
    const raw = encodeIndexedEntry(full, 0.734);
    expect(decodeIndexedEntry(raw)).toEqual({ indexed: full, score: 0.734 });
  });

  it('keeps absent parts absent: no scores, no country or language, no times, unprofiled', () => {
    // Nothing known of the KOL, and no part times either.
    const { times: _times, ...bare } = nothingKnown('kol-2');
    const decoded = decodeIndexedEntry(encodeIndexedEntry(bare, 0));
    expect(decoded).toEqual({ indexed: bare, score: 0 });
    expect(decoded?.indexed).not.toHaveProperty('times');
    expect(decoded?.indexed.attributes).not.toHaveProperty('country');
  });

  it('keeps a part time that is unknown out of the times', () => {
    const some: IndexedEntry = { ...full, times: { anomaly: 5 } };
    expect(decodeIndexedEntry(encodeIndexedEntry(some, 1))?.indexed.times).toEqual({ anomaly: 5 });
  });

  it('treats another format, a damaged text or a wrong field as absent', () => {
    const keyed = JSON.stringify({ ...full.entry, seg: full.attributes, s: 0.5 });
    expect(decodeIndexedEntry(keyed)).toBeUndefined();
    expect(decodeIndexedEntry('[1,2')).toBeUndefined();
    const fields = JSON.parse(encodeIndexedEntry(full, 0.5)) as unknown[];
    const withBand = [...fields];
    withBand[8] = 'huge';
    expect(decodeIndexedEntry(JSON.stringify(withBand))).toBeUndefined();
    const withTrust = [...fields];
    withTrust[3] = [80];
    expect(decodeIndexedEntry(JSON.stringify(withTrust))).toBeUndefined();
  });

  it('is under half the bytes of the keyed object it replaced', () => {
    const keyed = JSON.stringify({ ...full.entry, seg: full.attributes, s: 0.734, t: full.times });
    const positional = encodeIndexedEntry(full, 0.734);
    expect(positional.length).toBeLessThan(keyed.length * 0.5);
  });
});
