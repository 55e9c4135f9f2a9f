import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoKolId } from '../../demo/dataset';
import type { Alert } from '../../domain/types';
import { AlertsDocument } from '../generated/graphql';
import { postQuery, startTestGateway, type TestGateway } from '../support/gateway';

let gateway: TestGateway;
const base = Date.parse('2026-11-23T00:00:00Z');
const types = ['FOLLOWER_SPIKE', 'FOLLOWER_GROWTH', 'NEGATIVE_SENTIMENT_TREND'] as const;
const severities = ['INFO', 'WARNING', 'CRITICAL'] as const;

beforeAll(async () => {
  gateway = await startTestGateway({ kols: 5 });
  for (let i = 0; i < 45; i++) {
    const alert: Alert = {
      id: `a-${String(i).padStart(2, '0')}`,
      kolId: demoKolId(i % 3),
      type: types[i % 3] ?? 'FOLLOWER_SPIKE',
      severity: severities[Math.floor(i / 3) % 3] ?? 'INFO',
      value: i,
      threshold: 1,
      window: 'H1',
      message: `measured ${i}`,
      // every third alert shares a timestamp, so ties must be broken by id
      createdAt: new Date(base + Math.floor(i / 3) * 60_000),
    };
    await gateway.services.data.alerts.put(alert);
  }
});

afterAll(async () => {
  await gateway.stop();
});

describe('alerts query', () => {
  it('pages through every alert newest first without gaps or repeats', async () => {
    const ids: string[] = [];
    let after: string | null | undefined;
    for (let i = 0; i < 10; i++) {
      const res = await postQuery(gateway.url, AlertsDocument, { first: 7, after });
      expect(res.errors).toBeUndefined();
      ids.push(...res.data!.alerts.edges.map((e) => e.node.id));
      if (!res.data!.alerts.pageInfo.hasNextPage) break;
      after = res.data!.alerts.pageInfo.endCursor;
    }
    expect(ids).toHaveLength(45);
    expect(new Set(ids).size).toBe(45);
    expect(ids[0]).toBe('a-42');
  });

  it('filters by KOL, type, minimum severity and since', async () => {
    const res = await postQuery(gateway.url, AlertsDocument, {
      first: 100,
      filter: {
        kolIds: [demoKolId(0)],
        types: ['FOLLOWER_SPIKE'],
        minSeverity: 'WARNING',
        since: new Date(base + 3 * 60_000).toISOString(),
      },
    });
    const nodes = res.data!.alerts.edges.map((e) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(node.kolId).toBe(demoKolId(0));
      expect(node.type).toBe('FOLLOWER_SPIKE');
      expect(['WARNING', 'CRITICAL']).toContain(node.severity);
      expect(Date.parse(node.createdAt)).toBeGreaterThanOrEqual(base + 3 * 60_000);
    }
  });

  it('rejects a malformed cursor and a malformed date with BAD_USER_INPUT', async () => {
    const cursor = await postQuery(gateway.url, AlertsDocument, { after: 'garbage' });
    expect(cursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const date = await postQuery(gateway.url, AlertsDocument, { filter: { since: 'yesterday' } });
    expect(date.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
