/**
 * Many `alerts` subscribers over raw graphql-ws sockets, run in a child process forked by the alerts
 * benchmark. The clients are kept as cheap as the protocol allows, so that at tens of thousands of
 * deliveries per second they are not what bounds the measurement: one TCP socket each, the WebSocket
 * handshake and the graphql-transport-ws messages (connection_init, subscribe, pong) written by hand,
 * and a delivered `next` frame read without decoding it — its alert's `value` (the send time, ms since
 * the epoch, written by the sender from performance.timeOrigin + performance.now()) is read straight
 * from the bytes. A delivery's latency is this process's clock at receipt minus that value; alerts
 * whose id starts with `ignorePrefix` (warm-up) are received but not recorded. Protocol over IPC:
 *   parent -> child  { type: 'start', wsUrl, count, connectBatch, ignorePrefix }
 *   child  -> parent { type: 'connected', connected, failed, tookMs }   every subscribe sent and acked
 *   parent -> child  { type: 'progress' }  ->  { type: 'progress', deliveries }   (any number)
 *   parent -> child  { type: 'report' }    ->  { type: 'report', ... }; then the parent kills it
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { performance } from 'node:perf_hooks';

export const ALERT_SUBSCRIPTION =
  'subscription BenchAlerts { alerts { id kolId type severity value threshold window message createdAt } }';

export type SocketsCommand =
  | { type: 'start'; wsUrl: string; count: number; connectBatch: number; ignorePrefix: string }
  | { type: 'progress' }
  | { type: 'report' };

export interface SocketsReport {
  type: 'report';
  subscribers: number;
  /** Latency of every delivery, ms. */
  latenciesMs: number[];
  /** By alert (its send time): receipt latency of the first and last subscriber, and how many. */
  byAlert: Record<string, { first: number; last: number; count: number }>;
  deliveries: number;
  duplicates: number;
  errors: string[];
  /** CPU time this process used from the first measured delivery to the report (ms). */
  cpuMs: number;
}

export type SocketsEvent =
  | { type: 'connected'; connected: number; failed: number; tookMs: number }
  | { type: 'progress'; deliveries: number }
  | SocketsReport
  | { type: 'failed'; error: string };

const now = (): number => performance.timeOrigin + performance.now();

const OP_TEXT = 0x1;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;

/** A client frame: final, masked (RFC 6455 requires clients to mask). */
function clientFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + 4 + length);
  frame[0] = 0x80 | opcode;
  if (length < 126) {
    frame[1] = 0x80 | length;
  } else if (length < 65_536) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  const mask = randomBytes(4);
  mask.copy(frame, header);
  for (let i = 0; i < length; i++) frame[header + 4 + i] = payload[i]! ^ mask[i & 3]!;
  return frame;
}

const textFrame = (message: object): Buffer =>
  clientFrame(OP_TEXT, Buffer.from(JSON.stringify(message), 'utf8'));

const NEXT = Buffer.from('"type":"next"');
/** What follows NEXT in a delivered alert (the server writes `data` first, `id` first selected). */
const DATA = Buffer.from(',"payload":{"data":{"alerts":{"id":"');
const VALUE = Buffer.from('"value":');

/** The number written at `start` of `bytes` (digits, sign, point, exponent), or NaN. */
function numberAt(bytes: Buffer, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const c = bytes[i]!;
    // 0-9 . - + e E
    if (
      (c >= 0x30 && c <= 0x39) ||
      c === 0x2e ||
      c === 0x2d ||
      c === 0x2b ||
      c === 0x65 ||
      c === 0x45
    ) {
      i++;
    } else break;
  }
  return i === start ? Number.NaN : Number(bytes.toString('latin1', start, i));
}

interface Recorder {
  latencies: number[];
  byAlert: Map<number, { first: number; last: number; count: number }>;
  errors: string[];
  duplicates: number;
  ignore: Buffer | null;
  onFirst(): void;
}

function noteError(recorder: Recorder, message: string): void {
  if (recorder.errors.length < 10) recorder.errors.push(message);
}

/** Opens one subscriber; resolves true once its subscription is sent after the connection ack. */
function openSubscriber(url: URL, recorder: Recorder, index: number): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (ok: boolean): void => {
      if (settled) return;
      settled = true;
      resolve(ok);
    };
    const socket = net.connect({ host: url.hostname, port: Number(url.port), noDelay: true });
    const seen = new Set<number>();
    let upgraded = false;
    let pending: Buffer = Buffer.alloc(0);

    socket.on('connect', () => {
      socket.write(
        `GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\n` +
          'Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
          'Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n',
      );
    });
    socket.on('error', (error) => {
      noteError(recorder, `subscriber ${index}: ${error.message}`);
      settle(false);
    });
    socket.on('close', () => settle(false));

    const onText = (bytes: Buffer, start: number, end: number, at: number): void => {
      const next = bytes.indexOf(NEXT, start);
      if (next === -1 || next >= end) {
        const message = bytes.toString('utf8', start, end);
        if (message.includes('"connection_ack"')) {
          socket.write(
            textFrame({ id: '1', type: 'subscribe', payload: { query: ALERT_SUBSCRIPTION } }),
          );
          settle(true);
        } else if (message.includes('"ping"')) {
          socket.write(textFrame({ type: 'pong' }));
        } else {
          noteError(recorder, `subscriber ${index}: ${message.slice(0, 300)}`);
        }
        return;
      }
      // Compared in place, not searched: only `value` is looked for, and it comes early.
      const data = next + NEXT.length;
      if (
        end - data < DATA.length ||
        bytes.compare(DATA, 0, DATA.length, data, data + DATA.length) !== 0
      ) {
        noteError(
          recorder,
          `subscriber ${index}: ${bytes.toString('utf8', start, end).slice(0, 300)}`,
        );
        return;
      }
      const alertId = data + DATA.length;
      const ignore = recorder.ignore;
      if (
        ignore &&
        end - alertId >= ignore.length &&
        bytes.compare(ignore, 0, ignore.length, alertId, alertId + ignore.length) === 0
      ) {
        return;
      }
      const valueAt = bytes.indexOf(VALUE, alertId);
      const sentAt =
        valueAt === -1 || valueAt >= end
          ? Number.NaN
          : numberAt(bytes, valueAt + VALUE.length, end);
      if (!Number.isFinite(sentAt)) {
        noteError(
          recorder,
          `subscriber ${index}: no value in ${bytes.toString('utf8', start, end).slice(0, 200)}`,
        );
        return;
      }
      recorder.onFirst();
      if (seen.has(sentAt)) {
        recorder.duplicates++;
        return;
      }
      seen.add(sentAt);
      const latency = at - sentAt;
      recorder.latencies.push(latency);
      const entry = recorder.byAlert.get(sentAt);
      if (entry) {
        entry.count++;
        if (latency < entry.first) entry.first = latency;
        if (latency > entry.last) entry.last = latency;
      } else {
        recorder.byAlert.set(sentAt, { first: latency, last: latency, count: 1 });
      }
    };

    socket.on('data', (chunk: Buffer) => {
      const at = now();
      let bytes = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
      let offset = 0;
      if (!upgraded) {
        const headerEnd = bytes.indexOf('\r\n\r\n');
        if (headerEnd === -1) {
          pending = bytes;
          return;
        }
        const status = bytes.toString('latin1', 0, bytes.indexOf('\r\n'));
        if (!/^HTTP\/1\.1 101 /.test(status)) {
          noteError(recorder, `subscriber ${index}: ${status}`);
          socket.destroy();
          return;
        }
        upgraded = true;
        socket.write(textFrame({ type: 'connection_init', payload: {} }));
        offset = headerEnd + 4;
      }
      // Server frames are unmasked; a frame split across reads waits for the rest.
      while (bytes.length - offset >= 2) {
        const opcode = bytes[offset]! & 0x0f;
        let length = bytes[offset + 1]! & 0x7f;
        let header = 2;
        if (length === 126) {
          if (bytes.length - offset < 4) break;
          length = bytes.readUInt16BE(offset + 2);
          header = 4;
        } else if (length === 127) {
          if (bytes.length - offset < 10) break;
          length = Number(bytes.readBigUInt64BE(offset + 2));
          header = 10;
        }
        if (bytes.length - offset < header + length) break;
        const start = offset + header;
        const end = start + length;
        if (opcode === OP_TEXT) onText(bytes, start, end, at);
        else if (opcode === OP_PING) socket.write(clientFrame(OP_PONG, bytes.subarray(start, end)));
        else if (opcode === OP_CLOSE) {
          const code = length >= 2 ? bytes.readUInt16BE(start) : 1005;
          noteError(
            recorder,
            `subscriber ${index}: closed ${code} ${bytes.toString('utf8', start + 2, end)}`,
          );
        }
        offset = end;
      }
      bytes = bytes.subarray(offset);
      pending = bytes.length > 0 ? Buffer.from(bytes) : Buffer.alloc(0);
    });
    sockets.push(socket);
  });
}

const sockets: net.Socket[] = [];

function send(event: SocketsEvent): void {
  process.send?.(event);
}

async function start(command: Extract<SocketsCommand, { type: 'start' }>): Promise<void> {
  const url = new URL(command.wsUrl);
  let cpuAtFirst: NodeJS.CpuUsage | undefined;
  const recorder: Recorder = {
    latencies: [],
    byAlert: new Map(),
    errors: [],
    duplicates: 0,
    ignore: command.ignorePrefix ? Buffer.from(command.ignorePrefix) : null,
    onFirst: () => {
      cpuAtFirst ??= process.cpuUsage();
    },
  };
  const t0 = performance.now();
  let connected = 0;
  let failed = 0;
  for (let i = 0; i < command.count; i += command.connectBatch) {
    const batch = Array.from(
      { length: Math.min(command.connectBatch, command.count - i) },
      (_, j) => openSubscriber(url, recorder, i + j),
    );
    for (const ok of await Promise.all(batch)) {
      if (ok) connected++;
      else failed++;
    }
  }
  send({ type: 'connected', connected, failed, tookMs: performance.now() - t0 });

  await new Promise<void>((resolve) => {
    const onMessage = (message: SocketsCommand): void => {
      if (message.type === 'progress') {
        send({ type: 'progress', deliveries: recorder.latencies.length });
        return;
      }
      if (message.type !== 'report') return;
      process.off('message', onMessage);
      resolve();
    };
    process.on('message', onMessage);
  });
  const cpu = process.cpuUsage(cpuAtFirst);
  for (const socket of sockets) socket.destroy();
  send({
    type: 'report',
    subscribers: connected,
    latenciesMs: recorder.latencies.map((l) => Math.round(l * 100) / 100),
    byAlert: Object.fromEntries(recorder.byAlert),
    deliveries: recorder.latencies.length,
    duplicates: recorder.duplicates,
    errors: recorder.errors,
    cpuMs: (cpu.user + cpu.system) / 1000,
  });
}

// This process never exits by itself: a large last message could otherwise race its exit; the
// parent kills it once it has the report (or on failure).
process.on('message', (message: SocketsCommand) => {
  if (message.type !== 'start') return;
  start(message).catch((error: unknown) => {
    send({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
  });
});

// Killed by the parent: exit normally, so that exit hooks (e.g. --cpu-prof) still run.
process.on('SIGTERM', () => process.exit(0));
