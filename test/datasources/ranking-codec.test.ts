import { describe, expect, it } from 'vitest';
import { DecodeMemo, decodeScore, encodeScore } from '../../datasources/redis/codec';
import type { ScoreRecord } from '../../domain/types';

describe('decoded Redis records', () => {
  it('parses a text once and answers the same value for the same bytes', () => {
    const memo = new DecodeMemo<{ n: number }>(10);
    let parsed = 0;
    const parse = (raw: string) => {
      parsed++;
      return JSON.parse(raw) as { n: number };
    };
    const first = memo.decode('{"n":1}', parse);
    expect(memo.decode('{"n":1}', parse)).toBe(first);
    expect(memo.decode('{"n":2}', parse)).toEqual({ n: 2 });
    expect(parsed).toBe(2);
  });

  it('looked up by key, answers the held value only while the text is the same', () => {
    const memo = new DecodeMemo<{ n: number }>(10);
    let parsed = 0;
    const parse = (raw: string) => {
      parsed++;
      return JSON.parse(raw) as { n: number };
    };
    const first = memo.decode('{"n":1}', parse, 'k1');
    expect(memo.decode('{"n":1}', parse, 'k1')).toBe(first);
    expect(memo.decode('{"n":3}', parse, 'k1')).toEqual({ n: 3 });
    expect(memo.decode('{"n":1}', parse, 'k2')).toEqual({ n: 1 });
    expect(parsed).toBe(3);
  });

  it('keeps no failed decode and at most two generations of texts', () => {
    const memo = new DecodeMemo<number>(2);
    let parsed = 0;
    const parse = (raw: string) => {
      parsed++;
      return raw === 'bad' ? undefined : Number(raw);
    };
    expect(memo.decode('bad', parse)).toBeUndefined();
    expect(memo.decode('bad', parse)).toBeUndefined();
    expect(parsed).toBe(2);
    for (const text of ['1', '2', '3', '4', '5']) memo.decode(text, parse);
    parsed = 0;
    expect(memo.decode('5', parse)).toBe(5);
    expect(memo.decode('4', parse)).toBe(4);
    expect(parsed).toBe(0);
    expect(memo.decode('1', parse)).toBe(1);
    expect(parsed).toBe(1);
  });

  it('revives a cached score once per stored text', () => {
    const record: ScoreRecord = {
      kolId: 'k-1',
      model: 'trust',
      score: 71.5,
      modelVersion: '1.0.0',
      scoredAt: new Date('2026-12-01T10:00:00.000Z'),
      reasons: [{ code: 'AUDIENCE_SIZE', message: 'Audience of 1,000 followers', impact: 0.2 }],
    };
    const text = encodeScore(record);
    const decoded = decodeScore(text);
    expect(decoded).toEqual(record);
    expect(decodeScore(text)).toBe(decoded);
    expect(decodeScore(encodeScore({ ...record, score: 12 }))?.score).toBe(12);
    expect(decodeScore('{"kolId":"k-1"}')).toBeUndefined();
  });
});
