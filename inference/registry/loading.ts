/**
 * Loading model versions from `models/<name>/<version>/{card.json, model.onnx}`: scan the
 * directory, read and check each card, open one ONNX session per version. A missing or corrupt
 * file throws ModelLoadError naming it.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseModelCard, type ModelCard } from '../core/card';
import { ModelLoadError } from '../core/errors';
import { modelConfigFor, type ModelConfig } from './model-configs';
import { ModelSession, type SessionOptions } from '../core/session';

export const CARD_FILE = 'card.json';
export const MODEL_FILE = 'model.onnx';

/** Where one version sits on disk. */
export interface VersionDir {
  id: string;
  name: string;
  version: string;
  dir: string;
  cardFile: string;
  modelFile: string;
}

/** One loaded model version. Immutable; its stage lives in the registry. */
export interface LoadedModel extends VersionDir {
  readonly card: ModelCard;
  readonly config: ModelConfig;
  readonly session: ModelSession;
  readonly sha256: string;
  readonly cardText: string;
}

/** Orders `1.2.3` versions numerically. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** Every `<name>/<version>` directory under `root`, by name then version. */
export async function scan(root: string): Promise<VersionDir[]> {
  if (!(await isDirectory(root))) {
    throw new ModelLoadError(
      root,
      'models directory not found (set MODELS_DIR or run `npm run train`)',
    );
  }
  const found: VersionDir[] = [];
  for (const name of (await fs.readdir(root)).sort()) {
    if (name.startsWith('.') || !(await isDirectory(path.join(root, name)))) continue;
    for (const version of (await fs.readdir(path.join(root, name))).sort(compareVersions)) {
      const dir = path.join(root, name, version);
      if (version.startsWith('.') || !(await isDirectory(dir))) continue;
      found.push({
        id: `${name}@${version}`,
        name,
        version,
        dir,
        cardFile: path.join(dir, CARD_FILE),
        modelFile: path.join(dir, MODEL_FILE),
      });
    }
  }
  return found;
}

async function readFileOrThrow(file: string, what: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ModelLoadError(
      file,
      code === 'ENOENT'
        ? `${what} is missing`
        : `cannot read ${what} (${(error as Error).message})`,
      { cause: error },
    );
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Reads, checks and opens one version. */
export async function loadVersion(
  v: VersionDir,
  sessionOptions: SessionOptions | undefined,
): Promise<LoadedModel> {
  const cardText = (await readFileOrThrow(v.cardFile, 'model card')).toString('utf8');
  let card: ModelCard;
  let config: ModelConfig;
  let outputs: readonly string[];
  let leanOutputs: readonly string[] | undefined;
  try {
    card = parseModelCard(cardText);
    if (card.name !== v.name || card.version !== v.version) {
      throw new Error(
        `card says ${card.name}@${card.version} but sits in ${v.name}/${v.version}; they must agree`,
      );
    }
    ({ config, outputs, leanOutputs } = modelConfigFor(card));
  } catch (error) {
    if (error instanceof ModelLoadError) throw error;
    throw new ModelLoadError(v.cardFile, (error as Error).message, { cause: error });
  }
  const bytes = await readFileOrThrow(v.modelFile, 'model file');
  const digest = sha256(bytes);
  if (card.model_sha256 !== undefined && card.model_sha256 !== digest) {
    throw new ModelLoadError(
      v.modelFile,
      `sha256 ${digest} does not match card.json (${card.model_sha256}): ` +
        'the file is corrupt or belongs to another card',
    );
  }
  const session = await ModelSession.create(
    v.modelFile,
    bytes,
    card.features.length,
    outputs,
    sessionOptions,
    leanOutputs,
  );
  return { ...v, card, config, session, sha256: digest, cardText };
}

/**
 * Loads every version under `dir`; refuses two Production cards of one model. On any failure
 * the sessions opened so far are released and the error (naming the file) is thrown.
 */
export async function loadAll(
  dir: string,
  sessionOptions: SessionOptions | undefined,
): Promise<LoadedModel[]> {
  const loaded: LoadedModel[] = [];
  try {
    for (const v of await scan(dir)) loaded.push(await loadVersion(v, sessionOptions));
    const production = new Map<string, LoadedModel>();
    for (const model of loaded) {
      if (model.card.stage !== 'Production') continue;
      const other = production.get(model.name);
      if (other) {
        throw new ModelLoadError(
          model.cardFile,
          `both ${other.id} and ${model.id} are Production; set one card's stage to Staging or Archived`,
        );
      }
      production.set(model.name, model);
    }
  } catch (error) {
    await Promise.all(loaded.map((m) => m.session.release()));
    throw error;
  }
  return loaded;
}

/** True when both files still hold what was loaded (false when unreadable: reload reports why). */
export async function filesUnchanged(model: LoadedModel): Promise<boolean> {
  try {
    const [cardText, bytes] = await Promise.all([
      fs.readFile(model.cardFile, 'utf8'),
      fs.readFile(model.modelFile),
    ]);
    return cardText === model.cardText && sha256(bytes) === model.sha256;
  } catch {
    return false;
  }
}
