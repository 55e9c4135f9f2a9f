/**
 * A small `alerts.stream` producer for tests, the demo and tools: JSON messages keyed by kolId (the
 * Java-compatible partitioner, so a KOL's alerts stay in order on one partition). Connects and makes
 * sure the topic exists on the first send.
 */
import { Partitioners, type Producer } from 'kafkajs';
import { encodeAlertMessage } from '../contracts/alert-message';
import { BackendUnavailableError } from '../datasources/shared/errors';
import type { Alert } from '../domain/types';
import { createMissingTopicsAt } from '../kafka/admin';
import { createKafka, type KafkaClientSettings } from '../kafka/client';
import type { KafkaLogSink } from '../kafka/log-bridge';

export interface AlertProducer {
  send(alert: Alert): Promise<void>;
  /** Sends many alerts in one request. */
  sendMany(alerts: readonly Alert[]): Promise<void>;
  /** Sends a raw value (tests of malformed input); key defaults to none. */
  sendRaw(value: string | Buffer | null, key?: string): Promise<void>;
  close(): Promise<void>;
}

export function createAlertProducer(
  options: { kafka: KafkaClientSettings; topic: string },
  logger?: KafkaLogSink,
): AlertProducer {
  const { topic } = options;
  const kafka = createKafka(options.kafka, {
    purpose: 'alerts-producer',
    ...(logger ? { logger } : {}),
  });
  let producer: Producer | undefined;
  let ready: Promise<Producer> | undefined;

  const connect = (): Promise<Producer> => {
    ready ??= (async () => {
      await createMissingTopicsAt(options.kafka, logger, [topic], 3);
      const p = kafka.producer({
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: false,
      });
      await p.connect();
      producer = p;
      return p;
    })().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };

  const send = async (messages: { key: string | null; value: string | Buffer | null }[]) => {
    const p = await connect();
    try {
      await p.send({ topic, messages });
    } catch (error) {
      throw new BackendUnavailableError('kafka', error);
    }
  };

  return {
    send: (alert) => send([{ key: alert.kolId, value: encodeAlertMessage(alert) }]),
    sendMany: (alerts) => send(alerts.map((a) => ({ key: a.kolId, value: encodeAlertMessage(a) }))),
    sendRaw: (value, key) => send([{ key: key ?? null, value }]),
    async close() {
      if (ready) await ready.catch(() => undefined);
      await producer?.disconnect();
      producer = undefined;
      ready = undefined;
    },
  };
}
