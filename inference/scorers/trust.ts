import { TRUST_FEATURES, resolveTrustInput, trustFeatureMatrix } from '../features/trust';
import { trustOutcome } from '../core/outcomes';
import { logit } from '../reasons/format';
import { trustReasons } from '../reasons/trust';
import type { ModelRegistry } from '../registry';
import { applyTrustRules } from '../rules/trust';
import type { Reason, ScoreOptions, TrustInput, TrustResult } from '../core/types';
import { validateBatch, validateTrustInput } from '../core/validation';
import { groupBySelectedVersion } from './select';
import { classifierOutputs, timedRun, unexplained } from './timed-run';

/**
 * Scores a batch: validates every row (InputValidationError with the row index), then one ONNX
 * run per serving version (one in total unless a canary share is set), then the rules.
 */
export async function scoreTrust(
  registry: ModelRegistry,
  inputs: readonly TrustInput[],
  scoredAt: Date = new Date(),
  options: ScoreOptions = {},
): Promise<TrustResult[]> {
  const { explain = true, timings } = options;
  const started = performance.now();
  validateBatch(inputs, validateTrustInput);
  const results = new Array<TrustResult>(inputs.length);
  const width = TRUST_FEATURES.length;
  const groups = groupBySelectedVersion(registry, 'trust', inputs);
  if (timings) timings.featuresMs += performance.now() - started;
  await Promise.all(
    [...groups].map(async ([model, rows]) => {
      const config = model.config;
      if (config.kind !== 'trust') throw new Error(`${model.id} is not a trust model`);
      const featuresStarted = performance.now();
      const resolved = rows.map((i) => resolveTrustInput(inputs[i]!));
      const matrix = trustFeatureMatrix(resolved);
      if (timings) timings.featuresMs += performance.now() - featuresStarted;
      const out = await timedRun(model, matrix, rows.length, classifierOutputs(explain), timings);
      const resultsStarted = performance.now();
      const probabilities = out['probabilities']!;
      const contributions = out['contributions'];
      for (let k = 0; k < rows.length; k++) {
        const r = resolved[k]!;
        const pModel = probabilities[2 * k + 1]!;
        const { p, applied } = applyTrustRules(pModel, r, config.rules);
        let ruleFactor = 1;
        for (const a of applied) ruleFactor *= 1 - a.rule.weight;
        const trustScore = 100 * (1 - p);
        const outcome = trustOutcome(trustScore);
        const offset = k * width;
        let reasons: Reason[] | undefined;
        results[rows[k]!] = {
          kolId: inputs[rows[k]!]!.kolId ?? null,
          trustScore,
          isTrustworthy: outcome.isTrustworthy,
          riskLevel: outcome.riskLevel,
          confidence: outcome.confidence,
          modelVersion: model.version,
          scoredAt,
          // Built on first read: a caller that never reads the reasons never pays for them.
          get reasons(): Reason[] {
            if (!contributions) return unexplained();
            return (reasons ??= trustReasons(
              r,
              contributions,
              offset,
              logit(pModel),
              ruleFactor,
              applied,
            ));
          },
          set reasons(value: Reason[]) {
            reasons = value;
          },
        };
      }
      if (timings) timings.resultsMs += performance.now() - resultsStarted;
    }),
  );
  return results;
}
