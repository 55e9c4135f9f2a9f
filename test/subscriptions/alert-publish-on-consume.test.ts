/**
 * The alert ingest with `publish: 'on-consume'` (the live feed does not wait for the store), without
 * any broker; the embedded alert store behind it is the real one. What it keeps from the default
 * order: a call settles only once its alerts are stored (the Kafka adapter commits only then), a
 * redelivered alert is stored again and never published twice, a partition's alerts are published
 * in order.
 */
import { describe, expect, it } from 'vitest';
import { encodeAlertMessage } from '../../contracts/alert-message';
import { EmbeddedAlertStore } from '../../datasources/embedded/alerts';
import { BackendUnavailableError } from '../../datasources/shared/errors';
import type { Alert } from '../../domain/types';
import {
  createAlertIngest,
  type AlertIngestOptions,
  type IngestMessage,
  type IngestStage,
} from '../../subscriptions/alert-ingest';
import { LiveFeed } from '../../subscriptions/live-feed';
import { alert } from '../datasources/fixtures';

const source = { topic: 'alerts.test', partition: 0 };
const running = { isRunning: () => true };

function messages(values: (string | null)[], from = 0): IngestMessage[] {
  return values.map((value, i) => ({ value, offset: String(from + i) }));
}

/** A gate a test opens by hand. */
function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

function setup(alerts: AlertIngestOptions['alerts']) {
  const feed = new LiveFeed();
  const published: Alert[] = [];
  feed.onAlert((a) => published.push(a));
  const stages: [IngestStage, string[]][] = [];
  const ingest = createAlertIngest({
    alerts,
    feed,
    maxBackoffMs: 5,
    publish: 'on-consume',
    onStage: (stage, batch) => stages.push([stage, batch.map((a) => a.id)]),
  });
  return { published, ingest, stages };
}

/** Whether `promise` has settled (after the microtasks queued so far have run). */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((r) => setImmediate(r));
  return done;
}

describe('alert ingest, publish on consume', () => {
  it('publishes a batch as soon as it is decoded; the call settles only once it is stored', async () => {
    const inner = new EmbeddedAlertStore();
    const write = gate();
    let writing = 0;
    const store = {
      putMany: async (batch: readonly Alert[]) => {
        writing += 1;
        await write.opened;
        return inner.putMany(batch);
      },
    };
    const { published, ingest, stages } = setup(store);
    const a = alert('kol-onc-1', new Date('2026-07-01T10:00:00.000Z'));
    const b = alert('kol-onc-1', new Date('2026-07-01T10:01:00.000Z'));
    const call = ingest.ingest(
      messages([encodeAlertMessage(a), 'not json', encodeAlertMessage(b)]),
      source,
      running,
    );
    // Published before the call returned, while its write is still waiting.
    expect(published).toEqual([a, b]);
    expect(writing).toBe(1);
    expect(await settled(call)).toBe(false);
    expect((await inner.recentByKol([a.kolId], 5))[0]).toEqual([]);

    write.open();
    const results = await call;
    expect(results.map((r) => r.outcome)).toEqual(['delivered', 'invalid', 'delivered']);
    expect((await inner.recentByKol([a.kolId], 5))[0]).toEqual([b, a]);
    expect(stages.map(([stage]) => stage)).toEqual(['decoded', 'published', 'stored']);
    expect(stages.every(([, ids]) => ids.join() === [a.id, b.id].join())).toBe(true);
  });

  it('an unavailable store delays the call, not the feed; a redelivery is stored again and not published again', async () => {
    const inner = new EmbeddedAlertStore();
    let outages = 3;
    const writes: number[] = [];
    const flaky = {
      putMany: async (batch: readonly Alert[]) => {
        writes.push(batch.length);
        if (outages > 0) {
          outages -= 1;
          throw new BackendUnavailableError('cassandra', new Error('test outage'));
        }
        return inner.putMany(batch);
      },
    };
    const { published, ingest } = setup(flaky);
    const a = alert('kol-onc-2', new Date('2026-07-01T11:00:00.000Z'));
    const first = await ingest.ingest(messages([encodeAlertMessage(a)]), source, running);
    expect(first.map((r) => r.outcome)).toEqual(['delivered']);
    expect(writes).toEqual([1, 1, 1, 1]);
    expect(published).toEqual([a]);
    expect((await inner.recentByKol([a.kolId], 5))[0]).toEqual([a]);

    // The same message again, as Kafka redelivers a batch whose offset was not committed.
    const again = await ingest.ingest(messages([encodeAlertMessage(a)]), source, running);
    expect(again.map((r) => r.outcome)).toEqual(['duplicate']);
    expect(writes).toEqual([1, 1, 1, 1, 1]);
    expect(published).toEqual([a]);
    expect((await inner.recentByKol([a.kolId], 5))[0]).toEqual([a]);
  });

  it('a call whose store stays unavailable after the caller stops rejects (nothing to commit), its alert published once', async () => {
    const { published, ingest } = setup({
      putMany: () => Promise.reject(new BackendUnavailableError('cassandra', new Error('down'))),
    });
    const a = alert('kol-onc-3', new Date('2026-07-01T12:00:00.000Z'));
    await expect(
      ingest.ingest(messages([encodeAlertMessage(a)]), source, { isRunning: () => false }),
    ).rejects.toBeInstanceOf(BackendUnavailableError);
    expect(published).toEqual([a]);
    await expect(
      ingest.ingest(messages([encodeAlertMessage(a)]), source, { isRunning: () => false }),
    ).rejects.toBeInstanceOf(BackendUnavailableError);
    expect(published).toEqual([a]);
  });

  it('overlapping calls for one partition publish in call order, whatever their writes do', async () => {
    const inner = new EmbeddedAlertStore();
    const first = alert('kol-onc-4', new Date('2026-07-01T13:00:00.000Z'));
    const second = alert('kol-onc-4', new Date('2026-07-01T13:01:00.000Z'));
    const slowWrite = gate();
    const store = {
      putMany: async (batch: readonly Alert[]) => {
        if (batch.some((x) => x.id === first.id)) await slowWrite.opened;
        return inner.putMany(batch);
      },
    };
    const { published, ingest } = setup(store);
    const slow = ingest.ingest(messages([encodeAlertMessage(first)]), source, running);
    const fast = ingest.ingest(messages([encodeAlertMessage(second)], 1), source, running);
    expect(published).toEqual([first, second]);
    await fast;
    expect((await inner.recentByKol([second.kolId], 5))[0]).toEqual([second]);
    expect(await settled(slow)).toBe(false);
    slowWrite.open();
    await slow;
    expect((await inner.recentByKol([first.kolId], 5))[0]).toEqual([second, first]);
    expect(published).toEqual([first, second]);
  });

  it('a row the store refuses for good is failed (it was published); the rest is stored', async () => {
    const inner = new EmbeddedAlertStore();
    const bad = alert('kol-onc-5', new Date('2026-07-01T14:00:00.000Z'));
    const good = alert('kol-onc-5', new Date('2026-07-01T14:01:00.000Z'));
    const store = {
      putMany: async (batch: readonly Alert[]) => {
        if (batch.some((x) => x.id === bad.id)) throw new Error('row too large');
        return inner.putMany(batch);
      },
    };
    const { published, ingest } = setup(store);
    const results = await ingest.ingest(
      messages([encodeAlertMessage(bad), encodeAlertMessage(good)]),
      source,
      running,
    );
    expect(results.map((r) => r.outcome)).toEqual(['failed', 'delivered']);
    expect(results[0]?.reason).toContain('row too large');
    expect(published).toEqual([bad, good]);
    expect((await inner.recentByKol([good.kolId], 5))[0]).toEqual([good]);
  });

  it('writes a large batch in parts after publishing all of it', async () => {
    const inner = new EmbeddedAlertStore();
    const sizes: number[] = [];
    const feed = new LiveFeed();
    const published: Alert[] = [];
    feed.onAlert((x) => published.push(x));
    const ingest = createAlertIngest({
      alerts: {
        putMany: async (batch) => {
          sizes.push(batch.length);
          expect(published).toHaveLength(5);
          return inner.putMany(batch);
        },
      },
      feed,
      maxStoreBatch: 2,
      publish: 'on-consume',
    });
    const batch = [0, 1, 2, 3, 4].map((i) =>
      alert('kol-onc-6', new Date(Date.UTC(2026, 6, 1, 15, i))),
    );
    const results = await ingest.ingest(messages(batch.map(encodeAlertMessage)), source, running);
    expect(results.map((r) => r.outcome)).toEqual(Array(5).fill('delivered'));
    expect(sizes).toEqual([2, 2, 1]);
    expect(published).toEqual(batch);
    expect((await inner.recentByKol(['kol-onc-6'], 10))[0]).toHaveLength(5);
  });
});
