/**
 * Model registry over `models/<name>/<version>/{card.json, model.onnx}`.
 *
 * - Loads every version at start; a missing or corrupt file throws ModelLoadError naming it.
 * - Serves the Production version of each model. A Staging version (the highest, if several) can
 *   take a configured canary share of traffic: by a stable hash of the KOL id when there is one
 *   (a KOL always gets the same version), at random otherwise.
 * - promote/rollback change stages in memory, effective for the next request, no restart.
 *   promote(name, v): v becomes Production, the previous Production becomes Archived.
 *   rollback(name): the version promoted last becomes Archived and the one it replaced is
 *   Production again.
 * - reload() rescans the directory: new or changed versions are loaded, unchanged ones kept; a
 *   version whose files are now broken keeps serving its last good load. Stages set by
 *   promote/rollback survive a reload; a new version takes the stage in its card, except that a
 *   second Production is registered as None (promote it explicitly).
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseModelCard, type ModelCard, type ModelStage } from './card';
import {
  InputValidationError,
  ModelLoadError,
  ModelNotFoundError,
  ModelUnavailableError,
  RegistryStateError,
} from './errors';
import { modelConfigFor, type ModelConfig } from './model-configs';
import { ModelSession, type SessionOptions } from './session';

export const CARD_FILE = 'card.json';
export const MODEL_FILE = 'model.onnx';

/** One loaded model version. Immutable; its stage lives in the registry. */
export interface LoadedModel {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly card: ModelCard;
  readonly config: ModelConfig;
  readonly session: ModelSession;
  readonly dir: string;
  readonly cardFile: string;
  readonly modelFile: string;
  readonly sha256: string;
  readonly cardText: string;
}

/** What the GraphQL `models` query shows (schema/model-info.ts). */
export interface ModelInfo {
  name: string;
  version: string;
  stage: ModelStage;
  description: string;
  features: string[];
  /** Metrics on the held-out split. */
  metrics: { name: string; value: number }[];
  trainingData: { source: string; licence: string; rows: number };
  /** Share of scoring traffic this version serves now (0-1). */
  trafficShare: number;
  createdAt: Date;
  modelSha256: string;
}

export interface ReloadReport {
  /** name@version loaded for the first time or because its files changed. */
  loaded: string[];
  unchanged: string[];
  /** Versions gone from disk and dropped (never the serving Production version). */
  removed: string[];
  /** Problems; the affected versions keep their last good load when they had one. */
  failed: { id: string; file: string; error: string }[];
}

export interface RegistryOptions {
  /** Share of traffic (0..1) for each model's Staging version: one number for all, or per name. */
  canaryShare?: number | Readonly<Record<string, number>>;
  /** Random source for canary picks without a KOL id (tests inject one). */
  random?: () => number;
  sessionOptions?: SessionOptions;
  /** How long a replaced session stays open for in-flight runs before release (ms). */
  releaseDelayMs?: number;
}

interface VersionDir {
  id: string;
  name: string;
  version: string;
  dir: string;
  cardFile: string;
  modelFile: string;
}

/** Stable bucket in [0, 1) for (model, KOL): FNV-1a 32-bit. */
export function canaryBucket(model: string, kolId: string): number {
  const key = `${model}\u0000${kolId}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 0x1_0000_0000;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function checkShare(share: number, field: string): number {
  if (typeof share !== 'number' || !Number.isFinite(share) || share < 0 || share > 1) {
    throw new InputValidationError(field, `${field} must be a number from 0 to 1, got ${share}`);
  }
  return share;
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function scan(root: string): Promise<VersionDir[]> {
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

async function loadVersion(v: VersionDir, options: RegistryOptions): Promise<LoadedModel> {
  const cardText = (await readFileOrThrow(v.cardFile, 'model card')).toString('utf8');
  let card: ModelCard;
  let config: ModelConfig;
  let outputs: readonly string[];
  try {
    card = parseModelCard(cardText);
    if (card.name !== v.name || card.version !== v.version) {
      throw new Error(
        `card says ${card.name}@${card.version} but sits in ${v.name}/${v.version}; they must agree`,
      );
    }
    ({ config, outputs } = modelConfigFor(card));
  } catch (error) {
    if (error instanceof ModelLoadError) throw error;
    throw new ModelLoadError(v.cardFile, (error as Error).message, { cause: error });
  }
  const bytes = await readFileOrThrow(v.modelFile, 'model file');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (card.model_sha256 !== undefined && card.model_sha256 !== sha256) {
    throw new ModelLoadError(
      v.modelFile,
      `sha256 ${sha256} does not match card.json (${card.model_sha256}): ` +
        'the file is corrupt or belongs to another card',
    );
  }
  const session = await ModelSession.create(
    v.modelFile,
    bytes,
    card.features.length,
    outputs,
    options.sessionOptions,
  );
  return { ...v, card, config, session, sha256, cardText };
}

export class ModelRegistry {
  private models = new Map<string, LoadedModel>();
  private readonly stages = new Map<string, ModelStage>();
  /** Per model: versions that were Production before each promote, most recent last. */
  private readonly history = new Map<string, string[]>();
  private readonly shares = new Map<string, number>();
  private defaultShare = 0;
  private readonly random: () => number;
  private reloading: Promise<ReloadReport> | null = null;
  private readonly pendingRelease = new Set<ModelSession>();

  private constructor(
    /** Absolute path of the models directory. */
    readonly dir: string,
    private readonly options: RegistryOptions,
  ) {
    this.random = options.random ?? Math.random;
    const share = options.canaryShare ?? 0;
    if (typeof share === 'number') this.defaultShare = checkShare(share, 'canaryShare');
    else
      for (const [name, s] of Object.entries(share))
        this.shares.set(name, checkShare(s, `canaryShare.${name}`));
  }

  /** Loads every model version under `modelsDir`. Throws ModelLoadError naming the first bad file. */
  static async load(modelsDir: string, options: RegistryOptions = {}): Promise<ModelRegistry> {
    const registry = new ModelRegistry(path.resolve(modelsDir), options);
    const loaded: LoadedModel[] = [];
    try {
      for (const v of await scan(registry.dir)) loaded.push(await loadVersion(v, options));
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
    for (const model of loaded) {
      registry.models.set(model.id, model);
      registry.stages.set(model.id, model.card.stage);
    }
    return registry;
  }

  /** Model names with at least one version. */
  names(): string[] {
    return [...new Set([...this.models.values()].map((m) => m.name))].sort();
  }

  get(name: string, version: string): LoadedModel | undefined {
    return this.models.get(`${name}@${version}`);
  }

  stageOf(model: LoadedModel): ModelStage {
    return this.stages.get(model.id) ?? 'None';
  }

  private versions(name: string): LoadedModel[] {
    return [...this.models.values()]
      .filter((m) => m.name === name)
      .sort((a, b) => compareVersions(a.version, b.version));
  }

  private findProduction(name: string): LoadedModel | undefined {
    return this.versions(name).find((m) => this.stageOf(m) === 'Production');
  }

  /** The Production version; throws ModelUnavailableError when there is none. */
  production(name: string): LoadedModel {
    const model = this.findProduction(name);
    if (!model) throw new ModelUnavailableError(name);
    return model;
  }

  /** The canary candidate: the highest Staging version, if any. */
  staging(name: string): LoadedModel | undefined {
    return this.versions(name)
      .filter((m) => this.stageOf(m) === 'Staging')
      .pop();
  }

  canaryShare(name: string): number {
    return this.shares.get(name) ?? this.defaultShare;
  }

  /** Sets the canary share of one model, or the default of all models when `name` is omitted. */
  setCanaryShare(share: number, name?: string): void {
    checkShare(share, 'canaryShare');
    if (name === undefined) {
      this.defaultShare = share;
      this.shares.clear();
    } else {
      this.shares.set(name, share);
    }
  }

  /** The version that serves a request: Production, or Staging for the canary share. */
  select(name: string, kolId?: string | null): LoadedModel {
    return this.selector(name)(kolId);
  }

  /**
   * `select` for many requests: resolves the Production/Staging versions and the share once
   * (a batch sees one consistent registry state even if an admin promotes meanwhile).
   * Throws ModelUnavailableError when there is no Production version.
   */
  selector(name: string): (kolId?: string | null) => LoadedModel {
    const production = this.production(name);
    const share = this.canaryShare(name);
    const canary = share > 0 ? this.staging(name) : undefined;
    if (!canary) return () => production;
    return (kolId) => {
      const u = kolId != null && kolId !== '' ? canaryBucket(name, kolId) : this.random();
      return u < share ? canary : production;
    };
  }

  /** Makes `version` the Production version of `name`; the previous one becomes Archived. */
  promote(name: string, version: string): ModelInfo {
    const target = this.get(name, version);
    if (!target) {
      throw this.names().includes(name)
        ? new ModelNotFoundError(name, version)
        : new ModelNotFoundError(name);
    }
    const current = this.findProduction(name);
    if (current === target) return this.info(target);
    if (current) {
      this.stages.set(current.id, 'Archived');
      const history = this.history.get(name) ?? [];
      history.push(current.version);
      this.history.set(name, history);
    }
    this.stages.set(target.id, 'Production');
    return this.info(target);
  }

  /** Restores the Production version that the last promote replaced; the current one is Archived. */
  rollback(name: string): ModelInfo {
    if (!this.names().includes(name)) throw new ModelNotFoundError(name);
    const history = this.history.get(name) ?? [];
    const version = history.pop();
    if (version === undefined) {
      throw new RegistryStateError(
        `no earlier Production version of "${name}" to roll back to (nothing was promoted since start)`,
      );
    }
    const previous = this.get(name, version);
    if (!previous) {
      history.push(version);
      throw new RegistryStateError(
        `cannot roll back "${name}": version ${version} is no longer loaded`,
      );
    }
    const current = this.findProduction(name);
    if (current) this.stages.set(current.id, 'Archived');
    this.stages.set(previous.id, 'Production');
    return this.info(previous);
  }

  private trafficShare(model: LoadedModel): number {
    const stage = this.stageOf(model);
    const share = this.canaryShare(model.name);
    const canary = this.staging(model.name);
    if (stage === 'Production') return canary ? 1 - share : 1;
    if (stage === 'Staging' && canary === model) return this.findProduction(model.name) ? share : 0;
    return 0;
  }

  info(model: LoadedModel): ModelInfo {
    const card = model.card;
    return {
      name: model.name,
      version: model.version,
      stage: this.stageOf(model),
      description: card.description,
      features: [...card.features],
      metrics: Object.entries(card.metrics).map(([name, value]) => ({ name, value })),
      trainingData: {
        source: card.training_data.source,
        licence: card.training_data.licence,
        rows: card.training_data.rows,
      },
      trafficShare: this.trafficShare(model),
      createdAt: new Date(card.created_at),
      modelSha256: model.sha256,
    };
  }

  /** Every loaded version, by name then version. */
  list(): ModelInfo[] {
    return [...this.models.values()]
      .sort((a, b) =>
        a.name === b.name ? compareVersions(a.version, b.version) : a.name < b.name ? -1 : 1,
      )
      .map((m) => this.info(m));
  }

  /** Rescans the directory (see the module comment). Concurrent calls share one reload. */
  reload(): Promise<ReloadReport> {
    if (!this.reloading) {
      this.reloading = this.doReload().finally(() => {
        this.reloading = null;
      });
    }
    return this.reloading;
  }

  private async doReload(): Promise<ReloadReport> {
    const report: ReloadReport = { loaded: [], unchanged: [], removed: [], failed: [] };
    let scanned: VersionDir[];
    try {
      scanned = await scan(this.dir);
    } catch (error) {
      report.failed.push({ id: '*', file: this.dir, error: (error as Error).message });
      return report;
    }
    const next = new Map<string, LoadedModel>();
    const fresh: LoadedModel[] = [];
    for (const v of scanned) {
      const old = this.models.get(v.id);
      try {
        if (old && (await this.unchanged(old))) {
          next.set(v.id, old);
          report.unchanged.push(v.id);
          continue;
        }
        const model = await loadVersion(v, this.options);
        next.set(v.id, model);
        fresh.push(model);
        report.loaded.push(v.id);
      } catch (error) {
        const file = error instanceof ModelLoadError ? error.file : v.dir;
        report.failed.push({ id: v.id, file, error: (error as Error).message });
        if (old) next.set(v.id, old);
      }
    }
    for (const [id, old] of this.models) {
      if (next.has(id)) continue;
      if (this.stageOf(old) === 'Production') {
        next.set(id, old);
        report.failed.push({
          id,
          file: old.dir,
          error: 'directory removed; still serving the loaded Production version',
        });
      } else {
        report.removed.push(id);
      }
    }
    for (const model of fresh) {
      if (this.stages.has(model.id)) continue;
      let stage = model.card.stage;
      const production = [...next.values()].find(
        (m) =>
          m !== model &&
          m.name === model.name &&
          (this.stages.get(m.id) ?? m.card.stage) === 'Production',
      );
      if (stage === 'Production' && production) {
        stage = 'None';
        report.failed.push({
          id: model.id,
          file: model.cardFile,
          error: `card says Production but ${production.id} already is; registered as None (promote it explicitly)`,
        });
      }
      this.stages.set(model.id, stage);
    }
    const previous = this.models;
    this.models = next;
    const live = new Set([...next.values()].map((m) => m.session));
    for (const model of previous.values()) {
      if (!live.has(model.session)) this.releaseLater(model.session);
      if (!next.has(model.id)) this.stages.delete(model.id);
    }
    return report;
  }

  /** True when both files still hold what was loaded (false when unreadable: reload reports why). */
  private async unchanged(old: LoadedModel): Promise<boolean> {
    try {
      const [cardText, bytes] = await Promise.all([
        fs.readFile(old.cardFile, 'utf8'),
        fs.readFile(old.modelFile),
      ]);
      return (
        cardText === old.cardText && createHash('sha256').update(bytes).digest('hex') === old.sha256
      );
    } catch {
      return false;
    }
  }

  private releaseLater(session: ModelSession): void {
    this.pendingRelease.add(session);
    const timer = setTimeout(() => {
      this.pendingRelease.delete(session);
      void session.release().catch(() => undefined);
    }, this.options.releaseDelayMs ?? 30_000);
    timer.unref();
  }

  /** Releases every session. The registry must not be used afterwards. */
  async close(): Promise<void> {
    const sessions = new Set([...this.models.values()].map((m) => m.session));
    for (const s of this.pendingRelease) sessions.add(s);
    this.pendingRelease.clear();
    this.models = new Map();
    await Promise.all([...sessions].map((s) => s.release().catch(() => undefined)));
  }
}
