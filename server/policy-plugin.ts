import type { ApolloServerPlugin } from '@apollo/server';
import type { Admission, OperationPolicy } from './operation-policy';

/** Context property carrying the HTTP request's admission from the middleware to the plugin. */
export const ADMISSION = Symbol('admission');

export type AdmittedContext = object & { [ADMISSION]?: Admission };

/**
 * Apollo's side of the operation policy: once the operation is known (parsed and validated with
 * the policy's rules), its cost is checked against the role's budget and charged to the caller.
 */
export function policyPlugin<T extends AdmittedContext>(
  policy: OperationPolicy,
): ApolloServerPlugin<T> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) return; // Apollo answers that itself
          const admission = contextValue[ADMISSION];
          if (!admission) throw new Error('request reached Apollo without admission');
          await policy.checkOperation(admission, document, operation, request.variables);
        },
      };
    },
  };
}
