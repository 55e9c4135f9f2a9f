import { describe, expect, it } from 'vitest';
import {
  decodeAlertCursor,
  decodeOffsetCursor,
  encodeAlertCursor,
  encodeOffsetCursor,
  pageSize,
} from '../../resolvers/pagination';

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
