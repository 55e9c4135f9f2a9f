import { MAX_CURSOR_LENGTH, type CursorKey } from './cursor-key';
import { badUserInput } from './errors';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** Validates a `first` argument: 1..max, default when omitted. */
export function pageSize(
  first: number | null | undefined,
  argument = 'first',
  max = MAX_PAGE_SIZE,
  fallback = DEFAULT_PAGE_SIZE,
): number {
  if (first === null || first === undefined) return fallback;
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw badUserInput(`\`${argument}\` must be an integer from 1 to ${max} (got ${first}).`, {
      argument,
    });
  }
  return first;
}

function encode(kind: string, payload: unknown): string {
  return Buffer.from(JSON.stringify({ k: kind, v: payload }), 'utf8').toString('base64url');
}

function decode(kind: string, cursor: string, argument: string): unknown {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && (parsed as { k?: unknown }).k === kind) {
      return (parsed as { v?: unknown }).v;
    }
  } catch {
    // fall through to the error below
  }
  throw badUserInput(
    `\`${argument}\` is not a valid ${kind} cursor; pass a cursor returned by this field, or omit it to start at the beginning.`,
    { argument },
  );
}

export function encodeOffsetCursor(kind: string, offset: number): string {
  return encode(kind, offset);
}

export function decodeOffsetCursor(kind: string, cursor: string, argument = 'after'): number {
  const value = decode(kind, cursor, argument);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw badUserInput(`\`${argument}\` is not a valid ${kind} cursor.`, { argument });
  }
  return value;
}

/** Longest alert or KOL id a cursor may carry (ids are short; anything longer is forged). */
export const MAX_CURSOR_ID_LENGTH = 256;
/** Clock skew tolerated for a cursor's timestamp. */
const CURSOR_FUTURE_MS = 24 * 60 * 60_000;

/** An alert cursor is a position (createdAt, id), signed like a ranking cursor so none is made up. */
export function encodeAlertCursor(key: CursorKey, createdAt: Date, id: string): string {
  const position = [createdAt.getTime(), id];
  return encode('alert', [...position, key.tag(JSON.stringify(['alert', ...position]))]);
}

export function decodeAlertCursor(
  key: CursorKey,
  cursor: string,
  argument = 'after',
  now: Date = new Date(),
): { createdAt: Date; id: string } {
  const value = cursor.length <= MAX_CURSOR_LENGTH ? decode('alert', cursor, argument) : undefined;
  if (
    Array.isArray(value) &&
    value.length === 3 &&
    typeof value[0] === 'number' &&
    Number.isInteger(value[0]) &&
    value[0] >= 0 &&
    value[0] <= now.getTime() + CURSOR_FUTURE_MS &&
    typeof value[1] === 'string' &&
    value[1].length <= MAX_CURSOR_ID_LENGTH &&
    key.verifies(JSON.stringify(['alert', value[0], value[1]]), value[2])
  ) {
    return { createdAt: new Date(value[0]), id: value[1] };
  }
  throw badUserInput(`\`${argument}\` is not a valid alert cursor.`, { argument });
}
