import {
  execute,
  GraphQLError,
  isObjectType,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import { resolverDuration } from '../observability/metrics';
import { gatewayError } from '../resolvers/errors';

/** Context property holding the request's execution deadline (epoch ms). */
export const DEADLINE = Symbol('executionDeadline');
const COMPILED_DOCUMENTS = 1000;

export interface ExecutionRequest {
  document: DocumentNode;
  operationName: string | null | undefined;
  variables: Readonly<Record<string, unknown>> | undefined;
  contextValue: object;
  /** Identifies the document text (and operation) for the compiled-query cache. */
  cacheKey: string;
}

const instrumented = new WeakSet<GraphQLSchema>();

/**
 * Wraps, once per schema, only the resolvers that start work: root fields (timed for
 * `kol_graphql_resolver_duration_seconds`) and fields with arguments (the ones that fetch or
 * compute). Each checks the request's deadline first, so an operation past it stops fetching and
 * scoring. Plain property fields stay as they are, and no per-field hook runs for every resolver.
 */
export function instrumentSchema(schema: GraphQLSchema): void {
  if (instrumented.has(schema)) return;
  instrumented.add(schema);
  const roots = new Set(
    [schema.getQueryType(), schema.getMutationType()].filter((t) => t !== null && t !== undefined),
  );
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    if (type === schema.getSubscriptionType()) continue;
    const root = roots.has(type);
    for (const field of Object.values(type.getFields())) {
      if (!root && field.args.length === 0) continue;
      const resolve = field.resolve;
      if (!resolve) continue;
      const label = { field: `${type.name}.${field.name}` };
      field.resolve = root ? timedRoot(resolve, label) : guarded(resolve);
    }
  }
}

function pastDeadline(context: unknown): boolean {
  const deadline = (context as { [DEADLINE]?: number } | null)?.[DEADLINE];
  return deadline !== undefined && Date.now() > deadline;
}

function deadlineError() {
  return gatewayError(
    'UNAVAILABLE',
    'The execution deadline passed; ask for less or split the query.',
  );
}

function guarded(
  resolve: GraphQLFieldResolver<unknown, unknown>,
): GraphQLFieldResolver<unknown, unknown> {
  return (source, args, context, info) => {
    if (pastDeadline(context)) throw deadlineError();
    return resolve(source, args, context, info);
  };
}

function timedRoot(
  resolve: GraphQLFieldResolver<unknown, unknown>,
  label: { field: string },
): GraphQLFieldResolver<unknown, unknown> {
  // Not an async wrapper: the resolver's own promise goes back to the executor, timed on the side.
  return (source, args, context, info) => {
    if (pastDeadline(context)) throw deadlineError();
    const started = performance.now();
    let result: unknown;
    try {
      result = resolve(source, args, context, info);
    } catch (error) {
      observeSince(label, started);
      throw error;
    }
    if (result instanceof Promise) {
      result.then(
        () => observeSince(label, started),
        () => observeSince(label, started),
      );
    } else {
      observeSince(label, started);
    }
    return result;
  };
}

function observeSince(label: { field: string }, started: number): void {
  resolverDuration.observe(label, (performance.now() - started) / 1000);
}

/**
 * graphql-jit's errors are its own class (no `extensions` when none were set); Apollo and the error
 * presentation expect graphql-js's. Errors without a path are about the request itself (variables
 * that do not coerce): the client's to fix, so BAD_USER_INPUT, as graphql-js reports them.
 */
function normaliseErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors || result.errors.length === 0) return result;
  return {
    ...result,
    errors: result.errors.map((e) => {
      const extensions = (e.extensions as Record<string, unknown> | undefined) ?? {};
      const requestError = e.path === undefined && extensions.code === undefined;
      const error = new GraphQLError(e.message, {
        ...(e.path !== undefined && { path: e.path }),
        ...(e.originalError && { originalError: e.originalError }),
        extensions: requestError ? { ...extensions, code: 'BAD_USER_INPUT' } : extensions,
      });
      if (e.locations)
        Object.defineProperty(error, 'locations', { value: e.locations, enumerable: true });
      return error;
    }),
  };
}

/**
 * Executes operations with graphql-jit: each document (and operation) is compiled once and the
 * compiled function cached; a document jit cannot compile runs on graphql-js. Every execution gets
 * a deadline: past it the response is an UNAVAILABLE error and the guarded resolvers stop.
 */
export class CompiledExecutor {
  private readonly compiled = new LRUCache<string, CompiledQuery | false>({
    max: COMPILED_DOCUMENTS,
  });
  /**
   * The same entries by parsed document: Apollo's document store and the WebSocket transport hand
   * back one DocumentNode per text, so a repeated request finds its query without hashing the text
   * key. The key cache stays for a text parsed again into a new document.
   */
  private readonly byDocument = new WeakMap<DocumentNode, CompiledEntry>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly timeoutMs: number,
  ) {}

  execute(request: ExecutionRequest): Promise<ExecutionResult> {
    try {
      return this.run(request);
    } catch (error) {
      return Promise.reject(asError(error));
    }
  }

  /** The compiled query for a request, or undefined to use graphql-js. */
  compiledFor(
    request: Pick<ExecutionRequest, 'document' | 'operationName' | 'cacheKey'>,
  ): CompiledQuery | undefined {
    const operationName = request.operationName ?? undefined;
    const known = this.byDocument.get(request.document);
    if (known && known.operationName === operationName) return known.query || undefined;
    let entry = this.compiled.get(request.cacheKey);
    if (entry === undefined) {
      try {
        const result = compileQuery(this.schema, request.document, operationName);
        entry = isCompiledQuery(result) ? result : false;
      } catch {
        entry = false;
      }
      this.compiled.set(request.cacheKey, entry);
    }
    this.byDocument.set(request.document, { operationName, query: entry });
    return entry || undefined;
  }

  private run(request: ExecutionRequest): Promise<ExecutionResult> {
    (request.contextValue as { [DEADLINE]?: number })[DEADLINE] = Date.now() + this.timeoutMs;
    const compiled = this.compiledFor(request);
    if (!compiled) return this.withDeadline(this.interpret(request), unchanged);
    const running = compiled.query(undefined, request.contextValue, request.variables ?? {});
    if (running instanceof Promise) return this.withDeadline(running, normaliseErrors);
    // Variables that do not coerce stop jit before anything runs; graphql-js then reports them with
    // its messages (the path inside the variable, e.g. `input[1].followers`), which clients rely on.
    if (running.data === undefined && running.errors) {
      return this.withDeadline(this.interpret(request), unchanged);
    }
    return Promise.resolve(normaliseErrors(running));
  }

  private interpret(request: ExecutionRequest): ExecutionResult | Promise<ExecutionResult> {
    return execute({
      schema: this.schema,
      document: request.document,
      operationName: request.operationName,
      variableValues: request.variables,
      contextValue: request.contextValue,
    });
  }

  /**
   * The result, or an UNAVAILABLE error once the deadline passes first: one promise settled by
   * whichever comes first (Promise.race would add a deadline promise and two reactions).
   */
  private withDeadline(
    running: ExecutionResult | Promise<ExecutionResult>,
    finish: (result: ExecutionResult) => ExecutionResult,
  ): Promise<ExecutionResult> {
    if (!(running instanceof Promise)) return Promise.resolve(finish(running));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => resolve({ data: null, errors: [deadlineError()] }),
        this.timeoutMs,
      );
      running.then(
        (result) => {
          clearTimeout(timer);
          resolve(finish(result));
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(asError(error));
        },
      );
    });
  }
}

interface CompiledEntry {
  operationName: string | undefined;
  query: CompiledQuery | false;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** graphql-js's results need no normalisation. */
function unchanged(result: ExecutionResult): ExecutionResult {
  return result;
}
