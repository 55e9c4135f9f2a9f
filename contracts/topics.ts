/** Kafka topic names of the raw, output and dead-letter streams (every name is a setting: TopicSettings). */
import type { EventSource, EventType } from './envelope';
import { SOURCE_OF } from './envelope';

export interface StreamTopics {
  /** Raw inputs, one per event source; partition key `kol_id`. */
  raw: Record<EventSource, string>;
  /** One feature row per updated (kol, window, bucket); key `kol_id`; snake_case JSON. */
  features: string;
  /** Alerts; key `kolId`; camelCase JSON with the `Alert` fields and `createdAt` as ISO. */
  alerts: string;
  /** Updated metric buckets for the gateway's metricUpdates subscription; key `kolId`. */
  metrics: string;
  /** Rejected input: `{ reason, error, topic, partition, offset, raw }`; key = the input's key. */
  dlq: string;
}

export const DEFAULT_TOPICS: StreamTopics = {
  raw: { social: 'events.social.raw', web: 'events.web.raw', tx: 'events.tx.raw' },
  features: 'features.stream',
  alerts: 'alerts.stream',
  metrics: 'metrics.updates',
  dlq: 'events.dlq',
};

export function topicForEventType(type: EventType, topics: StreamTopics = DEFAULT_TOPICS): string {
  return topics.raw[SOURCE_OF[type]];
}

/** Every topic the worker reads or writes (for creating them up front). */
export function allTopics(topics: StreamTopics): string[] {
  return [...Object.values(topics.raw), topics.features, topics.alerts, topics.metrics, topics.dlq];
}

/** The same names with a suffix, e.g. for isolated test runs. */
export function suffixedTopics(suffix: string, base: StreamTopics = DEFAULT_TOPICS): StreamTopics {
  return {
    raw: {
      social: `${base.raw.social}.${suffix}`,
      web: `${base.raw.web}.${suffix}`,
      tx: `${base.raw.tx}.${suffix}`,
    },
    features: `${base.features}.${suffix}`,
    alerts: `${base.alerts}.${suffix}`,
    metrics: `${base.metrics}.${suffix}`,
    dlq: `${base.dlq}.${suffix}`,
  };
}
