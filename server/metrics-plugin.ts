import type { ApolloServerPlugin } from '@apollo/server';
import { graphqlDuration, graphqlRequests, resolverDuration } from '../observability/metrics';

/** Request and root-resolver latency for /metrics. */
export function metricsPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      let operation = 'unknown';
      return {
        async didResolveOperation(ctx) {
          operation = ctx.operation?.operation ?? operation;
        },
        async executionDidStart() {
          return {
            willResolveField({ info }) {
              if (info.path.prev !== undefined) return;
              const fieldStarted = process.hrtime.bigint();
              return () => {
                const seconds = Number(process.hrtime.bigint() - fieldStarted) / 1e9;
                resolverDuration.observe(
                  { field: `${info.parentType.name}.${info.fieldName}` },
                  seconds,
                );
              };
            },
          };
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
