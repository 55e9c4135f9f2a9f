import type { DataSources } from '../../datasources/types';

export type CallCounts = Record<string, number>;

/**
 * Wraps every store of a DataSources so each method call is counted as `store.method`: the store
 * round trips a request made, whatever the backend.
 */
export function countingDataSources(inner: DataSources): {
  data: DataSources;
  counts: CallCounts;
  reset(): void;
} {
  const counts: CallCounts = {};
  const wrap = <T extends object>(name: string, store: T): T =>
    new Proxy(store, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const key = `${name}.${String(property)}`;
          counts[key] = (counts[key] ?? 0) + 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const data: DataSources = {
    ...inner,
    profiles: wrap('profiles', inner.profiles),
    metrics: wrap('metrics', inner.metrics),
    scores: wrap('scores', inner.scores),
    alerts: wrap('alerts', inner.alerts),
    rankings: wrap('rankings', inner.rankings),
  };
  return {
    data,
    counts,
    reset: () => {
      for (const key of Object.keys(counts)) delete counts[key];
    },
  };
}
