/**
 * Errors the real datasources raise. The GraphQL layer maps `BackendUnavailableError` to
 * `extensions.code = UNAVAILABLE`; its `message` is safe to show to clients (it names the backend,
 * never a host, a statement or a driver message). The driver error stays on `cause` for the logs.
 */

export type Backend = 'cassandra' | 'redis' | 'kafka';

const BACKEND_LABEL: Record<Backend, string> = {
  cassandra: 'Cassandra',
  redis: 'Redis',
  kafka: 'Kafka',
};

export class BackendUnavailableError extends Error {
  override readonly name = 'BackendUnavailableError';
  /** Machine-readable code for the GraphQL error mapping. */
  readonly code = 'UNAVAILABLE' as const;

  constructor(
    readonly backend: Backend,
    cause?: unknown,
  ) {
    super(`The ${BACKEND_LABEL[backend]} backend is temporarily unavailable; retry shortly.`, {
      cause,
    });
  }
}

export function isBackendUnavailable(error: unknown): error is BackendUnavailableError {
  return error instanceof BackendUnavailableError;
}

export function backendLabel(backend: Backend): string {
  return BACKEND_LABEL[backend];
}

/** A one-line description of an error (and its cause chain) for startup messages and logs. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    const message = error.message.split('\n')[0] ?? '';
    if (typeof code === 'string' && code.length > 0 && !message.includes(code)) {
      return `${code}: ${message}`;
    }
    return message || error.name;
  }
  return String(error);
}
