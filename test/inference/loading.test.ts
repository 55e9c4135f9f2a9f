/** Loading failures name the file; hot reload keeps serving the last good version. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelLoadError, ModelRegistry, createInferenceService } from '../../inference';
import { LEGIT, copyModels, removeDir, textContaining } from './helpers';

let dir: string;

beforeEach(async () => {
  dir = await copyModels();
});
afterEach(async () => {
  await removeDir(dir);
});

async function editCard(
  file: string,
  edit: (card: Record<string, unknown>) => void,
): Promise<void> {
  const card = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
  edit(card);
  await fs.writeFile(file, JSON.stringify(card));
}

async function loadError(modelsDir: string): Promise<ModelLoadError> {
  try {
    const registry = await ModelRegistry.load(modelsDir);
    await registry.close();
  } catch (error) {
    expect(error).toBeInstanceOf(ModelLoadError);
    return error as ModelLoadError;
  }
  throw new Error('expected the load to fail');
}

describe('load errors name the file', () => {
  it('missing models directory', async () => {
    const missing = path.join(dir, 'does-not-exist');
    const error = await loadError(missing);
    expect(error.file).toBe(missing);
    expect(error.message).toContain(missing);
    expect(error.message).toContain('models directory not found');
  });

  it('corrupt model file (checksum in the card)', async () => {
    const file = path.join(dir, 'trust', '1.1.0', 'model.onnx');
    await fs.writeFile(file, Buffer.from('this is not an onnx model'));
    const error = await loadError(dir);
    expect(error.file).toBe(file);
    expect(error.message).toContain(file);
    expect(error.message).toContain('does not match card.json');
  });

  it('corrupt model file without a checksum: onnxruntime refuses it', async () => {
    const file = path.join(dir, 'success', '1.0.0', 'model.onnx');
    await editCard(
      path.join(dir, 'success', '1.0.0', 'card.json'),
      (c) => delete c['model_sha256'],
    );
    const bytes = await fs.readFile(file);
    await fs.writeFile(file, bytes.subarray(0, Math.floor(bytes.length / 3)));
    const error = await loadError(dir);
    expect(error.file).toBe(file);
    expect(error.message).toMatch(/not a loadable ONNX model/);
  });

  it('missing model file', async () => {
    const file = path.join(dir, 'anomaly', '1.0.0', 'model.onnx');
    await fs.rm(file);
    const error = await loadError(dir);
    expect(error.file).toBe(file);
    expect(error.message).toBe(`${file}: model file is missing`);
  });

  it('unreadable card and a card that does not fit the code', async () => {
    const card = path.join(dir, 'trust', '1.0.0', 'card.json');
    await fs.writeFile(card, '{ not json');
    expect((await loadError(dir)).message).toContain(`${card}: not valid JSON`);
    await fs.cp(path.join(dir, 'trust', '1.1.0', 'card.json'), card);
    expect((await loadError(dir)).message).toMatch(
      /card says trust@1.1.0 but sits in trust\/1.0.0/,
    );
    await editCard(path.join(dir, 'trust', '1.1.0', 'card.json'), (c) => {
      c['features'] = ['log_followers'];
    });
    await fs.rm(path.join(dir, 'trust', '1.0.0'), { recursive: true });
    const error = await loadError(dir);
    expect(error.file).toBe(path.join(dir, 'trust', '1.1.0', 'card.json'));
    expect(error.message).toContain('card.features do not match');
  });

  it('two Production versions of one model', async () => {
    await editCard(path.join(dir, 'trust', '1.1.0', 'card.json'), (c) => {
      c['stage'] = 'Production';
    });
    expect((await loadError(dir)).message).toMatch(
      /both trust@1.0.0 and trust@1.1.0 are Production/,
    );
  });

  it('the service needs a Production version of trust, success and anomaly', async () => {
    await fs.rm(path.join(dir, 'anomaly'), { recursive: true });
    await expect(createInferenceService({ modelsDir: dir })).rejects.toThrow(
      `${path.join(dir, 'anomaly')}: no Production version of model "anomaly"`,
    );
  });
});

describe('reload', () => {
  it('keeps serving the last good version when a file turns corrupt, then picks up the fix', async () => {
    const service = await createInferenceService({ modelsDir: dir });
    try {
      const file = path.join(dir, 'trust', '1.0.0', 'model.onnx');
      const good = await fs.readFile(file);
      const before = (await service.scoreTrust([LEGIT]))[0]!;
      await fs.writeFile(file, Buffer.from('garbage'));
      const report = await service.registry.reload();
      expect(report.failed).toEqual([
        expect.objectContaining({ id: 'trust@1.0.0', file, error: textContaining(file) }),
      ]);
      const during = (await service.scoreTrust([LEGIT]))[0]!;
      expect(during.modelVersion).toBe('1.0.0');
      expect(during.trustScore).toBe(before.trustScore);
      await fs.writeFile(file, good);
      const fixed = await service.registry.reload();
      // The last good load is what is on disk again: nothing to reload, nothing failing.
      expect(fixed.unchanged).toContain('trust@1.0.0');
      expect(fixed.failed).toEqual([]);
      expect((await service.scoreTrust([LEGIT]))[0]!.trustScore).toBe(before.trustScore);
    } finally {
      await service.close();
    }
  });

  it('adds new versions, drops removed ones, and keeps stages set by promote', async () => {
    const service = await createInferenceService({ modelsDir: dir, releaseDelayMs: 0 });
    try {
      service.registry.promote('trust', '1.1.0');
      const newDir = path.join(dir, 'trust', '1.2.0');
      await fs.cp(path.join(dir, 'trust', '1.1.0'), newDir, { recursive: true });
      await editCard(path.join(newDir, 'card.json'), (c) => {
        c['version'] = '1.2.0';
        c['stage'] = 'Staging';
      });
      const added = await service.registry.reload();
      expect(added.loaded).toEqual(['trust@1.2.0']);
      expect(service.registry.staging('trust')?.version).toBe('1.2.0');
      expect(service.registry.production('trust').version).toBe('1.1.0');

      await fs.rm(path.join(dir, 'trust', '1.0.0'), { recursive: true });
      const removed = await service.registry.reload();
      expect(removed.removed).toEqual(['trust@1.0.0']);
      expect(
        service.registry
          .list()
          .filter((m) => m.name === 'trust')
          .map((m) => m.version),
      ).toEqual(['1.1.0', '1.2.0']);

      await fs.rm(path.join(dir, 'trust', '1.1.0'), { recursive: true });
      const gone = await service.registry.reload();
      expect(gone.failed[0]).toMatchObject({
        id: 'trust@1.1.0',
        error: textContaining('still serving'),
      });
      expect((await service.scoreTrust([LEGIT]))[0]!.modelVersion).toBe('1.1.0');
    } finally {
      await service.close();
    }
  });

  it('reports a missing directory without dropping anything', async () => {
    const service = await createInferenceService({ modelsDir: dir });
    try {
      await fs.rename(dir, `${dir}-moved`);
      const report = await service.registry.reload();
      expect(report.failed).toEqual([expect.objectContaining({ file: dir })]);
      expect(service.registry.list()).toHaveLength(5);
      expect((await service.scoreTrust([LEGIT]))[0]!.trustScore).toBeGreaterThan(80);
    } finally {
      await fs.rename(`${dir}-moved`, dir);
      await service.close();
    }
  });
});
