import { anomalyFeatureMatrix } from '../features/anomaly';
import type { ModelRegistry } from '../registry';
import type { AnomalyInput, AnomalyResult } from '../core/types';
import { validateAnomalyInput, validateBatch } from '../core/validation';
import { groupBySelectedVersion } from './select';

/**
 * anomalyScore = clip((d_p50 - d) / (d_p50 - d_p01), 0, 1) with d the IsolationForest decision
 * score (higher = more normal) and d_p50, d_p01 from the card: 0 for profiles at least as ordinary
 * as the median training profile, 1 for the 1% most unusual.
 */
export function normaliseDecision(d: number, p50: number, p01: number): number {
  return Math.min(1, Math.max(0, (p50 - d) / (p50 - p01)));
}

export async function scoreAnomaly(
  registry: ModelRegistry,
  inputs: readonly AnomalyInput[],
  scoredAt: Date = new Date(),
): Promise<AnomalyResult[]> {
  validateBatch(inputs, validateAnomalyInput);
  const results = new Array<AnomalyResult>(inputs.length);
  const groups = groupBySelectedVersion(registry, 'anomaly', inputs);
  await Promise.all(
    [...groups].map(async ([model, rows]) => {
      const config = model.config;
      if (config.kind !== 'anomaly') throw new Error(`${model.id} is not an anomaly model`);
      const matrix = anomalyFeatureMatrix(rows.map((i) => inputs[i]!));
      const scores = (await model.session.run(matrix, rows.length, ['scores']))['scores']!;
      for (let k = 0; k < rows.length; k++) {
        results[rows[k]!] = {
          kolId: inputs[rows[k]!]!.kolId ?? null,
          anomalyScore: normaliseDecision(scores[k]!, config.decisionP50, config.decisionP01),
          modelVersion: model.version,
          scoredAt,
        };
      }
    }),
  );
  return results;
}
