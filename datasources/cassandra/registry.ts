import type { types } from 'cassandra-driver';
import type {
  ModelRegistryEvent,
  ModelRegistryState,
  ModelStageName,
  RegistryStore,
} from '../types';
import { MODEL_STAGES, REGISTRY_ACTIONS } from '../shared/registry';
import type { CassandraSession } from './client';
import { insertCql } from './cql';
import { date, num, optionalNum, text } from './rows';

const EVENT_COLUMNS =
  'scope, at, id, model, action, version, from_version, to_version, canary_share, actor';
const ALL_SCOPE = 'all';

/**
 * The model registry in Cassandra: `model_registry_state` (one row per model) and
 * `model_registry_events` (each event in the 'all' partition and its model's partition). A save is
 * one logged batch (state + both event rows: all or nothing); registry changes are rare, so the
 * batch log costs nothing that matters.
 */
export class CassandraRegistryStore implements RegistryStore {
  private readonly insertState: string;
  private readonly insertEvent: string;
  private readonly selectStates: string;
  private readonly selectEvents: string;

  constructor(private readonly session: CassandraSession) {
    this.insertState = insertCql(
      session.table('model_registry_state'),
      'model, stages, canary_share, revision, updated_at',
    );
    this.insertEvent = insertCql(session.table('model_registry_events'), EVENT_COLUMNS);
    this.selectStates =
      'SELECT model, stages, canary_share, revision, updated_at FROM ' +
      session.table('model_registry_state');
    this.selectEvents =
      `SELECT ${EVENT_COLUMNS} FROM ${session.table('model_registry_events')} ` +
      'WHERE scope = ? LIMIT ?';
  }

  async states(): Promise<ModelRegistryState[]> {
    const rows = await this.session.readAll(this.selectStates, []);
    return rows.map(stateFromRow);
  }

  async save(state: ModelRegistryState, event: ModelRegistryEvent): Promise<void> {
    const eventParams = (scope: string): unknown[] => [
      scope,
      event.at,
      event.id,
      event.model,
      event.action,
      event.version,
      event.fromVersion,
      event.toVersion,
      event.canaryShare,
      event.actor,
    ];
    await this.session.batch([
      {
        query: this.insertState,
        params: [state.model, state.stages, state.canaryShare, state.revision, state.updatedAt],
      },
      { query: this.insertEvent, params: eventParams(ALL_SCOPE) },
      { query: this.insertEvent, params: eventParams(`model/${event.model}`) },
    ]);
  }

  async events(filter: { model?: string; limit: number }): Promise<ModelRegistryEvent[]> {
    const limit = Math.floor(filter.limit);
    if (limit <= 0) return [];
    const scope = filter.model === undefined ? ALL_SCOPE : `model/${filter.model}`;
    const rows = await this.session.readAll(
      this.selectEvents,
      [scope, limit],
      Math.min(limit, 1000),
    );
    return rows.map(eventFromRow);
  }
}

function stateFromRow(row: types.Row): ModelRegistryState {
  const raw = (row.get('stages') ?? {}) as Record<string, unknown>;
  const stages: Record<string, ModelStageName> = {};
  for (const [version, stage] of Object.entries(raw)) {
    const found = MODEL_STAGES.find((candidate) => candidate === stage);
    if (found === undefined)
      throw new TypeError(`column stages: unexpected stage ${String(stage)}`);
    stages[version] = found;
  }
  return {
    model: text(row, 'model'),
    stages,
    canaryShare: num(row, 'canary_share'),
    revision: num(row, 'revision'),
    updatedAt: date(row, 'updated_at'),
  };
}

function eventFromRow(row: types.Row): ModelRegistryEvent {
  const action = REGISTRY_ACTIONS.find((candidate) => candidate === text(row, 'action'));
  if (action === undefined) throw new TypeError(`column action: unexpected value`);
  const nullable = (column: string): string | null => {
    const v = row.get(column) as unknown;
    return typeof v === 'string' ? v : null;
  };
  return {
    id: text(row, 'id'),
    model: text(row, 'model'),
    action,
    version: nullable('version'),
    fromVersion: nullable('from_version'),
    toVersion: nullable('to_version'),
    canaryShare: optionalNum(row, 'canary_share') ?? null,
    actor: text(row, 'actor'),
    at: date(row, 'at'),
  };
}
