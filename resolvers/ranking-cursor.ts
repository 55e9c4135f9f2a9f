import { createHash } from 'node:crypto';
import type { RankingCursor } from '../datasources/types';
import { MAX_CURSOR_LENGTH, type CursorKey } from './cursor-key';
import { badUserInput } from './errors';
import { MAX_CURSOR_ID_LENGTH } from './pagination';

/**
 * Ranking cursors: the (score, id) of an item plus the scope of the ranking that issued it (segment,
 * weights, gate), signed with the deployment's cursor key. A cursor is a position, not an offset, so
 * it stays valid while scores move; a cursor of another ranking, of another deployment or one edited
 * by hand is refused as BAD_USER_INPUT.
 */
const KIND = 'rk1';

/** A short stable name of what a ranking ranks and how. */
export function rankingScope(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 12);
}

export function encodeRankingCursor(
  key: CursorKey,
  position: RankingCursor,
  scope: string,
): string {
  const body = [KIND, position.score, position.kolId, scope];
  const tag = key.tag(JSON.stringify(body));
  return Buffer.from(JSON.stringify([...body, tag]), 'utf8').toString('base64url');
}

export function decodeRankingCursor(
  key: CursorKey,
  cursor: string,
  scope: string,
  argument: string,
): RankingCursor {
  const parsed = cursor.length <= MAX_CURSOR_LENGTH ? parse(cursor) : undefined;
  if (Array.isArray(parsed) && parsed.length === 5) {
    const [kind, score, kolId, issuedFor, tag] = parsed as unknown[];
    const intact =
      kind === KIND &&
      typeof score === 'number' &&
      Number.isFinite(score) &&
      typeof kolId === 'string' &&
      kolId.length <= MAX_CURSOR_ID_LENGTH &&
      typeof issuedFor === 'string' &&
      key.verifies(JSON.stringify([kind, score, kolId, issuedFor]), tag);
    if (intact && issuedFor !== scope) {
      throw badUserInput(
        `\`${argument}\` is a cursor of another ranking (different segment, weights or trust gate); start again without it.`,
        { argument },
      );
    }
    if (intact) return { score, kolId };
  }
  throw badUserInput(
    `\`${argument}\` is not a valid ranking cursor; pass a cursor returned by \`ranking\`, or omit it to start at the top.`,
    { argument },
  );
}

function parse(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
