/** Registry: list, promote, rollback, canary share (in memory, effective immediately). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  InputValidationError,
  ModelNotFoundError,
  ModelRegistry,
  RegistryStateError,
  canaryBucket,
  createInferenceService,
  type InferenceService,
} from '../../inference';
import { LEGIT, MODELS_DIR } from './helpers';

let service: InferenceService;

afterEach(async () => {
  await service.close();
});

describe('list', () => {
  beforeEach(async () => {
    service = await createInferenceService({ modelsDir: MODELS_DIR });
  });

  it('shows every version with its card: stage, held-out metrics, features, data licence', () => {
    const list = service.registry.list();
    expect(list.map((m) => `${m.name}@${m.version}:${m.stage}`)).toEqual([
      'anomaly@1.0.0:Production',
      'forecast@1.0.0:Production',
      'success@1.0.0:Production',
      'trust@1.0.0:Production',
      'trust@1.1.0:Staging',
    ]);
    const trust = list.find((m) => m.name === 'trust' && m.version === '1.0.0')!;
    expect(trust.features).toHaveLength(13);
    const auc = trust.metrics.find((m) => m.name === 'roc_auc')!.value;
    expect(auc).toBeGreaterThan(0.9);
    expect(auc).toBeLessThanOrEqual(1);
    expect(trust.trainingData.licence).toContain('CC BY-NC 4.0');
    expect(trust.trainingData.rows).toBe(967);
    expect(trust.createdAt).toBeInstanceOf(Date);
    expect(trust.trafficShare).toBe(1);
    const success = list.find((m) => m.name === 'success')!;
    expect(success.features).toHaveLength(21);
    expect(success.metrics.map((m) => m.name)).toEqual(expect.arrayContaining(['f1', 'roc_auc']));
  });
});

describe('promote and rollback', () => {
  beforeEach(async () => {
    service = await createInferenceService({ modelsDir: MODELS_DIR });
  });

  it('promote makes the version serve the next request; the old Production is Archived', async () => {
    expect((await service.scoreTrust([LEGIT]))[0]!.modelVersion).toBe('1.0.0');
    const info = service.registry.promote('trust', '1.1.0');
    expect(info).toMatchObject({ name: 'trust', version: '1.1.0', stage: 'Production' });
    expect((await service.scoreTrust([LEGIT]))[0]!.modelVersion).toBe('1.1.0');
    const stages = Object.fromEntries(
      service.registry
        .list()
        .filter((m) => m.name === 'trust')
        .map((m) => [m.version, m.stage]),
    );
    expect(stages).toEqual({ '1.0.0': 'Archived', '1.1.0': 'Production' });
  });

  it('rollback restores the previous Production and archives the promoted one', async () => {
    service.registry.promote('trust', '1.1.0');
    const info = service.registry.rollback('trust');
    expect(info).toMatchObject({ version: '1.0.0', stage: 'Production' });
    expect((await service.scoreTrust([LEGIT]))[0]!.modelVersion).toBe('1.0.0');
    expect(service.registry.get('trust', '1.1.0')).toBeDefined();
    expect(service.registry.stageOf(service.registry.get('trust', '1.1.0')!)).toBe('Archived');
  });

  it('rollback with nothing promoted is refused', () => {
    expect(() => service.registry.rollback('trust')).toThrow(RegistryStateError);
    service.registry.promote('trust', '1.1.0');
    service.registry.rollback('trust');
    expect(() => service.registry.rollback('trust')).toThrow(/no earlier Production/);
  });

  it('promoting the current Production is a no-op', () => {
    expect(service.registry.promote('trust', '1.0.0').stage).toBe('Production');
    expect(() => service.registry.rollback('trust')).toThrow(RegistryStateError);
  });

  it('unknown models and versions are NOT_FOUND errors', () => {
    expect(() => service.registry.promote('trust', '9.9.9')).toThrow(ModelNotFoundError);
    expect(() => service.registry.promote('nope', '1.0.0')).toThrow(/unknown model "nope"/);
    expect(() => service.registry.rollback('nope')).toThrow(ModelNotFoundError);
  });
});

describe('canary share', () => {
  it('0 by default: every request is served by Production', async () => {
    service = await createInferenceService({ modelsDir: MODELS_DIR });
    const rows = Array.from({ length: 200 }, (_, i) => ({ ...LEGIT, kolId: `kol-${i}` }));
    const versions = new Set((await service.scoreTrust(rows)).map((r) => r.modelVersion));
    expect(versions).toEqual(new Set(['1.0.0']));
  });

  it('sends about the configured share of KOLs to Staging, the same KOL always to the same version', async () => {
    service = await createInferenceService({ modelsDir: MODELS_DIR, canaryShare: { trust: 0.3 } });
    const rows = Array.from({ length: 4000 }, (_, i) => ({ ...LEGIT, kolId: `kol-${i}` }));
    const first = await service.scoreTrust(rows);
    const staged = first.filter((r) => r.modelVersion === '1.1.0').length / rows.length;
    expect(staged).toBeGreaterThan(0.26);
    expect(staged).toBeLessThan(0.34);
    for (const [i, r] of first.entries()) {
      expect(r.modelVersion).toBe(canaryBucket('trust', `kol-${i}`) < 0.3 ? '1.1.0' : '1.0.0');
    }
    const second = await service.scoreTrust(rows);
    expect(second.map((r) => r.modelVersion)).toEqual(first.map((r) => r.modelVersion));
    const info = service.registry.list().filter((m) => m.name === 'trust');
    expect(info.map((m) => m.trafficShare)).toEqual([0.7, 0.3]);
  });

  it('uses the random source for rows without a KOL id', async () => {
    let next = 0.1;
    service = await createInferenceService({
      modelsDir: MODELS_DIR,
      canaryShare: 0.3,
      random: () => next,
    });
    const { kolId: _k, ...anonymous } = LEGIT;
    expect((await service.scoreTrust([anonymous]))[0]!.modelVersion).toBe('1.1.0');
    next = 0.9;
    expect((await service.scoreTrust([anonymous]))[0]!.modelVersion).toBe('1.0.0');
  });

  it('a mixed batch is one ONNX run per serving version', async () => {
    service = await createInferenceService({ modelsDir: MODELS_DIR, canaryShare: { trust: 0.5 } });
    const prod = service.registry.get('trust', '1.0.0')!.session;
    const staging = service.registry.get('trust', '1.1.0')!.session;
    const before = [prod.runCount, staging.runCount];
    const rows = Array.from({ length: 1000 }, (_, i) => ({ ...LEGIT, kolId: `k${i}` }));
    const results = await service.scoreTrust(rows);
    expect([prod.runCount - before[0]!, staging.runCount - before[1]!]).toEqual([1, 1]);
    expect(results.map((r) => r.kolId)).toEqual(rows.map((r) => r.kolId));
  });

  it('can be changed at run time and is validated', async () => {
    service = await createInferenceService({ modelsDir: MODELS_DIR });
    service.registry.setCanaryShare(1, 'trust');
    expect((await service.scoreTrust([LEGIT]))[0]!.modelVersion).toBe('1.1.0');
    expect(() => service.registry.setCanaryShare(1.5)).toThrow(InputValidationError);
    expect(() => service.registry.setCanaryShare(Number.NaN, 'trust')).toThrow(
      InputValidationError,
    );
    await expect(ModelRegistry.load(MODELS_DIR, { canaryShare: -0.1 })).rejects.toThrow(
      InputValidationError,
    );
  });

  it('a model without a Staging version ignores the share', async () => {
    service = await createInferenceService({ modelsDir: MODELS_DIR, canaryShare: 1 });
    const [s] = await service.scoreSuccess([
      { videoViews: 1000, videoLikes: 10, videoComments: 1, videoShares: 1, price: 1000 },
    ]);
    expect(s!.modelVersion).toBe('1.0.0');
  });
});
