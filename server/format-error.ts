import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';

/** Validation failures the client fixes by changing a value or splitting the query: BAD_USER_INPUT. */
const BAD_VALUE_MESSAGE =
  /does not exist in ".*" enum|Expected value of type|cannot represent|Expected type|exceeds the limit/;

/** Errors of the inference library, by class name, and the code clients see. */
const INFERENCE_ERROR_CODES: Record<string, string> = {
  InputValidationError: 'BAD_USER_INPUT',
  RegistryStateError: 'BAD_USER_INPUT',
  ModelNotFoundError: 'NOT_FOUND',
  ModelUnavailableError: 'UNAVAILABLE',
};

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
  const mapped = original instanceof Error ? INFERENCE_ERROR_CODES[original.name] : undefined;
  if (mapped && original instanceof Error) {
    const field = (original as { field?: unknown }).field;
    const row = (original as { row?: unknown }).row;
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
  if (original instanceof Error && original.name === 'BackendUnavailableError') {
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
