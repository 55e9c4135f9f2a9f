import {
  getArgumentValues,
  getNamedType,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import type { MetricWindow } from '../domain/types';
import type { FusionResult } from '../domain/fusion';
import { Kol } from '../schema/kol';
import type { PageInfo } from '../schema/pagination';
import { RankedKol, RankingConnection, RankingInput, Segments } from '../schema/ranking';
import {
  normaliseSegment,
  RankingTooCostlyError,
  WHOLE_SEGMENT_MAX_UNITS,
  type RankingRequest,
  type WholeSegmentBudget,
} from '../services/rankings';
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

/**
 * The loads a ranked KOL's selection will make once its profile is there (latest trust, latest
 * success, the latest bucket of `metrics(window, last: 1)`), started together with the profile's so
 * that a page's store reads go out in one wave instead of two. Selections under a directive or
 * with arguments that do not evaluate are left to their resolvers.
 */
interface KolPrefetch {
  trust: boolean;
  success: boolean;
  latestMetrics: MetricWindow[];
}

/** Per request (its variables object) and field node: the prefetch of every KOL of the page. */
const prefetchPlans = new WeakMap<object, WeakMap<FieldNode, KolPrefetch>>();
/** Stands for the variables of an execution that has none. */
const NO_VARIABLES = {};

function kolPrefetch(info: GraphQLResolveInfo): KolPrefetch {
  const variables = (info.variableValues as object | undefined) ?? NO_VARIABLES;
  const node = info.fieldNodes[0];
  let byNode = prefetchPlans.get(variables);
  const known = node && byNode?.get(node);
  if (known) return known;
  const plan: KolPrefetch = { trust: false, success: false, latestMetrics: [] };
  const kolType = getNamedType(info.returnType);
  const metrics = isObjectType(kolType) ? kolType.getFields().metrics : undefined;
  const visit = (set: SelectionSetNode | undefined): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.directives?.length) continue;
      if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        visit(info.fragments[selection.name.value]?.selectionSet);
      } else if (selection.name.value === 'trust') plan.trust = true;
      else if (selection.name.value === 'success') plan.success = true;
      else if (selection.name.value === 'metrics' && metrics) {
        try {
          const args = getArgumentValues(metrics, selection, info.variableValues);
          if (args.last === 1 && typeof args.window === 'string') {
            plan.latestMetrics.push(args.window as MetricWindow);
          }
        } catch {
          // the metrics resolver reports bad arguments
        }
      }
    }
  };
  for (const fieldNode of info.fieldNodes) visit(fieldNode.selectionSet);
  if (node) {
    if (!byNode) {
      byNode = new WeakMap();
      prefetchPlans.set(variables, byNode);
    }
    byNode.set(node, plan);
  }
  return plan;
}

/** Per operation (its context): what its whole-segment rankings may spend, and have spent. */
const wholeSegmentBudgets = new WeakMap<object, WholeSegmentBudget>();

/**
 * The role's cost budget (COST_BUDGETS, where the transport gives its configuration), capped at
 * about a second of CPU: one budget for every ranking field of the operation (aliases included).
 */
function wholeSegmentBudget(ctx: GatewayContext): WholeSegmentBudget {
  let budget = wholeSegmentBudgets.get(ctx);
  if (!budget) {
    const roleBudget = ctx.services.settings.costBudgets?.[ctx.caller.role];
    budget = {
      role: ctx.caller.role,
      limit: Math.min(roleBudget ?? WHOLE_SEGMENT_MAX_UNITS, WHOLE_SEGMENT_MAX_UNITS),
      spent: 0,
    };
    wholeSegmentBudgets.set(ctx, budget);
  }
  return budget;
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
    const request: RankingRequest = {
      filter,
      weights,
      budget: wholeSegmentBudget(ctx),
      ...pageRequest(input),
    };
    if (gate) request.gate = gate;
    const key = ctx.services.cursorKey;
    if (input?.after) request.after = decodeRankingCursor(key, input.after, scope, 'after');
    if (input?.before) request.before = decodeRankingCursor(key, input.before, scope, 'before');

    const page = await ctx.services.ranking.page(request, ctx.now).catch((error: unknown) => {
      if (!(error instanceof RankingTooCostlyError)) throw error;
      throw badUserInput(error.message, {
        argument: 'input',
        cost: error.cost,
        budget: error.budget,
        segmentSize: error.members,
      });
    });
    const edges = page.items.map((item, i) => ({
      cursor: encodeRankingCursor(key, item.position, scope),
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
  async kol(
    @Root() node: RankedKolSource,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<KolSource> {
    // Errors of these loads reach the field resolvers that load the same keys (DataLoader caches
    // the promise); here they are only kept from being unhandled.
    const plan = kolPrefetch(info);
    const ignore = (): undefined => undefined;
    if (plan.trust) ctx.loaders.latestScore.trust.load(node.kolId).catch(ignore);
    if (plan.success) ctx.loaders.latestScore.success.load(node.kolId).catch(ignore);
    for (const window of plan.latestMetrics) {
      ctx.loaders.latestMetric.load({ kolId: node.kolId, window }).catch(ignore);
    }
    const profile = await ctx.loaders.profile.load(node.kolId);
    if (!profile) throw gatewayError('NOT_FOUND', `KOL ${node.kolId} disappeared during ranking.`);
    return kolOf(profile);
  }
}
