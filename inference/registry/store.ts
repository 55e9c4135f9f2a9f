/**
 * The registry's saved state, shared by every process (gateway replicas and the worker). The shapes
 * are declared once in domain/model-registry.ts; `DataSources.registry` is such a store.
 */
import type {
  ModelRegistryEvent as RegistryEvent,
  ModelRegistryState as SavedModelState,
} from '../../domain/model-registry';

export type {
  ModelRegistryState as SavedModelState,
  ModelRegistryEvent as RegistryEvent,
  RegistryAction,
  RegistryStore as RegistryStateStore,
} from '../../domain/model-registry';

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
