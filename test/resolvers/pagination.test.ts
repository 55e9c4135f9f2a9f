import { describe, expect, it } from 'vitest';
import {
  decodeAlertCursor,
  decodeOffsetCursor,
  encodeAlertCursor,
  encodeOffsetCursor,
  MAX_CURSOR_ID_LENGTH,
  pageSize,
} from '../../resolvers/pagination';
import {
  decodeRankingCursor,
  encodeRankingCursor,
  rankingScope,
} from '../../resolvers/ranking-cursor';

describe('pagination', () => {
  it('round-trips cursors and refuses one of another kind', () => {
    expect(decodeOffsetCursor('ranking', encodeOffsetCursor('ranking', 41))).toBe(41);
    const at = new Date('2026-11-23T10:00:00.123Z');
    expect(decodeAlertCursor(encodeAlertCursor(at, 'a-1'))).toEqual({ createdAt: at, id: 'a-1' });
    expect(() => decodeAlertCursor(encodeOffsetCursor('ranking', 1))).toThrow(
      /not a valid alert cursor/,
    );
    expect(() => decodeOffsetCursor('ranking', '%%%')).toThrow(/not a valid ranking cursor/);
  });

  it('refuses alert cursors with out-of-range timestamps or oversized ids', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    const forged = (value: unknown) =>
      Buffer.from(JSON.stringify({ k: 'alert', v: value }), 'utf8').toString('base64url');
    for (const value of [
      [-1, 'a'],
      [now.getTime() + 2 * 86_400_000, 'a'],
      [1.5, 'a'],
      [0, 'x'.repeat(MAX_CURSOR_ID_LENGTH + 1)],
    ]) {
      expect(() => decodeAlertCursor(forged(value), 'after', now)).toThrow(
        /not a valid alert cursor/,
      );
    }
    expect(
      decodeAlertCursor(forged([0, 'a'.repeat(MAX_CURSOR_ID_LENGTH)]), 'after', now).id,
    ).toHaveLength(MAX_CURSOR_ID_LENGTH);
  });

  it('round-trips ranking cursors only within the ranking that issued them', () => {
    const cursor = encodeRankingCursor({ score: 0.8123456789, kolId: 'k-1' }, 'scope-a');
    expect(decodeRankingCursor(cursor, 'scope-a', 'after')).toEqual({
      score: 0.8123456789,
      kolId: 'k-1',
    });
    expect(() => decodeRankingCursor(cursor, 'scope-b', 'after')).toThrow(/another ranking/);
    expect(() => decodeRankingCursor(`${cursor}x`, 'scope-a', 'after')).toThrow(
      /not a valid ranking cursor/,
    );
    expect(rankingScope({ a: 1 })).toBe(rankingScope({ a: 1 }));
    expect(rankingScope({ a: 1 })).not.toBe(rankingScope({ a: 2 }));
  });

  it('validates page sizes with BAD_USER_INPUT', () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(100)).toBe(100);
    for (const bad of [0, -1, 101, 1.5]) {
      try {
        pageSize(bad);
        expect.unreachable();
      } catch (error) {
        expect((error as { extensions: { code: string } }).extensions.code).toBe('BAD_USER_INPUT');
      }
    }
  });
});
