/**
 * Closed-loop HTTP load, run in a child process (forked by `runLoad` in load.ts) so that the client's
 * own CPU work does not run on the server's event loop. Protocol over IPC:
 *   parent -> child  { type: 'start', options }
 *   child  -> parent { type: 'warm' }                      after the warm-up requests
 *   parent -> child  { type: 'go' }                        (the parent resets its counters first)
 *   child  -> parent { type: 'done', result }              after the measured run; the parent
 *                                                          then kills it
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { LoadOptions, LoadResult, LoadMessage, ParentMessage } from './load';

interface Reply {
  status: number;
  body: string;
}

function post(agent: http.Agent, url: URL, body: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.setTimeout(30_000, () => request.destroy(new Error('request timed out after 30 s')));
    request.on('error', reject);
    request.end(body);
  });
}

function problemOf(reply: Reply): string | null {
  if (reply.status !== 200) return `HTTP ${reply.status}: ${reply.body.slice(0, 300)}`;
  // Cheap check first: a body without the key cannot carry errors.
  if (!reply.body.includes('"errors"')) return null;
  const parsed = JSON.parse(reply.body) as { errors?: unknown[] };
  return parsed.errors && parsed.errors.length > 0
    ? `GraphQL errors: ${JSON.stringify(parsed.errors).slice(0, 300)}`
    : null;
}

async function phase(
  options: LoadOptions,
  agent: http.Agent,
  limits: { requests: number; durationMs: number },
): Promise<Omit<LoadResult, 'warmupRequests'>> {
  const url = new URL(options.url);
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let started = 0;
  let bytes = 0;
  const t0 = performance.now();
  const deadline = t0 + limits.durationMs;
  const worker = async (): Promise<void> => {
    while (started < limits.requests && performance.now() < deadline) {
      started++;
      const t = performance.now();
      try {
        const reply = await post(agent, url, options.body);
        const elapsed = performance.now() - t;
        bytes += reply.body.length;
        const problem = problemOf(reply);
        if (problem) {
          errors++;
          firstError ??= problem;
        } else {
          latencies.push(elapsed);
        }
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsedMs = performance.now() - t0;
  return {
    latenciesMs: latencies,
    requests: started,
    errors,
    firstError,
    elapsedMs,
    meanResponseBytes: started > 0 ? Math.round(bytes / started) : 0,
  };
}

function send(message: LoadMessage): void {
  process.send?.(message);
}

async function run(options: LoadOptions): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const warm = await phase(options, agent, {
    requests: options.warmupRequests,
    durationMs: options.warmupMaxMs,
  });
  if (warm.errors > 0 && warm.latenciesMs.length === 0) {
    throw new Error(`every warm-up request failed: ${warm.firstError ?? 'unknown'}`);
  }
  send({ type: 'warm' });
  await new Promise<void>((resolve) => {
    const onMessage = (message: ParentMessage): void => {
      if (message.type === 'go') {
        process.off('message', onMessage);
        resolve();
      }
    };
    process.on('message', onMessage);
  });
  const measured = await phase(options, agent, {
    requests: options.maxRequests,
    durationMs: options.durationMs,
  });
  agent.destroy();
  send({ type: 'done', result: { ...measured, warmupRequests: warm.requests } });
}

// This process never exits by itself (its last message could race its exit): the parent kills it.
process.on('message', (message: ParentMessage) => {
  if (message.type !== 'start') return;
  run(message.options).catch((error: unknown) => {
    send({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
  });
});
