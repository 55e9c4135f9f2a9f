/**
 * The one Kafka client factory of the project (gateway consumers, the stream worker, producers used
 * by tests and benches). Every client shares one retry policy, described at `KAFKA_RETRY`.
 */
import { Kafka, logLevel, type RetryOptions } from 'kafkajs';
import { kafkaLogCreator, type KafkaLogSink } from './log-bridge';

export interface KafkaClientSettings {
  /** `host:port` of at least one broker. */
  brokers: readonly string[];
  /** Base client id; `purpose` is appended so broker logs tell the clients of a process apart. */
  clientId: string;
}

/**
 * The retry policy of every Kafka client of the project:
 * - running clients: exponential backoff from 300 ms, capped at 5 s per wait, 8 retries (about 25 s)
 *   before a request fails. That rides out a broker restart or a leader election; longer outages
 *   surface as errors, and consumers then restart themselves (`restartingConsumer`), so a consumer
 *   never gives up for good;
 * - the start-up probe (`purpose: 'probe'`, see kafka/admin.ts connectAdmin): 2 quick retries, so an
 *   unreachable broker is reported with its cause within seconds instead of after the whole backoff.
 */
export const KAFKA_RETRY: Readonly<RetryOptions> = {
  initialRetryTime: 300,
  maxRetryTime: 5_000,
  retries: 8,
};
const PROBE_RETRY: Readonly<RetryOptions> = { initialRetryTime: 200, retries: 2 };

/** Bound on opening a socket to a broker. */
const CONNECTION_TIMEOUT_MS = 3_000;
/** Bound on one request; fetches wait at most `maxWaitTimeInMs` (below this) on the broker. */
const REQUEST_TIMEOUT_MS = 10_000;

export interface CreateKafkaOptions {
  /** Appended to the client id (`<clientId>-<purpose>`); `probe` selects the start-up retries. */
  purpose?: string;
  logger?: KafkaLogSink;
}

export function createKafka(
  settings: KafkaClientSettings,
  options: CreateKafkaOptions = {},
): Kafka {
  if (settings.brokers.length === 0) {
    throw new Error('Kafka is not configured: set KAFKA_BROKERS (e.g. 127.0.0.1:9092)');
  }
  return new Kafka({
    clientId: options.purpose ? `${settings.clientId}-${options.purpose}` : settings.clientId,
    brokers: [...settings.brokers],
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    retry: { ...(options.purpose === 'probe' ? PROBE_RETRY : KAFKA_RETRY) },
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(options.logger),
  });
}

/**
 * Consumer retry options: the shared policy, and on exhaustion a restart of the consumer (kafkajs
 * re-joins and resumes from the last committed offset) instead of stopping it.
 */
export function restartingConsumer(onRestart: (error: Error) => void): RetryOptions {
  return {
    ...KAFKA_RETRY,
    restartOnFailure: (error: Error) => {
      onRestart(error);
      return Promise.resolve(true);
    },
  };
}
