/**
 * `since` replays against a feed that may publish an alert before the store has it (the Kafka
 * ingest with `publish: 'on-consume'`): a subscriber that joins in between still gets it, once.
 * Real embedded alert store, real LiveFeed and ingest.
 */
import { describe, expect, it } from 'vitest';
import { encodeAlertMessage } from '../../contracts/alert-message';
import { EmbeddedAlertStore } from '../../datasources/embedded/alerts';
import type { Alert } from '../../domain/types';
import { createAlertIngest } from '../../subscriptions/alert-ingest';
import { LiveFeed } from '../../subscriptions/live-feed';
import { alertStream } from '../../subscriptions/streams';
import { alert } from '../datasources/fixtures';

const source = { topic: 'alerts.test', partition: 0 };
const running = { isRunning: () => true };

/** Takes `n` items from the stream (the test fails by timing out if they never come). */
async function take(stream: AsyncIterator<Alert>, n: number): Promise<Alert[]> {
  const out: Alert[] = [];
  while (out.length < n) {
    const next = await stream.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

describe('since replay with publish on consume', () => {
  it('a subscriber joining after the publish and before the store write gets the alert once', async () => {
    const inner = new EmbeddedAlertStore();
    let release!: () => void;
    const written = new Promise<void>((resolve) => (release = resolve));
    const feed = new LiveFeed();
    const ingest = createAlertIngest({
      alerts: {
        putMany: async (batch) => {
          await written;
          return inner.putMany(batch);
        },
      },
      feed,
      publish: 'on-consume',
    });
    const since = new Date('2026-07-05T00:00:00.000Z');
    const stored = alert('kol-since-1', new Date('2026-07-05T00:01:00.000Z'));
    await inner.putMany([stored]);
    const pending = alert('kol-since-1', new Date('2026-07-05T00:02:00.000Z'));
    const call = ingest.ingest(
      [{ value: encodeAlertMessage(pending), offset: '0' }],
      source,
      running,
    );
    expect((await inner.recentByKol([pending.kolId], 5))[0]).toEqual([stored]);

    // Joins now: `pending` was published before it subscribed and is not in the store yet.
    const errors: unknown[] = [];
    const stream = alertStream(feed, inner, { since }, (e) => errors.push(e));
    const later = alert('kol-since-1', new Date('2026-07-05T00:03:00.000Z'));
    const first = await take(stream, 2);
    expect(first).toEqual([stored, pending]);

    release();
    await call;
    await inner.putMany([later]);
    feed.publishAlert(later);
    expect(await take(stream, 1)).toEqual([later]);
    await stream.return?.();
    expect(errors).toEqual([]);
  });

  it('an alert both stored and among the last published is replayed once; the filter applies to both', async () => {
    const store = new EmbeddedAlertStore();
    const feed = new LiveFeed();
    const since = new Date('2026-07-06T00:00:00.000Z');
    const before = alert('kol-since-2', new Date('2026-07-05T23:00:00.000Z'));
    const a = alert('kol-since-2', new Date('2026-07-06T00:01:00.000Z'));
    const otherKol = alert('kol-since-3', new Date('2026-07-06T00:02:00.000Z'));
    for (const x of [before, a, otherKol]) {
      await store.putMany([x]);
      feed.publishAlert(x);
    }
    const stream = alertStream(feed, store, { since, kolIds: ['kol-since-2'] }, () => undefined);
    const b = alert('kol-since-2', new Date('2026-07-06T00:03:00.000Z'));
    const replayed = take(stream, 2);
    await store.putMany([b]);
    feed.publishAlert(b);
    expect(await replayed).toEqual([a, b]);
    // Nothing else is queued: the next item is the next alert published.
    const c = alert('kol-since-2', new Date('2026-07-06T00:04:00.000Z'));
    feed.publishAlert(c);
    expect(await take(stream, 1)).toEqual([c]);
    await stream.return?.();
  });

  it('remembers the last 1,000 alerts published, oldest first', () => {
    const feed = new LiveFeed();
    const alerts = Array.from({ length: 1_005 }, (_, i) =>
      alert('kol-since-4', new Date(Date.UTC(2026, 6, 7, 0, 0, i))),
    );
    for (const x of alerts) feed.publishAlert(x);
    expect(feed.lastPublishedAlerts()).toEqual(alerts.slice(5));
  });
});
