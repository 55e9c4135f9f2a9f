/**
 * The alert ingest without any broker: raw alerts.stream values in, one outcome per message out;
 * the embedded alert store behind it is the real one.
 */
import { describe, expect, it } from 'vitest';
import { encodeAlertMessage } from '../../contracts/alert-message';
import { EmbeddedAlertStore } from '../../datasources/embedded/alerts';
import { BackendUnavailableError } from '../../datasources/shared/errors';
import type { Alert } from '../../domain/types';
import { createAlertIngest, type IngestMessage } from '../../subscriptions/alert-ingest';
import { LiveFeed } from '../../subscriptions/live-feed';
import { alert } from '../datasources/fixtures';

const source = { topic: 'alerts.test', partition: 0 };
const running = { isRunning: () => true };

function messages(values: (string | null)[]): IngestMessage[] {
  return values.map((value, i) => ({ value, offset: String(i) }));
}

function setup(store = new EmbeddedAlertStore()) {
  const feed = new LiveFeed();
  const published: Alert[] = [];
  feed.onAlert((a) => published.push(a));
  return { store, published, ingest: createAlertIngest({ alerts: store, feed, maxBackoffMs: 5 }) };
}

describe('alert ingest', () => {
  it('stores and publishes valid alerts, skips invalid ones, in one result per message', async () => {
    const { store, published, ingest } = setup();
    const a = alert('kol-ing-1', new Date('2026-06-01T10:00:00.000Z'));
    const b = alert('kol-ing-2', new Date('2026-06-01T10:01:00.000Z'));
    const results = await ingest.ingest(
      messages([encodeAlertMessage(a), 'not json', null, encodeAlertMessage(b)]),
      source,
      running,
    );
    expect(results.map((r) => r.outcome)).toEqual(['delivered', 'invalid', 'invalid', 'delivered']);
    expect(results[1]?.reason).toMatch(/not JSON/);
    expect(published).toEqual([a, b]);
    expect((await store.recentByKol([a.kolId, b.kolId], 5)).map((l) => l.length)).toEqual([1, 1]);
  });

  it('a redelivered alert is stored once and published once (duplicate)', async () => {
    const { store, published, ingest } = setup();
    const a = alert('kol-ing-3', new Date('2026-06-01T11:00:00.000Z'));
    const first = await ingest.ingest(messages([encodeAlertMessage(a)]), source, running);
    const again = await ingest.ingest(
      messages([encodeAlertMessage(a), encodeAlertMessage(a)]),
      source,
      running,
    );
    expect(first.map((r) => r.outcome)).toEqual(['delivered']);
    expect(again.map((r) => r.outcome)).toEqual(['duplicate', 'duplicate']);
    expect(published).toEqual([a]);
    expect((await store.recentByKol([a.kolId], 5))[0]).toEqual([a]);
  });

  it('waits for an unavailable store and publishes nothing before it is stored', async () => {
    const inner = new EmbeddedAlertStore();
    let outages = 3;
    let waits = 0;
    const flaky = {
      putMany: async (batch: readonly Alert[]) => {
        if (outages > 0) {
          outages -= 1;
          expect(published).toEqual([]);
          throw new BackendUnavailableError('cassandra', new Error('test outage'));
        }
        return inner.putMany(batch);
      },
    };
    const feed = new LiveFeed();
    const published: Alert[] = [];
    feed.onAlert((x) => published.push(x));
    const ingest = createAlertIngest({ alerts: flaky, feed, maxBackoffMs: 5 });
    const a = alert('kol-ing-4', new Date('2026-06-01T12:00:00.000Z'));
    const results = await ingest.ingest(messages([encodeAlertMessage(a)]), source, {
      isRunning: () => true,
      onWait: async () => {
        waits += 1;
      },
    });
    expect(results.map((r) => r.outcome)).toEqual(['delivered']);
    expect(waits).toBe(3);
    expect(published).toEqual([a]);
  });

  it('throws instead of waiting once the caller stops (the input is redelivered later)', async () => {
    const ingest = createAlertIngest({
      alerts: {
        putMany: () => Promise.reject(new BackendUnavailableError('cassandra', new Error('down'))),
      },
      feed: new LiveFeed(),
    });
    const a = alert('kol-ing-5', new Date('2026-06-01T13:00:00.000Z'));
    await expect(
      ingest.ingest(messages([encodeAlertMessage(a)]), source, { isRunning: () => false }),
    ).rejects.toBeInstanceOf(BackendUnavailableError);
  });

  it('a row the store refuses for good is failed; the rest of the batch is delivered', async () => {
    const inner = new EmbeddedAlertStore();
    const bad = alert('kol-ing-bad', new Date('2026-06-01T14:00:00.000Z'));
    const good = alert('kol-ing-6', new Date('2026-06-01T14:01:00.000Z'));
    const store = {
      putMany: async (batch: readonly Alert[]) => {
        if (batch.some((x) => x.id === bad.id)) throw new Error('row too large');
        return inner.putMany(batch);
      },
    };
    const feed = new LiveFeed();
    const published: Alert[] = [];
    feed.onAlert((x) => published.push(x));
    const ingest = createAlertIngest({ alerts: store, feed });
    const results = await ingest.ingest(
      messages([encodeAlertMessage(bad), encodeAlertMessage(good)]),
      source,
      running,
    );
    expect(results.map((r) => r.outcome)).toEqual(['failed', 'delivered']);
    expect(results[0]?.reason).toContain('row too large');
    expect(published).toEqual([good]);
  });
  it('overlapping calls for one partition publish in call order, whichever write ends first', async () => {
    const inner = new EmbeddedAlertStore();
    const first = alert('kol-ing-7', new Date('2026-06-01T15:00:00.000Z'));
    const second = alert('kol-ing-7', new Date('2026-06-01T15:01:00.000Z'));
    const other = alert('kol-ing-8', new Date('2026-06-01T15:02:00.000Z'));
    let releaseFirst!: () => void;
    const firstWritten = new Promise<void>((resolve) => (releaseFirst = resolve));
    const store = {
      putMany: async (batch: readonly Alert[]) => {
        if (batch.some((x) => x.id === first.id)) await firstWritten;
        return inner.putMany(batch);
      },
    };
    const feed = new LiveFeed();
    const published: Alert[] = [];
    feed.onAlert((x) => published.push(x));
    const ingest = createAlertIngest({ alerts: store, feed });
    const slow = ingest.ingest(messages([encodeAlertMessage(first)]), source, running);
    const fast = ingest.ingest(messages([encodeAlertMessage(second)]), source, running);
    const elsewhere = ingest.ingest(
      messages([encodeAlertMessage(other)]),
      { ...source, partition: 1 },
      running,
    );
    await elsewhere;
    // The second batch is stored, but waits for the first; another partition does not.
    expect((await inner.recentByKol([second.kolId], 5))[0]).toEqual([second]);
    expect(published).toEqual([other]);
    releaseFirst();
    await Promise.all([slow, fast]);
    expect(published).toEqual([other, first, second]);
  });
  it("writes with the store's storeMany (no read of which ids exist) when it has one", async () => {
    const inner = new EmbeddedAlertStore();
    const calls: string[] = [];
    const store = {
      putMany: async (batch: readonly Alert[]) => {
        calls.push('putMany');
        return inner.putMany(batch);
      },
      storeMany: async (batch: readonly Alert[]) => {
        calls.push('storeMany');
        await inner.putMany(batch);
      },
    };
    const feed = new LiveFeed();
    const published: Alert[] = [];
    feed.onAlert((x) => published.push(x));
    const ingest = createAlertIngest({ alerts: store, feed });
    const a = alert('kol-ing-9', new Date('2026-06-01T16:00:00.000Z'));
    const results = await ingest.ingest(messages([encodeAlertMessage(a)]), source, running);
    expect(results.map((r) => r.outcome)).toEqual(['delivered']);
    expect(calls).toEqual(['storeMany']);
    expect(published).toEqual([a]);
    expect((await inner.recentByKol([a.kolId], 5))[0]).toEqual([a]);
  });
  it('writes a large batch in parts, retrying only the part the store refused, and publishes in order', async () => {
    const inner = new EmbeddedAlertStore();
    const sizes: number[] = [];
    let outages = 1;
    const store = {
      putMany: async (batch: readonly Alert[]) => {
        sizes.push(batch.length);
        if (sizes.length === 2 && outages > 0) {
          outages -= 1;
          throw new BackendUnavailableError('cassandra', new Error('timed out'));
        }
        return inner.putMany(batch);
      },
    };
    const feed = new LiveFeed();
    const published: Alert[] = [];
    feed.onAlert((x) => published.push(x));
    const ingest = createAlertIngest({ alerts: store, feed, maxBackoffMs: 5, maxStoreBatch: 2 });
    const batch = [0, 1, 2, 3, 4].map((i) =>
      alert('kol-ing-10', new Date(Date.UTC(2026, 5, 1, 17, i))),
    );
    const results = await ingest.ingest(messages(batch.map(encodeAlertMessage)), source, running);
    expect(results.map((r) => r.outcome)).toEqual(Array(5).fill('delivered'));
    expect(sizes).toEqual([2, 2, 2, 1]);
    expect(published).toEqual(batch);
    expect((await inner.recentByKol(['kol-ing-10'], 10))[0]).toHaveLength(5);
  });
});
