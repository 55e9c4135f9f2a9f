import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { demoKolId } from '../../demo/dataset';
import type { Alert, MetricPoint } from '../../domain/types';
import { LiveAlertsDocument, MetricUpdatesDocument } from '../generated/graphql';
import {
  collect,
  postQuery,
  startTestGateway,
  wsClient,
  type TestGateway,
} from '../support/gateway';

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway({ kols: 10 });
});

afterAll(async () => {
  await gateway.stop();
});

function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: `alert-${Math.random().toString(36).slice(2)}`,
    kolId: demoKolId(1),
    type: 'FOLLOWER_SPIKE',
    severity: 'WARNING',
    value: 5.2,
    threshold: 4,
    window: 'H1',
    message: 'Followers rose 5.2σ above the 60-min baseline',
    createdAt: new Date(),
    ...overrides,
  };
}

/** Waits until earlier tests' subscriptions are gone, so that a count change means ours is live. */
async function settledListenerCount(): Promise<number> {
  let previous = -1;
  let current = gateway.services.feed.listenerCount();
  while (current !== previous) {
    await new Promise((r) => setTimeout(r, 50));
    previous = current;
    current = gateway.services.feed.listenerCount();
  }
  return current;
}

/** Calls `publish()` once the server has registered the subscription started after `baseline`. */
async function whenSubscribed(baseline: number, publish: () => void): Promise<void> {
  for (let i = 0; i < 500 && gateway.services.feed.listenerCount() <= baseline; i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  expect(gateway.services.feed.listenerCount()).toBeGreaterThan(baseline);
  publish();
}

describe('alerts subscription', () => {
  it('delivers a published alert that matches the filter, and skips those that do not', async () => {
    const baseline = await settledListenerCount();
    const client = wsClient(gateway.wsUrl);
    const wanted = alert({ severity: 'CRITICAL' });
    const received = collect(
      client,
      LiveAlertsDocument,
      { filter: { minSeverity: 'CRITICAL' } },
      1,
    );
    await whenSubscribed(baseline, () => {
      gateway.services.feed.publishAlert(alert({ severity: 'INFO' }));
      gateway.services.feed.publishAlert(wanted);
    });
    const [first] = await received;
    expect(first?.alerts).toMatchObject({
      id: wanted.id,
      kolId: wanted.kolId,
      type: 'FOLLOWER_SPIKE',
      severity: 'CRITICAL',
      createdAt: wanted.createdAt.toISOString(),
    });
    await client.dispose();
  });

  it('replays stored alerts since a time, oldest first, then continues live without duplicates', async () => {
    const kolId = demoKolId(5);
    const base = Date.now() - 60_000;
    const stored = [0, 1, 2].map((i) =>
      alert({ kolId, id: `replay-${i}`, createdAt: new Date(base + i * 1000) }),
    );
    for (const a of stored) await gateway.services.data.alerts.put(a);
    const old = alert({ kolId, id: 'too-old', createdAt: new Date(base - 3_600_000) });
    await gateway.services.data.alerts.put(old);

    const baseline = await settledListenerCount();
    const client = wsClient(gateway.wsUrl);
    const live = alert({ kolId, id: 'live-1' });
    const received = collect(
      client,
      LiveAlertsDocument,
      { filter: { kolIds: [kolId], since: new Date(base).toISOString() } },
      4,
    );
    await whenSubscribed(baseline, () => {
      const replayed = stored[2];
      if (replayed) gateway.services.feed.publishAlert(replayed); // a duplicate of a replayed one
      gateway.services.feed.publishAlert(live);
    });
    const ids = (await received).map((r) => r.alerts.id);
    expect(ids).toEqual(['replay-0', 'replay-1', 'replay-2', 'live-1']);
    await client.dispose();
  });

  it('releases the server-side listener when the client unsubscribes', async () => {
    const before = await settledListenerCount();
    const baseline = before;
    const client = wsClient(gateway.wsUrl);
    const received = collect(client, LiveAlertsDocument, {}, 1);
    await whenSubscribed(baseline, () => gateway.services.feed.publishAlert(alert()));
    await received;
    await client.dispose();
    for (let i = 0; i < 100 && gateway.services.feed.listenerCount() !== before; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(gateway.services.feed.listenerCount()).toBe(before);
  });
});

describe('metricUpdates subscription', () => {
  it('delivers updates of the requested KOL and window only', async () => {
    const baseline = await settledListenerCount();
    const client = wsClient(gateway.wsUrl);
    const point = (kolId: string, window: MetricPoint['window'], views: number): MetricPoint => ({
      kolId,
      window,
      bucketStart: new Date(),
      views,
      likes: 0,
      comments: 0,
      shares: 0,
      clicks: 0,
      orders: 0,
      followerDelta: 0,
      engagementRate: 0,
      sentimentPositiveRatio: 0,
      sentimentNegativeRatio: 0,
    });
    const received = collect(
      client,
      MetricUpdatesDocument,
      { kolId: demoKolId(2), window: 'M5' },
      1,
    );
    await whenSubscribed(baseline, () => {
      gateway.services.feed.publishMetric(point(demoKolId(3), 'M5', 1));
      gateway.services.feed.publishMetric(point(demoKolId(2), 'H1', 2));
      gateway.services.feed.publishMetric(point(demoKolId(2), 'M5', 3));
    });
    expect((await received)[0]?.metricUpdates).toMatchObject({
      kolId: demoKolId(2),
      window: 'M5',
      views: 3,
    });
    await client.dispose();
  });

  it('answers NOT_FOUND for an unknown KOL', async () => {
    const client = wsClient(gateway.wsUrl);
    await expect(
      collect(client, MetricUpdatesDocument, { kolId: 'nobody', window: 'M5' }, 1, 5_000),
    ).rejects.toThrow(/NOT_FOUND/);
    await client.dispose();
  });
});

describe('graphql-ws protocol errors', () => {
  function rawSocket(): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(gateway.wsUrl, 'graphql-transport-ws');
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    });
  }

  function closeCode(socket: WebSocket): Promise<number> {
    return new Promise((resolve) => socket.once('close', (code) => resolve(code)));
  }

  it('closes with 4400 on a malformed message', async () => {
    const socket = await rawSocket();
    const closed = closeCode(socket);
    socket.send('{not json');
    expect(await closed).toBe(4400);
  });

  it('closes with 4401 on subscribe before connection_init', async () => {
    const socket = await rawSocket();
    const closed = closeCode(socket);
    socket.send(
      JSON.stringify({
        id: '1',
        type: 'subscribe',
        payload: { query: 'subscription { alerts { id } }' },
      }),
    );
    expect(await closed).toBe(4401);
  });

  it('keeps serving other clients after protocol errors', async () => {
    const bad = await rawSocket();
    const closed = closeCode(bad);
    bad.send('garbage');
    await closed;
    const res = await postQuery(gateway.url, `{ kol(id: "${demoKolId(0)}") { id } }`);
    expect(res.data).toEqual({ kol: { id: demoKolId(0) } });
    const baseline = await settledListenerCount();
    const client = wsClient(gateway.wsUrl);
    const received = collect(client, LiveAlertsDocument, {}, 1);
    await whenSubscribed(baseline, () =>
      gateway.services.feed.publishAlert(alert({ id: 'after-errors' })),
    );
    expect((await received)[0]?.alerts.id).toBe('after-errors');
    await client.dispose();
  });
});
