/**
 * Routes kafkajs's own log lines to the process logger. kafkajs is chatty at INFO (every join, every
 * commit), so only its warnings and errors keep their level; everything else goes to debug. A broker
 * answer that kafkajs retries by itself (a partition leader moving, e.g. right after a topic was
 * created) is logged at ERROR by kafkajs; it is a warning here — if the retries run out, the caller
 * gets the error.
 */
import { logLevel, type LogEntry, type logCreator } from 'kafkajs';

/** The logging surface the Kafka code needs; a pino logger satisfies it. */
export interface KafkaLogSink {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const RETRIED_BY_KAFKAJS =
  /not the leader|leader not available|no leader|coordinator (is )?(loading|not available)|not coordinator/i;

function retried(extra: Record<string, unknown>): boolean {
  return typeof extra.error === 'string' && RETRIED_BY_KAFKAJS.test(extra.error);
}

export function kafkaLogCreator(logger: KafkaLogSink | undefined): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry): void => {
      if (!logger) return;
      const { message, ...extra } = log;
      const fields = { component: 'kafkajs', namespace, ...extra };
      const isError = level === logLevel.ERROR || level === logLevel.NOTHING;
      if (isError && !retried(extra)) logger.error(fields, `kafka: ${message}`);
      else if (isError || level === logLevel.WARN) logger.warn(fields, `kafka: ${message}`);
      else logger.debug(fields, `kafka: ${message}`);
    };
}
