import { getOperationAST, parse } from 'graphql';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { buildGatewaySchema } from '../../resolvers/build-schema';
import { OperationPolicy, type Admission } from '../../server/operation-policy';
import { operationCost } from '../../server/cost';
import { policySettings } from '../../server/policy-settings';

/**
 * The policy remembers an operation's estimated cost (per parsed operation, and by the values of
 * the variables that size it); what it charges must always be what a fresh estimate gives.
 */
let policy: OperationPolicy;
const admission: Admission = {
  caller: { keyId: 'viewer', role: 'viewer' },
  budgetKey: 'viewer',
  ip: '127.0.0.1',
  transport: 'http',
};

beforeAll(async () => {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    COST_BUDGETS: 'viewer:5000',
  });
  policy = new OperationPolicy(
    await buildGatewaySchema(),
    policySettings(config),
    pino({ level: 'silent' }),
  );
});

afterAll(async () => {
  await policy.close();
});

const RANKING = parse(`query R($first: Int!, $category: String) {
  ranking(input: { first: $first, category: $category }) { edges { node { kol { id trust { trustScore } } } } }
}`);
const KOLS = parse('query K($ids: [ID!]!) { kols(ids: $ids) { id success { successScore } } }');

function check(document: typeof RANKING, variables: Record<string, unknown>) {
  const operation = getOperationAST(document)!;
  return policy.checkOperation(admission, document, operation, variables);
}

describe('remembered operation costs', () => {
  it('charges what a fresh estimate gives for each distinct set of variable values', async () => {
    const schema = policy.schema;
    const operation = getOperationAST(RANKING)!;
    for (const variables of [
      { first: 10 },
      { first: 50, category: 'beauty' },
      { first: 10 },
      { first: 20, category: null },
      { first: 50, category: 'beauty' },
    ]) {
      expect(await check(RANKING, variables)).toBe(
        operationCost(schema, RANKING, operation, variables),
      );
    }
  });

  it('refuses the same document over the budget after accepting it under the budget', async () => {
    await expect(check(RANKING, { first: 10 })).resolves.toBeLessThan(5000);
    await expect(check(RANKING, { first: 1000 })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
    await expect(check(RANKING, { first: 10 })).resolves.toBeLessThan(5000);
  });

  it('estimates long lists each time (not remembered) and still by their length', async () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `kol-${i}`);
    const small = await check(KOLS, { ids: ids(40) });
    const large = await check(KOLS, { ids: ids(200) });
    expect(large).toBeGreaterThan(small);
    expect(await check(KOLS, { ids: ids(40) })).toBe(small);
  });
});
