import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { isBackendUnavailable } from '../datasources/shared/errors';
import {
  InputValidationError,
  ModelNotFoundError,
  ModelUnavailableError,
  RegistryStateError,
} from '../inference/core/errors';

/** Validation failures the client fixes by changing a value or splitting the query: BAD_USER_INPUT. */
const BAD_VALUE_MESSAGE =
  /does not exist in ".*" enum|Expected value of type|cannot represent|Expected type|exceeds the limit/;

/** Errors of the inference library and the code clients see for each. */
function inferenceErrorCode(error: unknown): string | undefined {
  if (error instanceof InputValidationError || error instanceof RegistryStateError)
    return 'BAD_USER_INPUT';
  if (error instanceof ModelNotFoundError) return 'NOT_FOUND';
  if (error instanceof ModelUnavailableError) return 'UNAVAILABLE';
  return undefined;
}

/** Maps known failures to the public error codes and masks everything else. */
export function formatGatewayError(
  formatted: GraphQLFormattedError,
  error: unknown,
  logger: Logger,
): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (code === 'GRAPHQL_VALIDATION_FAILED' && BAD_VALUE_MESSAGE.test(formatted.message)) {
    return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
  }
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError || code !== 'INTERNAL_SERVER_ERROR') return formatted;
  const mapped = inferenceErrorCode(original);
  if (mapped && original instanceof Error) {
    const field = original instanceof InputValidationError ? original.field : undefined;
    const row = original instanceof InputValidationError ? original.row : undefined;
    return {
      message: original.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: {
        code: mapped,
        ...(field !== undefined && { field }),
        ...(row !== undefined && { row }),
      },
    };
  }
  if (isBackendUnavailable(original)) {
    return {
      message: original.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'UNAVAILABLE' },
    };
  }
  logger.error({ err: original, path: formatted.path }, 'unexpected resolver error');
  return {
    message: 'Internal server error',
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/** The codes clients may see; anything else is mapped onto one of them. */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
]);
/** Apollo's and graphql-js's request-shape codes: all the client's to fix. */
const REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);
/** Longest message sent back; a longer one (e.g. one echoing a huge id) is cut. */
const MAX_MESSAGE_LENGTH = 512;
const SUGGESTION = / ?Did you mean [^?]*\?/g;

export interface PresentationOptions {
  /** Production: no field or type suggestions that reveal the schema. */
  hideSchemaDetails: boolean;
}

/**
 * Last step for every error on every transport: one of the seven client codes, no schema
 * suggestions in production, bounded message length, and no internal extensions (stack traces
 * only outside production).
 */
export function presentError(
  formatted: GraphQLFormattedError,
  options: PresentationOptions,
): GraphQLFormattedError {
  const rawCode = formatted.extensions?.code;
  const code =
    typeof rawCode === 'string' && CLIENT_CODES.has(rawCode)
      ? rawCode
      : typeof rawCode === 'string' && REQUEST_CODES.has(rawCode)
        ? 'BAD_USER_INPUT'
        : rawCode === undefined && formatted.path === undefined
          ? 'BAD_USER_INPUT'
          : 'INTERNAL_SERVER_ERROR';
  let message =
    code === 'INTERNAL_SERVER_ERROR' && rawCode !== code
      ? 'Internal server error'
      : formatted.message;
  if (options.hideSchemaDetails) message = message.replace(SUGGESTION, '');
  if (message.length > MAX_MESSAGE_LENGTH) message = `${message.slice(0, MAX_MESSAGE_LENGTH)}…`;
  const extensions: Record<string, unknown> = { ...formatted.extensions, code };
  delete extensions.http;
  if (options.hideSchemaDetails) delete extensions.stacktrace;
  return {
    message,
    ...(formatted.locations && { locations: formatted.locations }),
    ...(formatted.path && { path: formatted.path }),
    extensions,
  };
}
