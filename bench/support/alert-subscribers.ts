/**
 * Many graphql-ws subscribers of `alerts`, run in a child process (forked by the alerts benchmark) so
 * that the clients' work does not run on the gateway's event loop. Each subscriber has its own
 * WebSocket. Every alert carries its send time in `value` (ms since the epoch, sub-ms precision, from
 * performance.timeOrigin + performance.now() in the sender); a delivery's latency is this process's
 * clock at receipt minus that. Alerts whose id starts with `ignorePrefix` (warm-up) are received but
 * not recorded. Protocol over IPC:
 *   parent -> child  { type: 'start', wsUrl, count, connectBatch, ignorePrefix }
 *   child  -> parent { type: 'connected', connected, failed }      all sockets acknowledged
 *   parent -> child  { type: 'progress' }  ->  { type: 'progress', deliveries }   (any number)
 *   parent -> child  { type: 'report' }
 *   child  -> parent { type: 'report', ... }           after closing every socket; then the parent
 *                                                      kills it
 */
import { performance } from 'node:perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

const ALERT_SUBSCRIPTION =
  'subscription BenchAlerts { alerts { id kolId type severity value threshold window message createdAt } }';

export type SubscriberCommand =
  | { type: 'start'; wsUrl: string; count: number; connectBatch: number; ignorePrefix: string }
  | { type: 'progress' }
  | { type: 'report' };

export interface SubscriberReport {
  type: 'report';
  subscribers: number;
  /** Latency of every delivery, ms. */
  latenciesMs: number[];
  /** Latency by alert id, for the per-alert spread (first and last subscriber to receive it). */
  byAlert: Record<string, { first: number; last: number; count: number }>;
  deliveries: number;
  duplicates: number;
  errors: string[];
  /** CPU time this process used from the first alert to the report (user + system, ms). */
  cpuMs: number;
}

export type SubscriberEvent =
  | { type: 'connected'; connected: number; failed: number; tookMs: number }
  | { type: 'progress'; deliveries: number }
  | SubscriberReport
  | { type: 'failed'; error: string };

interface AlertPayload {
  alerts: { id: string; value: number };
}

const now = (): number => performance.timeOrigin + performance.now();

function send(event: SubscriberEvent): void {
  process.send?.(event);
}

async function start(
  wsUrl: string,
  count: number,
  connectBatch: number,
  ignorePrefix: string,
): Promise<void> {
  const clients: Client[] = [];
  const latencies: number[] = [];
  const byAlert: SubscriberReport['byAlert'] = {};
  const errors: string[] = [];
  let duplicates = 0;
  let cpuAtFirst: NodeJS.CpuUsage | undefined;
  const t0 = performance.now();

  const openOne = (index: number): Promise<boolean> =>
    new Promise((resolve) => {
      const seenHere = new Set<string>();
      const client = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: false,
        on: {
          connected: () => resolve(true),
          error: (error) => {
            if (errors.length < 10) errors.push(`subscriber ${index}: ${String(error)}`);
            resolve(false);
          },
        },
      });
      clients.push(client);
      client.subscribe<AlertPayload>(
        { query: ALERT_SUBSCRIPTION },
        {
          next: (result) => {
            const at = now();
            const alert = result.data?.alerts;
            if (!alert) {
              if (errors.length < 10) errors.push(JSON.stringify(result.errors ?? result));
              return;
            }
            if (ignorePrefix && alert.id.startsWith(ignorePrefix)) return;
            cpuAtFirst ??= process.cpuUsage();
            if (seenHere.has(alert.id)) {
              duplicates++;
              return;
            }
            seenHere.add(alert.id);
            const latency = at - alert.value;
            latencies.push(latency);
            const entry = byAlert[alert.id];
            if (entry) {
              entry.count++;
              entry.first = Math.min(entry.first, latency);
              entry.last = Math.max(entry.last, latency);
            } else {
              byAlert[alert.id] = { first: latency, last: latency, count: 1 };
            }
          },
          error: (error) => {
            if (errors.length < 10) errors.push(`subscription ${index}: ${JSON.stringify(error)}`);
          },
          complete: () => undefined,
        },
      );
    });

  let connected = 0;
  let failed = 0;
  for (let i = 0; i < count; i += connectBatch) {
    const batch = Array.from({ length: Math.min(connectBatch, count - i) }, (_, j) =>
      openOne(i + j),
    );
    for (const ok of await Promise.all(batch)) {
      if (ok) connected++;
      else failed++;
    }
  }
  send({ type: 'connected', connected, failed, tookMs: performance.now() - t0 });

  await new Promise<void>((resolve) => {
    const onMessage = (message: SubscriberCommand): void => {
      if (message.type === 'progress') {
        send({ type: 'progress', deliveries: latencies.length });
        return;
      }
      if (message.type !== 'report') return;
      process.off('message', onMessage);
      resolve();
    };
    process.on('message', onMessage);
  });
  const cpu = process.cpuUsage(cpuAtFirst);
  // Close every socket first, so that the report means "done": the parent then ends this process.
  await Promise.all(clients.map(async (c) => c.dispose()));
  send({
    type: 'report',
    subscribers: connected,
    latenciesMs: latencies,
    byAlert,
    deliveries: latencies.length,
    duplicates,
    errors,
    cpuMs: (cpu.user + cpu.system) / 1000,
  });
}

// This process never exits by itself: a large last message could otherwise race its exit; the
// parent kills it once it has the report (or on failure).
process.on('message', (message: SubscriberCommand) => {
  if (message.type !== 'start') return;
  start(message.wsUrl, message.count, message.connectBatch, message.ignorePrefix).catch(
    (error: unknown) => {
      send({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
    },
  );
});
