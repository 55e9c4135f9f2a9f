import { createHash } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { demoKolId } from '../../demo/dataset';
import { AlertsDocument, RankingPageDocument, type RankingInput } from '../generated/graphql';
import {
  postQuery,
  startTestGateway,
  wsClient,
  type GraphQLResponse,
  type TestGateway,
} from '../support/gateway';

const SECRET = 's'.repeat(40);

/** One query over graphql-ws: its single result. */
function wsQuery<T, V>(
  client: Client,
  document: TypedDocumentNode<T, V>,
  variables: V,
): Promise<GraphQLResponse<T>> {
  return new Promise((resolve, reject) => {
    let result: GraphQLResponse<T> | undefined;
    client.subscribe<T>(
      { query: print(document), variables: variables as Record<string, unknown> },
      {
        next: (value) => {
          result = value as GraphQLResponse<T>;
        },
        error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
        complete: () => (result ? resolve(result) : reject(new Error('no result'))),
      },
    );
  });
}

const toCursor = (value: unknown) =>
  Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

describe('signed cursors across gateways', () => {
  // `issuer` and `peer` share CURSOR_SECRET (two replicas of one deployment); `foreign` has another
  // one and `unkeyed` none (a key of its process only). All four serve the same stores.
  let issuer: TestGateway;
  let peer: TestGateway;
  let foreign: TestGateway;
  let unkeyed: TestGateway;
  let ws: Client;

  const ranking = async (gateway: TestGateway, input: RankingInput) => {
    const result = await postQuery(gateway.url, RankingPageDocument, { input });
    expect(result.errors).toBeUndefined();
    return result.data!.ranking;
  };
  const ids = (page: Awaited<ReturnType<typeof ranking>>) => page.edges.map((e) => e.node.kol.id);
  const expectRefused = (result: GraphQLResponse<unknown>, message: RegExp) => {
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(message);
  };

  beforeAll(async () => {
    issuer = await startTestGateway({ kols: 30, env: { CURSOR_SECRET: SECRET } });
    const data = issuer.services.data;
    [peer, foreign, unkeyed] = await Promise.all([
      startTestGateway({ data, env: { CURSOR_SECRET: SECRET } }),
      startTestGateway({ data, env: { CURSOR_SECRET: 'o'.repeat(40) } }),
      startTestGateway({ data }),
    ]);
    for (let i = 0; i < 6; i++) {
      await data.alerts.put({
        id: `cursor-alert-${i}`,
        kolId: demoKolId(i % 3),
        type: 'FOLLOWER_SPIKE',
        severity: 'WARNING',
        value: i,
        threshold: 1,
        window: 'H1',
        message: `measured ${i}`,
        createdAt: new Date(Date.parse('2026-11-23T00:00:00Z') + i * 60_000),
      });
    }
    ws = wsClient(issuer.wsUrl);
  });

  afterAll(async () => {
    await ws?.dispose();
    await Promise.allSettled([peer?.stop(), foreign?.stop(), unkeyed?.stop()]);
    await issuer?.stop();
  });

  it('pages forward and backward with the cursors it issued, on HTTP and WebSocket', async () => {
    const order = ids(await ranking(issuer, { first: 30 }));
    const top = await ranking(issuer, { first: 5 });
    const second = await ranking(issuer, { first: 5, after: top.pageInfo.endCursor });
    expect(ids(second)).toEqual(order.slice(5, 10));
    const back = await ranking(issuer, { last: 5, before: second.pageInfo.startCursor });
    expect(ids(back)).toEqual(order.slice(0, 5));
    const overWs = await wsQuery(ws, RankingPageDocument, {
      input: { first: 5, after: top.pageInfo.endCursor },
    });
    expect(overWs.errors).toBeUndefined();
    expect(overWs.data?.ranking.edges.map((e) => e.node.kol.id)).toEqual(order.slice(5, 10));
  });

  it('accepts the cursors of another replica with the same CURSOR_SECRET', async () => {
    const top = await ranking(issuer, { first: 5 });
    const next = await ranking(peer, { first: 5, after: top.pageInfo.endCursor });
    expect(ids(next)).toEqual(ids(await ranking(issuer, { first: 10 })).slice(5));
    const alerts = await postQuery(issuer.url, AlertsDocument, { first: 2 });
    const after = alerts.data!.alerts.pageInfo.endCursor;
    const more = await postQuery(peer.url, AlertsDocument, { first: 2, after });
    expect(more.errors).toBeUndefined();
    expect(more.data!.alerts.edges).toHaveLength(2);
  });

  it('refuses the cursors of another deployment (another or no CURSOR_SECRET) with BAD_USER_INPUT', async () => {
    const top = await ranking(issuer, { first: 5 });
    const alerts = await postQuery(issuer.url, AlertsDocument, { first: 2 });
    for (const other of [foreign, unkeyed]) {
      const input = { first: 5, after: top.pageInfo.endCursor };
      expectRefused(
        await postQuery(other.url, RankingPageDocument, { input }),
        /not a valid ranking cursor/,
      );
      const client = wsClient(other.wsUrl);
      try {
        expectRefused(
          await wsQuery(client, RankingPageDocument, { input }),
          /not a valid ranking cursor/,
        );
      } finally {
        await client.dispose();
      }
      const after = alerts.data!.alerts.pageInfo.endCursor;
      expectRefused(
        await postQuery(other.url, AlertsDocument, { first: 2, after }),
        /not a valid alert cursor/,
      );
    }
  });

  it('refuses cursors forged from the public code, and over-long ones, on HTTP and WebSocket', async () => {
    const top = await ranking(issuer, { first: 2 });
    const [, , , scope] = JSON.parse(
      Buffer.from(top.pageInfo.endCursor!, 'base64url').toString('utf8'),
    ) as [string, number, string, string, string];
    // The unkeyed checksum the gateway used to accept: anyone could compute it.
    const forge = (kolId: string) => {
      const body = ['rk1', 1e9, kolId, scope];
      const check = createHash('sha256')
        .update(JSON.stringify(body))
        .digest('base64url')
        .slice(0, 10);
      return toCursor([...body, check]);
    };
    const forged = forge(demoKolId(0));
    const overLong = forge('k'.repeat(5_000));
    for (const after of [forged, overLong]) {
      const input = { first: 2, after };
      expectRefused(
        await postQuery(issuer.url, RankingPageDocument, { input }),
        /not a valid ranking cursor/,
      );
      expectRefused(
        await wsQuery(ws, RankingPageDocument, { input }),
        /not a valid ranking cursor/,
      );
    }
    const unsignedAlert = toCursor({ k: 'alert', v: [Date.now(), 'cursor-alert-3'] });
    expectRefused(
      await postQuery(issuer.url, AlertsDocument, { first: 2, after: unsignedAlert }),
      /not a valid alert cursor/,
    );
  });

  it('refuses a CURSOR_SECRET shorter than 32 characters at start', () => {
    expect(() => loadConfig({ CURSOR_SECRET: 'short' })).toThrow(
      /CURSOR_SECRET: must be at least 32/,
    );
  });
});
