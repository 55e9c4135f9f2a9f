import { SUCCESS_FEATURES, resolveSuccessInput, successFeatureMatrix } from '../features/success';
import { successOutcome } from '../core/outcomes';
import { logit } from '../reasons/format';
import { successReasons } from '../reasons/success';
import type { ModelRegistry } from '../registry';
import type { Reason, SuccessInput, SuccessResult } from '../core/types';
import { validateBatch, validateSuccessInput } from '../core/validation';
import { groupBySelectedVersion } from './select';

/** Scores a batch: validation, then one ONNX run per serving version. */
export async function scoreSuccess(
  registry: ModelRegistry,
  inputs: readonly SuccessInput[],
  scoredAt: Date = new Date(),
): Promise<SuccessResult[]> {
  validateBatch(inputs, validateSuccessInput);
  const results = new Array<SuccessResult>(inputs.length);
  const width = SUCCESS_FEATURES.length;
  const groups = groupBySelectedVersion(registry, 'success', inputs);
  await Promise.all(
    [...groups].map(async ([model, rows]) => {
      const config = model.config;
      if (config.kind !== 'success') throw new Error(`${model.id} is not a success model`);
      const resolved = rows.map((i) => resolveSuccessInput(inputs[i]!));
      const matrix = successFeatureMatrix(resolved, config.thresholds);
      const out = await model.session.run(matrix, rows.length, ['probabilities', 'contributions']);
      const probabilities = out['probabilities']!;
      const contributions = out['contributions']!;
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
    }),
  );
  return results;
}
