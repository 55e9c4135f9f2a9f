import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mimeEssence } from '../../server/csrf';
import { startTestGateway, type TestGateway } from '../support/gateway';

/**
 * CSRF prevention on the GraphQL route (Apollo Server's rule, applied before Apollo): requests a
 * browser could send cross-site without a preflight are refused unless they carry a preflight-only
 * header; everything else reaches Apollo.
 */
let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway({ kols: 3, env: { NODE_ENV: 'production' } });
});

afterAll(async () => {
  await gateway.stop();
});

const QUERY = JSON.stringify({ query: '{ __typename }' });

async function answer(init: RequestInit, url = gateway.url) {
  const response = await fetch(url, init);
  const body = (await response.json()) as {
    data?: unknown;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  return {
    status: response.status,
    csrf: body.errors?.some((e) => /Cross-Site Request Forgery/.test(e.message)) ?? false,
    code: body.errors?.[0]?.extensions?.code,
    data: body.data,
  };
}

describe('CSRF prevention', () => {
  it.each([
    'text/plain',
    ' Text/Plain ; charset=utf-8',
    'multipart/form-data; boundary=x',
    'application/x-www-form-urlencoded',
  ])('refuses a POST with the simple type %j and no preflight header', async (type) => {
    const refused = await answer({
      method: 'POST',
      headers: { 'content-type': type },
      body: QUERY,
    });
    expect(refused).toMatchObject({ status: 400, csrf: true, code: 'BAD_USER_INPUT' });
  });

  it('refuses a GET without a preflight header, and one whose header is empty', async () => {
    const url = `${gateway.url}?query=${encodeURIComponent('{ __typename }')}`;
    expect(await answer({}, url)).toMatchObject({ status: 400, csrf: true });
    const empty = await answer({ headers: { 'x-apollo-operation-name': '' } }, url);
    expect(empty).toMatchObject({ status: 400, csrf: true });
  });

  it('lets through preflighted types, unparsable types and requests with a preflight header', async () => {
    const json = await answer({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: QUERY,
    });
    expect(json).toMatchObject({ status: 200, data: { __typename: 'Query' } });
    const url = `${gateway.url}?query=${encodeURIComponent('{ __typename }')}`;
    for (const header of ['apollo-require-preflight', 'x-apollo-operation-name']) {
      const preflighted = await answer({ headers: { [header]: 'true' } }, url);
      expect(preflighted).toMatchObject({ status: 200, data: { __typename: 'Query' } });
    }
    // Not a MIME type a browser sends: not refused as CSRF (Apollo then finds no JSON body).
    const odd = await answer({
      method: 'POST',
      headers: { 'content-type': 'text/plain garbage' },
      body: QUERY,
    });
    expect(odd.csrf).toBe(false);
    expect(odd.status).toBe(400);
  });
});

describe('mimeEssence', () => {
  it.each([
    ['application/json', 'application/json'],
    [' Text/Plain ; charset=x', 'text/plain'],
    ['\ttext/plain\t', 'text/plain'],
    ['text/plain  ;a=b', 'text/plain'],
    ['MULTIPART/Form-Data;boundary=x', 'multipart/form-data'],
    ['text/plain garbage', undefined],
    ['text /plain', undefined],
    ['text/', undefined],
    ['/plain', undefined],
    ['text', undefined],
    ['', undefined],
  ])('reads %j as %j', (type, essence) => {
    expect(mimeEssence(type)).toBe(essence);
  });
});
