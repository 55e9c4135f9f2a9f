/**
 * One registry for every process: stages, canary shares and history persist in the store, survive
 * a restart, and a second registry over the same store (another replica, the worker) follows a
 * change within its poll interval. Real stores (datasources/embedded), real ONNX sessions.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileRegistryStore, MemoryRegistryStore } from '../../datasources/embedded/registry';
import {
  ModelNotFoundError,
  ModelRegistry,
  createInferenceService,
  type RegistryStateStore,
} from '../../inference';
import { LEGIT, MODELS_DIR, copyModels, removeDir } from './helpers';

const POLL_MS = 100;
const open: ModelRegistry[] = [];
let scratch: string;

async function registry(
  store: RegistryStateStore,
  dir = MODELS_DIR,
  onSyncError?: (e: unknown) => void,
): Promise<ModelRegistry> {
  const r = await ModelRegistry.load(dir, {
    store,
    pollIntervalMs: POLL_MS,
    ...(onSyncError ? { onSyncError } : {}),
  });
  open.push(r);
  return r;
}

/** Polls `check` until it holds or 5 s pass (the follow-within-5-s promise). */
async function within5s(check: () => boolean): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > 5_000) throw new Error('not followed within 5 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - started;
}

beforeEach(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'kol-registry-'));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
  await removeDir(scratch);
});

describe('registry state in a file store (two processes over one file)', () => {
  it('a promotion on one replica is served by the other within 5 s, with its history', async () => {
    const file = path.join(scratch, 'model-registry.json');
    const a = await registry(new FileRegistryStore(file));
    const b = await registry(new FileRegistryStore(file));
    expect(b.production('trust').version).toBe('1.0.0');

    a.promote('trust', '1.1.0', 'admin-key');
    await a.whenSaved();
    const waited = await within5s(() => b.production('trust').version === '1.1.0');
    expect(waited).toBeLessThan(5_000);
    expect(b.stageOf(b.get('trust', '1.0.0')!)).toBe('Archived');

    const [event] = await b.events({ model: 'trust', limit: 10 });
    expect(event).toMatchObject({
      model: 'trust',
      action: 'PROMOTE',
      version: '1.1.0',
      fromVersion: '1.0.0',
      toVersion: '1.1.0',
      actor: 'admin-key',
    });
    expect(event!.at).toBeInstanceOf(Date);
  });

  it('a restart keeps the stage, the canary share and what rollback restores', async () => {
    const file = path.join(scratch, 'model-registry.json');
    const first = await registry(new FileRegistryStore(file));
    first.promote('trust', '1.1.0', 'k1');
    await new Promise((r) => setTimeout(r, 5)); // distinct event times: the history is by time
    first.setCanaryShare(0.25, 'success', 'k1');
    await first.whenSaved();
    await first.close();

    const restarted = await registry(new FileRegistryStore(file));
    expect(restarted.production('trust').version).toBe('1.1.0');
    expect(restarted.canaryShare('success')).toBe(0.25);
    expect(restarted.rollback('trust', 'k2').version).toBe('1.0.0');
    await restarted.whenSaved();
    const actions = (await restarted.events({ limit: 10 })).map((e) => `${e.action}:${e.actor}`);
    expect(actions).toEqual(['ROLLBACK:k2', 'SET_CANARY_SHARE:k1', 'PROMOTE:k1']);
  });
});

describe('registry state in a shared store', () => {
  it('the worker-side scorer follows a canary change and routes to Staging', async () => {
    const store = new MemoryRegistryStore();
    const gateway = await registry(store);
    const worker = await createInferenceService({
      modelsDir: MODELS_DIR,
      store,
      pollIntervalMs: POLL_MS,
    });
    try {
      gateway.setCanaryShare(1, 'trust', 'admin');
      await gateway.whenSaved();
      await within5s(() => worker.registry.canaryShare('trust') === 1);
      expect((await worker.scoreTrust([LEGIT]))[0]!.modelVersion).toBe('1.1.0');
    } finally {
      await worker.close();
    }
  });

  it('an unknown model name is NOT_FOUND and writes nothing', async () => {
    const store = new MemoryRegistryStore();
    const r = await registry(store);
    expect(() => r.setCanaryShare(0.5, 'nope', 'admin')).toThrow(ModelNotFoundError);
    expect(() => r.promote('nope', '1.0.0', 'admin')).toThrow(ModelNotFoundError);
    expect(() => r.rollback('nope', 'admin')).toThrow(ModelNotFoundError);
    await expect(r.events({ model: 'nope', limit: 5 })).rejects.toThrow(ModelNotFoundError);
    await r.whenSaved();
    expect(await store.states()).toEqual([]);
    expect(await store.events({ limit: 5 })).toEqual([]);
  });

  it('a failed write is reported and undone at the next poll', async () => {
    const memory = new MemoryRegistryStore();
    let failSaves = false;
    const flaky: RegistryStateStore = {
      states: () => memory.states(),
      events: (f) => memory.events(f),
      save: (state, event) =>
        failSaves ? Promise.reject(new Error('store down')) : memory.save(state, event),
    };
    const r = await registry(flaky);
    failSaves = true;
    r.promote('trust', '1.1.0', 'admin');
    expect(r.production('trust').version).toBe('1.1.0');
    await expect(r.whenSaved()).rejects.toThrow('store down');
    await within5s(() => r.production('trust').version === '1.0.0');
    failSaves = false;
    await r.whenSaved();
  });

  it('a store that stops answering is reported by the poll; serving goes on', async () => {
    const memory = new MemoryRegistryStore();
    let down = false;
    const errors: unknown[] = [];
    const flaky: RegistryStateStore = {
      states: () => (down ? Promise.reject(new Error('store unreachable')) : memory.states()),
      events: (f) => memory.events(f),
      save: (state, event) => memory.save(state, event),
    };
    const r = await registry(flaky, MODELS_DIR, (e) => errors.push(e));
    down = true;
    await within5s(() => errors.length > 0);
    expect(String(errors[0])).toContain('store unreachable');
    expect(r.production('trust').version).toBe('1.0.0');
    down = false;
  });

  it('a saved version this process has not loaded is picked up by a rescan', async () => {
    const store = new MemoryRegistryStore();
    const dirA = await copyModels();
    const dirB = await copyModels();
    try {
      const newVersion = async (dir: string): Promise<void> => {
        const target = path.join(dir, 'trust', '1.2.0');
        await fs.cp(path.join(dir, 'trust', '1.1.0'), target, { recursive: true });
        const cardFile = path.join(target, 'card.json');
        const card = JSON.parse(await fs.readFile(cardFile, 'utf8')) as Record<string, unknown>;
        await fs.writeFile(cardFile, JSON.stringify({ ...card, version: '1.2.0' }));
      };
      await newVersion(dirA);
      const errors: unknown[] = [];
      const a = await registry(store, dirA);
      const b = await registry(store, dirB, (e) => errors.push(e));
      a.promote('trust', '1.2.0', 'deployer');
      await a.whenSaved();
      // Not on B's disk yet: B keeps serving what it has and says why.
      await within5s(() => errors.length > 0);
      expect(String(errors[0])).toMatch(/trust@1\.2\.0 is not in/);
      expect(b.production('trust').version).toBe('1.0.0');
      await newVersion(dirB);
      await within5s(() => b.get('trust', '1.2.0') !== undefined);
      await within5s(() => b.production('trust').version === '1.2.0');
    } finally {
      await Promise.all(open.splice(0).map((r) => r.close()));
      await removeDir(dirA);
      await removeDir(dirB);
    }
  });
});

describe('registry without a store', () => {
  it('keeps the history of this process, newest first, and saves nothing anywhere', async () => {
    const r = await ModelRegistry.load(MODELS_DIR);
    open.push(r);
    r.promote('trust', '1.1.0', 'k');
    r.rollback('trust', 'k');
    await r.whenSaved();
    const events = await r.events({ model: 'trust', limit: 10 });
    expect(events.map((e) => `${e.action}:${e.fromVersion}->${e.toVersion}`)).toEqual([
      'ROLLBACK:1.1.0->1.0.0',
      'PROMOTE:1.0.0->1.1.0',
    ]);
    expect(await r.events({ model: 'trust', limit: 1 })).toHaveLength(1);
  });
});

describe('whenSaved', () => {
  it('reports each caller its own failed write, not an earlier caller’s', async () => {
    const memory = new MemoryRegistryStore();
    const flaky: RegistryStateStore = {
      states: () => memory.states(),
      events: (f) => memory.events(f),
      save: (state, event) =>
        event.actor === 'first'
          ? Promise.reject(new Error('write refused'))
          : memory.save(state, event),
    };
    const r = await registry(flaky);
    r.setCanaryShare(0.2, 'trust', 'first');
    const first = r.whenSaved();
    r.setCanaryShare(0.3, 'trust', 'second');
    const second = r.whenSaved();
    await expect(first).rejects.toThrow('write refused');
    await expect(second).resolves.toBeUndefined();
    expect((await memory.events({ limit: 5 })).map((e) => e.actor)).toEqual(['second']);
  });
});
