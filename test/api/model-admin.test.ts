import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import type { DataSources, ModelRegistryEvent } from '../../datasources/types';
import { createInferenceService, type InferenceService } from '../../inference';
import { ModelEventsDocument } from '../generated/graphql';
import { postQuery, startTestGateway, type TestGateway } from '../support/gateway';

const ADMIN = { 'x-api-key': 'admin-key' };
const VIEWER = { 'x-api-key': 'viewer-key' };

function event(id: string, model: string, at: string): ModelRegistryEvent {
  return {
    id,
    model,
    action: 'PROMOTE',
    version: '1.1.0',
    fromVersion: '1.0.0',
    toVersion: '1.1.0',
    canaryShare: null,
    actor: 'key-1',
    at: new Date(at),
  };
}

describe('model registry administration', () => {
  let gateway: TestGateway;
  let data: DataSources;
  let inference: InferenceService;

  beforeAll(async () => {
    data = createEmbeddedDataSources();
    // Its own registry over these stores: the promotion below must not change what other files see.
    inference = await createInferenceService({ modelsDir: 'models', store: data.registry });
    gateway = await startTestGateway({
      data,
      inference,
      env: { API_KEYS: 'admin-key:admin,viewer-key:viewer', ANONYMOUS_ROLE: 'none' },
    });
    const state = (model: string) => ({
      model,
      stages: { '1.0.0': 'Archived' as const, '1.1.0': 'Production' as const },
      canaryShare: 0,
      revision: 1,
      updatedAt: new Date('2026-03-01T00:00:00Z'),
    });
    await data.registry.save(state('trust'), event('e1', 'trust', '2026-03-01T00:00:00Z'));
    await data.registry.save(state('success'), event('e2', 'success', '2026-03-02T00:00:00Z'));
  });

  afterAll(async () => {
    await gateway.stop();
    await inference.close();
  });

  it('lists the stored history newest first, per model or for all', async () => {
    const all = await postQuery(gateway.url, ModelEventsDocument, {}, ADMIN);
    expect(all.errors).toBeUndefined();
    const ids = all.data?.modelEvents.map((e) => e.id) ?? [];
    expect(ids.indexOf('e2')).toBeLessThan(ids.indexOf('e1'));
    const trust = await postQuery(gateway.url, ModelEventsDocument, { model: 'trust' }, ADMIN);
    expect(trust.data?.modelEvents.find((e) => e.id === 'e1')).toEqual({
      id: 'e1',
      model: 'trust',
      action: 'PROMOTE',
      version: '1.1.0',
      fromVersion: '1.0.0',
      toVersion: '1.1.0',
      canaryShare: null,
      actor: 'key-1',
      at: '2026-03-01T00:00:00.000Z',
    });
    expect(trust.data?.modelEvents.every((e) => e.model === 'trust')).toBe(true);
  });

  it('records a promotion with who, from and to, readable at once', async () => {
    const promoted = await postQuery(
      gateway.url,
      'mutation { promoteModel(name: "trust", version: "1.1.0") { version stage } }',
      undefined,
      ADMIN,
    );
    expect(promoted.errors).toBeUndefined();
    const events = await postQuery(
      gateway.url,
      ModelEventsDocument,
      { model: 'trust', first: 1 },
      ADMIN,
    );
    expect(events.data?.modelEvents[0]).toMatchObject({
      model: 'trust',
      action: 'PROMOTE',
      toVersion: '1.1.0',
      actor: 'key-1',
    });
    const saved = await data.registry.events({ model: 'trust', limit: 1 });
    expect(saved[0]?.actor).toBe('key-1');
  });

  it('answers NOT_FOUND for an unknown model name, changing nothing', async () => {
    const canary = await postQuery(
      gateway.url,
      'mutation { setCanaryShare(name: "nope", share: 0.5) { name } }',
      undefined,
      ADMIN,
    );
    expect(canary.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(canary.errors?.[0]?.message).toContain('known models: ');
    for (const mutation of [
      'mutation { promoteModel(name: "nope", version: "1.0.0") { name } }',
      'mutation { rollbackModel(name: "nope") { name } }',
    ]) {
      const result = await postQuery(gateway.url, mutation, undefined, ADMIN);
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    const events = await postQuery(gateway.url, ModelEventsDocument, { model: 'nope' }, ADMIN);
    expect(events.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('keeps the history for admins', async () => {
    const result = await postQuery(gateway.url, ModelEventsDocument, {}, VIEWER);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
