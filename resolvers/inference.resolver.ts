import { Arg, Ctx, Float, Mutation, Query, Resolver } from 'type-graphql';
import type { KolProfile, ScoreRecord } from '../domain/types';
import { InputValidationError } from '../inference/errors';
import { trustInputFromProfile } from '../inference/profile-input';
import type {
  SuccessInput as SuccessInputValues,
  SuccessResult,
  TrustInput as TrustInputValues,
  TrustResult,
} from '../inference/types';
import { validateSuccessInput, validateTrustInput } from '../inference/validation';
import { PredictionSource } from '../schema/enums';
import {
  KolScoreResult,
  ScoreKolsInput,
  ScoreKolsResult,
  SuccessInput,
  TrustInput,
} from '../schema/inference';
import { ModelInfo } from '../schema/model-info';
import { SuccessScore, TrustScore } from '../schema/scores';
import { requireRole } from '../server/auth';
import type { GatewayContext } from '../server/context';
import { badUserInput } from '../server/errors';
import { successView, trustView } from './score-views';

export const MAX_BATCH_ITEMS = 10_000;

export function trustFromResult(
  result: TrustResult,
  source: PredictionSource,
  kolId: string | null = result.kolId,
): TrustScore {
  return trustView(toRecord('trust', kolId, result.trustScore, result), source, false);
}

export function successFromResult(
  result: SuccessResult,
  source: PredictionSource,
  kolId: string | null = result.kolId,
): SuccessScore {
  return successView(toRecord('success', kolId, result.successScore, result), source, false);
}

/** A score record over a model result that leaves its (lazily built) reasons unread until needed. */
function toRecord(
  model: 'trust' | 'success',
  kolId: string | null,
  score: number,
  result: TrustResult | SuccessResult,
): ScoreRecord {
  return {
    kolId: kolId ?? '',
    model,
    score,
    modelVersion: result.modelVersion,
    scoredAt: result.scoredAt,
    get reasons() {
      return result.reasons;
    },
  };
}

/** Validates one row, turning a validation failure into the row's error message. */
function rowError(validate: () => void): string | null {
  try {
    validate();
    return null;
  } catch (error) {
    if (error instanceof InputValidationError) return error.message;
    throw error;
  }
}

interface PendingItem {
  index: number;
  kolId: string | null;
  trust?: TrustInputValues;
  success?: SuccessInputValues;
  error: string | null;
}

@Resolver()
export class InferenceResolver {
  @Query(() => [ModelInfo], {
    description: 'Every model version in the registry, with its card and traffic share.',
  })
  models(@Ctx() ctx: GatewayContext): ModelInfo[] {
    return ctx.services.inference.registry.list() as ModelInfo[];
  }

  @Mutation(() => TrustScore, {
    description: 'Scores one raw profile with the served trust model.',
  })
  async predictTrust(
    @Arg('input', () => TrustInput, { description: 'Raw profile fields.' }) input: TrustInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<TrustScore> {
    requireRole(ctx.caller, 'analyst');
    const [result] = await ctx.services.inference.scoreTrust([input]);
    return trustFromResult(result, PredictionSource.REALTIME);
  }

  @Mutation(() => SuccessScore, {
    description: 'Scores one set of campaign figures with the served success model.',
  })
  async predictSuccess(
    @Arg('input', () => SuccessInput, { description: 'Campaign video and price figures.' })
    input: SuccessInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<SuccessScore> {
    requireRole(ctx.caller, 'analyst');
    const [result] = await ctx.services.inference.scoreSuccess([input]);
    return successFromResult(result, PredictionSource.REALTIME);
  }

  @Mutation(() => ScoreKolsResult, {
    description:
      'Scores up to 10,000 items in one call: stored KOLs by id (trust from their current profile; the trust scores are stored) and raw rows. One model run per model per call; an item that cannot be scored gets an `error` and the rest are still scored.',
  })
  async scoreKols(
    @Arg('input', () => ScoreKolsInput, { description: 'KOL ids and/or raw rows.' })
    input: ScoreKolsInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<ScoreKolsResult> {
    requireRole(ctx.caller, 'analyst');
    const started = performance.now();
    const ids = input.kolIds ?? [];
    const rows = input.rows ?? [];
    const total = ids.length + rows.length;
    if (total === 0)
      throw badUserInput('Give `kolIds` or `rows` (or both) to score.', { argument: 'input' });
    if (total > MAX_BATCH_ITEMS) {
      throw badUserInput(
        `scoreKols takes at most ${MAX_BATCH_ITEMS.toLocaleString('en-US')} items (got ${total.toLocaleString('en-US')}); split the batch.`,
        { argument: 'input' },
      );
    }
    const now = ctx.now;
    const profiles = ids.length > 0 ? await ctx.loaders.profile.loadMany(ids) : [];
    const items: PendingItem[] = ids.map((kolId, index) => {
      const profile = profiles[index];
      if (profile instanceof Error) throw profile;
      if (!profile) return { index, kolId, error: `Unknown KOL id ${kolId}.` };
      return {
        index,
        kolId,
        trust: trustInputFromProfile(profile as KolProfile, now),
        error: null,
      };
    });
    rows.forEach((row, i) => {
      const index = ids.length + i;
      const kolId = row.kolId ?? row.trust?.kolId ?? row.success?.kolId ?? null;
      const error =
        !row.trust && !row.success
          ? 'The row has neither `trust` nor `success` inputs.'
          : rowError(() => {
              if (row.trust) validateTrustInput(row.trust, index);
              if (row.success) validateSuccessInput(row.success, index);
            });
      items.push({ index, kolId, trust: row.trust, success: row.success, error });
    });

    const valid = items.filter((item) => item.error === null);
    const trustItems = valid.filter((item) => item.trust);
    const successItems = valid.filter((item) => item.success);
    const [trustResults, successResults] = await Promise.all([
      ctx.services.inference.scoreTrust(trustItems.map((item) => item.trust as TrustInputValues)),
      ctx.services.inference.scoreSuccess(
        successItems.map((item) => item.success as SuccessInputValues),
      ),
    ]);
    const trustByIndex = new Map(trustItems.map((item, i) => [item.index, trustResults[i]]));
    const successByIndex = new Map(successItems.map((item, i) => [item.index, successResults[i]]));

    // Scores of stored KOLs are kept, so dashboards see them without scoring again.
    await ctx.services.data.scores.put(
      items
        .slice(0, ids.length)
        .filter((item) => trustByIndex.has(item.index))
        .map((item) => {
          const result = trustByIndex.get(item.index) as TrustResult;
          return {
            ...toRecord('trust', item.kolId, result.trustScore, result),
            reasons: [...result.reasons],
          };
        }),
    );

    const results: KolScoreResult[] = items.map((item) => {
      const trust = trustByIndex.get(item.index);
      const success = successByIndex.get(item.index);
      return {
        index: item.index,
        kolId: item.kolId,
        trust: trust ? trustFromResult(trust, PredictionSource.BATCH, item.kolId) : null,
        success: success ? successFromResult(success, PredictionSource.BATCH, item.kolId) : null,
        error: item.error,
      };
    });
    const failed = results.filter((r) => r.error !== null).length;
    return {
      results,
      scored: results.length - failed,
      failed,
      tookMs: performance.now() - started,
    };
  }

  @Mutation(() => ModelInfo, {
    description:
      'Admin: makes a version the Production one (the previous Production is archived). Takes effect at once.',
  })
  promoteModel(
    @Arg('name', () => String, { description: 'Model name.' }) name: string,
    @Arg('version', () => String, { description: 'Version to promote.' }) version: string,
    @Ctx() ctx: GatewayContext,
  ): ModelInfo {
    requireRole(ctx.caller, 'admin');
    ctx.services.logger.info({ name, version, by: ctx.caller.keyId }, 'model promoted');
    return ctx.services.inference.registry.promote(name, version) as ModelInfo;
  }

  @Mutation(() => ModelInfo, {
    description:
      'Admin: restores the Production version the last promotion replaced. Takes effect at once.',
  })
  rollbackModel(
    @Arg('name', () => String, { description: 'Model name.' }) name: string,
    @Ctx() ctx: GatewayContext,
  ): ModelInfo {
    requireRole(ctx.caller, 'admin');
    ctx.services.logger.info({ name, by: ctx.caller.keyId }, 'model rolled back');
    return ctx.services.inference.registry.rollback(name) as ModelInfo;
  }

  @Mutation(() => [ModelInfo], {
    description:
      'Admin: sets the share (0-1) of a model’s scoring traffic served by its Staging version.',
  })
  setCanaryShare(
    @Arg('name', () => String, { description: 'Model name.' }) name: string,
    @Arg('share', () => Float, { description: 'Share from 0 (off) to 1.' }) share: number,
    @Ctx() ctx: GatewayContext,
  ): ModelInfo[] {
    requireRole(ctx.caller, 'admin');
    if (!Number.isFinite(share) || share < 0 || share > 1) {
      throw badUserInput(`\`share\` must be from 0 to 1 (got ${share}).`, { argument: 'share' });
    }
    ctx.services.inference.registry.setCanaryShare(share, name);
    return ctx.services.inference.registry.list().filter((m) => m.name === name) as ModelInfo[];
  }
}
