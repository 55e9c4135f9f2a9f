import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { OperationPolicy } from './operation-policy';

/** Writes one GraphQL error as the whole response: `{ errors: [...] }` with its status and headers. */
export function sendGraphQLError(
  res: Response,
  policy: OperationPolicy,
  error: unknown,
  status?: number,
): void {
  const graphQLError =
    error instanceof GraphQLError ? error : new GraphQLError('Internal server error');
  const http = graphQLError.extensions.http as
    { status?: number; headers?: Map<string, string> } | undefined;
  for (const [name, value] of http?.headers ?? []) res.setHeader(name, value);
  res
    .status(status ?? http?.status ?? 400)
    .type('application/json')
    .send(JSON.stringify({ errors: [policy.formatError(graphQLError.toJSON(), graphQLError)] }));
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

/** Body errors (invalid JSON, too large, bad encoding) as BAD_USER_INPUT GraphQL errors. */
export function bodyErrorHandler(policy: OperationPolicy): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
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
  };
}
