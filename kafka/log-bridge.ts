/**
 * Routes kafkajs's own log lines to the process logger. kafkajs is chatty at INFO (every join, every
 * commit), so only its warnings and errors keep their level; everything else goes to debug.
 */
import { logLevel, type LogEntry, type logCreator } from 'kafkajs';

/** The logging surface the Kafka code needs; a pino logger satisfies it. */
export interface KafkaLogSink {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export function kafkaLogCreator(logger: KafkaLogSink | undefined): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry): void => {
      if (!logger) return;
      const { message, ...extra } = log;
      const fields = { component: 'kafkajs', namespace, ...extra };
      if (level === logLevel.ERROR || level === logLevel.NOTHING)
        logger.error(fields, `kafka: ${message}`);
      else if (level === logLevel.WARN) logger.warn(fields, `kafka: ${message}`);
      else logger.debug(fields, `kafka: ${message}`);
    };
}
