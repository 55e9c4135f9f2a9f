import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { demoKolId } from '../../demo/dataset';
import type { Alert } from '../../domain/types';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { RawSocket } from '../security/raw-ws';

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.stop();
  gateway = undefined;
});

function alert(id: string, message = 'Followers rose above the baseline'): Alert {
  return {
    id,
    kolId: demoKolId(1),
    type: 'FOLLOWER_SPIKE',
    severity: 'WARNING',
    value: 5,
    threshold: 4,
    window: 'H1',
    message,
    createdAt: new Date(),
  };
}

const LIVE =
  'subscription Live($min: Severity) { alerts(filter: { minSeverity: $min }) { id message } }';

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

const ids = (socket: RawSocket, id: string) =>
  socket.messages.flatMap((m) =>
    m.id === id && m.type === 'next'
      ? [(m.payload as { data: { alerts: { id: string } } }).data.alerts.id]
      : [],
  );

describe('subscription fan-out', () => {
  it('executes identical subscriptions once per event and writes the frame to every socket', async () => {
    gateway = await startTestGateway({ kols: 3 });
    const g = gateway;
    const sockets = await Promise.all([1, 2, 3].map(() => RawSocket.connect(g.wsUrl)));
    sockets.forEach((s, i) => s.subscribe(`sub-${i}`, LIVE, { min: 'INFO' }));
    const other = await RawSocket.connect(g.wsUrl);
    other.subscribe('other', LIVE, { min: 'CRITICAL' });
    await until(() => g.webSocket.subscriptionCount() === 4);
    expect(g.webSocket.fanout.stats.groups).toBe(2);
    const before = { ...g.webSocket.fanout.stats };
    for (let i = 0; i < 5; i++) g.services.feed.publishAlert(alert(`shared-${i}`));
    await until(() => sockets.every((s, i) => ids(s, `sub-${i}`).length === 5));
    sockets.forEach((s, i) =>
      expect(ids(s, `sub-${i}`)).toEqual([0, 1, 2, 3, 4].map((n) => `shared-${n}`)),
    );
    expect(ids(other, 'other')).toEqual([]); // WARNING is below its CRITICAL filter
    // Executed once per event for the three-member group; the other group's filter drops them.
    expect(g.webSocket.fanout.stats.events - before.events).toBe(5);
    expect(g.webSocket.fanout.stats.deliveries - before.deliveries).toBe(15);
    for (const s of [...sockets, other]) s.close();
    await until(
      () => g.webSocket.subscriptionCount() === 0 && g.webSocket.fanout.stats.groups === 0,
    );
  });

  it('closes a socket that stops reading (4503) without delaying the other subscribers', async () => {
    gateway = await startTestGateway({ kols: 3, env: { WS_MAX_BUFFERED_BYTES: '1048576' } });
    const g = gateway;
    const fast = await RawSocket.connect(g.wsUrl);
    const slow = await RawSocket.connect(g.wsUrl);
    fast.subscribe('fast', LIVE, { min: 'INFO' });
    slow.subscribe('slow', LIVE, { min: 'INFO' });
    await until(() => g.webSocket.subscriptionCount() === 2);
    const tcp = (slow.socket as unknown as { _socket: Socket })._socket;
    tcp.pause();
    const padding = 'x'.repeat(2000);
    const total = 8000;
    // Paced so that a reading client keeps its buffer far below the limit, while the paused one's
    // grows past the kernel buffers and the 1 MiB bound.
    for (let i = 0; i < total; i++) {
      g.services.feed.publishAlert(alert(`burst-${i}`, padding));
      if (i % 100 === 99) await new Promise((r) => setTimeout(r, 5));
    }
    await until(() => ids(fast, 'fast').length === total);
    expect(g.webSocket.subscriptionCount()).toBe(1);
    tcp.resume();
    const { code } = await slow.closed;
    expect(code).toBe(4503);
    expect(ids(slow, 'slow').length).toBeLessThan(total);
    fast.close();
  });
});
