/**
 * Profiles and continuous scoring in the stream pipeline, with the committed models and the
 * embedded stores: `profile` events create and update KOLs (never with an older profile), scores
 * follow the KOL's data in one scoring call per flush, the sweep refreshes what would go stale.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import type { DataSources } from '../../datasources/types';
import type { ScoreModel } from '../../domain/types';
import type { InferenceService } from '../../inference/service';
import { StreamPipeline } from '../../streaming/pipeline';
import { sharedInference } from '../support/gateway';
import { HOUR, MIN, T0 } from './events';

let inference: InferenceService;
beforeAll(async () => {
  inference = await sharedInference();
});

function profileRow(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    platform: 'TikTok',
    handle: `@${id}`,
    displayName: `KOL ${id}`,
    category: 'Beauty',
    followers: 52_000,
    following: 310,
    posts: 420,
    verified: false,
    favoritesCount: 1_200_000,
    accountCreatedAt: '2021-04-01T00:00:00Z',
    ...overrides,
  };
}

function raw(
  type: string,
  kolId: string,
  at: number,
  payload: Record<string, unknown>,
  id = `${type}-${kolId}-${at}-${Math.random()}`,
): string {
  return JSON.stringify({
    event_id: id,
    kol_id: kolId,
    event_type: type,
    event_time: new Date(at).toISOString(),
    payload,
  });
}

/** A pipeline on a settable clock, counting scoring calls and ranking refreshes. */
function setup(options: { maxAgeSeconds?: number } = {}) {
  const data: DataSources = createEmbeddedDataSources();
  const clock = { now: T0 };
  const calls = { score: 0, kols: [] as number[], refreshed: [] as string[][] };
  const refresh = data.rankings.refresh.bind(data.rankings);
  data.rankings.refresh = (ids) => {
    calls.refreshed.push([...ids]);
    return refresh(ids);
  };
  const pipeline = new StreamPipeline({
    dataSources: data,
    now: () => clock.now,
    scoring: {
      score: (kols, now) => {
        calls.score += 1;
        calls.kols.push(kols.length);
        return inference.scoreStoredKols(kols, now);
      },
      maxAgeSeconds: options.maxAgeSeconds ?? 86_400,
      trustEveryMs: 10 * MIN,
    },
  });
  return { data, clock, calls, pipeline };
}

async function models(data: DataSources, kolId: string): Promise<ScoreModel[]> {
  const found: ScoreModel[] = [];
  for (const model of ['trust', 'anomaly', 'success', 'forecast'] as const) {
    const [latest] = await data.scores.latest(model, [kolId]);
    if (latest) found.push(model);
  }
  return found;
}

describe('profile events', () => {
  it('create a KOL, scored within the same flush from its profile (metrics listed missing)', async () => {
    const { data, pipeline, calls } = setup();
    const outcome = await pipeline.ingest(raw('profile', 'kol-new', T0, profileRow('kol-new')));
    expect(outcome).toEqual({ status: 'applied', late: false });
    const result = await pipeline.flush();
    expect(result.profiles).toEqual(['kol-new']);
    const [stored] = await data.profiles.getMany(['kol-new']);
    expect(stored).toMatchObject({ id: 'kol-new', platform: 'tiktok', category: 'beauty' });
    expect(stored?.updatedAt).toEqual(new Date(T0));
    expect(await models(data, 'kol-new')).toEqual(['trust', 'anomaly']);
    expect(result.scored).toEqual([
      {
        kolId: 'kol-new',
        models: ['trust', 'anomaly'],
        missing: ['bioLength', 'hasUrl', 'hasProfileImage', 'isPrivate', 'hasBio', 'metrics'],
      },
    ]);
    expect(calls.score).toBe(1);
    expect(calls.refreshed.length).toBeGreaterThan(0);
    for (const ids of calls.refreshed) expect(ids).toEqual(['kol-new']);
  });

  it('never overwrite a newer stored profile, and update it when newer', async () => {
    const { data, pipeline, clock } = setup();
    await pipeline.ingest(raw('profile', 'kol-p', T0, profileRow('kol-p', { followers: 1_000 })));
    await pipeline.flush();
    const older = raw('profile', 'kol-p', T0 - HOUR, profileRow('kol-p', { followers: 5 }));
    await pipeline.ingest(older);
    expect((await pipeline.flush()).profiles).toEqual([]);
    expect((await data.profiles.getMany(['kol-p']))[0]?.followers).toBe(1_000);
    clock.now = T0 + MIN;
    await pipeline.ingest(
      raw('profile', 'kol-p', T0 + MIN, profileRow('kol-p', { followers: 2_000 })),
    );
    expect((await pipeline.flush()).profiles).toEqual(['kol-p']);
    expect((await data.profiles.getMany(['kol-p']))[0]?.followers).toBe(2_000);
  });

  it('are rejected with the field that is wrong (the one KolInput validation)', async () => {
    const { pipeline } = setup();
    const bad = await pipeline.ingest(
      raw('profile', 'kol-bad', T0, profileRow('kol-bad', { followers: -3 })),
    );
    expect(bad).toMatchObject({ status: 'rejected', reason: 'INVALID_PAYLOAD' });
    expect(bad.status === 'rejected' && bad.error).toMatch(/^profile: followers/);
    const other = await pipeline.ingest(
      raw('profile', 'kol-a', T0, profileRow('kol-a', { id: 'kol-b' })),
    );
    expect(other).toMatchObject({ status: 'rejected', reason: 'INVALID_PAYLOAD' });
  });

  it('profile_snapshot updates the counts of a known KOL and re-scores its trust', async () => {
    const { data, pipeline, clock } = setup();
    await pipeline.ingest(raw('profile', 'kol-s', T0, profileRow('kol-s')));
    await pipeline.flush();
    const [before] = await data.scores.latest('trust', ['kol-s']);
    clock.now = T0 + 20 * MIN;
    await pipeline.ingest(
      raw('profile_snapshot', 'kol-s', T0 + 20 * MIN, {
        followers: 90_000,
        following: 5,
        posts: 9,
      }),
    );
    await pipeline.flush();
    const [profile] = await data.profiles.getMany(['kol-s']);
    expect(profile).toMatchObject({ followers: 90_000, following: 5, posts: 9 });
    const [after] = await data.scores.latest('trust', ['kol-s']);
    expect(after?.scoredAt.getTime()).toBeGreaterThan(before?.scoredAt.getTime() ?? Infinity);
  });
});

describe('continuous scoring', () => {
  it('scores success, anomaly and forecast as hours close, one scoring call per flush', async () => {
    const { data, pipeline, clock, calls } = setup();
    const ids = ['kol-c1', 'kol-c2', 'kol-c3'];
    for (const id of ids) await pipeline.ingest(raw('profile', id, T0, profileRow(id)));
    await pipeline.flush();
    calls.score = 0;
    calls.refreshed = [];
    // An hour of traffic for every KOL, then events past the hour's end (+ lateness) close it.
    for (let m = 0; m < 60; m += 2) {
      clock.now = T0 + m * MIN;
      for (const id of ids) {
        await pipeline.ingest(raw('click', id, clock.now, {}));
        if (m % 10 === 0) {
          await pipeline.ingest(raw('purchase', id, clock.now, { amount: 25, currency: 'USD' }));
        }
      }
    }
    await pipeline.flush();
    expect(calls.score).toBe(0); // no hour closed yet, no profile changed
    clock.now = T0 + 66 * MIN;
    for (const id of ids) {
      await pipeline.ingest(raw('click', id, clock.now, {}));
      await pipeline.ingest(raw('purchase', id, clock.now, { amount: 25, currency: 'USD' }));
    }
    const result = await pipeline.flush();
    expect(calls.score).toBe(1);
    expect(calls.kols).toEqual(expect.arrayContaining([3]));
    expect(result.scored.map((s) => s.kolId).sort()).toEqual(ids);
    for (const s of result.scored) expect(s.models).toEqual(['anomaly', 'success', 'forecast']);
    // Rankings: only the KOLs whose data changed, never a full rebuild.
    expect(calls.refreshed.length).toBeGreaterThan(0);
    for (const refreshed of calls.refreshed) expect(ids).toEqual(expect.arrayContaining(refreshed));
    for (const id of ids) {
      expect(await models(data, id)).toEqual(['trust', 'anomaly', 'success', 'forecast']);
      const [forecast] = await data.scores.latest('forecast', [id]);
      expect(forecast?.currency).toBe('USD');
      expect(forecast?.revenueForecast).toBeGreaterThan(0);
      const history = await data.scores.history('anomaly', [id], 10);
      expect(history[0]?.length).toBe(2);
    }
  });

  it('the sweep re-scores KOLs whose scores would go stale', async () => {
    const { data, pipeline, clock } = setup({ maxAgeSeconds: 600 });
    await pipeline.ingest(raw('profile', 'kol-old', T0, profileRow('kol-old')));
    await pipeline.flush();
    expect(await pipeline.sweepStale()).toEqual([]);
    clock.now = T0 + 9 * MIN;
    const swept = await pipeline.sweepStale();
    expect(swept.map((s) => s.kolId)).toEqual(['kol-old']);
    const [trust] = await data.scores.latest('trust', ['kol-old']);
    expect(trust?.scoredAt).toEqual(new Date(T0 + 9 * MIN));
  });
});
