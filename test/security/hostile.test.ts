import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoKolId } from '../../demo/dataset';
import type { Alert } from '../../domain/types';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { RawSocket } from './raw-ws';

/**
 * Hostile input, each class on both transports, against a production-mode gateway with API keys.
 * Every case must be refused with its code; the cost cases run while a bystander subscriber keeps
 * receiving alerts on another connection.
 */
let gateway: TestGateway;
const ADMIN = { 'x-api-key': 'admin-key' };

beforeAll(async () => {
  gateway = await startTestGateway({
    kols: 20,
    env: {
      NODE_ENV: 'production',
      API_KEYS: 'viewer-key:viewer,analyst-key:analyst,admin-key:admin',
      ANONYMOUS_ROLE: 'none',
      RATE_LIMIT_PER_MINUTE: '100000',
      AUTH_FAILURES_PER_MINUTE: '1000',
    },
  });
});

afterAll(async () => {
  await gateway.stop();
});

interface HttpAnswer {
  status: number;
  headers: Headers;
  codes: (string | undefined)[];
  messages: string[];
  raw: string;
}

async function post(body: unknown, headers: Record<string, string> = ADMIN): Promise<HttpAnswer> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const raw = await response.text();
  const parsed = JSON.parse(raw) as {
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  return {
    status: response.status,
    headers: response.headers,
    codes: (parsed.errors ?? []).map((e) => e.extensions?.code),
    messages: (parsed.errors ?? []).map((e) => e.message),
    raw,
  };
}

/** Sends one operation over a fresh authenticated socket; returns the codes of its errors. */
async function overWs(
  query: string,
  variables?: Record<string, unknown>,
): Promise<(string | undefined)[]> {
  const socket = await RawSocket.connect(gateway.wsUrl, { apiKey: 'admin-key' });
  socket.subscribe('op', query, variables);
  const errors = await socket.errorsFor('op');
  socket.close();
  return errors.map((e) => e.extensions?.code);
}

const manyIds = Array.from({ length: 10_000 }, (_, i) => demoKolId(i % 20));
const fragmentBomb = (() => {
  const parts = ['query { kol(id: "kol-0001") { ...F0 } }'];
  for (let i = 0; i < 24; i++) parts.push(`fragment F${i} on Kol { id ...F${i + 1} ...F${i + 1} }`);
  parts.push('fragment F24 on Kol { id }');
  return parts.join('\n');
})();

/** Each hostile class: the document (and variables) and the code it must get on both transports. */
const CASES: { name: string; query: string; variables?: Record<string, unknown>; code: string }[] =
  [
    {
      name: 'cost: 10,000 ids × metrics(last: 1000)',
      query:
        'query($ids: [ID!]!) { kols(ids: $ids) { id metrics(window: H1, last: 1000) { views likes } } }',
      variables: { ids: manyIds },
      code: 'BAD_USER_INPUT',
    },
    {
      name: 'aliases: 2,000 × ranking(first: 100)',
      query: `{ ${Array.from({ length: 2000 }, (_, i) => `a${i}: ranking(input: { first: 100 }) { totalCount }`).join(' ')} }`,
      code: 'BAD_USER_INPUT',
    },
    {
      name: 'cost within the alias limit: 30 × ranking(first: 100) × metrics(last: 1000)',
      query: `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: ranking(input: { first: 100 }) { edges { node { kol { metrics(window: H1, last: 1000) { views } } } } }`).join(' ')} }`,
      code: 'BAD_USER_INPUT',
    },
    {
      name: 'fragment bomb: 24 fragments each spread twice',
      query: fragmentBomb,
      code: 'BAD_USER_INPUT',
    },
    {
      name: 'depth: nested introspection',
      query:
        '{ __schema { types { fields { type { fields { type { fields { type { fields { type { fields { name } } } } } } } } } } } }',
      code: 'BAD_USER_INPUT',
    },
    {
      name: 'introspection in production',
      query: '{ __schema { queryType { name } } }',
      code: 'BAD_USER_INPUT',
    },
    {
      name: 'tokens: 30,000 fields',
      query: `{ ${'__typename '.repeat(30_000)}}`,
      code: 'BAD_USER_INPUT',
    },
    {
      name: 'directives: 50 on one field',
      query: `{ __typename ${'@include(if: true) '.repeat(50)}}`,
      code: 'BAD_USER_INPUT',
    },
    { name: 'syntax error', query: '{ kol(id: "x") { id ', code: 'BAD_USER_INPUT' },
    { name: 'unknown field', query: '{ kol(id: "x") { handel } }', code: 'BAD_USER_INPUT' },
    {
      name: '1 MB id',
      query: 'query($id: ID!) { kol(id: $id) { id } }',
      variables: { id: 'x'.repeat(1_000_000) },
      code: 'BAD_USER_INPUT',
    },
    {
      name: '1 MB id literal',
      query: `{ kol(id: "${'y'.repeat(1_000_000)}") { id } }`,
      code: 'BAD_USER_INPUT',
    },
    {
      name: 'viewer calling an admin mutation',
      query: 'mutation { setCanaryShare(name: "trust", share: 0.5) { version } }',
      code: 'FORBIDDEN',
    },
  ];

describe('hostile documents are refused with their code on HTTP and WebSocket', () => {
  for (const hostile of CASES) {
    it(hostile.name, async () => {
      const headers = hostile.code === 'FORBIDDEN' ? { 'x-api-key': 'viewer-key' } : ADMIN;
      const http = await post({ query: hostile.query, variables: hostile.variables }, headers);
      expect(http.codes[0]).toBe(hostile.code);
      expect(http.raw.length).toBeLessThan(64 * 1024);
      if (hostile.code === 'FORBIDDEN') return; // the WebSocket helper is an admin; covered by access tests
      expect(await overWs(hostile.query, hostile.variables)).toContain(hostile.code);
    });
  }

  it('hides field suggestions in production', async () => {
    const http = await post({ query: '{ kol(id: "x") { handel } }' });
    expect(http.messages.join(' ')).not.toMatch(/Did you mean/);
    const socket = await RawSocket.connect(gateway.wsUrl, { apiKey: 'admin-key' });
    socket.subscribe('s', '{ kol(id: "x") { handel } }');
    const errors = await socket.errorsFor('s');
    expect(errors.map((e) => e.message).join(' ')).not.toMatch(/Did you mean/);
    socket.close();
  });
});

describe('WebSocket policy', () => {
  it('closes 4403 at connection_init for a missing or wrong key, before any document is read', async () => {
    for (const params of [{}, { apiKey: 'wrong-key' }]) {
      const socket = await RawSocket.open(gateway.wsUrl);
      socket.send({ type: 'connection_init', payload: params });
      socket.subscribe('early', '{ __typename }');
      const { code } = await socket.closed;
      expect(code).toBe(4403);
      expect(socket.messages.some((m) => m.type === 'connection_ack' || m.type === 'next')).toBe(
        false,
      );
    }
  });

  it('answers a syntax error on one subscription with coded errors and keeps the socket and the others', async () => {
    const socket = await RawSocket.connect(gateway.wsUrl, { apiKey: 'admin-key' });
    socket.subscribe('live', 'subscription { alerts { id } }');
    socket.subscribe('bad', 'subscription { alerts { id ');
    const errors = await socket.errorsFor('bad');
    expect(errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(socket.isOpen).toBe(true);
    await waitForSubscriptions(1);
    gateway.services.feed.publishAlert(alert('still-live'));
    const next = await socket.until((m) => m.id === 'live' && m.type === 'next');
    expect(next?.payload).toMatchObject({ data: { alerts: { id: 'still-live' } } });
    socket.close();
  });

  it('refuses a message over the body limit by closing the socket (1009)', async () => {
    const socket = await RawSocket.connect(gateway.wsUrl, { apiKey: 'admin-key' });
    socket.send({
      type: 'subscribe',
      id: 'huge',
      payload: { query: `{ __typename } #${'z'.repeat(9 * 1024 * 1024)}` },
    });
    const { code } = await socket.closed;
    expect(code).toBe(1009);
  });
});

describe('HTTP hygiene', () => {
  it('answers invalid JSON, an oversized body and an unknown route with coded GraphQL JSON errors', async () => {
    const invalid = await post('{"query": ', ADMIN);
    expect(invalid.status).toBe(400);
    expect(invalid.codes).toEqual(['BAD_USER_INPUT']);
    const huge = await post({ query: `{ __typename } #${'z'.repeat(9 * 1024 * 1024)}` });
    expect(huge.status).toBe(413);
    expect(huge.codes).toEqual(['BAD_USER_INPUT']);
    const response = await fetch(gateway.url.replace('/graphql', '/nowhere'));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('answers requests Apollo refuses (no query, wrong method, batch) with coded GraphQL JSON errors', async () => {
    for (const init of [
      { method: 'GET', headers: { 'apollo-require-preflight': 'true', ...ADMIN } },
      { method: 'PUT', headers: { 'content-type': 'application/json', ...ADMIN }, body: '{}' },
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...ADMIN },
        body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
      },
    ]) {
      const response = await fetch(gateway.url, init);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.headers.get('content-type')).toMatch(/json/);
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]?.extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('sends security headers, no X-Powered-By, and no CORS headers unless configured', async () => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example', ...ADMIN },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('does not let callers register documents through APQ in production', async () => {
    const query = '{ __typename }';
    const { createHash } = await import('node:crypto');
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const register = await post({
      query,
      extensions: { persistedQuery: { version: 1, sha256Hash } },
    });
    expect(register.codes).toEqual(['BAD_USER_INPUT']);
    const byHash = await post({ extensions: { persistedQuery: { version: 1, sha256Hash } } });
    expect(byHash.codes).toEqual(['BAD_USER_INPUT']);
  });
});

function alert(id: string): Alert {
  return {
    id,
    kolId: demoKolId(1),
    type: 'FOLLOWER_SPIKE',
    severity: 'WARNING',
    value: 5,
    threshold: 4,
    window: 'H1',
    message: 'Followers rose above the baseline',
    createdAt: new Date(),
  };
}

async function waitForSubscriptions(atLeast: number): Promise<void> {
  for (let i = 0; i < 500 && gateway.webSocket.subscriptionCount() < atLeast; i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  expect(gateway.webSocket.subscriptionCount()).toBeGreaterThanOrEqual(atLeast);
}

describe('a bystander subscriber keeps receiving while heavy requests are refused', () => {
  it('receives every alert published during a burst of the cost cases on both transports', async () => {
    const bystander = await RawSocket.connect(gateway.wsUrl, { apiKey: 'viewer-key' });
    bystander.subscribe('feed', 'subscription { alerts { id } }');
    await waitForSubscriptions(1);
    const published: string[] = [];
    const receivedDuringBurst: string[] = [];
    let burst = true;
    const publisher = setInterval(() => {
      const id = `bystander-${published.length}`;
      published.push(id);
      gateway.services.feed.publishAlert(alert(id));
    }, 10);
    const watch = setInterval(() => {
      if (!burst) return;
      for (const m of bystander.messages) {
        const id = (m.payload as { data?: { alerts?: { id: string } } } | undefined)?.data?.alerts
          ?.id;
        if (id && !receivedDuringBurst.includes(id)) receivedDuringBurst.push(id);
      }
    }, 5);
    const heavy = CASES.filter(
      (c) =>
        c.name.startsWith('cost') || c.name.startsWith('aliases') || c.name.startsWith('fragment'),
    );
    const answers = await Promise.all(
      [1, 2, 3].flatMap(() =>
        heavy.flatMap((c) => [
          post({ query: c.query, variables: c.variables }).then((a) => a.codes[0]),
          overWs(c.query, c.variables).then((codes) => codes[0]),
        ]),
      ),
    );
    burst = false;
    clearInterval(publisher);
    clearInterval(watch);
    expect(new Set(answers)).toEqual(new Set(['BAD_USER_INPUT']));
    const last = published.at(-1);
    await bystander.until(
      (m) =>
        (m.payload as { data?: { alerts?: { id: string } } } | undefined)?.data?.alerts?.id ===
        last,
    );
    const delivered = bystander.messages.flatMap((m) => {
      const id = (m.payload as { data?: { alerts?: { id: string } } } | undefined)?.data?.alerts
        ?.id;
      return id ? [id] : [];
    });
    expect(delivered).toEqual(published);
    expect(receivedDuringBurst.length).toBeGreaterThan(0);
    bystander.close();
  });
});
