import {
  TRUST_FEATURES,
  resolveTrustInto,
  writeTrustFeatures,
  type ResolvedTrustInput,
} from '../features/trust';
import { trustOutcome } from '../core/outcomes';
import { logit } from '../reasons/format';
import { trustReasons } from '../reasons/trust';
import type { LoadedModel, ModelRegistry } from '../registry';
import { applyTrustRules, type TrustRule } from '../rules/trust';
import {
  inputRows,
  type BatchOptions,
  type InputRows,
  type Reason,
  type ScoreOptions,
  type TrustBatch,
  type TrustInput,
  type TrustResult,
} from '../core/types';
import { validateBatch, validateTrustInput } from '../core/validation';
import { groupRowsByVersion } from './select';
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
  validateBatch(inputs, validateTrustInput);
  const batch = await scoreTrustRows(registry, inputRows(inputs), scoredAt, {
    ...options,
    validated: true,
  });
  const results = new Array<TrustResult>(batch.length);
  for (let k = 0; k < batch.length; k++) results[k] = trustResultOf(batch, k);
  return results;
}

/** Entry `k` of a batch as a TrustResult (reasons built on first read). */
export function trustResultOf(batch: TrustBatch, k: number): TrustResult {
  const trustScore = batch.trustScore[k]!;
  const outcome = trustOutcome(trustScore);
  let reasons: Reason[] | undefined;
  return {
    kolId: batch.kolId(k),
    trustScore,
    isTrustworthy: outcome.isTrustworthy,
    riskLevel: outcome.riskLevel,
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

/** One serving version's share of a batch: its model, config and outputs. */
interface TrustGroup {
  model: LoadedModel;
  rules: readonly TrustRule[];
  contributions: Float32Array | undefined;
}

/**
 * The batch core: the rows at `options.positions` of `rows` (all by default), validated unless
 * `options.validated`, one ONNX run per serving version, the rules, and the scores as columns.
 * No object per row: features go straight from each row into the matrix; reasons are built per
 * entry on call, from the row read again.
 */
export async function scoreTrustRows(
  registry: ModelRegistry,
  rows: InputRows<TrustInput>,
  scoredAt: Date = new Date(),
  options: BatchOptions = {},
): Promise<TrustBatch> {
  const { explain = true, timings } = options;
  const started = performance.now();
  const positions = options.positions ?? identity(rows.length);
  const n = positions.length;
  if (!options.validated) {
    for (let k = 0; k < n; k++) validateTrustInput(rows.row(positions[k]!), k);
  }
  const trustScore = new Float64Array(n);
  const pModel = new Float32Array(n);
  /** Per entry: its group and its row in that group's run. */
  const groupOf = new Uint8Array(n);
  const rowInGroup = new Int32Array(n);
  const groups: TrustGroup[] = [];
  const byVersion = groupRowsByVersion(registry, 'trust', n, (k) => rows.row(positions[k]!).kolId);
  const width = TRUST_FEATURES.length;
  const scratch = {} as ResolvedTrustInput;
  const matrices = [...byVersion].map(([model, entries]) => {
    const matrix = new Float32Array(entries.length * width);
    const g = groups.length;
    groups.push({ model, rules: [], contributions: undefined });
    for (let j = 0; j < entries.length; j++) {
      const k = entries[j]!;
      groupOf[k] = g;
      rowInGroup[k] = j;
      writeTrustFeatures(resolveTrustInto(rows.row(positions[k]!), scratch), matrix, j * width);
    }
    return matrix;
  });
  if (timings) timings.featuresMs += performance.now() - started;
  for (const [g, group] of groups.entries()) {
    const config = group.model.config;
    if (config.kind !== 'trust') throw new Error(`${group.model.id} is not a trust model`);
    group.rules = config.rules;
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
    group.contributions = out['contributions'];
    for (let j = 0; j < entries.length; j++) {
      const k = entries[j]!;
      const p0 = probabilities[2 * j + 1]!;
      pModel[k] = p0;
      const r = resolveTrustInto(rows.row(positions[k]!), scratch);
      trustScore[k] = 100 * (1 - applyTrustRules(p0, r, config.rules).p);
    }
    if (timings) timings.resultsMs += performance.now() - resultsStarted;
  }
  return {
    length: n,
    trustScore,
    scoredAt,
    modelVersion: (k) => groups[groupOf[k]!]!.model.version,
    kolId: (k) => rows.row(positions[k]!).kolId ?? null,
    reasons(k) {
      const group = groups[groupOf[k]!]!;
      const contributions = group.contributions;
      if (!contributions) return unexplained();
      // The scoring loops are done: their scratch object serves (nothing built keeps it).
      const r = resolveTrustInto(rows.row(positions[k]!), scratch);
      const p0 = pModel[k]!;
      const { applied } = applyTrustRules(p0, r, group.rules);
      let ruleFactor = 1;
      for (const a of applied) ruleFactor *= 1 - a.rule.weight;
      return trustReasons(r, contributions, rowInGroup[k]! * width, logit(p0), ruleFactor, applied);
    },
  };
}

/** 0..n-1. */
export function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
