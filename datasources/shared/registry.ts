import type { ModelRegistryEvent, ModelRegistryState } from '../types';

export { MODEL_STAGES, REGISTRY_ACTIONS } from '../../domain/model-registry';

/** Newest first; events at the same instant by id, so the order is total and stable. */
export function compareEventsNewestFirst(a: ModelRegistryEvent, b: ModelRegistryEvent): number {
  const dt = b.at.getTime() - a.at.getTime();
  if (dt !== 0) return dt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The `events` answer over a list of events (any order). */
export function selectEvents(
  events: readonly ModelRegistryEvent[],
  filter: { model?: string; limit: number },
): ModelRegistryEvent[] {
  const limit = Math.max(0, Math.floor(filter.limit));
  return events
    .filter((e) => filter.model === undefined || e.model === filter.model)
    .sort(compareEventsNewestFirst)
    .slice(0, limit)
    .map(copyEvent);
}

export function copyState(state: ModelRegistryState): ModelRegistryState {
  return { ...state, stages: { ...state.stages }, updatedAt: new Date(state.updatedAt) };
}

export function copyEvent(event: ModelRegistryEvent): ModelRegistryEvent {
  return { ...event, at: new Date(event.at) };
}
