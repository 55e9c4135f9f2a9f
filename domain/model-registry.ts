/**
 * The model registry's shared state: what every process (gateway replicas, the stream worker) reads
 * and writes through the registry store, so a promotion made on one is served by all.
 */

export const MODEL_STAGES = ['None', 'Staging', 'Production', 'Archived'] as const;
export type ModelStageName = (typeof MODEL_STAGES)[number];

export const REGISTRY_ACTIONS = ['PROMOTE', 'ROLLBACK', 'SET_CANARY_SHARE'] as const;
export type RegistryAction = (typeof REGISTRY_ACTIONS)[number];

/** The saved serving state of one model: stage per version, canary share, a revision counter. */
export interface ModelRegistryState {
  model: string;
  stages: Record<string, ModelStageName>;
  canaryShare: number;
  revision: number;
  updatedAt: Date;
}

/** One change of a model's serving state, for the promotion history (who, when, from, to). */
export interface ModelRegistryEvent {
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

/** Where every process reads and writes the model registry's state and history. */
export interface RegistryStore {
  /** Every model that has a saved state. */
  states(): Promise<ModelRegistryState[]>;
  /** Replaces the model's state and appends the event (saving the same event id twice is a no-op). */
  save(state: ModelRegistryState, event: ModelRegistryEvent): Promise<void>;
  /** Newest first, at most `limit`, of one model or of all. */
  events(filter: { model?: string; limit: number }): Promise<ModelRegistryEvent[]>;
}
