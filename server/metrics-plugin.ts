import type { ApolloServerPlugin } from '@apollo/server';
import { graphqlDuration, graphqlRequests } from '../observability/metrics';

/**
 * Request count and latency for /metrics. Root-field latency is measured by the root resolvers
 * themselves (see instrumentSchema), so no hook runs per resolved field.
 */
export function metricsPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      let operation = 'unknown';
      return {
        async didResolveOperation(ctx) {
          operation = ctx.operation?.operation ?? operation;
        },
        async willSendResponse(ctx) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const outcome = ctx.errors && ctx.errors.length > 0 ? 'error' : 'ok';
          graphqlRequests.inc({ operation, outcome });
          graphqlDuration.observe({ operation }, seconds);
        },
      };
    },
  };
}
