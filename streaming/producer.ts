/**
 * Producer helper for raw events: each envelope goes to the topic of its event type, keyed by
 * `kol_id` (so all events of a KOL stay in order on one partition of each topic). Used by tests, the
 * bench and anyone feeding the worker by hand.
 */
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { EventEnvelope } from '../contracts/envelope';
import { createKafka } from '../kafka/client';
import { byTopic } from '../kafka/produce';
import type { StreamLogger } from './logger';
import { DEFAULT_TOPICS, topicForEventType, type StreamTopics } from '../contracts/topics';

export interface EventProducerOptions {
  /** An existing client, or brokers to create one. */
  kafka?: Kafka;
  brokers?: readonly string[];
  clientId?: string;
  topics?: StreamTopics;
  logger?: StreamLogger;
}

export interface RawMessage {
  key?: string | null;
  value: string | Buffer | null;
}

export interface EventProducer {
  readonly topics: StreamTopics;
  /** Sends envelopes (validated by the worker, not here, so tests can send anything). */
  send(events: readonly EventEnvelope[]): Promise<void>;
  /** Sends raw messages to one topic as they are (for malformed input). */
  sendRaw(topic: string, messages: readonly RawMessage[]): Promise<void>;
  close(): Promise<void>;
}

export async function createEventProducer(options: EventProducerOptions): Promise<EventProducer> {
  const kafka =
    options.kafka ??
    createKafka(
      {
        brokers: options.brokers ?? ['127.0.0.1:9092'],
        clientId: options.clientId ?? 'kol-event-producer',
      },
      options.logger ? { logger: options.logger } : {},
    );
  const topics = options.topics ?? DEFAULT_TOPICS;
  const producer: Producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  return {
    topics,
    async send(events) {
      const topicMessages = byTopic(
        events.map((event) => ({
          topic: topicForEventType(event.event_type, topics),
          message: { key: event.kol_id, value: JSON.stringify(event) },
        })),
      );
      if (topicMessages.length === 0) return;
      await producer.sendBatch({ acks: -1, topicMessages });
    },
    async sendRaw(topic, messages) {
      await producer.send({
        topic,
        acks: -1,
        messages: messages.map((m) => ({ key: m.key ?? null, value: m.value })),
      });
    },
    async close() {
      await producer.disconnect();
    },
  };
}
