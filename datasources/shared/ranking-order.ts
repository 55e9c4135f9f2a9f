import { DEFAULT_FUSION_WEIGHTS, fuse, resolveTrust } from '../../domain/fusion';
import type { RankingCursor, RankingEntry, RankingPageQuery } from '../types';

/** Ranking order: score descending, ties by kolId ascending (a total order: ids are unique). */
export function compareRanked(a: RankingCursor, b: RankingCursor): number {
  if (a.score !== b.score) return b.score > a.score ? 1 : -1;
  return a.kolId < b.kolId ? -1 : a.kolId > b.kolId ? 1 : 0;
}

/**
 * The score an index orders by: the fusion score with the default weights and no trust gate, as
 * of `now`. It changes without any write only once, when the latest trust score turns stale
 * (`staleAt`); the index re-scores an entry at that time.
 */
export function indexScore(entry: RankingEntry, now: Date, trustMaxAgeMs: number): number {
  return fuse(entry, DEFAULT_FUSION_WEIGHTS, { now, trustMaxAgeMs }).score;
}

/**
 * The trust value a trust gate compares with `minTrust` as of `now` (the latest score, or its EMA
 * once stale; 0 when never scored), as `fuse` does. Like the index score it changes by time alone
 * only at `staleAt`.
 */
export function gateTrust(entry: RankingEntry, now: Date, trustMaxAgeMs: number): number {
  return resolveTrust(entry.trustHistory, now, trustMaxAgeMs).value ?? 0;
}

/** When the entry's index score will change by time alone (null: never again). */
export function staleAt(entry: RankingEntry, now: Date, trustMaxAgeMs: number): number | null {
  const latest = entry.trustHistory[0];
  if (!latest) return null;
  const at = latest.scoredAt.getTime() + trustMaxAgeMs;
  return at >= now.getTime() ? at + 1 : null;
}

/** A page request reduced to one direction. */
export interface KeysetRequest {
  direction: 'forward' | 'backward';
  limit: number;
  cursor: RankingCursor | undefined;
}

export function keysetRequest(query: RankingPageQuery): KeysetRequest {
  if (query.last !== undefined && query.first === undefined) {
    return { direction: 'backward', limit: whole(query.last), cursor: query.before };
  }
  return { direction: 'forward', limit: whole(query.first ?? 0), cursor: query.after };
}

function whole(n: number): number {
  return Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0;
}

/**
 * Keyset paging over a sequence sorted by `compareRanked` with rank access (a sorted array, or a
 * Redis sorted set inside a script): the half-open index range of the page.
 */
export function keysetRange(
  size: number,
  at: (index: number) => RankingCursor,
  request: KeysetRequest,
): { start: number; end: number } {
  const { cursor, limit } = request;
  if (request.direction === 'forward') {
    const start = cursor ? firstIndex(size, (i) => compareRanked(at(i), cursor) > 0) : 0;
    return { start, end: Math.min(size, start + limit) };
  }
  const end = cursor ? firstIndex(size, (i) => compareRanked(at(i), cursor) >= 0) : size;
  return { start: Math.max(0, end - limit), end };
}

/** First index in [0, size) where the monotone predicate holds (size when none). */
function firstIndex(size: number, holds: (index: number) => boolean): number {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (holds(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
