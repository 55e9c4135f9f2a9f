/** Kafka plumbing shared by the worker, the producer helper, tests and the bench. */
import { Kafka, logLevel, type Admin, type LogEntry, type logCreator } from 'kafkajs';
import { silentLogger, type StreamLogger } from './logger';

export interface KafkaClientOptions {
  brokers: readonly string[];
  clientId: string;
  logger?: StreamLogger;
  /** Bound on connecting to a broker (default 5 s). */
  connectionTimeoutMs?: number;
}

/** Routes kafkajs's own log lines (warnings and errors only; it is chatty) to our logger. */
function bridge(logger: StreamLogger): logCreator {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...rest } = log;
      const fields = { ...rest, component: 'kafkajs' };
      if (level === logLevel.ERROR || level === logLevel.NOTHING) logger.error(fields, message);
      else if (level === logLevel.WARN) logger.warn(fields, message);
      else logger.debug(fields, message);
    };
}

export function createKafka(options: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: options.connectionTimeoutMs ?? 5_000,
    logLevel: logLevel.WARN,
    logCreator: bridge(options.logger ?? silentLogger),
    retry: { initialRetryTime: 200, retries: 8 },
  });
}

/** Creates the topics that do not exist yet (and waits for their leaders). */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly string[],
  partitions: number,
): Promise<string[]> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...new Set(topics)].filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: partitions,
          replicationFactor: 1,
        })),
      });
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}

/** Topics of `topics` that do not exist. */
export async function missingTopics(kafka: Kafka, topics: readonly string[]): Promise<string[]> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    return [...new Set(topics)].filter((t) => !existing.has(t));
  } finally {
    await admin.disconnect();
  }
}
