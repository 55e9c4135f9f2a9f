import type {
  ApolloServerPlugin,
  GraphQLRequestContextDidResolveOperation,
  GraphQLRequestContextResponseForOperation,
  GraphQLRequestContextWillSendResponse,
  GraphQLRequestListener,
  GraphQLResponse,
} from '@apollo/server';
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
    requestDidStart: ({ contextValue }) =>
      Promise.resolve(new RequestListener<T>(policy, executor, contextValue)),
  };
}

/**
 * One request's listener. A class, so that a request allocates one object and no closures: its
 * hooks are shared methods.
 */
class RequestListener<T extends AdmittedContext> implements GraphQLRequestListener<T> {
  private readonly started = performance.now();
  private operation = 'unknown';

  constructor(
    private readonly policy: OperationPolicy,
    private readonly executor: CompiledExecutor,
    private readonly contextValue: T,
  ) {}

  async didResolveOperation({
    document,
    operation,
    request,
  }: GraphQLRequestContextDidResolveOperation<T>): Promise<void> {
    if (!operation) return; // Apollo answers that itself
    this.operation = operation.operation;
    const admission = this.contextValue[ADMISSION];
    if (!admission) throw new Error('request reached Apollo without admission');
    await this.policy.checkOperation(admission, document, operation, request.variables);
  }

  responseForOperation(
    resolved: GraphQLRequestContextResponseForOperation<T>,
  ): Promise<GraphQLResponse | null> {
    return compiledResponse(this.executor, resolved);
  }

  willSendResponse({ errors }: GraphQLRequestContextWillSendResponse<T>): Promise<void> {
    const seconds = (performance.now() - this.started) / 1000;
    const outcome = errors && errors.length > 0 ? 'error' : 'ok';
    graphqlRequests.inc({ operation: this.operation, outcome });
    graphqlDuration.observe({ operation: this.operation }, seconds);
    return Promise.resolve();
  }
}
