/**
 * Producing many messages without hitting the broker's request limits: kafkajs writes all messages
 * of one partition in one request as one record batch, and a batch over the broker's
 * `message.max.bytes` (1 MB by default) is refused as a whole — every retry too. Bounding the
 * messages per request keeps each record batch far below it.
 */
import type { Message, Producer, TopicMessages } from 'kafkajs';

/** Messages grouped by topic, in first-seen topic order and input order within a topic. */
export function byTopic(items: Iterable<{ topic: string; message: Message }>): TopicMessages[] {
  const groups = new Map<string, Message[]>();
  for (const { topic, message } of items) {
    const messages = groups.get(topic) ?? [];
    messages.push(message);
    groups.set(topic, messages);
  }
  return [...groups].map(([topic, messages]) => ({ topic, messages }));
}

/** Messages per produce request: at ≤ 1 KB each, under 1 MB even when they all share one partition. */
export const MAX_MESSAGES_PER_REQUEST = 1_000;

export async function sendInChunks(
  producer: Producer,
  topicMessages: readonly TopicMessages[],
  maxMessages = MAX_MESSAGES_PER_REQUEST,
): Promise<void> {
  let request: TopicMessages[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    if (request.length > 0) await producer.sendBatch({ acks: -1, topicMessages: request });
    request = [];
    size = 0;
  };
  for (const { topic, messages } of topicMessages) {
    for (let i = 0; i < messages.length;) {
      const take = Math.min(maxMessages - size, messages.length - i);
      const part: Message[] = messages.slice(i, i + take);
      request.push({ topic, messages: part });
      size += take;
      i += take;
      if (size >= maxMessages) await flush();
    }
  }
  await flush();
}
