/** Helpers for the stream worker's Kafka integration tests (127.0.0.1 only, unique names per run). */
import { randomBytes } from 'node:crypto';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { ensureTopics } from '../../kafka/admin';
import { createKafka } from '../../kafka/client';
import { allTopics, suffixedTopics, type StreamTopics } from '../../contracts/topics';
import { servicesForTest } from '../support/services';

export async function kafkaBrokers(): Promise<string[]> {
  const env = await servicesForTest(['kafka']);
  const brokers = env.KAFKA_BROKERS.split(',').map((b) => b.trim());
  if (!brokers.every((b) => b.startsWith('127.0.0.1:'))) {
    throw new Error(`tests only talk to 127.0.0.1, got ${env.KAFKA_BROKERS}`);
  }
  return brokers;
}

export function uniqueSuffix(label: string): string {
  return `${label}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** Topics with a unique suffix, created with `partitions` partitions each. */
export async function createTestTopics(
  kafka: Kafka,
  label: string,
  partitions = 3,
): Promise<StreamTopics> {
  const topics = suffixedTopics(uniqueSuffix(label));
  await ensureTopics(kafka, allTopics(topics), partitions);
  return topics;
}

export function testKafka(brokers: readonly string[], clientId: string): Kafka {
  return createKafka({ brokers, clientId });
}

/** Reads a topic from the beginning into memory until stopped. */
export class TopicCollector {
  readonly messages: KafkaMessage[] = [];
  private constructor(private readonly consumer: Consumer) {}

  static async start(kafka: Kafka, topic: string): Promise<TopicCollector> {
    const consumer = kafka.consumer({
      groupId: uniqueSuffix('collector'),
      allowAutoTopicCreation: false,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const collector = new TopicCollector(consumer);
    await consumer.run({
      eachMessage: async ({ message }) => {
        collector.messages.push(message);
      },
    });
    return collector;
  }

  json<T>(): T[] {
    return this.messages.map((m) => JSON.parse(m.value!.toString('utf8')) as T);
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** True when the group has committed every partition of `topics` up to its end. */
export async function groupCaughtUp(
  kafka: Kafka,
  groupId: string,
  topics: readonly string[],
): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
      for (const end of ends) {
        const at = mine.find((p) => p.partition === end.partition)?.offset ?? '-1';
        const done = at === '-1' ? end.high === '0' : BigInt(at) >= BigInt(end.high);
        if (!done) return false;
      }
    }
    return true;
  } finally {
    await admin.disconnect();
  }
}

/** Sum of committed offsets of the group over `topics` (-1 = nothing committed counts as 0). */
export async function committedTotal(
  kafka: Kafka,
  groupId: string,
  topics: readonly string[],
): Promise<bigint> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
    let total = 0n;
    for (const t of committed) {
      for (const p of t.partitions) if (p.offset !== '-1') total += BigInt(p.offset);
    }
    return total;
  } finally {
    await admin.disconnect();
  }
}
