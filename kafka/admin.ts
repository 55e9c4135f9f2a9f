/** Topic administration: the start-up reachability probe, creating missing topics, listing them. */
import type { Admin, Kafka } from 'kafkajs';
import { withTimeout } from '../datasources/shared/async';
import { describeError } from '../datasources/shared/errors';
import { createKafka, type KafkaClientSettings } from './client';
import type { KafkaLogSink } from './log-bridge';

/** The innermost cause of a kafkajs error (it nests the socket error a few levels deep), one line. */
export function kafkaRootCause(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5; depth++) {
    const next =
      (current as { originalError?: unknown } | null)?.originalError ??
      (current as { cause?: unknown } | null)?.cause;
    if (!next) break;
    current = next;
  }
  return describeError(current).replace(/\s+/g, ' ');
}

/**
 * Connects an admin client of its own (start-up retries, see KAFKA_RETRY) and proves the broker
 * answers (a metadata round trip), or throws ONE line naming Kafka, the brokers, the reason and the
 * fix, within `timeoutMs`.
 */
export async function connectAdmin(
  settings: KafkaClientSettings,
  logger: KafkaLogSink | undefined,
  timeoutMs: number,
): Promise<Admin> {
  const brokers = settings.brokers;
  const admin = createKafka(settings, { purpose: 'probe', ...(logger ? { logger } : {}) }).admin();
  const late = `no answer within ${timeoutMs / 1000} s`;
  try {
    await withTimeout(admin.connect(), timeoutMs, late);
    // connect() only opens a socket to a seed broker; listing topics proves it answers.
    await withTimeout(admin.listTopics(), timeoutMs, late);
    return admin;
  } catch (error) {
    await admin.disconnect().catch(() => undefined);
    throw new Error(
      `Kafka at ${brokers.join(',')} is unreachable (${kafkaRootCause(error)}): ` +
        'start it with "npm run services:up" or fix KAFKA_BROKERS',
    );
  }
}

/**
 * Creates the topics of `topics` that do not exist yet, with `partitions` partitions each, and waits
 * for their leaders. Returns the topics it created. Another process creating one at the same time is
 * not an error.
 */
export async function createMissingTopics(
  admin: Admin,
  topics: readonly string[],
  partitions: number,
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = [...new Set(topics)].filter((t) => !existing.has(t));
  if (missing.length === 0) return [];
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
    });
  } catch (error) {
    if (!/already exists/i.test(describeError(error))) throw error;
  }
  return missing;
}

/**
 * `createMissingTopics` on a short-lived admin client of its own, opened with `connectAdmin` (so an
 * unreachable broker is one line naming the fix, within `timeoutMs`).
 */
export async function createMissingTopicsAt(
  settings: KafkaClientSettings,
  logger: KafkaLogSink | undefined,
  topics: readonly string[],
  partitions: number,
  timeoutMs = 10_000,
): Promise<string[]> {
  const admin = await connectAdmin(settings, logger, timeoutMs);
  try {
    return await createMissingTopics(admin, topics, partitions);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** `createMissingTopics` on a short-lived admin client of `kafka`. */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly string[],
  partitions: number,
): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await createMissingTopics(admin, topics, partitions);
  } finally {
    await admin.disconnect();
  }
}

/** Topics of `topics` that do not exist. */
export async function missingTopics(kafka: Kafka, topics: readonly string[]): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    return [...new Set(topics)].filter((t) => !existing.has(t));
  } finally {
    await admin.disconnect();
  }
}
