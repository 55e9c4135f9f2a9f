import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { fuse, type FusionResult } from '../domain/fusion';
import { Kol } from '../schema/kol';
import { RankedKol, RankingConnection, RankingInput } from '../schema/ranking';
import type { GatewayContext } from './context';
import { gatewayError } from './errors';
import { resolveTrustGate, resolveWeights } from './fusion-args';
import { kolOf, type KolSource } from './kol-view';
import { decodeOffsetCursor, encodeOffsetCursor, pageSize } from './pagination';

/** A ranking node before its KOL is loaded (the loader batches the whole page into one read). */
interface RankedKolSource {
  rank: number;
  kolId: string;
  fusion: FusionResult;
}

@Resolver(() => RankedKol)
export class RankingResolver {
  @Query(() => RankingConnection, {
    description:
      'KOLs ranked by fusion score, best first, cursor-paginated. Weights and the trust gate are per query.',
  })
  async ranking(
    @Arg('input', () => RankingInput, {
      nullable: true,
      description: 'Segment, weights, gate, page.',
    })
    input: RankingInput | null,
    @Ctx() ctx: GatewayContext,
  ) {
    const first = pageSize(input?.first);
    const offset = input?.after ? decodeOffsetCursor('ranking', input.after) + 1 : 0;
    const weights = resolveWeights(input?.weights);
    const gate = resolveTrustGate(input);
    const entries = await ctx.services.data.rankings.entries({
      category: input?.category,
      platform: input?.platform,
    });
    const options = {
      now: ctx.now,
      trustMaxAgeMs: ctx.services.settings.scoring.maxAgeSeconds * 1000,
      gate,
    };
    const ranked = entries
      .map((entry) => ({ kolId: entry.kolId, fusion: fuse(entry, weights, options) }))
      .filter((r) => !(r.fusion.gated && gate?.mode === 'EXCLUDE'))
      .sort((a, b) => b.fusion.score - a.fusion.score || (a.kolId < b.kolId ? -1 : 1));
    if (offset > ranked.length) {
      throw gatewayError(
        'BAD_USER_INPUT',
        '`after` points past the end of this ranking; start again without it.',
        {
          argument: 'after',
        },
      );
    }
    const page = ranked.slice(offset, offset + first);
    const edges = page.map((r, i) => ({
      cursor: encodeOffsetCursor('ranking', offset + i),
      node: { rank: offset + i + 1, kolId: r.kolId, fusion: r.fusion } satisfies RankedKolSource,
    }));
    return {
      edges,
      pageInfo: {
        hasNextPage: offset + first < ranked.length,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
      totalCount: ranked.length,
    };
  }

  @FieldResolver(() => Kol, { description: 'The ranked KOL.' })
  async kol(@Root() node: RankedKolSource, @Ctx() ctx: GatewayContext): Promise<KolSource> {
    const profile = await ctx.loaders.profile.load(node.kolId);
    if (!profile) throw gatewayError('NOT_FOUND', `KOL ${node.kolId} disappeared during ranking.`);
    return kolOf(profile);
  }
}
