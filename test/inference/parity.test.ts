/**
 * Parity with the training pipeline: for every row of every fixture (written by
 * training/parity.py with Python feature engineering + onnxruntime), the TypeScript features,
 * model outputs and final scores agree to 1e-5.
 */
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ModelRegistry,
  anomalyFeatureVector,
  normaliseDecision,
  resolveTrustInput,
  successFeatureVector,
  trustFeatureVector,
  type AnomalyInput,
  type LoadedModel,
  type SuccessInput,
  type TrustInput,
} from '../../inference';
import { applyTrustRules } from '../../inference/rules/trust';
import { MODELS_DIR, PARITY_DIR, close, readFixture, type ParityFixture } from './helpers';

let registry: ModelRegistry;

beforeAll(async () => {
  registry = await ModelRegistry.load(MODELS_DIR);
});
afterAll(async () => {
  await registry.close();
});

function model(name: string, version: string): LoadedModel {
  const m = registry.get(name, version);
  if (!m) throw new Error(`fixture for ${name}@${version} but no such model is loaded`);
  return m;
}

function expectVectorClose(
  actual: ArrayLike<number>,
  expected: readonly number[],
  tol: number,
  what: string,
): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!close(actual[i]!, expected[i]!, tol)) {
      throw new Error(`${what}[${i}]: TypeScript ${actual[i]} vs Python ${expected[i]}`);
    }
  }
}

function matrixOf(rows: number[][]): Float32Array {
  return Float32Array.from(rows.flat());
}

describe('parity fixtures', () => {
  it('cover every loaded trust, success and anomaly version', async () => {
    const files = (await fs.readdir(PARITY_DIR)).filter((f) => f.endsWith('.json')).sort();
    const loaded = registry
      .list()
      .map((m) => `${m.name}-${m.version}.json`)
      .sort();
    expect(files).toEqual(loaded);
  });
});

describe.each(['trust-1.0.0.json', 'trust-1.1.0.json'])('%s', (file) => {
  let fixture: ParityFixture<TrustInput>;
  beforeAll(async () => {
    fixture = await readFixture<TrustInput>(file);
  });

  it('has ~50 rows including edge cases', () => {
    expect(fixture.rows.length).toBeGreaterThanOrEqual(45);
    expect(fixture.features).toEqual(model('trust', fixture.version).card.features);
  });

  it('engineers the same features', () => {
    for (const [i, row] of fixture.rows.entries()) {
      expectVectorClose(
        trustFeatureVector(row.input),
        row.features,
        fixture.tolerance,
        `row ${i} features`,
      );
    }
  });

  it('gives the same probabilities, contributions and final trust scores', async () => {
    const m = model('trust', fixture.version);
    if (m.config.kind !== 'trust') throw new Error('not a trust model');
    const x = matrixOf(fixture.rows.map((r) => trustFeatureVector(r.input)));
    const out = await m.session.run(x, fixture.rows.length, ['probabilities', 'contributions']);
    const width = fixture.features.length;
    for (const [i, row] of fixture.rows.entries()) {
      const p = out['probabilities']![2 * i + 1]!;
      expect(Math.abs(p - row.probability!), `row ${i} probability`).toBeLessThanOrEqual(
        fixture.tolerance,
      );
      expectVectorClose(
        out['contributions']!.subarray(i * width, (i + 1) * width),
        row.contributions!,
        fixture.tolerance,
        `row ${i} contributions`,
      );
      const { p: pFinal, applied } = applyTrustRules(
        p,
        resolveTrustInput(row.input),
        m.config.rules,
      );
      expect(
        applied.map((a) => a.rule.code),
        `row ${i} rules`,
      ).toEqual(row.rulesFired);
      expect(
        Math.abs(100 * (1 - pFinal) - row.trustScore!),
        `row ${i} trustScore`,
      ).toBeLessThanOrEqual(100 * fixture.tolerance);
    }
  });
});

describe('success-1.0.0.json', () => {
  let fixture: ParityFixture<SuccessInput>;
  beforeAll(async () => {
    fixture = await readFixture<SuccessInput>('success-1.0.0.json');
  });

  it('engineers the same 21 features with the card thresholds', () => {
    const m = model('success', fixture.version);
    if (m.config.kind !== 'success') throw new Error('not a success model');
    expect(fixture.features).toHaveLength(21);
    for (const [i, row] of fixture.rows.entries()) {
      expectVectorClose(
        successFeatureVector(row.input, m.config.thresholds),
        row.features,
        fixture.tolerance,
        `row ${i} features`,
      );
    }
  });

  it('gives the same P(High) and contributions (scaler inside the graph)', async () => {
    const m = model('success', fixture.version);
    const x = matrixOf(fixture.rows.map((r) => r.features));
    const out = await m.session.run(x, fixture.rows.length, ['probabilities', 'contributions']);
    for (const [i, row] of fixture.rows.entries()) {
      const p = out['probabilities']![2 * i + 1]!;
      expect(Math.abs(p - row.probability!), `row ${i} probability`).toBeLessThanOrEqual(
        fixture.tolerance,
      );
      expect(Math.abs(100 * p - row.successScore!)).toBeLessThanOrEqual(100 * fixture.tolerance);
      expectVectorClose(
        out['contributions']!.subarray(i * 21, (i + 1) * 21),
        row.contributions!,
        fixture.tolerance,
        `row ${i} contributions`,
      );
    }
  });
});

describe('anomaly-1.0.0.json', () => {
  let fixture: ParityFixture<AnomalyInput>;
  beforeAll(async () => {
    fixture = await readFixture<AnomalyInput>('anomaly-1.0.0.json');
  });

  it('engineers the same features and normalised scores', async () => {
    const m = model('anomaly', fixture.version);
    if (m.config.kind !== 'anomaly') throw new Error('not an anomaly model');
    const vectors = fixture.rows.map((r) => anomalyFeatureVector(r.input));
    for (const [i, row] of fixture.rows.entries()) {
      expectVectorClose(vectors[i]!, row.features, fixture.tolerance, `row ${i} features`);
    }
    const out = await m.session.run(matrixOf(vectors), fixture.rows.length, ['scores']);
    for (const [i, row] of fixture.rows.entries()) {
      const d = out['scores']![i]!;
      expect(Math.abs(d - row.decisionScore!), `row ${i} decision`).toBeLessThanOrEqual(
        fixture.tolerance,
      );
      const a = normaliseDecision(d, m.config.decisionP50, m.config.decisionP01);
      expect(Math.abs(a - row.anomalyScore!), `row ${i} anomalyScore`).toBeLessThanOrEqual(
        fixture.tolerance,
      );
    }
  });
});
