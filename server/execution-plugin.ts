import {
  HeaderMap,
  type ApolloServerOptionsWithGateway,
  type BaseContext,
  type GraphQLResponse,
} from '@apollo/server';
import type { DocumentNode, ExecutionResult } from 'graphql';
import type { CompiledExecutor } from './execution';

type GatewayLoad = ReturnType<ApolloServerOptionsWithGateway<BaseContext>['gateway']['load']>;
/** What Apollo calls to execute an operation when it is given a gateway. */
type GatewayExecutor = NonNullable<Awaited<GatewayLoad>['executor']>;

/** Context property holding an HTTP operation's outcome when Apollo is to present it. */
const EXECUTED = Symbol('executed');

type Outcome = { result: ExecutionResult } | { error: unknown };
type ExecutedContext = object & { [EXECUTED]?: Outcome };

/** Shared by every answered response: Apollo only reads it (no extra status or headers). */
const NO_HEAD = { headers: new HeaderMap(), status: undefined };

/** What `responseForOperation` is given (the parts used here). */
export interface ResolvedOperation {
  contextValue: object;
  document: DocumentNode;
  operationName: string | null;
  request: { variables?: Record<string, unknown> };
  queryHash?: string;
}

/**
 * Runs an HTTP operation on the compiled executor as soon as Apollo has resolved (and the policy
 * admitted) it: the body of Apollo's `responseForOperation` hook. A result without errors is
 * Apollo's response from there, which skips its executor hand-off: the execution hooks, the
 * gateway request view, and a content negotiation per request. A result with errors, or an
 * exception, is left for Apollo's own execution step (`executeOperation` below returns it there),
 * so Apollo formats and presents those exactly as before; the operation still runs once.
 */
export async function compiledResponse(
  executor: CompiledExecutor,
  { contextValue, document, operationName, request, queryHash }: ResolvedOperation,
): Promise<GraphQLResponse | null> {
  // Apollo always hashes the text; without a hash there is no key to compile under.
  if (queryHash === undefined) return null;
  let outcome: Outcome;
  try {
    outcome = {
      result: await executor.execute({
        document,
        operationName,
        variables: request.variables,
        contextValue,
        cacheKey: `${queryHash}:${operationName ?? ''}`,
      }),
    };
  } catch (error) {
    outcome = { error };
  }
  if ('result' in outcome && !outcome.result.errors?.length) {
    return { http: NO_HEAD, body: { kind: 'single', singleResult: outcome.result } };
  }
  (contextValue as ExecutedContext)[EXECUTED] = outcome;
  return null;
}

/** Apollo's execution step: hands back what the plugin ran (or runs it, should nothing have). */
export function executeOperation(executor: CompiledExecutor): GatewayExecutor {
  return async (request) => {
    const outcome = (request.context as ExecutedContext)[EXECUTED];
    if (outcome) {
      if ('error' in outcome) throw outcome.error;
      return outcome.result;
    }
    return executor.execute({
      document: request.document,
      operationName: request.operationName,
      variables: request.request.variables,
      contextValue: request.context,
      cacheKey: `${request.queryHash}:${request.operationName ?? ''}`,
    });
  };
}
