import type { AlertStore, DataSources, MetricStore, ProfileStore, ScoreStore } from '../types';

/**
 * Development-mode check of the batch contract stated in `types.ts`: every batch method returns
 * one result per key, in key order. Without it a store that drops or adds a row would silently
 * shift every following result onto the wrong key; with it the call fails with both arrays in the
 * message (as DataLoader does for its batch function). Wraps the batch-shaped stores with
 * delegating objects; the originals stay as they are.
 */
export function checkedDataSources<T extends DataSources>(data: T): T {
  const { profiles, metrics, scores, alerts } = data;
  const checkedProfiles: ProfileStore = {
    getMany: (ids) => sameLength('profiles.getMany', ids, profiles.getMany(ids)),
    updatedAt: (ids) => sameLength('profiles.updatedAt', ids, profiles.updatedAt(ids)),
    upsertMany: (rows, options) => profiles.upsertMany(rows, options),
    listIds: (filter) => profiles.listIds(filter),
  };
  const checkedMetrics: MetricStore = {
    series: (keys) => sameLength('metrics.series', keys, metrics.series(keys)),
    latest: (keys) => sameLength('metrics.latest', keys, metrics.latest(keys)),
    write: (points) => metrics.write(points),
  };
  const checkedScores: ScoreStore = {
    latest: (model, ids) => sameLength('scores.latest', ids, scores.latest(model, ids)),
    history: (model, ids, limit) =>
      sameLength('scores.history', ids, scores.history(model, ids, limit)),
    put: (records, options) => scores.put(records, options),
  };
  const checkedAlerts: AlertStore = {
    put: (alert) => alerts.put(alert),
    putMany: (batch) => alerts.putMany(batch),
    ...(alerts.storeMany ? { storeMany: alerts.storeMany.bind(alerts) } : {}),
    query: (filter, first, after) => alerts.query(filter, first, after),
    recentByKol: (ids, first) =>
      sameLength('alerts.recentByKol', ids, alerts.recentByKol(ids, first)),
  };
  return {
    ...data,
    profiles: checkedProfiles,
    metrics: checkedMetrics,
    scores: checkedScores,
    alerts: checkedAlerts,
  };
}

/** The batch-shape error: names the method and shows the keys and the values it returned. */
export class BatchShapeError extends Error {
  override readonly name = 'BatchShapeError';
}

async function sameLength<R>(
  method: string,
  keys: readonly unknown[],
  pending: Promise<readonly R[]>,
): Promise<R[]> {
  const values = await pending;
  if (!Array.isArray(values) || values.length !== keys.length) {
    throw new BatchShapeError(
      `${method} must return an array of the same length as its keys (one result per key, in ` +
        `key order); got ${Array.isArray(values) ? values.length : typeof values} for ` +
        `${keys.length} keys.\n\nKeys:\n${show(keys)}\n\nValues:\n${show(values)}`,
    );
  }
  return values as R[];
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text;
}
