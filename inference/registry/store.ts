/**
 * The registry's saved state, shared by every process (gateway replicas and the worker). The
 * shapes are those of `DataSources.registry` (datasources/types.ts), declared here structurally so
 * inference/ does not depend on datasources/: any RegistryStore fits.
 */
import type { ModelStage } from '../core/card';

/** The saved serving state of one model: stage per version, canary share, a revision counter. */
export interface SavedModelState {
  model: string;
  stages: Record<string, ModelStage>;
  canaryShare: number;
  revision: number;
  updatedAt: Date;
}

export type RegistryAction = 'PROMOTE' | 'ROLLBACK' | 'SET_CANARY_SHARE';

/** One change of a model's serving state (who, when, from, to). */
export interface RegistryEvent {
  id: string;
  model: string;
  action: RegistryAction;
  version: string | null;
  fromVersion: string | null;
  toVersion: string | null;
  canaryShare: number | null;
  actor: string;
  at: Date;
}

export interface RegistryStateStore {
  states(): Promise<SavedModelState[]>;
  save(state: SavedModelState, event: RegistryEvent): Promise<void>;
  /** Newest first. */
  events(filter: { model?: string; limit: number }): Promise<RegistryEvent[]>;
}

/** How many events are replayed to rebuild a model's rollback history. */
export const HISTORY_EVENTS = 1_000;

/** The rollback history (versions to restore, most recent last) from events newest first. */
export function rollbackHistory(eventsNewestFirst: readonly RegistryEvent[]): string[] {
  const stack: string[] = [];
  for (let i = eventsNewestFirst.length - 1; i >= 0; i--) {
    const e = eventsNewestFirst[i]!;
    if (e.action === 'PROMOTE' && e.fromVersion !== null) stack.push(e.fromVersion);
    else if (e.action === 'ROLLBACK') stack.pop();
  }
  return stack;
}

/** Identity of a saved state: a change by any process (even at the same revision) differs. */
export function fingerprint(state: SavedModelState): string {
  const stages = Object.entries(state.stages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([state.revision, state.updatedAt.getTime(), state.canaryShare, stages]);
}
