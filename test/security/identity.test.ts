import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createGateway } from '../../app/gateway';
import { loadConfig } from '../../config';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import { demoKolId } from '../../demo/dataset';
import { sharedInference, startTestGateway, type TestGateway } from '../support/gateway';
import { RawSocket } from './raw-ws';

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.stop();
  gateway = undefined;
});

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const QUERY = `{ kol(id: "${demoKolId(0)}") { id } }`;

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      data?: unknown;
      errors?: { message: string; extensions?: { code?: string } }[];
    },
  };
}

async function hs256(claims: Record<string, unknown>, secret: string): Promise<string> {
  const jose = await import('jose');
  return new jose.SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret));
}

describe('API keys and JWT', () => {
  it('accepts keys given as sha256 hashes, and JWTs with the role from the claim', async () => {
    const secret = 'test-secret-that-is-long-enough-for-hs256';
    gateway = await startTestGateway({
      kols: 3,
      env: {
        API_KEYS: `sha256:${sha('hashed-admin')}:admin,plain-viewer:viewer`,
        ANONYMOUS_ROLE: 'none',
        JWT_SECRET: secret,
        JWT_ROLE_CLAIM: 'roles',
      },
    });
    const hashed = await post(gateway.url, { query: QUERY }, { 'x-api-key': 'hashed-admin' });
    expect(hashed.body.data).toEqual({ kol: { id: demoKolId(0) } });
    expect(
      (await post(gateway.url, { query: QUERY }, { 'x-api-key': 'plain-viewer' })).status,
    ).toBe(200);

    const admin = await hs256({ sub: 'alice', roles: ['viewer', 'admin'] }, secret);
    const mutation = 'mutation { setCanaryShare(name: "trust", share: 0) { version } }';
    const asAdmin = await post(
      gateway.url,
      { query: mutation },
      { authorization: `Bearer ${admin}` },
    );
    expect(asAdmin.body.errors).toBeUndefined();
    const viewer = await hs256({ sub: 'bob', roles: 'viewer' }, secret);
    const asViewer = await post(
      gateway.url,
      { query: mutation },
      { authorization: `Bearer ${viewer}` },
    );
    expect(asViewer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const forged = await hs256(
      { sub: 'mallory', roles: 'admin' },
      'another-secret-of-sufficient-length',
    );
    const refused = await post(
      gateway.url,
      { query: QUERY },
      { authorization: `Bearer ${forged}` },
    );
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const socket = await RawSocket.open(gateway.wsUrl);
    socket.send({ type: 'connection_init', payload: { authorization: `Bearer ${forged}` } });
    expect((await socket.closed).code).toBe(4403);
    const good = await RawSocket.connect(gateway.wsUrl, { authorization: `Bearer ${admin}` });
    expect(good.isOpen).toBe(true);
    good.close();
  });

  it('rotates keys from API_KEYS_FILE without a restart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kol-keys-'));
    const file = path.join(dir, 'keys');
    writeFileSync(file, 'first-key:viewer\n');
    gateway = await startTestGateway({
      kols: 3,
      env: { API_KEYS_FILE: file, ANONYMOUS_ROLE: 'none', AUTH_FAILURES_PER_MINUTE: '1000' },
    });
    expect((await post(gateway.url, { query: QUERY }, { 'x-api-key': 'first-key' })).status).toBe(
      200,
    );
    writeFileSync(file, `# rotated\nsha256:${sha('second-key')}:viewer\n`);
    let status = 0;
    for (let i = 0; i < 60 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await post(gateway.url, { query: QUERY }, { 'x-api-key': 'second-key' })).status;
    }
    expect(status).toBe(200);
    expect((await post(gateway.url, { query: QUERY }, { 'x-api-key': 'first-key' })).status).toBe(
      401,
    );
  });
});

describe('audit log', () => {
  it('writes one structured line per admin action and per failed authentication', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n'))
          if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DEMO_DATA: 'true',
      DEMO_KOLS: '3',
      DEMO_EVENTS: 'false',
      API_KEYS: 'admin-key:admin',
      ANONYMOUS_ROLE: 'none',
    });
    gateway = await createGateway(config, {
      data: createEmbeddedDataSources(),
      inference: await sharedInference(),
      logger: pino({ level: 'info' }, sink),
      demoEvents: false,
    });
    await post(gateway.url, { query: QUERY }, { 'x-api-key': 'not-a-key' });
    await post(
      gateway.url,
      { query: 'mutation Canary { setCanaryShare(name: "trust", share: 0) { version } }' },
      { 'x-api-key': 'admin-key' },
    );
    const audit = lines.filter((l) => l.audit === true);
    expect(audit.map((l) => l.event)).toEqual(['authentication_failed', 'admin_action']);
    expect(audit[1]).toMatchObject({
      keyId: 'key-1',
      role: 'admin',
      fields: ['setCanaryShare'],
      operation: 'Canary',
    });
    expect(JSON.stringify(audit)).not.toContain('admin-key');
  });
});

describe('trusted documents, CORS and /metrics', () => {
  it('runs only safelisted documents, by hash or by text, on both transports', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kol-trusted-'));
    const file = path.join(dir, 'trusted.json');
    writeFileSync(file, JSON.stringify({ [sha(QUERY)]: QUERY }));
    gateway = await startTestGateway({ kols: 3, env: { TRUSTED_DOCUMENTS_FILE: file } });
    const byHash = await post(gateway.url, {
      extensions: { persistedQuery: { version: 1, sha256Hash: sha(QUERY) } },
    });
    expect(byHash.body.data).toEqual({ kol: { id: demoKolId(0) } });
    expect((await post(gateway.url, { query: QUERY })).body.data).toEqual({
      kol: { id: demoKolId(0) },
    });
    const other = await post(gateway.url, { query: '{ models { name } }' });
    expect(other.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const unknown = await post(gateway.url, {
      extensions: { persistedQuery: { version: 1, sha256Hash: sha('x') } },
    });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const socket = await RawSocket.connect(gateway.wsUrl);
    socket.subscribe('s', 'subscription { alerts { id } }');
    expect((await socket.errorsFor('s'))[0]?.extensions?.code).toBe('FORBIDDEN');
    socket.close();
  });

  it('sends CORS headers only for configured origins', async () => {
    gateway = await startTestGateway({ kols: 3, env: { CORS_ORIGINS: 'https://app.example' } });
    const preflight = await fetch(gateway.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const other = await fetch(gateway.url, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves /metrics on its own port and behind a token when configured', async () => {
    gateway = await startTestGateway({
      kols: 3,
      env: { METRICS_PORT: '0', METRICS_TOKEN: 'scrape-token' },
    });
    const onApiPort = await fetch(gateway.url.replace('/graphql', '/metrics'));
    expect(onApiPort.status).toBe(404);
    const metricsUrl = gateway.metricsUrl ?? '';
    expect(metricsUrl).not.toBe('');
    expect((await fetch(metricsUrl)).status).toBe(401);
    const scraped = await fetch(metricsUrl, { headers: { authorization: 'Bearer scrape-token' } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toMatch(/kol_graphql_requests_total|kol_process/);
  });
});
