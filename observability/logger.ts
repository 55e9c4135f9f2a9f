import pino, { type Logger } from 'pino';

/** Structured JSON logs on stdout, one object per line. */
export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { service: 'kol-gateway', ...base } });
}
