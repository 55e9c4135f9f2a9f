/** A batch is one ONNX run per model: counted with a spy on the onnxruntime session. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  buildTrustMatrix,
  createInferenceService,
  type AnomalyInput,
  type InferenceService,
  type SuccessInput,
  type TrustInput,
} from '../../inference';
import { MODELS_DIR } from './helpers';

let service: InferenceService;

beforeAll(async () => {
  service = await createInferenceService({ modelsDir: MODELS_DIR });
});
afterAll(async () => {
  await service.close();
});

const N = 10_000;

function trustRows(): TrustInput[] {
  return Array.from({ length: N }, (_, i) => ({
    kolId: `kol-${i}`,
    followersCount: (i * 7919) % 250_000,
    followingCount: (i * 104_729) % 8_000,
    postCount: (i * 31) % 3_000,
    favoritesCount: i % 3 === 0 ? null : (i * 997) % 2_000_000,
    accountAgeDays: i % 5 === 0 ? null : 1 + (i % 3_000),
    hasProfileImage: i % 11 !== 0,
    bioLength: i % 150,
  }));
}

describe('batching', () => {
  it('10,000 trust rows: one session run, results in input order', async () => {
    const session = service.registry.production('trust').session;
    const spy = vi.spyOn(session.ort, 'run');
    try {
      const rows = trustRows();
      const results = await service.scoreTrust(rows);
      expect(spy).toHaveBeenCalledTimes(1);
      const feeds = spy.mock.calls[0]![0] as Record<string, { dims: readonly number[] }>;
      expect(feeds['features']!.dims).toEqual([N, 13]);
      expect(results).toHaveLength(N);
      expect(results.map((r) => r.kolId)).toEqual(rows.map((r) => r.kolId));
    } finally {
      spy.mockRestore();
    }
  });

  it('a single row scores the same alone as inside the batch', async () => {
    const rows = trustRows();
    const batch = await service.scoreTrust(rows);
    for (const i of [0, 1, 4_999, 9_999]) {
      const [alone] = await service.scoreTrust([rows[i]!]);
      expect(alone!.trustScore).toBe(batch[i]!.trustScore);
      expect(alone!.reasons).toEqual(batch[i]!.reasons);
    }
  });

  it('the tensor is exactly the exported feature matrix', async () => {
    const session = service.registry.production('trust').session;
    const spy = vi.spyOn(session.ort, 'run');
    try {
      const rows = trustRows().slice(0, 50);
      await service.scoreTrust(rows);
      const feeds = spy.mock.calls[0]![0] as Record<string, { data: Float32Array }>;
      expect(Array.from(feeds['features']!.data)).toEqual(Array.from(buildTrustMatrix(rows)));
    } finally {
      spy.mockRestore();
    }
  });

  it('10,000 success rows and 10,000 anomaly rows: one run each', async () => {
    const success: SuccessInput[] = Array.from({ length: N }, (_, i) => ({
      videoViews: 100 + ((i * 7919) % 500_000),
      videoLikes: (i * 13) % 20_000,
      videoComments: i % 500,
      videoShares: i % 300,
      price: 10_000 + ((i * 104_729) % 2_000_000),
    }));
    const anomaly: AnomalyInput[] = Array.from({ length: N }, (_, i) => ({
      followersCount: 100 + ((i * 7919) % 1_000_000),
      followingCount: i % 7_500,
      postCount: i % 5_000,
      followerDelta24h: (i % 200) - 50,
    }));
    const s = vi.spyOn(service.registry.production('success').session.ort, 'run');
    const a = vi.spyOn(service.registry.production('anomaly').session.ort, 'run');
    try {
      expect(await service.scoreSuccess(success)).toHaveLength(N);
      expect(await service.scoreAnomaly(anomaly)).toHaveLength(N);
      expect(s).toHaveBeenCalledTimes(1);
      expect(a).toHaveBeenCalledTimes(1);
    } finally {
      s.mockRestore();
      a.mockRestore();
    }
  });

  it('an empty batch runs nothing', async () => {
    const spy = vi.spyOn(service.registry.production('trust').session.ort, 'run');
    try {
      expect(await service.scoreTrust([])).toEqual([]);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});
