/**
 * The logging surface the stream code needs. A pino logger satisfies it; the default is silent so
 * that library users and tests see nothing unless they pass one.
 */
export interface StreamLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const noop = (): void => undefined;

export const silentLogger: StreamLogger = { debug: noop, info: noop, warn: noop, error: noop };

export function errorFields(err: unknown): { err: string; stack?: string } {
  if (err instanceof Error) return { err: err.message, ...(err.stack ? { stack: err.stack } : {}) };
  return { err: String(err) };
}
