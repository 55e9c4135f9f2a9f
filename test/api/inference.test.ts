import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import { demoKolId } from '../../demo/dataset';
import { createInferenceService, type InferenceService } from '../../inference/service';
import { postQuery, startTestGateway, type TestGateway } from '../support/gateway';

const legit = {
  followersCount: 100_000,
  followingCount: 500,
  postCount: 2_000,
  favoritesCount: 500_000,
  accountAgeDays: 2_000,
  verified: true,
  hasBio: true,
  hasUrl: true,
  hasProfileImage: true,
  bioLength: 150,
};
const suspicious = {
  followersCount: 50_000,
  followingCount: 50_000,
  postCount: 10_000,
  favoritesCount: 100,
  accountAgeDays: 30,
  verified: false,
  hasBio: false,
  hasUrl: false,
  hasProfileImage: false,
  bioLength: 0,
};
const campaign = {
  videoViews: 120_000,
  videoLikes: 9_000,
  videoComments: 700,
  videoShares: 300,
  price: 150_000,
};

const PREDICT_TRUST = `mutation ($input: TrustInput!) { predictTrust(input: $input) {
  trustScore isTrustworthy confidence riskLevel predictionSource modelVersion reasons { code message impact } } }`;
const SCORE_KOLS = `mutation ($input: ScoreKolsInput!) { scoreKols(input: $input) {
  scored failed tookMs results { index kolId error trust { trustScore riskLevel predictionSource } success { successScore tier } } } }`;

interface TrustPayload {
  predictTrust: {
    trustScore: number;
    riskLevel: string;
    predictionSource: string;
    reasons: { message: string }[];
  };
}
interface ScorePayload {
  scoreKols: {
    scored: number;
    failed: number;
    results: {
      index: number;
      kolId: string | null;
      error: string | null;
      trust: { trustScore: number; predictionSource: string } | null;
      success: { successScore: number; tier: string } | null;
    }[];
  };
}

let gateway: TestGateway;
let inference: InferenceService;
const admin = { 'x-api-key': 'admin-key' };

beforeAll(async () => {
  // A private model registry: this file promotes and rolls back versions.
  inference = await createInferenceService({ modelsDir: 'models' });
  gateway = await startTestGateway({ kols: 20, env: { API_KEYS: 'admin-key:admin' }, inference });
});

afterAll(async () => {
  await gateway.stop();
  await inference.close();
});

describe('predictTrust / predictSuccess', () => {
  it('scores the SPEC acceptance examples: legit > 80 LOW, suspicious < 40 HIGH with rule reasons', async () => {
    const good = await postQuery<TrustPayload, unknown>(gateway.url, PREDICT_TRUST, {
      input: legit,
    });
    expect(good.errors).toBeUndefined();
    expect(good.data!.predictTrust.trustScore).toBeGreaterThan(80);
    expect(good.data!.predictTrust.riskLevel).toBe('LOW');
    expect(good.data!.predictTrust.predictionSource).toBe('REALTIME');
    const bad = await postQuery<TrustPayload, unknown>(gateway.url, PREDICT_TRUST, {
      input: suspicious,
    });
    expect(bad.data!.predictTrust.trustScore).toBeLessThan(40);
    expect(bad.data!.predictTrust.riskLevel).toBe('HIGH');
    expect(bad.data!.predictTrust.reasons.map((r) => r.message).join(' ')).toMatch(
      /followers\/day/,
    );
  });

  it('scores success with tier bands', async () => {
    const res = await postQuery<
      { predictSuccess: { successScore: number; tier: string; isHigh: boolean } },
      unknown
    >(
      gateway.url,
      'mutation ($input: SuccessInput!) { predictSuccess(input: $input) { successScore tier isHigh } }',
      { input: campaign },
    );
    expect(res.errors).toBeUndefined();
    const { successScore, tier, isHigh } = res.data!.predictSuccess;
    expect(tier).toBe(successScore > 75 ? 'HIGH' : successScore >= 40 ? 'MEDIUM' : 'LOW');
    expect(isHigh).toBe(successScore >= 50);
  });

  it.each([
    [{ ...legit, followersCount: -5 }, /followersCount/],
    [{ ...legit, postCount: 1.5 }, /postCount/],
  ])('rejects %j with BAD_USER_INPUT naming the field', async (input, field) => {
    const res = await postQuery(gateway.url, PREDICT_TRUST, { input });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(field);
  });

  it('rejects strings where numbers belong and missing required fields', async () => {
    const text = await postQuery(gateway.url, PREDICT_TRUST, {
      input: { ...legit, followersCount: 'many' },
    });
    expect(text.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const { followersCount: _omitted, ...missing } = legit;
    const absent = await postQuery(gateway.url, PREDICT_TRUST, { input: missing });
    expect(absent.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(absent.errors?.[0]?.message).toMatch(/followersCount/);
  });
});

describe('scoreKols', () => {
  it('scores ids then rows in input order, reporting bad items without failing the batch', async () => {
    const res = await postQuery<ScorePayload, unknown>(gateway.url, SCORE_KOLS, {
      input: {
        kolIds: [demoKolId(0), 'unknown-kol'],
        rows: [
          { kolId: 'row-a', trust: legit, success: campaign },
          { kolId: 'row-b', trust: { ...suspicious, followingCount: -1 } },
          { kolId: 'row-c', success: campaign },
        ],
      },
    });
    expect(res.errors).toBeUndefined();
    const { results, scored, failed } = res.data!.scoreKols;
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((r) => r.kolId)).toEqual([
      demoKolId(0),
      'unknown-kol',
      'row-a',
      'row-b',
      'row-c',
    ]);
    expect(results[0]?.trust?.predictionSource).toBe('BATCH');
    expect(results[1]?.error).toMatch(/Unknown KOL id/);
    expect(results[2]?.trust!.trustScore).toBeGreaterThan(80);
    expect(results[2]?.success).not.toBeNull();
    expect(results[3]?.error).toMatch(/row 3.*followingCount/);
    expect(results[4]?.trust).toBeNull();
    expect(results[4]?.success).not.toBeNull();
    expect({ scored, failed }).toEqual({ scored: 3, failed: 2 });
    const [stored] = await gateway.services.data.scores.latest('trust', [demoKolId(0)]);
    expect(stored?.score).toBeCloseTo(results[0]?.trust?.trustScore ?? Number.NaN, 10);
  });

  it('scores 10,000 rows in one model run per model', async () => {
    const trustSession = inference.registry.production('trust').session;
    const successSession = inference.registry.production('success').session;
    const before = [trustSession.runCount, successSession.runCount];
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      trust: { ...legit, followersCount: 1_000 + i },
      success: { ...campaign, videoViews: 10_000 + i },
    }));
    const res = await postQuery<ScorePayload, unknown>(gateway.url, SCORE_KOLS, {
      input: { rows },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.scoreKols.scored).toBe(10_000);
    expect([
      trustSession.runCount - (before[0] ?? 0),
      successSession.runCount - (before[1] ?? 0),
    ]).toEqual([1, 1]);
  });

  it('rejects 10,001 items with BAD_USER_INPUT', async () => {
    const rows = Array.from({ length: 10_001 }, () => ({ success: campaign }));
    const res = await postQuery(gateway.url, SCORE_KOLS, { input: { rows } });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/at most 10,000 items/);
  });
});

describe('Kol.trust on demand', () => {
  it('computes trust in real time for KOLs without a stored score, one model run per request', async () => {
    const data = createEmbeddedDataSources();
    const source = await gateway.services.data.profiles.getMany([
      demoKolId(0),
      demoKolId(1),
      demoKolId(2),
    ]);
    await data.profiles.upsertMany(source.filter((p) => p !== null));
    const bare = await startTestGateway({ data, inference });
    const session = inference.registry.production('trust').session;
    const before = session.runCount;
    const res = await postQuery<
      { kols: { trust: { predictionSource: string; trustScore: number } }[] },
      unknown
    >(
      bare.url,
      `{ kols(ids: ["${demoKolId(0)}", "${demoKolId(1)}", "${demoKolId(2)}"]) { trust { predictionSource trustScore } } }`,
    );
    await bare.stop();
    expect(res.errors).toBeUndefined();
    expect(res.data!.kols.map((k) => k.trust.predictionSource)).toEqual([
      'REALTIME',
      'REALTIME',
      'REALTIME',
    ]);
    expect(session.runCount - before).toBe(1);
  });
});

describe('model registry', () => {
  const MODELS =
    '{ models { name version stage trafficShare metrics { name value } trainingData { source licence rows } } }';

  it('lists every model version with held-out metrics and licence', async () => {
    const res = await postQuery<
      {
        models: {
          name: string;
          version: string;
          stage: string;
          trainingData: { licence: string };
        }[];
      },
      unknown
    >(gateway.url, MODELS);
    expect(res.errors).toBeUndefined();
    const names = res.data!.models.map((m) => `${m.name}@${m.version}:${m.stage}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'trust@1.0.0:Production',
        'trust@1.1.0:Staging',
        'success@1.0.0:Production',
      ]),
    );
    expect(res.data!.models.find((m) => m.name === 'trust')!.trainingData.licence).toMatch(
      /CC BY-NC 4.0/,
    );
  });

  it('promotes and rolls back for admins only, effective on the next request', async () => {
    const promote = 'mutation { promoteModel(name: "trust", version: "1.1.0") { version stage } }';
    const denied = await postQuery(gateway.url, promote);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const promoted = await postQuery<{ promoteModel: { version: string; stage: string } }, unknown>(
      gateway.url,
      promote,
      undefined,
      admin,
    );
    expect(promoted.data!.promoteModel).toEqual({ version: '1.1.0', stage: 'Production' });
    const scored = await postQuery<{ predictTrust: { modelVersion: string } }, unknown>(
      gateway.url,
      PREDICT_TRUST,
      { input: legit },
    );
    expect(scored.data!.predictTrust.modelVersion).toBe('1.1.0');

    const rolled = await postQuery(
      gateway.url,
      'mutation { rollbackModel(name: "trust") { version stage } }',
      undefined,
      admin,
    );
    expect(rolled.errors).toBeUndefined();
    const again = await postQuery<{ predictTrust: { modelVersion: string } }, unknown>(
      gateway.url,
      PREDICT_TRUST,
      { input: legit },
    );
    expect(again.data!.predictTrust.modelVersion).toBe('1.0.0');
  });

  it('answers NOT_FOUND for an unknown model version', async () => {
    const res = await postQuery(
      gateway.url,
      'mutation { promoteModel(name: "trust", version: "9.9.9") { version } }',
      undefined,
      admin,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
