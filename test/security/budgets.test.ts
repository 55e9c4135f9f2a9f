import { afterEach, describe, expect, it } from 'vitest';
import { demoKolId } from '../../demo/dataset';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { RawSocket } from './raw-ws';

/** Rate limits, failed-authentication throttling, WebSocket caps, deadline and response cap. */
let gateway: TestGateway | undefined;

afterEach(async () => {
  await gateway?.stop();
  gateway = undefined;
});

async function start(env: Record<string, string>): Promise<TestGateway> {
  gateway = await startTestGateway({
    kols: 20,
    env: { API_KEYS: 'viewer-key:viewer,admin-key:admin', ANONYMOUS_ROLE: 'none', ...env },
  });
  return gateway;
}

async function post(
  url: string,
  query: string,
  headers: Record<string, string>,
  variables?: Record<string, unknown>,
) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as {
    errors?: { message: string; extensions?: { code?: string; retryAfterSeconds?: number } }[];
  };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
}

const QUERY = `{ kol(id: "${demoKolId(0)}") { id } }`;

describe('request budgets', () => {
  it('answers 429 RATE_LIMITED with Retry-After on both transports once a key spends its budget', async () => {
    const g = await start({ RATE_LIMIT_PER_MINUTE: '4' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await post(g.url, QUERY, { 'x-api-key': 'viewer-key' })).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
    const limited = await post(g.url, QUERY, { 'x-api-key': 'viewer-key' });
    expect(limited.status).toBe(429);
    expect(limited.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    // The same key over WebSocket: refused at connection_init with 4429.
    const socket = await RawSocket.open(g.wsUrl);
    socket.send({ type: 'connection_init', payload: { apiKey: 'viewer-key' } });
    expect((await socket.closed).code).toBe(4429);
    // Another key still has its budget, and a subscribe over its socket spends it too.
    const admin = await RawSocket.connect(g.wsUrl, { apiKey: 'admin-key' });
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      admin.subscribe(`q${i}`, QUERY);
      const errors = await admin.errorsFor(`q${i}`);
      codes.push(errors[0]?.extensions?.code);
    }
    expect(codes.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(codes[3]).toBe('RATE_LIMITED');
    admin.close();
  });

  it('counts the request before parsing: a limited key gets RATE_LIMITED even for a syntax error', async () => {
    const g = await start({ RATE_LIMIT_PER_MINUTE: '1' });
    await post(g.url, QUERY, { 'x-api-key': 'viewer-key' });
    const broken = await post(g.url, '{ kol(', { 'x-api-key': 'viewer-key' });
    expect(broken.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('weights by cost: expensive operations spend the per-minute cost budget', async () => {
    const g = await start({ RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_COST_PER_MINUTE: '3000' });
    const ids = Array.from({ length: 1000 }, (_, i) => demoKolId(i % 20));
    const heavy = 'query($ids: [ID!]!) { kols(ids: $ids) { id } }';
    const first = await post(g.url, heavy, { 'x-api-key': 'viewer-key' }, { ids });
    expect(first.body.errors).toBeUndefined();
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      codes.push(
        (await post(g.url, heavy, { 'x-api-key': 'viewer-key' }, { ids })).body.errors?.[0]
          ?.extensions?.code,
      );
    }
    expect(codes).toContain('RATE_LIMITED');
    // Cheap requests of another key are not affected.
    expect((await post(g.url, QUERY, { 'x-api-key': 'admin-key' })).status).toBe(200);
  });

  it('throttles an address after repeated failed authentications, then refuses even a valid key', async () => {
    const g = await start({ AUTH_FAILURES_PER_MINUTE: '3' });
    for (let i = 0; i < 3; i++) {
      const wrong = await post(g.url, QUERY, { 'x-api-key': `guess-${i}` });
      expect(wrong.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const blocked = await post(g.url, QUERY, { 'x-api-key': 'admin-key' });
    expect(blocked.status).toBe(429);
    expect(blocked.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    const socket = await RawSocket.open(g.wsUrl);
    socket.send({ type: 'connection_init', payload: { apiKey: 'admin-key' } });
    expect((await socket.closed).code).toBe(4429);
  });
});

describe('WebSocket caps', () => {
  it('caps operations per socket and sockets per key', async () => {
    const g = await start({ WS_MAX_SUBSCRIPTIONS_PER_SOCKET: '2', WS_MAX_SOCKETS_PER_KEY: '2' });
    const socket = await RawSocket.connect(g.wsUrl, { apiKey: 'viewer-key' });
    socket.subscribe('a', 'subscription { alerts { id } }');
    socket.subscribe('b', 'subscription { alerts { id } }');
    socket.subscribe('c', 'subscription { alerts { id } }');
    const errors = await socket.errorsFor('c');
    expect(errors[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(socket.isOpen).toBe(true);
    const second = await RawSocket.connect(g.wsUrl, { apiKey: 'viewer-key' });
    const third = await RawSocket.open(g.wsUrl);
    third.send({ type: 'connection_init', payload: { apiKey: 'viewer-key' } });
    expect((await third.closed).code).toBe(4429);
    socket.close();
    second.close();
  });

  it('caps subscriptions per key across sockets', async () => {
    const g = await start({ WS_MAX_SUBSCRIPTIONS_PER_KEY: '1' });
    const one = await RawSocket.connect(g.wsUrl, { apiKey: 'viewer-key' });
    one.subscribe('a', 'subscription { alerts { id } }');
    for (let i = 0; i < 200 && g.webSocket.subscriptionCount() < 1; i++)
      await new Promise((r) => setTimeout(r, 10));
    const two = await RawSocket.connect(g.wsUrl, { apiKey: 'viewer-key' });
    two.subscribe('b', 'subscription { alerts { id } }');
    expect((await two.errorsFor('b'))[0]?.extensions?.code).toBe('RATE_LIMITED');
    one.close();
    two.close();
  });

  it('closes an idle socket (no subscription) with 4000', async () => {
    const g = await start({ WS_IDLE_TIMEOUT_MS: '1000' });
    const socket = await RawSocket.connect(g.wsUrl, { apiKey: 'viewer-key' });
    expect((await socket.closed).code).toBe(4000);
  });
});

describe('execution bounds', () => {
  it('cuts an operation off at the execution deadline with UNAVAILABLE', async () => {
    const g = await start({ EXECUTION_TIMEOUT_MS: '1' });
    const ids = Array.from({ length: 2000 }, (_, i) => demoKolId(i % 20));
    const res = await post(
      g.url,
      'query($ids: [ID!]!) { kols(ids: $ids) { id trust { trustScore } metrics(window: H1, last: 24) { views } } }',
      { 'x-api-key': 'admin-key' },
      { ids },
    );
    expect(res.body.errors?.map((e) => e.extensions?.code)).toContain('UNAVAILABLE');
  });

  it('replaces a response over MAX_RESPONSE_BYTES with one BAD_USER_INPUT error', async () => {
    const g = await start({ MAX_RESPONSE_BYTES: '2048' });
    const ids = Array.from({ length: 200 }, (_, i) => demoKolId(i % 20));
    const res = await post(
      g.url,
      'query($ids: [ID!]!) { kols(ids: $ids) { id handle displayName } }',
      { 'x-api-key': 'admin-key' },
      { ids },
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.message).toMatch(/over the limit of 2048/);
  });

  it('applies the cost budget of the caller role', async () => {
    const g = await start({ COST_BUDGETS: 'viewer:500,analyst:250000,admin:250000' });
    const ids = Array.from({ length: 300 }, (_, i) => demoKolId(i % 20));
    const doc = 'query($ids: [ID!]!) { kols(ids: $ids) { id handle } }';
    const viewer = await post(g.url, doc, { 'x-api-key': 'viewer-key' }, { ids });
    expect(viewer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(viewer.body.errors?.[0]?.message).toMatch(/budget of 500 for the viewer role/);
    const admin = await post(g.url, doc, { 'x-api-key': 'admin-key' }, { ids });
    expect(admin.body.errors).toBeUndefined();
  });
});

describe('whole-segment rankings', () => {
  const heavy = (input: string) =>
    `{ ranking(input: {${input}}) { totalCount edges { node { rank fusion { score } } } } }`;

  it('refuses custom weights or a DOWNWEIGHT gate over a segment above the budget, on both transports', async () => {
    // 2,100 KOLs rank at 8,400 cost units in the gateway: over the viewer's 8,300, under the admin's.
    gateway = await startTestGateway({
      kols: 2_100,
      env: {
        API_KEYS: 'viewer-key:viewer,admin-key:admin',
        ANONYMOUS_ROLE: 'none',
        COST_BUDGETS: 'viewer:8300,analyst:500000,admin:500000',
      },
    });
    const g = gateway;
    const viewer = { 'x-api-key': 'viewer-key' };
    for (const input of [
      'first: 5, weights: { success: 0.9 }',
      'last: 5, minTrust: 60, trustGate: DOWNWEIGHT',
    ]) {
      const res = await post(g.url, heavy(input), viewer);
      const error = res.body.errors?.[0];
      expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error?.extensions).toMatchObject({ cost: 8_400, budget: 8_300, segmentSize: 2_100 });
      expect(error?.message).toMatch(/2,100 KOLs here, at most 2,075 allowed/);
      expect(error?.message).toMatch(
        /Narrow the segment with `category`.*or use the default weights/,
      );
    }
    const socket = await RawSocket.connect(g.wsUrl, { apiKey: 'viewer-key' });
    socket.subscribe('heavy', heavy('first: 5, weights: { success: 0.9 }'));
    const wsErrors = await socket.errorsFor('heavy');
    expect(wsErrors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(wsErrors[0]?.message).toMatch(/2,100 KOLs here/);

    // A narrower segment is ranked, best first; so is the whole one with the default weights.
    type Page = {
      data?: {
        ranking: {
          totalCount: number;
          edges: { node: { rank: number; fusion: { score: number } } }[];
        };
      };
      errors?: unknown[];
    };
    const narrow = (
      await post(g.url, heavy('category: "beauty", first: 20, weights: { success: 0.9 }'), viewer)
    ).body as Page;
    expect(narrow.errors).toBeUndefined();
    const scores = narrow.data?.ranking.edges.map((e) => e.node.fusion.score) ?? [];
    expect(scores.length).toBe(20);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    socket.subscribe('narrow', heavy('category: "beauty", first: 5, weights: { success: 0.9 }'));
    expect(await socket.errorsFor('narrow')).toEqual([]);
    socket.close();
    const index = (await post(g.url, heavy('first: 5'), viewer)).body as Page;
    expect(index.data?.ranking.totalCount).toBe(2_100);
    // The admin's budget admits the whole segment.
    const admin = (
      await post(g.url, heavy('first: 5, weights: { success: 0.9 }'), { 'x-api-key': 'admin-key' })
    ).body as Page;
    expect(admin.errors).toBeUndefined();
    expect(admin.data?.ranking.edges.map((e) => e.node.rank)).toEqual([1, 2, 3, 4, 5]);
  });
});
