import { GraphQLError } from 'graphql';

/** Error codes clients can rely on (the README lists them). */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

export function gatewayError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export function badUserInput(
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return gatewayError('BAD_USER_INPUT', message, extensions);
}

export function notFound(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return gatewayError('NOT_FOUND', message, extensions);
}
