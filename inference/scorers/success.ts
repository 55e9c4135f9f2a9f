import { SUCCESS_FEATURES, resolveSuccessInput, successFeatureMatrix } from '../features/success';
import { successOutcome } from '../core/outcomes';
import { logit } from '../reasons/format';
import { successReasons } from '../reasons/success';
import type { ModelRegistry } from '../registry';
import type { Reason, ScoreOptions, SuccessInput, SuccessResult } from '../core/types';
import { validateBatch, validateSuccessInput } from '../core/validation';
import { groupBySelectedVersion } from './select';
import { classifierOutputs, timedRun, unexplained } from './timed-run';

/** Scores a batch: validation, then one ONNX run per serving version. */
export async function scoreSuccess(
  registry: ModelRegistry,
  inputs: readonly SuccessInput[],
  scoredAt: Date = new Date(),
  options: ScoreOptions = {},
): Promise<SuccessResult[]> {
  const { explain = true, timings } = options;
  const started = performance.now();
  validateBatch(inputs, validateSuccessInput);
  const results = new Array<SuccessResult>(inputs.length);
  const width = SUCCESS_FEATURES.length;
  const groups = groupBySelectedVersion(registry, 'success', inputs);
  if (timings) timings.featuresMs += performance.now() - started;
  await Promise.all(
    [...groups].map(async ([model, rows]) => {
      const config = model.config;
      if (config.kind !== 'success') throw new Error(`${model.id} is not a success model`);
      const featuresStarted = performance.now();
      const resolved = rows.map((i) => resolveSuccessInput(inputs[i]!));
      const matrix = successFeatureMatrix(resolved, config.thresholds);
      if (timings) timings.featuresMs += performance.now() - featuresStarted;
      const out = await timedRun(model, matrix, rows.length, classifierOutputs(explain), timings);
      const resultsStarted = performance.now();
      const probabilities = out['probabilities']!;
      const contributions = out['contributions'];
      for (let k = 0; k < rows.length; k++) {
        const p = probabilities[2 * k + 1]!;
        const successScore = 100 * p;
        const outcome = successOutcome(successScore);
        const offset = k * width;
        let reasons: Reason[] | undefined;
        results[rows[k]!] = {
          kolId: inputs[rows[k]!]!.kolId ?? null,
          successScore,
          tier: outcome.tier,
          isHigh: outcome.isHigh,
          confidence: outcome.confidence,
          modelVersion: model.version,
          scoredAt,
          // Built on first read: a caller that never reads the reasons never pays for them.
          get reasons(): Reason[] {
            if (!contributions) return unexplained();
            return (reasons ??= successReasons(
              resolved[k]!,
              config.thresholds,
              contributions,
              offset,
              logit(p),
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
