import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { CursorKey, MAX_CURSOR_LENGTH } from '../../resolvers/cursor-key';
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
  const key = new CursorKey('k'.repeat(32));

  it('round-trips cursors and refuses one of another kind', () => {
    expect(decodeOffsetCursor('ranking', encodeOffsetCursor('ranking', 41))).toBe(41);
    const at = new Date('2026-11-23T10:00:00.123Z');
    expect(decodeAlertCursor(key, encodeAlertCursor(key, at, 'a-1'))).toEqual({
      createdAt: at,
      id: 'a-1',
    });
    expect(() => decodeAlertCursor(key, encodeOffsetCursor('ranking', 1))).toThrow(
      /not a valid alert cursor/,
    );
    expect(() => decodeOffsetCursor('ranking', '%%%')).toThrow(/not a valid ranking cursor/);
  });

  it('refuses alert cursors with out-of-range timestamps or oversized ids, even signed', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    const signed = ([at, id]: [number, string]) =>
      Buffer.from(
        JSON.stringify({ k: 'alert', v: [at, id, key.tag(JSON.stringify(['alert', at, id]))] }),
        'utf8',
      ).toString('base64url');
    for (const value of [
      [-1, 'a'],
      [now.getTime() + 2 * 86_400_000, 'a'],
      [1.5, 'a'],
      [0, 'x'.repeat(MAX_CURSOR_ID_LENGTH + 1)],
    ] as [number, string][]) {
      expect(() => decodeAlertCursor(key, signed(value), 'after', now)).toThrow(
        /not a valid alert cursor/,
      );
    }
    expect(
      decodeAlertCursor(key, signed([0, 'a'.repeat(MAX_CURSOR_ID_LENGTH)]), 'after', now).id,
    ).toHaveLength(MAX_CURSOR_ID_LENGTH);
  });

  it('refuses alert cursors made up by a client, edited, or signed by another deployment', () => {
    const at = new Date('2026-11-23T10:00:00.123Z');
    const cursor = encodeAlertCursor(key, at, 'a-1');
    const unsigned = Buffer.from(
      JSON.stringify({ k: 'alert', v: [at.getTime(), 'a-1'] }),
      'utf8',
    ).toString('base64url');
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      v: unknown[];
    };
    parts.v[0] = at.getTime() - 1;
    const edited = Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
    const foreign = encodeAlertCursor(new CursorKey('o'.repeat(32)), at, 'a-1');
    for (const bad of [unsigned, edited, foreign, 'A'.repeat(MAX_CURSOR_LENGTH + 1)]) {
      expect(() => decodeAlertCursor(key, bad, 'after', at)).toThrow(/not a valid alert cursor/);
    }
  });

  it('round-trips ranking cursors only within the ranking that issued them', () => {
    const cursor = encodeRankingCursor(key, { score: 0.8123456789, kolId: 'k-1' }, 'scope-a');
    expect(decodeRankingCursor(key, cursor, 'scope-a', 'after')).toEqual({
      score: 0.8123456789,
      kolId: 'k-1',
    });
    expect(() => decodeRankingCursor(key, cursor, 'scope-b', 'after')).toThrow(/another ranking/);
    expect(() => decodeRankingCursor(key, `${cursor}x`, 'scope-a', 'after')).toThrow(
      /not a valid ranking cursor/,
    );
    expect(rankingScope({ a: 1 })).toBe(rankingScope({ a: 1 }));
    expect(rankingScope({ a: 1 })).not.toBe(rankingScope({ a: 2 }));
  });

  it('refuses ranking cursors forged with the old unkeyed checksum, of another key, or over-long', () => {
    const scope = 'scope-a';
    const expectRefused = (cursor: string) => {
      try {
        decodeRankingCursor(key, cursor, scope, 'after');
        expect.unreachable();
      } catch (error) {
        expect((error as { extensions: { code: string } }).extensions.code).toBe('BAD_USER_INPUT');
        expect((error as Error).message).toMatch(/not a valid ranking cursor/);
      }
    };
    // What anyone could compute from the public code before cursors were keyed.
    const body = ['rk1', 0.99, 'k-1', scope];
    const check = createHash('sha256')
      .update(JSON.stringify(body))
      .digest('base64url')
      .slice(0, 10);
    expectRefused(Buffer.from(JSON.stringify([...body, check]), 'utf8').toString('base64url'));
    expectRefused(
      encodeRankingCursor(new CursorKey('o'.repeat(32)), { score: 1, kolId: 'k-1' }, scope),
    );
    expectRefused(encodeRankingCursor(key, { score: 1, kolId: 'k'.repeat(5_000) }, scope));
    // Signed, but with an id longer than any the gateway issues.
    expectRefused(
      encodeRankingCursor(key, { score: 1, kolId: 'k'.repeat(MAX_CURSOR_ID_LENGTH + 1) }, scope),
    );
    // Refused on its length alone, before it is decoded.
    const parse = vi.spyOn(JSON, 'parse');
    expectRefused('A'.repeat(MAX_CURSOR_LENGTH + 1));
    expect(parse).not.toHaveBeenCalled();
    parse.mockRestore();
    // The longest id a cursor carries, in 3-byte characters, stays under the length bound.
    const longest = encodeRankingCursor(
      key,
      { score: -Math.PI * 1e-300, kolId: '€'.repeat(MAX_CURSOR_ID_LENGTH) },
      scope,
    );
    expect(longest.length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
    expect(decodeRankingCursor(key, longest, scope, 'after').kolId).toHaveLength(
      MAX_CURSOR_ID_LENGTH,
    );
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
