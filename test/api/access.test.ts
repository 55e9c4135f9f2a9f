import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoKolId } from '../../demo/dataset';
import { postQuery, startTestGateway, type TestGateway } from '../support/gateway';

describe('API keys, depth limit and rate limit', () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway({
      kols: 3,
      env: {
        API_KEYS: 'viewer-key:viewer,admin-key:admin',
        ANONYMOUS_ROLE: 'none',
        RATE_LIMIT_PER_MINUTE: '5',
        MAX_QUERY_DEPTH: '4',
      },
    });
  });

  afterAll(async () => {
    await gateway.stop();
  });

  const query = `{ kol(id: "${demoKolId(0)}") { id } }`;

  it('refuses a request without a key when anonymous access is off', async () => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an unknown key and accepts a known one (header or bearer token)', async () => {
    const unknown = await postQuery(gateway.url, query, undefined, { 'x-api-key': 'nope' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const viaHeader = await postQuery(gateway.url, query, undefined, { 'x-api-key': 'viewer-key' });
    expect(viaHeader.data).toEqual({ kol: { id: demoKolId(0) } });
    const viaBearer = await postQuery(gateway.url, query, undefined, {
      authorization: 'Bearer admin-key',
    });
    expect(viaBearer.data).toEqual({ kol: { id: demoKolId(0) } });
  });

  it('rejects queries deeper than MAX_QUERY_DEPTH, following fragments', async () => {
    const deep = `query { ranking { edges { node { kol { ...K } } } } } fragment K on Kol { id }`;
    const res = await postQuery(gateway.url, deep, undefined, { 'x-api-key': 'admin-key' });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/depth 5 exceeds the limit of 4/);
  });

  it('answers RATE_LIMITED with HTTP 429 once a key spends its budget, without affecting other keys', async () => {
    const codes: (string | undefined)[] = [];
    let lastStatus = 0;
    for (let i = 0; i < 8; i++) {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'viewer-key' },
        body: JSON.stringify({ query }),
      });
      lastStatus = response.status;
      const body = (await response.json()) as { errors?: { extensions: { code: string } }[] };
      codes.push(body.errors?.[0]?.extensions.code);
    }
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThan(0);
    expect(lastStatus).toBe(429);
    const other = await postQuery(gateway.url, query, undefined, { 'x-api-key': 'admin-key' });
    expect(other.errors?.[0]?.extensions?.code).not.toBe('RATE_LIMITED');
  });
});
