import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import {
  compareRanked,
  indexScore,
  keysetRange,
  keysetRequest,
} from '../datasources/shared/ranking-order';
import type {
  RankingCursor,
  RankingEntry,
  RankingPage,
  RankingPageQuery,
  RankingStore,
  SegmentFilter,
  SegmentValues,
} from '../datasources/types';
import { DEFAULT_FUSION_WEIGHTS, fuse, type FusionResult } from '../domain/fusion';
import { normaliseLabel } from '../domain/kol-input';
import { Kol } from '../schema/kol';
import type { PageInfo } from '../schema/pagination';
import { RankedKol, RankingConnection, RankingInput, Segments } from '../schema/ranking';
import type { GatewayContext } from './context';
import { badUserInput, gatewayError } from './errors';
import { resolveTrustGate, resolveWeights } from './fusion-args';
import { kolOf, type KolSource } from './kol-view';
import { pageSize } from './pagination';
import { decodeRankingCursor, encodeRankingCursor, rankingScope } from './ranking-cursor';

/** A ranking node before its KOL is loaded (the loader batches the whole page into one read). */
interface RankedKolSource {
  rank: number;
  kolId: string;
  fusion: FusionResult;
}

/** One page in ranking order, with the position of its first item and the order keys. */
interface RankedPage {
  items: { position: RankingCursor; entry: RankingEntry; fusion: FusionResult }[];
  startIndex: number;
  totalCount: number;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

const NOTICE_VALUES = 20;

/** Entries ranked above the page (the store reports it; older stores only at the ends). */
async function startIndexOf(
  rankings: RankingStore,
  page: RankingPage & { startIndex?: number },
  query: RankingPageQuery,
  trustMaxAgeMs: number,
): Promise<number> {
  if (page.startIndex !== undefined) return page.startIndex;
  const first = page.entries[0];
  if (!first || !page.hasPreviousPage) return 0;
  if (query.last !== undefined && !query.before) return page.totalCount - page.entries.length;
  // A store that does not report the position: count the entries ranked above the page.
  const top = { score: first.score, kolId: first.entry.kolId };
  const now = new Date();
  return (await rankings.entries(query.filter)).filter(
    (entry) =>
      compareRanked({ score: indexScore(entry, now, trustMaxAgeMs), kolId: entry.kolId }, top) < 0,
  ).length;
}

interface RankingPageSource {
  edges: { cursor: string; node: RankedKolSource }[];
  pageInfo: PageInfo;
  totalCount: number;
  notice: string | null;
}

/** The segment as stored: the same normalisation as the import path. */
function segmentOf(input: RankingInput | null): SegmentFilter {
  const filter: SegmentFilter = {};
  const text = (
    name: keyof SegmentFilter,
    value: string | null | undefined,
    form: (v: string) => string,
  ) => {
    if (value === undefined || value === null) return undefined;
    const normalised = form(value);
    if (normalised === '') throw badUserInput(`\`${name}\` must not be empty.`, { argument: name });
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

/** Direction and size of the requested page (Relay: `first`/`after` or `last`/`before`). */
function pageRequest(input: RankingInput | null): { first?: number; last?: number } {
  const hasFirst = input?.first !== undefined && input.first !== null;
  const hasLast = input?.last !== undefined && input.last !== null;
  if (hasFirst && hasLast) {
    throw badUserInput('Give `first` or `last`, not both.', { argument: 'last' });
  }
  if (input?.before && !hasLast) {
    throw badUserInput('`before` pages backwards: give `last` with it.', { argument: 'before' });
  }
  if (input?.after && hasLast) {
    throw badUserInput('`after` pages forwards: give `first` with it, not `last`.', {
      argument: 'after',
    });
  }
  if (hasLast) return { last: pageSize(input.last, 'last') };
  return { first: pageSize(input?.first) };
}

/** Says which given segment values are unknown, listing the known ones. */
function unknownSegmentNotice(filter: SegmentFilter, known: SegmentValues): string {
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

@Resolver(() => RankedKol)
export class RankingResolver {
  @Query(() => RankingConnection, {
    description:
      'KOLs ranked by fusion score, best first, keyset-paginated on (score, id). Weights and the trust gate are per query. A segment value nobody has gives an empty page with `totalCount` 0 and a `notice` naming the known values.',
  })
  async ranking(
    @Arg('input', () => RankingInput, {
      nullable: true,
      description: 'Segment, weights, gate, page.',
    })
    input: RankingInput | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<RankingPageSource> {
    const filter = segmentOf(input);
    const size = pageRequest(input);
    const weights = resolveWeights(input?.weights);
    const gate = resolveTrustGate(input);
    const scope = rankingScope({ filter, weights, gate: gate ?? null });
    const query: RankingPageQuery = { filter, ...size };
    if (input?.after) query.after = decodeRankingCursor(input.after, scope, 'after');
    if (input?.before) query.before = decodeRankingCursor(input.before, scope, 'before');
    const fusionOptions = {
      now: ctx.now,
      trustMaxAgeMs: ctx.services.settings.scoring.maxAgeSeconds * 1000,
      gate,
    };
    const isDefaultOrder =
      gate === undefined &&
      (Object.keys(DEFAULT_FUSION_WEIGHTS) as (keyof typeof weights)[]).every(
        (k) => weights[k] === DEFAULT_FUSION_WEIGHTS[k],
      );

    let page: RankedPage;
    if (isDefaultOrder) {
      // The stores keep every segment ordered by the default-weight score: one index read.
      const stored = await ctx.services.data.rankings.page(query);
      page = {
        items: stored.entries.map(({ entry, score }) => ({
          position: { score, kolId: entry.kolId },
          entry,
          fusion: fuse(entry, weights, fusionOptions),
        })),
        startIndex: await startIndexOf(
          ctx.services.data.rankings,
          stored,
          query,
          fusionOptions.trustMaxAgeMs,
        ),
        totalCount: stored.totalCount,
        hasNextPage: stored.hasNextPage,
        hasPreviousPage: stored.hasPreviousPage,
      };
    } else {
      // Other weights or a gate order the segment differently: rank it in full, then page it
      // by the same keyset rule.
      const ranked = (await ctx.services.data.rankings.entries(filter))
        .map((entry) => {
          const fusion = fuse(entry, weights, fusionOptions);
          return { position: { score: fusion.score, kolId: entry.kolId }, entry, fusion };
        })
        .filter((r) => !(r.fusion.gated && gate?.mode === 'EXCLUDE'))
        .sort((a, b) => compareRanked(a.position, b.position));
      const range = keysetRange(
        ranked.length,
        (i) => ranked[i]?.position ?? { score: -Infinity, kolId: '' },
        keysetRequest(query),
      );
      page = {
        items: ranked.slice(range.start, range.end),
        startIndex: range.start,
        totalCount: ranked.length,
        hasNextPage: range.end < ranked.length,
        hasPreviousPage: range.start > 0,
      };
    }

    const edges = page.items.map((item, i) => ({
      cursor: encodeRankingCursor(item.position, scope),
      node: {
        rank: page.startIndex + i + 1,
        kolId: item.entry.kolId,
        fusion: item.fusion,
      } satisfies RankedKolSource,
    }));
    const segmentGiven = Object.keys(filter).length > 0;
    const notice =
      page.totalCount === 0 && segmentGiven
        ? unknownSegmentNotice(filter, await ctx.services.data.rankings.segments())
        : null;
    return {
      edges,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: page.hasPreviousPage,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
      totalCount: page.totalCount,
      notice,
    };
  }

  @Query(() => Segments, {
    description:
      'Every known segment value (categories, platforms, countries, languages, follower bands) with its exact KOL count, most KOLs first: the values `ranking` filters accept.',
  })
  async segments(@Ctx() ctx: GatewayContext): Promise<Segments> {
    return ctx.services.data.rankings.segments();
  }

  @FieldResolver(() => Kol, { description: 'The ranked KOL.' })
  async kol(@Root() node: RankedKolSource, @Ctx() ctx: GatewayContext): Promise<KolSource> {
    const profile = await ctx.loaders.profile.load(node.kolId);
    if (!profile) throw gatewayError('NOT_FOUND', `KOL ${node.kolId} disappeared during ranking.`);
    return kolOf(profile);
  }
}
