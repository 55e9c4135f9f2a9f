import type { Producer, ProducerBatch } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { sendInChunks } from '../../kafka/produce';

/** Records the produce requests (the broker's side of the limit is what the chunking avoids). */
function recorder(): { producer: Producer; requests: ProducerBatch[] } {
  const requests: ProducerBatch[] = [];
  const producer = {
    sendBatch: (batch: ProducerBatch) => {
      requests.push(batch);
      return Promise.resolve([]);
    },
  } as unknown as Producer;
  return { producer, requests };
}

const messages = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({ key: prefix, value: `${prefix}-${i}` }));

describe('sendInChunks', () => {
  it('splits many messages into requests of at most 1,000, in order, all acks', async () => {
    const { producer, requests } = recorder();
    await sendInChunks(producer, [
      { topic: 'a', messages: messages(1_700, 'a') },
      { topic: 'b', messages: messages(800, 'b') },
    ]);
    const sizes = requests.map((r) =>
      (r.topicMessages ?? []).reduce((n, t) => n + t.messages.length, 0),
    );
    expect(sizes).toEqual([1_000, 1_000, 500]);
    expect(requests.every((r) => r.acks === -1)).toBe(true);
    const sent = requests.flatMap((r) =>
      (r.topicMessages ?? []).flatMap((t) =>
        t.messages.map((m) => `${t.topic}:${String(m.value)}`),
      ),
    );
    expect(sent).toEqual([
      ...messages(1_700, 'a').map((m) => `a:${m.value}`),
      ...messages(800, 'b').map((m) => `b:${m.value}`),
    ]);
  });

  it('sends nothing for no messages', async () => {
    const { producer, requests } = recorder();
    await sendInChunks(producer, [{ topic: 'a', messages: [] }]);
    expect(requests).toEqual([]);
  });
});
