/**
 * The model registry: every version under `models/<name>/<version>/` loaded at start
 * (registry/loading.ts), the stage of each and the promotion history (registry/lifecycle.ts), the
 * version that serves a request (registry/routing.ts), directory rescans (registry/reload.ts), and,
 * with a store, one shared state for every process (registry/store.ts, registry/sync.ts):
 *
 * - At start the saved state of each model (stages, canary share) replaces the cards' stages.
 * - promote / rollback / setCanaryShare change the state in memory at once (the next request sees
 *   it) and write it through to the store with an event (actor, time, from, to), in call order.
 *   `whenSaved()`, called right after, resolves when the write has landed and rejects when it
 *   failed; after a failed write the next poll restores the saved state.
 * - Every `pollIntervalMs` (default 2 s) the saved states are read again; one whose fingerprint
 *   differs from what this process last applied or wrote is applied (a state naming a version
 *   not loaded here rescans the directory first, and is left for the next poll while its
 *   Production version is still missing). Two processes changing one model at the same
 *   instant: the later save wins everywhere.
 */
import * as path from 'node:path';
import type { ModelStage } from '../core/card';
import { ModelNotFoundError, ModelUnavailableError, RegistryStateError } from '../core/errors';
import type { ModelSession, SessionOptions } from '../core/session';
import { modelInfo, type ModelInfo } from './info';
import { Lifecycle, type StageChange } from './lifecycle';
import { compareVersions, loadAll, type LoadedModel } from './loading';
import { rescan, type ReloadReport } from './reload';
import { CanaryShares, selectorFor, type VersionSelector } from './routing';
import type { RegistryEvent, RegistryStateStore } from './store';
import {
  LocalHistory,
  StoreSync,
  type EventFields,
  type RegistryHistory,
  type SyncTarget,
} from './sync';

export { CARD_FILE, MODEL_FILE, type LoadedModel } from './loading';
export { canaryBucket } from './routing';
export type { ModelInfo } from './info';
export type { ReloadReport } from './reload';
export type { RegistryAction, RegistryEvent, RegistryStateStore, SavedModelState } from './store';

export interface RegistryOptions {
  /** Share of traffic (0..1) for each model's Staging version: one number for all, or per name. */
  canaryShare?: number | Readonly<Record<string, number>>;
  /** Random source for canary picks without a KOL id (tests inject one). */
  random?: () => number;
  sessionOptions?: SessionOptions;
  /** How long a replaced session stays open for in-flight runs before release (ms). */
  releaseDelayMs?: number;
  /** Where stages, canary shares and history persist (`DataSources.registry`); memory only without. */
  store?: RegistryStateStore;
  /** How often the saved state is read again (ms, default 2,000). */
  pollIntervalMs?: number;
  /** Called when reading or applying the saved state fails (the registry keeps serving). */
  onSyncError?: (error: unknown) => void;
}

/** Who changed the registry when the caller does not say (an in-process call). */
export const LOCAL_ACTOR = 'local';
const DEFAULT_POLL_MS = 2_000;

export class ModelRegistry {
  private models = new Map<string, LoadedModel>();
  private readonly lifecycle = new Lifecycle();
  private readonly shares: CanaryShares;
  private readonly random: () => number;
  private reloading: Promise<ReloadReport> | null = null;
  private readonly pendingRelease = new Set<ModelSession>();
  private readonly history: RegistryHistory;

  private constructor(
    /** Absolute path of the models directory. */
    readonly dir: string,
    private readonly options: RegistryOptions,
  ) {
    this.random = options.random ?? Math.random;
    this.shares = new CanaryShares(options.canaryShare ?? 0);
    this.history = options.store
      ? new StoreSync(options.store, this.syncTarget(), options.onSyncError)
      : new LocalHistory();
  }

  /** The view of this registry that the store synchronisation reads and sets. */
  private syncTarget(): SyncTarget {
    return {
      dir: this.dir,
      names: () => this.names(),
      versions: (name) => this.versions(name),
      get: (name, version) => this.get(name, version),
      stageOf: (model) => this.stageOf(model),
      setStage: (model, stage) => this.lifecycle.set(model, stage),
      canaryShare: (name) => this.canaryShare(name),
      setCanaryShare: (name, share) => this.shares.set(name, share),
      setHistory: (name, versions) => this.lifecycle.setHistory(name, versions),
      reload: () => this.reload(),
    };
  }

  /**
   * Loads every model version under `modelsDir` (throws ModelLoadError naming the first bad file),
   * then, with a store, applies the saved state (a store that cannot be read fails the load) and
   * starts following it.
   */
  static async load(modelsDir: string, options: RegistryOptions = {}): Promise<ModelRegistry> {
    const registry = new ModelRegistry(path.resolve(modelsDir), options);
    for (const model of await loadAll(registry.dir, options.sessionOptions)) {
      registry.models.set(model.id, model);
      registry.lifecycle.set(model, model.card.stage);
    }
    if (registry.history instanceof StoreSync) {
      try {
        await registry.history.sync(true);
      } catch (error) {
        await registry.close();
        throw error;
      }
      registry.history.start(options.pollIntervalMs ?? DEFAULT_POLL_MS);
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
    return this.lifecycle.stageOf(model);
  }

  private versions(name: string): LoadedModel[] {
    return [...this.models.values()]
      .filter((m) => m.name === name)
      .sort((a, b) => compareVersions(a.version, b.version));
  }

  private requireName(name: string): void {
    if (!this.names().includes(name)) throw new ModelNotFoundError(name);
  }

  /** The Production version; throws ModelUnavailableError when there is none. */
  production(name: string): LoadedModel {
    const model = this.lifecycle.production(this.versions(name));
    if (!model) throw new ModelUnavailableError(name);
    return model;
  }

  /** The canary candidate: the highest Staging version, if any. */
  staging(name: string): LoadedModel | undefined {
    return this.lifecycle.staging(this.versions(name));
  }

  canaryShare(name: string): number {
    return this.shares.of(name);
  }

  /**
   * Sets the canary share of one model (ModelNotFoundError for an unknown name), or the default
   * of all models when `name` is omitted. Written through to the store.
   */
  setCanaryShare(share: number, name?: string, actor: string = LOCAL_ACTOR): void {
    if (name === undefined) {
      this.shares.setDefault(share);
      for (const each of this.names()) this.recordCanary(each, share, actor);
      return;
    }
    this.requireName(name);
    this.shares.set(name, share);
    this.recordCanary(name, share, actor);
  }

  private recordCanary(name: string, share: number, actor: string): void {
    this.record(name, actor, {
      action: 'SET_CANARY_SHARE',
      version: this.staging(name)?.version ?? null,
      fromVersion: null,
      toVersion: null,
      canaryShare: share,
    });
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
  selector(name: string): VersionSelector {
    const production = this.production(name);
    const share = this.canaryShare(name);
    const canary = share > 0 ? this.staging(name) : undefined;
    return selectorFor(name, production, canary, share, this.random);
  }

  /** Makes `version` the Production version of `name`; the previous one becomes Archived. */
  promote(name: string, version: string, actor: string = LOCAL_ACTOR): ModelInfo {
    const target = this.get(name, version);
    if (!target) {
      this.requireName(name);
      throw new ModelNotFoundError(name, version);
    }
    const change = this.lifecycle.promote(this.versions(name), target);
    if (change) this.recordChange('PROMOTE', change, actor);
    return this.info(target);
  }

  /** Restores the Production version that the last promote replaced; the current one is Archived. */
  rollback(name: string, actor: string = LOCAL_ACTOR): ModelInfo {
    this.requireName(name);
    const version = this.lifecycle.rollbackTarget(name);
    if (version === undefined) {
      throw new RegistryStateError(
        `no earlier Production version of "${name}" to roll back to (nothing was promoted since start)`,
      );
    }
    const previous = this.get(name, version);
    if (!previous) {
      throw new RegistryStateError(
        `cannot roll back "${name}": version ${version} is no longer loaded`,
      );
    }
    this.recordChange('ROLLBACK', this.lifecycle.rollback(this.versions(name), previous), actor);
    return this.info(previous);
  }

  private recordChange(action: 'PROMOTE' | 'ROLLBACK', change: StageChange, actor: string): void {
    this.record(change.to.name, actor, {
      action,
      version: change.to.version,
      fromVersion: change.from?.version ?? null,
      toVersion: change.to.version,
      canaryShare: null,
    });
  }

  private record(name: string, actor: string, fields: EventFields): void {
    this.history.record(name, actor, fields);
  }

  /**
   * Resolves when the changes made since the last call are in the store; rejects with the first of
   * them that failed (that change is undone at the next poll). Call it right after the change.
   */
  whenSaved(): Promise<void> {
    return this.history.whenSaved();
  }

  /** The history, newest first: from the store when there is one, else this process's changes. */
  async events(filter: { model?: string; limit: number }): Promise<RegistryEvent[]> {
    if (filter.model !== undefined) this.requireName(filter.model);
    return this.history.events(filter);
  }

  /** Applies the saved state that changed (all of it when `force`); what the poll runs. */
  sync(force = false): Promise<void> {
    return this.history.sync(force);
  }

  private trafficShare(model: LoadedModel): number {
    const stage = this.stageOf(model);
    const share = this.canaryShare(model.name);
    const canary = this.staging(model.name);
    if (stage === 'Production') return canary ? 1 - share : 1;
    if (stage === 'Staging' && canary === model) {
      return this.lifecycle.production(this.versions(model.name)) ? share : 0;
    }
    return 0;
  }

  info(model: LoadedModel): ModelInfo {
    return modelInfo(model, this.stageOf(model), this.trafficShare(model));
  }

  /** Every loaded version, by name then version. */
  list(): ModelInfo[] {
    return [...this.models.values()]
      .sort((a, b) =>
        a.name === b.name ? compareVersions(a.version, b.version) : a.name < b.name ? -1 : 1,
      )
      .map((m) => this.info(m));
  }

  /** Rescans the directory (registry/reload.ts). Concurrent calls share one reload. */
  reload(): Promise<ReloadReport> {
    this.reloading ??= this.doReload().finally(() => {
      this.reloading = null;
    });
    return this.reloading;
  }

  private async doReload(): Promise<ReloadReport> {
    const { next, report } = await rescan(
      this.dir,
      this.models,
      this.lifecycle,
      this.options.sessionOptions,
    );
    if (!next) return report;
    const previous = this.models;
    this.models = next;
    const live = new Set([...next.values()].map((m) => m.session));
    for (const model of previous.values()) {
      if (!live.has(model.session)) this.releaseLater(model.session);
      if (!next.has(model.id)) this.lifecycle.forget(model.id);
    }
    return report;
  }

  private releaseLater(session: ModelSession): void {
    this.pendingRelease.add(session);
    const timer = setTimeout(() => {
      this.pendingRelease.delete(session);
      void session.release().catch(() => undefined);
    }, this.options.releaseDelayMs ?? 30_000);
    timer.unref();
  }

  /** Stops following the store and releases every session. The registry must not be used afterwards. */
  async close(): Promise<void> {
    await this.history.close();
    const sessions = new Set([...this.models.values()].map((m) => m.session));
    for (const s of this.pendingRelease) sessions.add(s);
    this.pendingRelease.clear();
    this.models = new Map();
    await Promise.all([...sessions].map((s) => s.release().catch(() => undefined)));
  }
}
