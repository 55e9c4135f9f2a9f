import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config/settings';

/** Structured JSON logs on stdout, one object per line. */
export function createLogger(level: LogLevel, base: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { service: 'kol-gateway', ...base } });
}
