import {
  SUCCESS_FEATURES,
  resolveSuccessInto,
  writeSuccessFeatures,
  type ResolvedSuccessInput,
  type SuccessThresholds,
} from '../features/success';
import { successOutcome } from '../core/outcomes';
import { logit } from '../reasons/format';
import { successReasons } from '../reasons/success';
import type { LoadedModel, ModelRegistry } from '../registry';
import {
  inputRows,
  type BatchOptions,
  type InputRows,
  type Reason,
  type ScoreOptions,
  type SuccessBatch,
  type SuccessInput,
  type SuccessResult,
} from '../core/types';
import { validateBatch, validateSuccessInput } from '../core/validation';
import { groupRowsByVersion } from './select';
import { classifierOutputs, timedRun, unexplained } from './timed-run';
import { identity } from './trust';

/** Scores a batch: validation, then one ONNX run per serving version. */
export async function scoreSuccess(
  registry: ModelRegistry,
  inputs: readonly SuccessInput[],
  scoredAt: Date = new Date(),
  options: ScoreOptions = {},
): Promise<SuccessResult[]> {
  validateBatch(inputs, validateSuccessInput);
  const batch = await scoreSuccessRows(registry, inputRows(inputs), scoredAt, {
    ...options,
    validated: true,
  });
  const results = new Array<SuccessResult>(batch.length);
  for (let k = 0; k < batch.length; k++) results[k] = successResultOf(batch, k);
  return results;
}

/** Entry `k` of a batch as a SuccessResult (reasons built on first read). */
export function successResultOf(batch: SuccessBatch, k: number): SuccessResult {
  const successScore = batch.successScore[k]!;
  const outcome = successOutcome(successScore);
  let reasons: Reason[] | undefined;
  return {
    kolId: batch.kolId(k),
    successScore,
    tier: outcome.tier,
    isHigh: outcome.isHigh,
    confidence: outcome.confidence,
    modelVersion: batch.modelVersion(k),
    scoredAt: batch.scoredAt,
    // Built on first read: a caller that never reads the reasons never pays for them.
    get reasons(): Reason[] {
      return (reasons ??= batch.reasons(k));
    },
    set reasons(value: Reason[]) {
      reasons = value;
    },
  };
}

interface SuccessGroup {
  model: LoadedModel;
  thresholds: SuccessThresholds;
  probabilities: Float32Array | undefined;
  contributions: Float32Array | undefined;
}

/** The batch core, as scoreTrustRows: features straight into the matrix, scores as columns. */
export async function scoreSuccessRows(
  registry: ModelRegistry,
  rows: InputRows<SuccessInput>,
  scoredAt: Date = new Date(),
  options: BatchOptions = {},
): Promise<SuccessBatch> {
  const { explain = true, timings } = options;
  const started = performance.now();
  const positions = options.positions ?? identity(rows.length);
  const n = positions.length;
  if (!options.validated) {
    for (let k = 0; k < n; k++) validateSuccessInput(rows.row(positions[k]!), k);
  }
  const successScore = new Float64Array(n);
  const groupOf = new Uint8Array(n);
  const rowInGroup = new Int32Array(n);
  const groups: SuccessGroup[] = [];
  const byVersion = groupRowsByVersion(
    registry,
    'success',
    n,
    (k) => rows.row(positions[k]!).kolId,
  );
  const width = SUCCESS_FEATURES.length;
  const scratch = {} as ResolvedSuccessInput;
  const matrices = [...byVersion].map(([model, entries]) => {
    const config = model.config;
    if (config.kind !== 'success') throw new Error(`${model.id} is not a success model`);
    const matrix = new Float32Array(entries.length * width);
    const g = groups.length;
    groups.push({
      model,
      thresholds: config.thresholds,
      probabilities: undefined,
      contributions: undefined,
    });
    for (let j = 0; j < entries.length; j++) {
      const k = entries[j]!;
      groupOf[k] = g;
      rowInGroup[k] = j;
      const r = resolveSuccessInto(rows.row(positions[k]!), scratch);
      writeSuccessFeatures(r, config.thresholds, matrix, j * width);
    }
    return matrix;
  });
  if (timings) timings.featuresMs += performance.now() - started;
  for (const [g, group] of groups.entries()) {
    const entries = byVersion.get(group.model)!;
    const out = await timedRun(
      group.model,
      matrices[g]!,
      entries.length,
      classifierOutputs(explain),
      timings,
    );
    const resultsStarted = performance.now();
    const probabilities = out['probabilities']!;
    group.probabilities = probabilities;
    group.contributions = out['contributions'];
    for (let j = 0; j < entries.length; j++) {
      successScore[entries[j]!] = 100 * probabilities[2 * j + 1]!;
    }
    if (timings) timings.resultsMs += performance.now() - resultsStarted;
  }
  return {
    length: n,
    successScore,
    scoredAt,
    modelVersion: (k) => groups[groupOf[k]!]!.model.version,
    kolId: (k) => rows.row(positions[k]!).kolId ?? null,
    reasons(k) {
      const group = groups[groupOf[k]!]!;
      const { contributions, probabilities } = group;
      if (!contributions || !probabilities) return unexplained();
      const j = rowInGroup[k]!;
      const p = probabilities[2 * j + 1]!;
      // The scoring loops are done: their scratch object serves (nothing built keeps it).
      const r = resolveSuccessInto(rows.row(positions[k]!), scratch);
      return successReasons(r, group.thresholds, contributions, j * width, logit(p));
    },
  };
}
