import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { FusionResult } from '../domain/fusion';
import { Kol } from '../schema/kol';
import type { PageInfo } from '../schema/pagination';
import { RankedKol, RankingConnection, RankingInput, Segments } from '../schema/ranking';
import { normaliseSegment, type RankingRequest } from '../services/rankings';
import type { GatewayContext } from './context';
import { badUserInput, gatewayError } from './errors';
import { resolveTrustGate, resolveWeights } from './fusion-args';
import { kolOf, type KolSource } from './kol-view';
import { pageSize } from './pagination';
import { decodeRankingCursor, encodeRankingCursor, rankingScope } from './ranking-cursor';
import { fromService } from './service-errors';

/** A ranking node before its KOL is loaded (the loader batches the whole page into one read). */
interface RankedKolSource {
  rank: number;
  kolId: string;
  fusion: FusionResult;
}

interface RankingPageSource {
  edges: { cursor: string; node: RankedKolSource }[];
  pageInfo: PageInfo;
  totalCount: number;
  notice: string | null;
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
    const filter = await fromService(async () => normaliseSegment(input));
    const weights = resolveWeights(input?.weights);
    const gate = resolveTrustGate(input);
    const scope = rankingScope({ filter, weights, gate: gate ?? null });
    const request: RankingRequest = { filter, weights, ...pageRequest(input) };
    if (gate) request.gate = gate;
    if (input?.after) request.after = decodeRankingCursor(input.after, scope, 'after');
    if (input?.before) request.before = decodeRankingCursor(input.before, scope, 'before');

    const page = await ctx.services.ranking.page(request, ctx.now);
    const edges = page.items.map((item, i) => ({
      cursor: encodeRankingCursor(item.position, scope),
      node: { rank: page.startIndex + i + 1, kolId: item.entry.kolId, fusion: item.fusion },
    }));
    return {
      edges,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: page.hasPreviousPage,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
      totalCount: page.totalCount,
      notice: page.notice,
    };
  }

  @Query(() => Segments, {
    description:
      'Every known segment value (categories, platforms, countries, languages, follower bands) with its exact KOL count, most KOLs first: the values `ranking` filters accept.',
  })
  async segments(@Ctx() ctx: GatewayContext): Promise<Segments> {
    return ctx.services.ranking.segments();
  }

  @FieldResolver(() => Kol, { description: 'The ranked KOL.' })
  async kol(@Root() node: RankedKolSource, @Ctx() ctx: GatewayContext): Promise<KolSource> {
    const profile = await ctx.loaders.profile.load(node.kolId);
    if (!profile) throw gatewayError('NOT_FOUND', `KOL ${node.kolId} disappeared during ranking.`);
    return kolOf(profile);
  }
}
