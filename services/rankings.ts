/**
 * Rankings (`ranking`, `segments`): one page of a segment's fusion ranking, keyset-paged on
 * (score, id). The default weights without a gate are the order the stores keep per segment, so
 * that page is one index read, and so is the default weights' page with an EXCLUDE trust gate (the
 * index drops the KOLs under it); other weights or a DOWNWEIGHT gate order the segment differently
 * and rank it in full here, which costs CPU per member of the segment: such a ranking is admitted
 * only when its segment fits the request's budget (`WholeSegmentBudget`). Knows nothing of GraphQL
 * (cursors are encoded by the resolver).
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  compareRanked,
  indexScore,
  keysetRequest,
  type KeysetRequest,
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
  /**
   * What ranking the whole segment here may spend; shared by the rankings of one operation (each
   * spends from it). Without it, any segment is ranked.
   */
  budget?: WholeSegmentBudget;
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

/**
 * Cost units (about 5 µs of CPU each, as in the operation cost model) per segment member of a
 * ranking the gateway computes in full (custom weights, a DOWNWEIGHT gate): reading and decoding
 * the member from the index, fusing it and selecting the page. Measured at 100,000 KOLs in real
 * mode (Redis index), the most expensive case per member, so smaller segments cost less than this.
 */
export const WHOLE_SEGMENT_UNITS_PER_KOL = 4;
/**
 * The most any operation may spend on whole-segment rankings, whatever the role's budget: about
 * one second of CPU (SPEC §10).
 */
export const WHOLE_SEGMENT_MAX_UNITS = 200_000;

/** The cost units an operation may still spend on whole-segment rankings. */
export interface WholeSegmentBudget {
  /** The caller's role, for the refusal message. */
  role: string;
  limit: number;
  spent: number;
}

/** A whole-segment ranking refused because its segment is larger than the budget allows. */
export class RankingTooCostlyError extends RequestInputError {
  override readonly name = 'RankingTooCostlyError';
  constructor(
    readonly members: number,
    readonly cost: number,
    /** What the operation could still spend on whole-segment rankings. */
    readonly budget: number,
    role: string,
  ) {
    const kols = Math.floor(budget / WHOLE_SEGMENT_UNITS_PER_KOL).toLocaleString('en-US');
    super(
      `Ranking cost ${cost} exceeds the budget of ${budget} left for the ${role} role: custom \`weights\` or a DOWNWEIGHT \`trustGate\` rank every KOL of the segment in the gateway, ${WHOLE_SEGMENT_UNITS_PER_KOL} units per KOL (${members.toLocaleString('en-US')} KOLs here, at most ${kols} allowed; one operation's whole-segment rankings never pass ${WHOLE_SEGMENT_MAX_UNITS}, about a second of CPU). Narrow the segment with \`category\`, \`platform\`, \`country\`, \`language\` or \`followerBand\` (the \`segments\` query gives their sizes), or use the default weights without a DOWNWEIGHT gate, whose order is precomputed.`,
      'input',
    );
  }
}

/**
 * At least as many KOLs as the whole-segment path reads for this filter (it reads the smallest of
 * the segments it intersects): the smallest count among the filter's values, 0 for a value nobody
 * has, every KOL without a filter (each KOL has exactly one follower band).
 */
export function segmentSizeBound(filter: SegmentFilter, known: SegmentValues): number {
  const counts: [string | undefined, SegmentValues[keyof SegmentValues]][] = [
    [filter.category, known.categories],
    [filter.platform, known.platforms],
    [filter.country, known.countries],
    [filter.language, known.languages],
    [filter.followerBand, known.followerBands],
  ];
  let bound = known.followerBands.reduce((sum, v) => sum + v.count, 0);
  for (const [value, values] of counts) {
    if (value === undefined) continue;
    bound = Math.min(bound, values.find((v) => v.value === value)?.count ?? 0);
  }
  return bound;
}

/** Members fused between two yields to the event loop, so other requests run meanwhile. */
const FUSE_SLICE = 2_000;

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
    if (request.budget) await admit(request.filter, request.budget);
    const members = await data.rankings.entries(request.filter);
    const ranked: RankedItem[] = [];
    for (let i = 0; i < members.length; i++) {
      if (i > 0 && i % FUSE_SLICE === 0) await yieldToEventLoop();
      const entry = members[i] as RankingEntry;
      const fusion = fuse(entry, weights, options);
      if (fusion.gated && gate?.mode === 'EXCLUDE') continue;
      ranked.push({ position: { score: fusion.score, kolId: entry.kolId }, entry, fusion });
    }
    return pageOf(ranked, keysetRequest(query));
  }

  /** Spends the segment's cost from the budget, or refuses the ranking before any member is read. */
  async function admit(filter: SegmentFilter, budget: WholeSegmentBudget): Promise<void> {
    const members = segmentSizeBound(filter, await data.rankings.segments());
    const cost = members * WHOLE_SEGMENT_UNITS_PER_KOL;
    if (budget.spent + cost > budget.limit) {
      throw new RankingTooCostlyError(members, cost, budget.limit - budget.spent, budget.role);
    }
    budget.spent += cost;
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

/**
 * One keyset page of items in no order: the page is selected (at most `limit` items kept at a
 * time) rather than the whole segment sorted, and the ranks around it counted.
 */
function pageOf(
  items: readonly RankedItem[],
  request: KeysetRequest,
): Omit<RankingPageResult, 'notice'> {
  const { cursor, limit } = request;
  const forward = request.direction === 'forward';
  // Forward: the first `limit` items after the cursor; backward: the last `limit` before it.
  const inRange = (item: RankedItem): boolean =>
    !cursor ||
    (forward ? compareRanked(item.position, cursor) > 0 : compareRanked(item.position, cursor) < 0);
  const order = forward
    ? (a: RankedItem, b: RankedItem): number => compareRanked(a.position, b.position)
    : (a: RankedItem, b: RankedItem): number => compareRanked(b.position, a.position);
  // The best `limit` items in range, best first (insertion: a page is at most 100 items).
  const kept: RankedItem[] = [];
  let candidates = 0;
  for (const item of items) {
    if (!inRange(item)) continue;
    candidates += 1;
    if (limit === 0) continue;
    const worst = kept.at(-1);
    if (kept.length === limit && worst && order(item, worst) >= 0) continue;
    let at = kept.length;
    while (at > 0 && order(item, kept[at - 1] as RankedItem) < 0) at -= 1;
    kept.splice(at, 0, item);
    if (kept.length > limit) kept.pop();
  }
  const total = items.length;
  if (!forward) kept.reverse();
  const start = forward ? total - candidates : candidates - kept.length;
  const end = start + kept.length;
  return {
    items: kept,
    startIndex: start,
    totalCount: total,
    hasNextPage: end < total,
    hasPreviousPage: start > 0,
  };
}
