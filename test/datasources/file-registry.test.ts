import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import { createFileRegistryStore } from '../../datasources/embedded/registry';
import type { ModelRegistryEvent, ModelRegistryState } from '../../datasources/types';
import { describeDataSourceContract } from './contract';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kol-registry-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const state: ModelRegistryState = {
  model: 'trust',
  stages: { '1.0.0': 'Archived', '1.1.0': 'Production' },
  canaryShare: 0.2,
  revision: 3,
  updatedAt: new Date('2026-04-01T10:00:00.000Z'),
};
const event: ModelRegistryEvent = {
  id: 'evt-1',
  model: 'trust',
  action: 'PROMOTE',
  version: '1.1.0',
  fromVersion: '1.0.0',
  toVersion: '1.1.0',
  canaryShare: null,
  actor: 'admin',
  at: new Date('2026-04-01T10:00:00.000Z'),
};

// The whole contract again with the registry in a file (the embedded mode's persistent registry).
describeDataSourceContract('embedded with a registry file', async () => {
  const dir = await tempDir();
  return { data: createEmbeddedDataSources({ registryFile: path.join(dir, 'registry.json') }) };
});

describe('FileRegistryStore', () => {
  it('a second store on the same file (another process, a restart) sees every save', async () => {
    const file = path.join(await tempDir(), 'nested', 'model-registry.json');
    const writer = createFileRegistryStore(file);
    const reader = createFileRegistryStore(file);
    expect(await reader.states()).toEqual([]);
    await writer.save(state, event);
    expect(await reader.states()).toEqual([state]);
    expect(await reader.events({ limit: 5 })).toEqual([event]);
    const next = { ...state, revision: 4, canaryShare: 0 };
    const later = new Date(event.at.getTime() + 1_000);
    await reader.save(next, {
      ...event,
      id: 'evt-2',
      action: 'SET_CANARY_SHARE',
      canaryShare: 0,
      at: later,
    });
    expect(await writer.states()).toEqual([next]);
    const history = await writer.events({ model: 'trust', limit: 5 });
    expect(history.map((e) => e.id)).toEqual(['evt-2', 'evt-1']);
  });

  it('writes atomically: concurrent saves leave a valid file and no temporary files', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'model-registry.json');
    const store = createFileRegistryStore(file);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.save(
          { ...state, model: `m${i}`, revision: i },
          { ...event, id: `evt-${i}`, model: `m${i}` },
        ),
      ),
    );
    expect(await readdir(dir)).toEqual(['model-registry.json']);
    const parsed = JSON.parse(await readFile(file, 'utf8')) as {
      states: unknown[];
      events: unknown[];
    };
    expect(parsed.states).toHaveLength(20);
    expect(parsed.events).toHaveLength(20);
  });

  it('a file that is not a registry fails with its path and the reason', async () => {
    const file = path.join(await tempDir(), 'model-registry.json');
    await writeFile(file, '{"states": [{"model": 1}], "events": []}');
    await expect(createFileRegistryStore(file).states()).rejects.toThrow(
      `model registry file ${file} is not valid: states[0].model is not a string`,
    );
    await writeFile(file, 'not json');
    await expect(createFileRegistryStore(file).states()).rejects.toThrow(/is not valid/);
  });
});
