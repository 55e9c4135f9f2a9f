import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveAlertsDocument, RankingDocument } from '../generated/graphql';
import { collect, nth, postQuery, wsClient } from '../support/gateway';

const root = join(__dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Runs the built gateway exactly as `npm start` does (`node dist/app/main.js`, built by the
 * `pretest` script) with the default embedded configuration, and talks to it as a client would.
 */
describe('npm start (embedded default)', () => {
  let child: ChildProcess;
  let url: string;
  let logs = '';

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}/graphql`;
    child = spawn(process.execPath, [join(root, 'dist', 'app', 'main.js')], {
      cwd: root,
      env: { ...process.env, PORT: String(port), NODE_ENV: 'development', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    const deadline = Date.now() + 60_000;
    while (!logs.includes('KOL Gateway ready')) {
      if (child.exitCode !== null) throw new Error(`gateway exited early:\n${logs}`);
      if (Date.now() > deadline) throw new Error(`gateway did not start in 60 s:\n${logs}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 90_000);

  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('serves the demo data set: 600 KOLs across categories and platforms', async () => {
    const res = await postQuery(url, RankingDocument, { input: { first: 100 } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.ranking.totalCount).toBe(600);
    const kols = res.data!.ranking.edges.map((e) => e.node.kol);
    expect(new Set(kols.map((k) => k.category)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(kols.map((k) => k.platform)).size).toBeGreaterThanOrEqual(3);
  });

  it('serves the Sandbox landing page to a browser', async () => {
    const response = await fetch(url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/sandbox/i);
  });

  it('pushes a live demo alert to a graphql-ws subscriber within 10 s', async () => {
    const client = wsClient(url.replace('http', 'ws'));
    const first = nth(await collect(client, LiveAlertsDocument, {}, 1, 10_000));
    expect(first.alerts.id).toBeTruthy();
    expect(first.alerts.message.length).toBeGreaterThan(10);
    await client.dispose();
  }, 15_000);

  it('shuts down cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(logs).toMatch(/shutting down/);
  });
});
