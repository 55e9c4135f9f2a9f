import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { fuse, sentimentInput } from '../domain/fusion';
import { Alert } from '../schema/alert';
import { MetricWindow } from '../schema/enums';
import { FusionScore, FusionWeightsInput } from '../schema/fusion';
import { Kol } from '../schema/kol';
import { MetricPoint } from '../schema/metric';
import { SuccessScore, TrustScore } from '../schema/scores';
import type { GatewayContext } from './context';
import { badUserInput } from './errors';
import { resolveWeights } from './fusion-args';
import { kolOf, type KolSource } from './kol-view';
import { pageSize } from './pagination';
import { isStale, storedSuccess, storedTrust, trustOfResult } from './score-views';

export const MAX_KOL_IDS = 10_000;
export const MAX_METRIC_POINTS = 1_000;
export const MAX_KOL_ALERTS = 100;

@Resolver(() => Kol)
export class KolResolver {
  @Query(() => Kol, { nullable: true, description: 'One KOL by id; null when the id is unknown.' })
  async kol(
    @Arg('id', () => ID, { description: 'KOL id.' }) id: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<KolSource | null> {
    const profile = await ctx.loaders.profile.load(id);
    return profile ? kolOf(profile) : null;
  }

  @Query(() => [Kol], {
    nullable: 'items',
    description: `Many KOLs by id (at most ${MAX_KOL_IDS.toLocaleString('en-US')}), in the order given; null for unknown ids.`,
  })
  async kols(
    @Arg('ids', () => [ID], {
      description: 'KOL ids; duplicates are allowed and answered in place.',
    })
    ids: string[],
    @Ctx() ctx: GatewayContext,
  ): Promise<(KolSource | null)[]> {
    if (ids.length > MAX_KOL_IDS) {
      throw badUserInput(
        `\`ids\` takes at most ${MAX_KOL_IDS.toLocaleString('en-US')} ids (got ${ids.length.toLocaleString('en-US')}); split the list into several requests.`,
        { argument: 'ids' },
      );
    }
    const profiles = await ctx.loaders.profile.loadMany(ids);
    return profiles.map((p) => {
      if (p instanceof Error) throw p;
      return p ? kolOf(p) : null;
    });
  }

  @FieldResolver(() => [MetricPoint], {
    description: 'Most recent rolling-metric buckets of one window, newest first.',
  })
  async metrics(
    @Root() kol: KolSource,
    @Arg('window', () => MetricWindow, { description: 'Bucket width.' }) window: MetricWindow,
    @Arg('last', () => Int, {
      nullable: true,
      description: `How many buckets, 1-${MAX_METRIC_POINTS} (default 12).`,
    })
    last: number | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<MetricPoint[]> {
    const count = pageSize(last, 'last', MAX_METRIC_POINTS, 12);
    if (count === 1) {
      // Dashboards ask for the latest bucket only: the stores keep it apart (a Redis hash in the real
      // mode), so a page of KOLs needs no time-series reads.
      const latest = await ctx.loaders.latestMetric.load({ kolId: kol.id, window });
      return latest ? [latest] : [];
    }
    return ctx.loaders.metricSeries.load({ kolId: kol.id, window, last: count });
  }

  @FieldResolver(() => TrustScore, {
    description:
      'Trust score: the latest stored one while fresh (CACHE), otherwise computed now from the current profile (REALTIME) in one model run for all KOLs of the request.',
  })
  async trust(@Root() kol: KolSource, @Ctx() ctx: GatewayContext): Promise<TrustScore> {
    const record = await ctx.loaders.latestScore.trust.load(kol.id);
    if (record && !isStale(record, ctx.now, ctx.services.settings.scoring.maxAgeSeconds)) {
      return storedTrust(record, 'CACHE', false);
    }
    const result = await ctx.loaders.realtimeTrust.load(kol.profile);
    return trustOfResult(result, 'REALTIME', kol.id);
  }

  @FieldResolver(() => SuccessScore, {
    nullable: true,
    description: 'Latest success score; null when the KOL was never scored.',
  })
  async success(@Root() kol: KolSource, @Ctx() ctx: GatewayContext): Promise<SuccessScore | null> {
    const record = await ctx.loaders.latestScore.success.load(kol.id);
    if (!record) return null;
    const stale = isStale(record, ctx.now, ctx.services.settings.scoring.maxAgeSeconds);
    return storedSuccess(record, 'CACHE', stale);
  }

  @FieldResolver(() => FusionScore, {
    description:
      'Fusion score with the given weights (same formula as `ranking`, without a trust gate).',
  })
  async fusion(
    @Root() kol: KolSource,
    @Arg('weights', () => FusionWeightsInput, {
      nullable: true,
      description: 'Weights; omitted ones take their defaults.',
    })
    weights: FusionWeightsInput | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<FusionScore> {
    const resolved = resolveWeights(weights);
    const [trustHistory, success, anomaly, day] = await Promise.all([
      ctx.loaders.trustHistory.load(kol.id),
      ctx.loaders.latestScore.success.load(kol.id),
      ctx.loaders.latestScore.anomaly.load(kol.id),
      ctx.loaders.latestMetric.load({ kolId: kol.id, window: 'H24' }),
    ]);
    return fuse(
      {
        trustHistory,
        success: success?.score ?? null,
        revenueForecast: success?.revenueForecast ?? null,
        currency: success?.currency ?? null,
        sentimentPositiveRatio: sentimentInput(day),
        anomaly: anomaly?.score ?? null,
      },
      resolved,
      { now: ctx.now, trustMaxAgeMs: ctx.services.settings.scoring.maxAgeSeconds * 1000 },
    );
  }

  @FieldResolver(() => [Alert], { description: 'Most recent alerts about this KOL, newest first.' })
  async alerts(
    @Root() kol: KolSource,
    @Arg('first', () => Int, {
      nullable: true,
      description: `How many, 1-${MAX_KOL_ALERTS} (default 10).`,
    })
    first: number | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<Alert[]> {
    const count = pageSize(first, 'first', MAX_KOL_ALERTS, 10);
    return ctx.loaders.recentAlerts.load({ kolId: kol.id, first: count });
  }
}
