import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { isBackendUnavailable } from '../datasources/shared/errors';
import {
  InputValidationError,
  ModelNotFoundError,
  ModelUnavailableError,
  RegistryStateError,
} from '../inference/errors';

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

/** Maps known failures to the SPEC's error codes and masks everything else. */
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
