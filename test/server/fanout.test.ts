import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { demoKolId } from '../../demo/dataset';
import type { Alert } from '../../domain/types';
import { CorkedWriter, type CorkableSocket } from '../../server/subscription-fanout';
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

/**
 * A socket that keeps what is written while corked (counted like net.Socket: cork() nests) and
 * records each write that reaches "the wire" (the frames of one uncork, together).
 */
class RecordingSocket implements CorkableSocket {
  private depth = 0;
  private held: string[] = [];
  readonly writes: string[][] = [];

  cork(): void {
    this.depth++;
  }

  uncork(): void {
    if (this.depth === 0) return;
    this.depth--;
    if (this.depth === 0 && this.held.length > 0) {
      this.writes.push(this.held);
      this.held = [];
    }
  }

  write(data: Buffer): boolean {
    if (this.depth > 0) this.held.push(data.toString());
    else this.writes.push([data.toString()]);
    return true;
  }
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('corked frame writer', () => {
  it("writes the frames of one turn to each socket in one write, in the sockets' order", async () => {
    const writer = new CorkedWriter(100);
    const sockets = [0, 1, 2].map(() => new RecordingSocket());
    for (const frame of ['a', 'b']) for (const s of sockets) writer.write(s, Buffer.from(frame));
    expect(sockets.every((s) => s.writes.length === 0)).toBe(true);
    await turn();
    expect(sockets.map((s) => s.writes)).toEqual([[['a', 'b']], [['a', 'b']], [['a', 'b']]]);
    expect(writer.pending).toBe(0);
  });

  it('uncorks a chunk per turn; frames written in between join the sockets still waiting', async () => {
    const writer = new CorkedWriter(2);
    const sockets = [0, 1, 2, 3, 4].map(() => new RecordingSocket());
    for (const s of sockets) writer.write(s, Buffer.from('a'));
    await turn();
    expect(sockets.map((s) => s.writes.length)).toEqual([1, 1, 0, 0, 0]);
    // A second event while the first is being written out.
    for (const s of sockets) writer.write(s, Buffer.from('b'));
    for (let i = 0; i < 5 && writer.pending > 0; i++) await turn();
    expect(writer.pending).toBe(0);
    // The first two got 'b' in a write of its own (corked again, next round); the rest got both at once.
    expect(sockets.map((s) => s.writes)).toEqual([
      [['a'], ['b']],
      [['a'], ['b']],
      [['a', 'b']],
      [['a', 'b']],
      [['a', 'b']],
    ]);
  });

  it('keeps writing through many rounds without holding sockets it has written out', async () => {
    const writer = new CorkedWriter(3);
    const sockets = Array.from({ length: 10 }, () => new RecordingSocket());
    for (let event = 0; event < 20; event++) {
      for (const s of sockets) writer.write(s, Buffer.from(String(event)));
      await turn();
    }
    for (let i = 0; i < 20 && writer.pending > 0; i++) await turn();
    expect(writer.pending).toBe(0);
    const expected = Array.from({ length: 20 }, (_, e) => String(e));
    for (const s of sockets) expect(s.writes.flat()).toEqual(expected);
  });
});
