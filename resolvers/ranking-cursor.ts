import { createHash } from 'node:crypto';
import type { RankingCursor } from '../datasources/types';
import { badUserInput } from './errors';

/**
 * Ranking cursors: the (score, id) of an item plus the scope of the ranking that issued it (segment,
 * weights, gate), with a checksum. A cursor is a position, not an offset, so it stays valid while
 * scores move; a cursor of another ranking or one edited by hand is refused as BAD_USER_INPUT.
 */
const KIND = 'rk1';

function digest(text: string, length: number): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, length);
}

/** A short stable name of what a ranking ranks and how. */
export function rankingScope(parts: unknown): string {
  return digest(JSON.stringify(parts), 12);
}

export function encodeRankingCursor(position: RankingCursor, scope: string): string {
  const body = [KIND, position.score, position.kolId, scope];
  const check = digest(JSON.stringify(body), 10);
  return Buffer.from(JSON.stringify([...body, check]), 'utf8').toString('base64url');
}

export function decodeRankingCursor(
  cursor: string,
  scope: string,
  argument: string,
): RankingCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.length === 5) {
    const [kind, score, kolId, issuedFor, check] = parsed as unknown[];
    const intact =
      kind === KIND &&
      typeof score === 'number' &&
      Number.isFinite(score) &&
      typeof kolId === 'string' &&
      typeof issuedFor === 'string' &&
      check === digest(JSON.stringify([kind, score, kolId, issuedFor]), 10);
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
