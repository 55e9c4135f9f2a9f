/** upsertKols `rows`: the table shape (field names once, one list of values per profile). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import type { DataSources } from '../../datasources/types';
import { MAX_UPSERT_ROWS } from '../../services/kol-import';
import { postQuery, startTestGateway, type TestGateway } from '../support/gateway';

const ADMIN = { 'x-api-key': 'admin-key' };

const UPSERT = `mutation ($input: [KolInput!], $rows: KolRowsInput) {
  upsertKols(input: $input, rows: $rows) {
    applied appliedIds rejected errors { index id field message }
  }
}`;

interface Payload {
  upsertKols: {
    applied: number;
    appliedIds: string[];
    rejected: number;
    errors: { index: number; id: string | null; field: string | null; message: string }[];
  };
}

const FIELDS = [
  'id',
  'platform',
  'handle',
  'displayName',
  'category',
  'followers',
  'following',
  'posts',
  'verified',
];

function values(id: string, followers: unknown = 12_000): unknown[] {
  return [id, 'TikTok', `@${id}`, `KOL ${id}`, 'Beauty', followers, 300, 450, false];
}

describe('upsertKols with rows as a table', () => {
  let gateway: TestGateway;
  let data: DataSources;

  beforeAll(async () => {
    data = createEmbeddedDataSources();
    gateway = await startTestGateway({
      data,
      env: { API_KEYS: 'admin-key:admin', ANONYMOUS_ROLE: 'none' },
    });
  });
  afterAll(async () => {
    await gateway.stop();
  });

  it('stores the same profiles as row objects; a bad value or row length is that row’s error', async () => {
    const res = await postQuery<Payload, unknown>(
      gateway.url,
      UPSERT,
      {
        rows: {
          fields: [...FIELDS, 'country'],
          values: [
            [...values('table-1'), 'vn'],
            [...values('table-2', '12k'), null],
            ['table-3', 'TikTok'],
            'not a row',
            [...values('table-4'), null],
          ],
        },
      },
      ADMIN,
    );
    expect(res.errors).toBeUndefined();
    const out = res.data!.upsertKols;
    expect(out.appliedIds).toEqual(['table-1', 'table-4']);
    expect(out.rejected).toBe(3);
    expect(out.errors.find((e) => e.index === 1)).toMatchObject({
      id: 'table-2',
      field: 'followers',
    });
    const malformed = out.errors.filter((e) => e.index === 2 || e.index === 3);
    expect(malformed.map((e) => [e.index, e.field])).toEqual([
      [2, null],
      [3, null],
    ]);
    for (const e of malformed) expect(e.message).toMatch(/list of 10 values/);
    const [stored] = await data.profiles.getMany(['table-1']);
    expect(stored).toMatchObject({
      id: 'table-1',
      handle: 'table-1',
      followers: 12_000,
      country: 'VN',
    });
    // null means not given: the optional field stays unreported.
    const [other] = await data.profiles.getMany(['table-4']);
    expect(other?.country).toBeUndefined();
  });

  it('refuses unknown or repeated field names, values that are not a list, and both or neither input', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { rows: { fields: ['id', 'followerz'], values: [] } },
        /"followerz" is not a KolInput field/,
      ],
      [{ rows: { fields: ['id', 'id'], values: [] } }, /"id" is given twice/],
      [{ rows: { fields: ['id'], values: { id: 'x' } } }, /must be a JSON array/],
      [{}, /exactly one/],
      [{ input: [], rows: { fields: ['id'], values: [] } }, /exactly one/],
    ];
    for (const [variables, message] of cases) {
      const res = await postQuery<Payload, unknown>(gateway.url, UPSERT, variables, ADMIN);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toMatch(message);
    }
  });

  it('takes the documented maximum and refuses one row more', async () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => values(`bulk-${String(i).padStart(5, '0')}`));
    const limit = await postQuery<Payload, unknown>(
      gateway.url,
      UPSERT,
      { rows: { fields: FIELDS, values: many(MAX_UPSERT_ROWS) } },
      ADMIN,
    );
    expect(limit.errors).toBeUndefined();
    expect(limit.data!.upsertKols.applied).toBe(MAX_UPSERT_ROWS);
    const over = await postQuery<Payload, unknown>(
      gateway.url,
      UPSERT,
      { rows: { fields: FIELDS, values: many(MAX_UPSERT_ROWS + 1) } },
      ADMIN,
    );
    expect(over.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(over.errors?.[0]?.message).toMatch(/at most 10,000/);
  });
});
