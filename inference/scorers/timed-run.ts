import type { LoadedModel } from '../registry';
import type { ScorerTimings } from '../core/types';

/** The outputs a classifier run needs: contributions only when reasons will be built. */
export function classifierOutputs(explain: boolean): string[] {
  return explain ? ['probabilities', 'contributions'] : ['probabilities'];
}

/** One model run on a [rows, F] matrix, its time added to `timings` when given. */
export async function timedRun(
  model: LoadedModel,
  matrix: Float32Array,
  rows: number,
  outputs: readonly string[],
  timings: ScorerTimings | undefined,
): Promise<Record<string, Float32Array>> {
  const started = performance.now();
  try {
    return await model.session.run(matrix, rows, outputs);
  } finally {
    if (timings) timings.ortMs += performance.now() - started;
  }
}

/** Thrown on reading `reasons` of a result scored with `explain: false`. */
export function unexplained(): never {
  throw new Error('reasons were not computed: this batch was scored with explain: false');
}
