/**
 * Rankings (`ranking`, `segments`): one page of a segment's fusion ranking, keyset-paged on
 * (score, id). The default weights without a gate are the order the stores keep per segment, so
 * that page is one index read, and so is the default weights' page with an EXCLUDE trust gate (the
 * index drops the KOLs under it); other weights or a DOWNWEIGHT gate order the segment differently
 * and rank it in full here. Knows nothing of GraphQL (cursors are encoded by the resolver).
 */
import {
  compareRanked,
  indexScore,
  keysetRange,
  keysetRequest,
} from '../datasources/shared/ranking-order';
import type {
  DataSources,
  FollowerBand,
  RankingCursor,
  RankingEntry,
  RankingPage,
  RankingPageQuery,
  SegmentFilter,
  SegmentValues,
} from '../datasources/types';
import {
  DEFAULT_FUSION_WEIGHTS,
  fuse,
  type FusionResult,
  type FusionWeights,
  type TrustGate,
} from '../domain/fusion';
import { normaliseLabel } from '../domain/kol-input';
import { RequestInputError } from './errors';

/** Segment values as a caller gives them (any case, spacing). */
export interface SegmentInput {
  category?: string | null;
  platform?: string | null;
  country?: string | null;
  language?: string | null;
  followerBand?: FollowerBand | null;
}

export interface RankingRequest {
  filter: SegmentFilter;
  weights: FusionWeights;
  gate?: TrustGate;
  /** One of `first` (with `after`) or `last` (with `before`). */
  first?: number;
  after?: RankingCursor;
  last?: number;
  before?: RankingCursor;
}

export interface RankedItem {
  /** The order key of the item: pass it back as `after`/`before`. */
  position: RankingCursor;
  entry: RankingEntry;
  fusion: FusionResult;
}

export interface RankingPageResult {
  items: RankedItem[];
  /** Items ranked above the first one of the page. */
  startIndex: number;
  totalCount: number;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** Why an empty ranking is empty when a segment value is unknown, with the known values. */
  notice: string | null;
}

export interface RankingService {
  page(request: RankingRequest, now: Date): Promise<RankingPageResult>;
  segments(): Promise<SegmentValues>;
}

const NOTICE_VALUES = 20;

/** The segment as stored: the same normalisation as the import path. Empty text is refused. */
export function normaliseSegment(input: SegmentInput | null | undefined): SegmentFilter {
  const filter: SegmentFilter = {};
  const text = (
    name: keyof SegmentFilter,
    value: string | null | undefined,
    form: (v: string) => string,
  ) => {
    if (value === undefined || value === null) return undefined;
    const normalised = form(value);
    if (normalised === '') throw new RequestInputError(`\`${name}\` must not be empty.`, name);
    return normalised;
  };
  const category = text('category', input?.category, normaliseLabel);
  const platform = text('platform', input?.platform, normaliseLabel);
  const country = text('country', input?.country, (v) => v.trim().toUpperCase());
  const language = text('language', input?.language, (v) => v.trim().toLowerCase());
  if (category !== undefined) filter.category = category;
  if (platform !== undefined) filter.platform = platform;
  if (country !== undefined) filter.country = country;
  if (language !== undefined) filter.language = language;
  if (input?.followerBand) filter.followerBand = input.followerBand;
  return filter;
}

/** Says which given segment values are unknown, listing the known ones. */
export function unknownSegmentNotice(filter: SegmentFilter, known: SegmentValues): string {
  const dimensions: [keyof SegmentFilter, string, keyof SegmentValues][] = [
    ['category', 'categories', 'categories'],
    ['platform', 'platforms', 'platforms'],
    ['country', 'countries', 'countries'],
    ['language', 'languages', 'languages'],
    ['followerBand', 'follower bands', 'followerBands'],
  ];
  const problems: string[] = [];
  for (const [name, plural, list] of dimensions) {
    const value = filter[name];
    if (value === undefined) continue;
    const values = known[list];
    if (values.some((v) => v.value === value)) continue;
    const listed = values
      .slice(0, NOTICE_VALUES)
      .map((v) => `${v.value} (${v.count})`)
      .join(', ');
    const more = values.length > NOTICE_VALUES ? `, and ${values.length - NOTICE_VALUES} more` : '';
    problems.push(
      `No KOL has ${name} "${value}". Known ${plural}: ${listed || 'none yet'}${more}.`,
    );
  }
  return problems.length > 0
    ? `${problems.join(' ')} The \`segments\` query lists every known value.`
    : 'No KOL matches this combination of segment values; the `segments` query lists the known values with their counts.';
}

function hasDefaultWeights(request: RankingRequest): boolean {
  return (Object.keys(DEFAULT_FUSION_WEIGHTS) as (keyof FusionWeights)[]).every(
    (k) => request.weights[k] === DEFAULT_FUSION_WEIGHTS[k],
  );
}

/**
 * The minTrust to hand to the store's page: with the default weights, an EXCLUDE gate keeps the
 * default order and only drops the KOLs under it, which the ranking index pages by itself.
 */
function excludeGate(request: RankingRequest): number | undefined {
  const { gate } = request;
  return gate?.mode === 'EXCLUDE' && hasDefaultWeights(request) ? gate.minTrust : undefined;
}

/** A store page that may say how many entries precede it and which gate it applied. */
type StorePage = RankingPage & { startIndex?: number; minTrust?: number };

export function createRankingService(deps: {
  data: DataSources;
  /** SCORE_MAX_AGE_SECONDS in ms: when a trust score is smoothed as stale. */
  trustMaxAgeMs: number;
}): RankingService {
  const { data, trustMaxAgeMs } = deps;

  /** Items ranked above the page: reported by the store, else counted from the segment. */
  async function startIndexOf(
    page: StorePage,
    query: RankingPageQuery,
    now: Date,
  ): Promise<number> {
    if (page.startIndex !== undefined) return page.startIndex;
    const first = page.entries[0];
    if (!first || !page.hasPreviousPage) return 0;
    if (query.last !== undefined && !query.before) return page.totalCount - page.entries.length;
    const top = { score: first.score, kolId: first.entry.kolId };
    return (await data.rankings.entries(query.filter)).filter(
      (entry) =>
        compareRanked({ score: indexScore(entry, now, trustMaxAgeMs), kolId: entry.kolId }, top) <
        0,
    ).length;
  }

  async function rankedPage(request: RankingRequest, now: Date) {
    const { weights, gate } = request;
    const options = { now, trustMaxAgeMs, gate };
    const query: RankingPageQuery = { filter: request.filter };
    if (request.last !== undefined) query.last = request.last;
    else query.first = request.first ?? 0;
    if (request.after) query.after = request.after;
    if (request.before) query.before = request.before;

    const minTrust = excludeGate(request);
    if ((gate === undefined && hasDefaultWeights(request)) || minTrust !== undefined) {
      // A store that does not know `minTrust` pages ungated: it does not echo it (nor the rank
      // among the KOLs passing it), and the segment is then ranked here below.
      const gatedQuery: RankingPageQuery & { minTrust?: number } =
        minTrust === undefined ? query : { ...query, minTrust };
      const stored: StorePage = await data.rankings.page(gatedQuery);
      const applied =
        minTrust === undefined ||
        (stored.minTrust === minTrust &&
          (stored.startIndex !== undefined || stored.entries.length === 0));
      if (applied) {
        const items = stored.entries.map(({ entry, score }) => ({
          position: { score, kolId: entry.kolId },
          entry,
          fusion: fuse(entry, weights, options),
        }));
        return {
          // The index applies the gate as of its last re-scoring (at most a moment late when a
          // trust score just turned stale): a KOL gated by now is dropped from the page.
          items: minTrust === undefined ? items : items.filter((item) => !item.fusion.gated),
          startIndex: await startIndexOf(stored, query, now),
          totalCount: stored.totalCount,
          hasNextPage: stored.hasNextPage,
          hasPreviousPage: stored.hasPreviousPage,
        };
      }
    }
    const ranked = (await data.rankings.entries(request.filter))
      .map((entry) => {
        const fusion = fuse(entry, weights, options);
        return { position: { score: fusion.score, kolId: entry.kolId }, entry, fusion };
      })
      .filter((r) => !(r.fusion.gated && gate?.mode === 'EXCLUDE'))
      .sort((a, b) => compareRanked(a.position, b.position));
    const range = keysetRange(
      ranked.length,
      (i) => ranked[i]?.position ?? { score: -Infinity, kolId: '' },
      keysetRequest(query),
    );
    return {
      items: ranked.slice(range.start, range.end),
      startIndex: range.start,
      totalCount: ranked.length,
      hasNextPage: range.end < ranked.length,
      hasPreviousPage: range.start > 0,
    };
  }

  return {
    async page(request, now) {
      const page = await rankedPage(request, now);
      const notice =
        page.totalCount === 0 && Object.keys(request.filter).length > 0
          ? unknownSegmentNotice(request.filter, await data.rankings.segments())
          : null;
      return { ...page, notice };
    },
    segments: () => data.rankings.segments(),
  };
}
