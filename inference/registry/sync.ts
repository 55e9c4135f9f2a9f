/**
 * Where the registry's changes go: the history of this process only (no store), or the shared
 * store, written through in call order and polled for the changes of other processes.
 */
import { randomUUID } from 'node:crypto';
import type { ModelStage } from '../core/card';
import { RegistryStateError } from '../core/errors';
import type { LoadedModel } from './loading';
import {
  HISTORY_EVENTS,
  fingerprint,
  rollbackHistory,
  type RegistryEvent,
  type RegistryStateStore,
  type SavedModelState,
} from './store';

/** The fields of an event the registry knows; id, model, actor and time are added here. */
export type EventFields = Pick<
  RegistryEvent,
  'action' | 'version' | 'fromVersion' | 'toVersion' | 'canaryShare'
>;

/** What the synchronisation reads and sets in the registry. */
export interface SyncTarget {
  readonly dir: string;
  names(): string[];
  /** Loaded versions of a model, ascending. */
  versions(name: string): LoadedModel[];
  get(name: string, version: string): LoadedModel | undefined;
  stageOf(model: LoadedModel): ModelStage;
  setStage(model: LoadedModel, stage: ModelStage): void;
  canaryShare(name: string): number;
  setCanaryShare(name: string, share: number): void;
  setHistory(name: string, versions: readonly string[]): void;
  reload(): Promise<unknown>;
}

export interface RegistryHistory {
  /** Keeps the change (and with a store queues its write). */
  record(name: string, actor: string, fields: EventFields): void;
  /**
   * Resolves when the changes made since the last call are saved; rejects with the first of them
   * that failed (call it right after the change to hear about your own write).
   */
  whenSaved(): Promise<void>;
  /** Newest first. */
  events(filter: { model?: string; limit: number }): Promise<RegistryEvent[]>;
  /** Applies the saved state (all of it when `force`, else what changed). */
  sync(force?: boolean): Promise<void>;
  close(): Promise<void>;
}

const LOCAL_EVENTS = 1_000;
const MAX_UNCLAIMED = 100;

function event(name: string, actor: string, fields: EventFields): RegistryEvent {
  return { id: randomUUID(), model: name, actor, at: new Date(), ...fields };
}

/** No store: the registry lives in this process; the last 1,000 changes are kept for `events`. */
export class LocalHistory implements RegistryHistory {
  private readonly kept: RegistryEvent[] = [];

  record(name: string, actor: string, fields: EventFields): void {
    this.kept.unshift(event(name, actor, fields));
    this.kept.length = Math.min(this.kept.length, LOCAL_EVENTS);
  }

  async whenSaved(): Promise<void> {}

  async events(filter: { model?: string; limit: number }): Promise<RegistryEvent[]> {
    return this.kept
      .filter((e) => filter.model === undefined || e.model === filter.model)
      .slice(0, filter.limit);
  }

  async sync(): Promise<void> {}

  async close(): Promise<void> {}
}

/**
 * The shared store. A change is applied in memory by the registry first, then its model's whole
 * state and the event are saved, in call order. Every poll reads the states; one whose
 * fingerprint differs from what this process applied or wrote last is applied (after a rescan
 * when it names a version not loaded here; left for the next poll while its Production version is
 * still missing). After a failed write the next poll re-applies every saved state.
 */
export class StoreSync implements RegistryHistory {
  /** Per model: fingerprint of the saved state this process applied or wrote last. */
  private readonly applied = new Map<string, string>();
  private readonly revisions = new Map<string, number>();
  private saving: Promise<void> = Promise.resolve();
  private pendingSaves = 0;
  /** Writes queued since the last `whenSaved` claimed them. */
  private unclaimed: Promise<void>[] = [];
  private resync = false;
  private poller: NodeJS.Timeout | null = null;
  private syncing: Promise<void> | null = null;

  constructor(
    private readonly store: RegistryStateStore,
    private readonly target: SyncTarget,
    private readonly onSyncError: ((error: unknown) => void) | undefined,
  ) {}

  record(name: string, actor: string, fields: EventFields): void {
    const e = event(name, actor, fields);
    const revision = (this.revisions.get(name) ?? 0) + 1;
    this.revisions.set(name, revision);
    const t = this.target;
    const state: SavedModelState = {
      model: name,
      stages: Object.fromEntries(t.versions(name).map((m) => [m.version, t.stageOf(m)])),
      canaryShare: t.canaryShare(name),
      revision,
      updatedAt: e.at,
    };
    this.applied.set(name, fingerprint(state));
    this.pendingSaves += 1;
    const write = this.saving.then(() => this.store.save(state, e));
    this.saving = write
      .catch(() => {
        this.resync = true;
      })
      .finally(() => {
        this.pendingSaves -= 1;
      });
    this.unclaimed.push(write);
    // Writes nobody waits for are still handled above; keep the list short.
    if (this.unclaimed.length > MAX_UNCLAIMED) void this.unclaimed.shift();
  }

  /** Waits for the writes queued since the last call (a caller's own: it calls right after the change). */
  async whenSaved(): Promise<void> {
    const writes = this.unclaimed;
    this.unclaimed = [];
    await Promise.all(writes);
  }

  events(filter: { model?: string; limit: number }): Promise<RegistryEvent[]> {
    return this.store.events(filter);
  }

  /** Concurrent calls share one read; skipped while own writes are in flight (unless forced). */
  sync(force = false): Promise<void> {
    this.syncing ??= this.applySaved(force).finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  start(intervalMs: number): void {
    this.poller = setInterval(() => {
      this.sync().catch((error: unknown) => this.onSyncError?.(error));
    }, intervalMs);
    this.poller.unref();
  }

  async close(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    await this.saving;
    await this.syncing?.catch(() => undefined);
  }

  private async applySaved(force: boolean): Promise<void> {
    if (this.pendingSaves > 0 && !force) return;
    const t = this.target;
    const all = force || this.resync;
    const saved = new Set<string>();
    for (const state of await this.store.states()) {
      if (!t.names().includes(state.model)) continue;
      saved.add(state.model);
      if (!all && this.applied.get(state.model) === fingerprint(state)) continue;
      if (Object.keys(state.stages).some((v) => !t.get(state.model, v))) await t.reload();
      const production = Object.entries(state.stages).find(([, stage]) => stage === 'Production');
      if (production && !t.get(state.model, production[0])) {
        // Keep serving what is loaded; the next poll tries again (the files may still be copying).
        this.onSyncError?.(
          new RegistryStateError(
            `saved Production version ${state.model}@${production[0]} is not in ${t.dir}`,
          ),
        );
        continue;
      }
      await this.apply(state);
    }
    if (this.resync) {
      for (const name of t.names()) if (!saved.has(name)) this.resetToCards(name);
    }
    this.resync = false;
  }

  private async apply(state: SavedModelState): Promise<void> {
    const t = this.target;
    const savedProduction = Object.values(state.stages).includes('Production');
    for (const model of t.versions(state.model)) {
      const stage = state.stages[model.version];
      if (stage !== undefined) t.setStage(model, stage);
      else if (savedProduction && model.card.stage === 'Production') t.setStage(model, 'None');
      else t.setStage(model, model.card.stage);
    }
    t.setCanaryShare(state.model, state.canaryShare);
    this.revisions.set(state.model, state.revision);
    this.applied.set(state.model, fingerprint(state));
    const events = await this.store.events({ model: state.model, limit: HISTORY_EVENTS });
    t.setHistory(state.model, rollbackHistory(events));
  }

  private resetToCards(name: string): void {
    const t = this.target;
    for (const model of t.versions(name)) t.setStage(model, model.card.stage);
    t.setHistory(name, []);
    this.applied.delete(name);
  }
}
