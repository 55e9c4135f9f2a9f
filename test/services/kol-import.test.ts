import { describe, expect, it } from 'vitest';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import type { DataSources } from '../../datasources/types';
import { RequestInputError } from '../../services/errors';
import { createKolImportService, MAX_UPSERT_ROWS } from '../../services/kol-import';
import { sharedInference } from '../support/gateway';

const NOW = new Date('2026-06-01T12:00:00Z');

function row(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    platform: 'youtube',
    handle: id,
    displayName: id,
    category: 'tech',
    followers: 50_000,
    following: 200,
    posts: 300,
    verified: false,
    ...overrides,
  };
}

/** Real embedded stores whose score writes fail, to see what a failure leaves behind. */
function failingScoreWrites(inner: DataSources): DataSources {
  return {
    ...inner,
    scores: {
      latest: (model, ids) => inner.scores.latest(model, ids),
      history: (model, ids, limit) => inner.scores.history(model, ids, limit),
      put: () => Promise.reject(new Error('score store down')),
    },
  };
}

describe('KOL import service', () => {
  it('scores a new KOL from its profile alone (success and forecast wait for metrics)', async () => {
    const data = createEmbeddedDataSources();
    const service = createKolImportService({ data, inference: await sharedInference() });
    const outcome = await service.upsertKols([row('svc-1')], NOW);
    expect(outcome).toMatchObject({ applied: ['svc-1'], skipped: [], rejected: 0 });
    const [trust] = await data.scores.latest('trust', ['svc-1']);
    const [anomaly] = await data.scores.latest('anomaly', ['svc-1']);
    const [success] = await data.scores.latest('success', ['svc-1']);
    expect(trust?.scoredAt).toEqual(NOW);
    expect(anomaly).not.toBeNull();
    // No metrics yet: success (and the forecast) wait for the first buckets.
    expect(success).toBeNull();
    expect(outcome.scores).toBe(2);
  });

  it('writes nothing of a batch whose score write fails, and the same batch again repairs it', async () => {
    const inner = createEmbeddedDataSources();
    const inference = await sharedInference();
    const failing = createKolImportService({ data: failingScoreWrites(inner), inference });
    await expect(failing.upsertKols([row('half-1'), row('half-2')], NOW)).rejects.toThrow(
      'score store down',
    );
    expect(await inner.profiles.getMany(['half-1', 'half-2'])).toEqual([null, null]);

    const working = createKolImportService({ data: inner, inference });
    const retried = await working.upsertKols([row('half-1'), row('half-2')], NOW);
    expect(retried.applied).toEqual(['half-1', 'half-2']);
    const trust = await inner.scores.latest('trust', ['half-1', 'half-2']);
    expect(trust.every((t) => t !== null)).toBe(true);
  });

  it('refuses more than the maximum before reading anything', async () => {
    const data = createEmbeddedDataSources();
    const service = createKolImportService({ data, inference: await sharedInference() });
    const rows = Array.from({ length: MAX_UPSERT_ROWS + 1 }, (_, i) => row(`max-${i}`));
    await expect(service.upsertKols(rows, NOW)).rejects.toBeInstanceOf(RequestInputError);
    expect(await data.profiles.getMany(['max-0'])).toEqual([null]);
  });

  it('does not score rows older than the stored profile', async () => {
    const data = createEmbeddedDataSources();
    const service = createKolImportService({ data, inference: await sharedInference() });
    await service.upsertKols([row('old-1', { updatedAt: '2026-05-01T00:00:00Z' })], NOW);
    const later = new Date(NOW.getTime() + 60_000);
    const outcome = await service.upsertKols(
      [row('old-1', { followers: 1, updatedAt: '2026-04-01T00:00:00Z' })],
      later,
    );
    expect(outcome).toMatchObject({ applied: [], skipped: ['old-1'], scores: 0 });
    const history = await data.scores.history('trust', ['old-1'], 5);
    expect(history[0]).toHaveLength(1);
  });

  it('tells where each batch spent its time and keeps totals over the batches', async () => {
    const data = createEmbeddedDataSources();
    const service = createKolImportService({ data, inference: await sharedInference() });
    const first = await service.upsertKols([row('st-1'), row('st-2'), { id: 'st-bad' }], NOW);
    const second = await service.upsertKols([row('st-3')], NOW);
    const { validate, read, score, scoreWrite, profileWrite } = first.stages;
    const stages = [validate, read, score, scoreWrite, profileWrite];
    expect(stages.every((ms) => ms >= 0)).toBe(true);
    expect(stages.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(first.tookMs + 1e-6);
    const totals = service.totals();
    expect(totals).toMatchObject({ batches: 2, rows: 4, applied: 3 });
    expect(totals.ms.total).toBeCloseTo(first.tookMs + second.tookMs, 6);
    expect(totals.ms.score).toBeCloseTo(first.stages.score + second.stages.score, 6);
  });
});
