import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Float, Info, Int, Mutation, Query, Resolver } from 'type-graphql';
import { ModelEvent } from '../schema/model-events';
import {
  KolScoreResult,
  ScoreKolsInput,
  ScoreKolsResult,
  SuccessInput,
  TrustInput,
} from '../schema/inference';
import { ModelInfo } from '../schema/model-info';
import { SuccessScore, TrustScore } from '../schema/scores';
import type { GatewayContext } from './context';
import { badUserInput, notFound } from './errors';
import { pageSize } from './pagination';
import {
  storedSuccess,
  storedTrust,
  successOfBatch,
  successOfResult,
  trustOfBatch,
  trustOfResult,
} from './score-views';
import type { RawScores, ScoredItem } from '../services/scoring';
import { selectsPath } from './selection';
import { fromService } from './service-errors';

export const MAX_MODEL_EVENTS = 500;

const NOTHING_MISSING: string[] = [];

/** A raw row's result: its scores read from the batch columns when selected. */
class RawRowResult implements KolScoreResult {
  readonly missing = NOTHING_MISSING;
  constructor(
    private readonly item: ScoredItem,
    private readonly raw: RawScores,
  ) {}
  get index(): number {
    return this.item.index;
  }
  get kolId(): string | null {
    return this.item.kolId;
  }
  get error(): string | null {
    return this.item.error;
  }
  get trust(): TrustScore | null {
    const { trustBatch, trustEntry } = this.raw;
    return trustBatch && trustEntry >= 0
      ? trustOfBatch(trustBatch, trustEntry, 'BATCH', this.item.kolId)
      : null;
  }
  get success(): SuccessScore | null {
    const { successBatch, successEntry } = this.raw;
    return successBatch && successEntry >= 0
      ? successOfBatch(successBatch, successEntry, 'BATCH', this.item.kolId)
      : null;
  }
}

/** A stored KOL's result: its new trust and success records as the API shows them. */
class StoredResult implements KolScoreResult {
  constructor(private readonly item: ScoredItem) {}
  get index(): number {
    return this.item.index;
  }
  get kolId(): string | null {
    return this.item.kolId;
  }
  get error(): string | null {
    return this.item.error;
  }
  get missing(): string[] {
    return this.item.stored?.missing ?? NOTHING_MISSING;
  }
  get trust(): TrustScore | null {
    const record = this.item.stored?.records.find((r) => r.model === 'trust');
    return record ? storedTrust(record, 'BATCH', false) : null;
  }
  get success(): SuccessScore | null {
    const record = this.item.stored?.records.find((r) => r.model === 'success');
    return record ? storedSuccess(record, 'BATCH', false) : null;
  }
}

/** Admin mutations name a model; an unknown name is NOT_FOUND before anything changes. */
function requireModel(ctx: GatewayContext, name: string): void {
  const known = ctx.services.inference.registry.names();
  if (!known.includes(name)) {
    throw notFound(`No model named "${name}"; known models: ${known.join(', ')}.`, {
      argument: 'name',
    });
  }
}

/** The one result a batch of one must produce; anything else is a scorer bug. */
function only<T>(results: readonly T[]): T {
  const [first] = results;
  if (first === undefined) throw new Error('the scorer returned no result for one input');
  return first;
}

@Resolver()
export class InferenceResolver {
  @Query(() => [ModelInfo], {
    description: 'Every model version in the registry, with its card and traffic share.',
  })
  models(@Ctx() ctx: GatewayContext): ModelInfo[] {
    return ctx.services.inference.registry.list();
  }

  @Authorized('admin')
  @Query(() => [ModelEvent], {
    description:
      'Admin: the registry history (promotions, rollbacks, canary changes: who, when, from, to), newest first. Kept in the store, so it survives restarts and is the same on every replica.',
  })
  async modelEvents(
    @Arg('model', () => String, { nullable: true, description: 'Only this model (default: all).' })
    model: string | null | undefined,
    @Arg('first', () => Int, {
      nullable: true,
      description: `How many, 1-${MAX_MODEL_EVENTS} (default 50).`,
    })
    first: number | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<ModelEvent[]> {
    const limit = pageSize(first, 'first', MAX_MODEL_EVENTS, 50);
    const { registry } = ctx.services.inference;
    if (model === null || model === undefined) return registry.events({ limit });
    requireModel(ctx, model);
    return registry.events({ model, limit });
  }

  @Authorized('analyst')
  @Mutation(() => TrustScore, {
    description: 'Analyst: scores one raw profile with the served trust model.',
  })
  async predictTrust(
    @Arg('input', () => TrustInput, { description: 'Raw profile fields.' }) input: TrustInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<TrustScore> {
    return trustOfResult(only(await ctx.services.inference.scoreTrust([input])), 'REALTIME');
  }

  @Authorized('analyst')
  @Mutation(() => SuccessScore, {
    description:
      'Analyst: scores one set of campaign figures with the served success model. From raw inputs only there is no forecast: `revenueForecast` and `currency` are null.',
  })
  async predictSuccess(
    @Arg('input', () => SuccessInput, { description: 'Campaign video and price figures.' })
    input: SuccessInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<SuccessScore> {
    return successOfResult(only(await ctx.services.inference.scoreSuccess([input])), 'REALTIME');
  }

  @Authorized('analyst')
  @Mutation(() => ScoreKolsResult, {
    description:
      'Analyst: scores up to 10,000 items in one call: stored KOLs by id and raw rows. A stored KOL is scored from its profile and rolling metrics with every served model (trust, anomaly, and success and the revenue forecast once it has metrics; unknown inputs in `missing`), and its new scores are stored before the call returns. Raw rows: one model run per model per call; stored KOLs: one per model per 2,500 (read, scored and written as a pipeline). An item that cannot be scored gets an `error` and the rest are still scored. Raw rows carry no forecast (`success.revenueForecast` is null): the forecast needs a stored KOL’s rolling metrics.',
  })
  async scoreKols(
    @Arg('input', () => ScoreKolsInput, { description: 'KOL ids and/or raw rows.' })
    input: ScoreKolsInput,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ScoreKolsResult> {
    const coerceMs = performance.now() - ctx.startedAt;
    // Raw rows' reasons need the models' contributions: computed only when the operation asks.
    const reasons = {
      trust: selectsPath(info, ['results', 'trust', 'reasons']),
      success: selectsPath(info, ['results', 'success', 'reasons']),
    };
    const outcome = await fromService(() =>
      ctx.services.scoring.scoreKols(input, ctx.now, { reasons }),
    );
    // Views: each score is projected when (and as often as) the operation reads it.
    const results: KolScoreResult[] = selectsPath(info, ['results'])
      ? outcome.items.map((item) =>
          item.raw ? new RawRowResult(item, item.raw) : new StoredResult(item),
        )
      : [];
    return {
      results,
      scored: outcome.scored,
      failed: outcome.failed,
      tookMs: outcome.tookMs,
      timings: { ...outcome.timings, coerceMs },
    };
  }

  @Authorized('admin')
  @Mutation(() => ModelInfo, {
    description:
      'Admin: makes a version the Production one (the previous Production is archived). Takes effect at once; saved with who and when (see `modelEvents`) before it returns, so every replica and the worker follow within seconds. An unknown model is NOT_FOUND.',
  })
  async promoteModel(
    @Arg('name', () => String, { description: 'Model name.' }) name: string,
    @Arg('version', () => String, { description: 'Version to promote.' }) version: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<ModelInfo> {
    requireModel(ctx, name);
    const { registry } = ctx.services.inference;
    const promoted = registry.promote(name, version, ctx.caller.keyId);
    // The change is in the store (so other replicas follow) before the admin is told it worked.
    await registry.whenSaved();
    ctx.services.logger.info({ name, version, by: ctx.caller.keyId }, 'model promoted');
    return promoted;
  }

  @Authorized('admin')
  @Mutation(() => ModelInfo, {
    description:
      'Admin: restores the Production version the last promotion replaced. Takes effect at once and is saved like promoteModel. An unknown model is NOT_FOUND.',
  })
  async rollbackModel(
    @Arg('name', () => String, { description: 'Model name.' }) name: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<ModelInfo> {
    requireModel(ctx, name);
    const { registry } = ctx.services.inference;
    const restored = registry.rollback(name, ctx.caller.keyId);
    await registry.whenSaved();
    ctx.services.logger.info({ name, by: ctx.caller.keyId }, 'model rolled back');
    return restored;
  }

  @Authorized('admin')
  @Mutation(() => [ModelInfo], {
    description:
      'Admin: sets the share (0-1) of a model’s scoring traffic served by its Staging version. An unknown model name is NOT_FOUND.',
  })
  async setCanaryShare(
    @Arg('name', () => String, { description: 'Model name.' }) name: string,
    @Arg('share', () => Float, { description: 'Share from 0 (off) to 1.' }) share: number,
    @Ctx() ctx: GatewayContext,
  ): Promise<ModelInfo[]> {
    if (!Number.isFinite(share) || share < 0 || share > 1) {
      throw badUserInput(`\`share\` must be from 0 to 1 (got ${share}).`, { argument: 'share' });
    }
    requireModel(ctx, name);
    const { registry } = ctx.services.inference;
    registry.setCanaryShare(share, name, ctx.caller.keyId);
    await registry.whenSaved();
    return registry.list().filter((m) => m.name === name);
  }
}
