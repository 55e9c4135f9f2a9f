/**
 * Start-up and shutdown of the built gateway as users run it (`dist/app/main.js`, built by the
 * `pretest` script): a bad environment or a busy port ends the process with one plain message that
 * names the variables, and `npm start` passes SIGTERM on so the server never outlives it.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const entry = join(root, 'dist', 'app', 'main.js');
const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$/m;

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runGateway(env: Record<string, string>, timeoutMs = 60_000): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'development', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gateway did not exit in ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('gateway start-up errors', () => {
  it('names every invalid variable in one message and exits 2, without a stack trace', async () => {
    const result = await runGateway({
      API_KEYS: 'not-a-key-entry',
      HOST: 'bad host!',
      PORT: '99999',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('API_KEYS: entry 1 must be key:role');
    expect(result.stderr).toMatch(/^ {2}HOST: /m);
    expect(result.stderr).toMatch(/^ {2}PORT: /m);
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.stderr).not.toContain('not-a-key-entry');
  }, 60_000);

  describe('with the port taken', () => {
    const holder = createServer();
    let port: number;

    beforeAll(async () => {
      port = await listen(holder);
    });

    afterAll(async () => {
      await new Promise((resolve) => holder.close(resolve));
    });

    it('says which HOST and PORT cannot be opened and exits 1, without a stack trace', async () => {
      const result = await runGateway({ HOST: '127.0.0.1', PORT: String(port), DEMO_KOLS: '5' });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`HOST=127.0.0.1 PORT=${port}`);
      expect(result.stderr).toMatch(/already in use/);
      expect(`${result.stdout}${result.stderr}`).not.toMatch(STACK_LINE);
    }, 90_000);
  });
});

describe('graceful stop', () => {
  it('stops on SIGTERM with exit 0, a separate metrics port included (no drain timeout)', async () => {
    const [port, metricsPort] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, [entry], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        PORT: String(port),
        METRICS_PORT: String(metricsPort),
        DEMO_KOLS: '10',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    child.stdout.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const deadline = Date.now() + 60_000;
    while (!logs.includes('KOL Gateway ready')) {
      if (Date.now() > deadline) throw new Error(`gateway did not start:\n${logs}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(logs).not.toContain('drain took too long');
    for (const p of [port, metricsPort]) {
      const probe = createServer();
      await expect(listen(probe, p)).resolves.toBe(p);
      await new Promise((resolve) => probe.close(resolve));
    }
  }, 90_000);
});

describe('npm start', () => {
  it('passes SIGTERM on to the gateway: npm exits and the port closes', async () => {
    const port = await freePort();
    // --ignore-scripts skips `prestart` (the build already ran in `pretest`).
    const npm = spawn('npm', ['start', '--ignore-scripts'], {
      cwd: root,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DEMO_KOLS: '10' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    npm.stdout.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    npm.stderr.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    const deadline = Date.now() + 60_000;
    while (!logs.includes('KOL Gateway ready')) {
      if (npm.exitCode !== null) throw new Error(`npm start exited early:\n${logs}`);
      if (Date.now() > deadline) throw new Error(`npm start did not start in 60 s:\n${logs}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const exited = new Promise<number | null>((resolve) => npm.once('exit', resolve));
    npm.kill('SIGTERM');
    expect(await exited).toBe(0);
    // The port is free again: nothing kept listening after npm exited.
    const probe = createServer();
    await expect(listen(probe, port)).resolves.toBe(port);
    await new Promise((resolve) => probe.close(resolve));
  }, 90_000);
});
