import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import type { OperationPolicy } from './operation-policy';

/**
 * Writes one GraphQL error as the whole response: `{ errors: [...] }` with its status and headers
 * (on a plain Node response, so the GraphQL route and the express routes answer alike).
 */
export function sendGraphQLError(
  res: ServerResponse,
  policy: OperationPolicy,
  error: unknown,
  status?: number,
): void {
  const graphQLError =
    error instanceof GraphQLError ? error : new GraphQLError('Internal server error');
  const http = graphQLError.extensions.http as
    { status?: number; headers?: Map<string, string> } | undefined;
  for (const [name, value] of http?.headers ?? []) res.setHeader(name, value);
  const body = JSON.stringify({
    errors: [policy.formatError(graphQLError.toJSON(), graphQLError)],
  });
  res.statusCode = status ?? http?.status ?? 400;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/** Anything unrouted: NOT_FOUND as a GraphQL JSON error, never an HTML page. */
export function notFoundHandler(policy: OperationPolicy): RequestHandler {
  return (req, res) => {
    sendGraphQLError(
      res,
      policy,
      new GraphQLError(
        `No route for ${req.method} ${req.path.slice(0, 100)}; GraphQL is served on /graphql.`,
        {
          extensions: { code: 'NOT_FOUND' },
        },
      ),
      404,
    );
  };
}

/** A body error (invalid JSON, too large, bad encoding) as a BAD_USER_INPUT GraphQL error. */
export function sendBodyError(res: ServerResponse, policy: OperationPolicy, error: unknown): void {
  const { status, type } = error as { status?: unknown; type?: unknown };
  const code = typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
  const message =
    type === 'entity.too.large'
      ? `The request body is over the limit of ${policy.settings.bodyLimitBytes} bytes.`
      : type === 'entity.parse.failed'
        ? 'The request body is not valid JSON.'
        : code < 500
          ? 'The request body could not be read.'
          : 'Internal server error';
  sendGraphQLError(
    res,
    policy,
    new GraphQLError(message, {
      extensions: { code: code < 500 ? 'BAD_USER_INPUT' : 'INTERNAL_SERVER_ERROR' },
    }),
    code,
  );
}

/** Errors express routes pass on (a body they could not read) as coded GraphQL JSON errors. */
export function bodyErrorHandler(policy: OperationPolicy): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    sendBodyError(res, policy, error);
  };
}
