import type { ApolloServerPlugin } from '@apollo/server';
import { graphqlDuration, graphqlRequests } from '../observability/metrics';
import type { CompiledExecutor } from './execution';
import { compiledResponse } from './execution-plugin';
import type { Admission, OperationPolicy } from './operation-policy';

/** Context property carrying the HTTP request's admission from the route to the plugin. */
export const ADMISSION = Symbol('admission');

export type AdmittedContext = object & { [ADMISSION]?: Admission };

/**
 * The gateway's one Apollo request listener (Apollo calls every listener at every phase of every
 * request, so this is one instead of three):
 * - once the operation is known (parsed and validated with the policy's rules), its cost is
 *   checked against the role's budget and charged to the caller;
 * - it is then executed compiled (compiledResponse);
 * - request count and latency go to /metrics. Root-field latency is measured by the root
 *   resolvers themselves (see instrumentSchema), so no hook runs per resolved field.
 */
export function requestPlugin<T extends AdmittedContext>(
  policy: OperationPolicy,
  executor: CompiledExecutor,
): ApolloServerPlugin<T> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      let operation = 'unknown';
      return {
        async didResolveOperation({ document, operation: resolved, request }) {
          if (!resolved) return; // Apollo answers that itself
          operation = resolved.operation;
          const admission = contextValue[ADMISSION];
          if (!admission) throw new Error('request reached Apollo without admission');
          await policy.checkOperation(admission, document, resolved, request.variables);
        },
        responseForOperation: (resolved) => compiledResponse(executor, resolved),
        async willSendResponse({ errors }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const outcome = errors && errors.length > 0 ? 'error' : 'ok';
          graphqlRequests.inc({ operation, outcome });
          graphqlDuration.observe({ operation }, seconds);
        },
      };
    },
  };
}
