/**
 * Failures a service reports to its caller, whatever the transport: the resolvers turn them into
 * GraphQL errors with the matching code (resolvers/service-errors.ts).
 */

/** The request itself is wrong (too many rows, an unknown option): the caller must change it. */
export class RequestInputError extends Error {
  constructor(
    message: string,
    /** The argument at fault, e.g. `input`. */
    readonly argument: string,
  ) {
    super(message);
    this.name = 'RequestInputError';
  }
}

/** The request names something that does not exist (a model, a KOL). */
export class NotFoundError extends Error {
  constructor(
    message: string,
    readonly argument: string,
  ) {
    super(message);
    this.name = 'NotFoundError';
  }
}
