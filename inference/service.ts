/**
 * The inference service the gateway uses: one registry (sessions created once, reused), the
 * three raw-input batch scorers and the stored-KOL scoring core. A batch of N rows is one ONNX run
 * per model (per serving version when a canary share is set).
 */
import * as path from 'node:path';
import { SCORE_MODELS } from '../domain/types';
import { ModelLoadError } from './core/errors';
import { ModelRegistry, type RegistryOptions } from './registry';
import { scoreAnomaly } from './scorers/anomaly';
import { scoreSuccess, scoreSuccessRows } from './scorers/success';
import { scoreTrust, scoreTrustRows } from './scorers/trust';
import { scoreStoredKols, type StoredKol, type StoredKolScores } from './stored/score';
import type {
  BatchOptions,
  InputRows,
  SuccessBatch,
  TrustBatch,
  AnomalyInput,
  AnomalyResult,
  ScoreOptions,
  SuccessInput,
  SuccessResult,
  TrustInput,
  TrustResult,
} from './core/types';

/** Every model whose scores the gateway stores: the stored-KOL scoring core runs each of them. */
export const SERVED_MODELS = SCORE_MODELS;

export interface InferenceServiceOptions extends RegistryOptions {
  /** Directory holding `<name>/<version>/{card.json, model.onnx}` (config MODELS_DIR). */
  modelsDir: string;
  /** Models that must have a Production version at start (default: SERVED_MODELS). */
  requiredModels?: readonly string[];
}

export interface InferenceService {
  readonly registry: ModelRegistry;
  /**
   * Results in input order. Throws InputValidationError (with `row`) before running anything.
   * `options.explain: false` skips what `reasons` is built from (see ScoreOptions).
   */
  scoreTrust(inputs: readonly TrustInput[], options?: ScoreOptions): Promise<TrustResult[]>;
  scoreSuccess(inputs: readonly SuccessInput[], options?: ScoreOptions): Promise<SuccessResult[]>;
  /**
   * The same scoring as columns, for large batches: rows read by position (objects or columns),
   * no object per row. Validates the rows at `options.positions` unless `options.validated`.
   */
  scoreTrustRows(rows: InputRows<TrustInput>, options?: BatchOptions): Promise<TrustBatch>;
  scoreSuccessRows(rows: InputRows<SuccessInput>, options?: BatchOptions): Promise<SuccessBatch>;
  scoreAnomaly(inputs: readonly AnomalyInput[]): Promise<AnomalyResult[]>;
  /** Scores stored KOLs from profile and metrics (see inference/stored/score.ts). */
  scoreStoredKols(kols: readonly StoredKol[], now: Date): Promise<StoredKolScores[]>;
  /** Releases every ONNX session. */
  close(): Promise<void>;
}

export async function createInferenceService(
  options: InferenceServiceOptions,
): Promise<InferenceService> {
  const { modelsDir, requiredModels = SERVED_MODELS, ...registryOptions } = options;
  const registry = await ModelRegistry.load(modelsDir, registryOptions);
  for (const name of requiredModels) {
    if (!registry.list().some((m) => m.name === name && m.stage === 'Production')) {
      await registry.close();
      throw new ModelLoadError(
        path.join(registry.dir, name),
        `no Production version of model "${name}" (every served model needs one)`,
      );
    }
  }
  return {
    registry,
    scoreTrust: (inputs, options) => scoreTrust(registry, inputs, new Date(), options),
    scoreSuccess: (inputs, options) => scoreSuccess(registry, inputs, new Date(), options),
    scoreTrustRows: (rows, options) => scoreTrustRows(registry, rows, new Date(), options),
    scoreSuccessRows: (rows, options) => scoreSuccessRows(registry, rows, new Date(), options),
    scoreAnomaly: (inputs) => scoreAnomaly(registry, inputs),
    scoreStoredKols: (kols, now) => scoreStoredKols(registry, kols, now),
    close: () => registry.close(),
  };
}
