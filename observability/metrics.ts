import client, { type Registry } from 'prom-client';

/**
 * The process-wide Prometheus registry served on /metrics. Modules register their own metrics on it
 * (prom-client's default registry), so this file only adds the gateway-level ones.
 */
export const registry = client.register;

let defaultsCollected = false;
export function collectDefaultMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  client.collectDefaultMetrics({ register: registry, prefix: 'kol_' });
}

/**
 * The metric registered under `name` on `target`, or the one `create` makes (and registers). Modules
 * that can be loaded more than once per process (tests, several stores) share one metric this way
 * instead of failing on a duplicate registration.
 */
export function getOrCreateMetric<T>(target: Registry, name: string, create: () => T): T {
  return (target.getSingleMetric(name) as T | undefined) ?? create();
}

function getOrCreate<T>(name: string, create: () => T): T {
  return getOrCreateMetric(registry, name, create);
}

export const graphqlRequests = getOrCreate(
  'kol_graphql_requests_total',
  () =>
    new client.Counter({
      name: 'kol_graphql_requests_total',
      help: 'GraphQL operations by operation type and outcome',
      labelNames: ['operation', 'outcome'] as const,
    }),
);

export const graphqlDuration = getOrCreate(
  'kol_graphql_request_duration_seconds',
  () =>
    new client.Histogram({
      name: 'kol_graphql_request_duration_seconds',
      help: 'GraphQL operation latency',
      labelNames: ['operation'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
);

export const resolverDuration = getOrCreate(
  'kol_graphql_resolver_duration_seconds',
  () =>
    new client.Histogram({
      name: 'kol_graphql_resolver_duration_seconds',
      help: 'Latency of root-level resolvers by field',
      labelNames: ['field'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    }),
);

export const activeSubscriptions = getOrCreate(
  'kol_graphql_active_subscriptions',
  () =>
    new client.Gauge({
      name: 'kol_graphql_active_subscriptions',
      help: 'Open graphql-ws subscriptions on this replica',
    }),
);
