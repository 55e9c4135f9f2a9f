import { NotFoundError, RequestInputError } from '../services/errors';
import { badUserInput, notFound } from './errors';

/** Runs a service call, turning its typed failures into GraphQL errors with their codes. */
export async function fromService<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof RequestInputError) {
      throw badUserInput(error.message, { argument: error.argument });
    }
    if (error instanceof NotFoundError) throw notFound(error.message, { argument: error.argument });
    throw error;
  }
}
