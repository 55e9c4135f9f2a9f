/**
 * The import CLI against a real embedded gateway on a loopback port: every bad-input class of a
 * user's file, idempotent re-runs, and a gateway that goes away mid-file (stop, then resume).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport, type ImportOptions, type ImportSummary } from '../../cli/importer';
import { exitCodeOf, formatSummary, main, EXIT } from '../../cli/import';
import { lineProgress, type ProgressReporter } from '../../cli/progress';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import { BackendUnavailableError } from '../../datasources/shared/errors';
import type { DataSources } from '../../datasources/types';
import { postQuery, startTestGateway, type TestGateway } from '../support/gateway';

const ADMIN_KEY = 'cli-test-admin-key';
const VIEWER_KEY = 'cli-test-viewer-key';
const GATEWAY_ENV = {
  API_KEYS: `${ADMIN_KEY}:admin,${VIEWER_KEY}:viewer`,
  ANONYMOUS_ROLE: 'none',
  RATE_LIMIT_PER_MINUTE: '0',
};
const HEADER =
  'id,platform,handle,displayName,category,followers,following,posts,verified,country,updatedAt';
const UPDATED_AT = '2026-01-02T03:04:05.000Z';

let dir: string;

function csvRow(id: string, overrides: Partial<Record<string, string>> = {}): string {
  const row: Record<string, string> = {
    id,
    platform: 'TikTok',
    handle: `@${id}`,
    displayName: `Name ${id}`,
    category: 'Beauty',
    followers: '1000',
    following: '100',
    posts: '50',
    verified: 'true',
    country: 'us',
    updatedAt: UPDATED_AT,
    ...overrides,
  };
  return HEADER.split(',')
    .map((column) => row[column] ?? '')
    .join(',');
}

function file(name: string, lines: readonly string[]): string {
  const target = path.join(dir, name);
  writeFileSync(target, `${lines.join('\n')}\n`);
  return target;
}

function quietProgress(): ProgressReporter & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(
    lineProgress((line) => lines.push(line), 0),
    { lines },
  );
}

function options(gateway: TestGateway, target: string, extra: Partial<ImportOptions> = {}) {
  return {
    file: target,
    url: gateway.url,
    apiKey: ADMIN_KEY,
    batchSize: 3,
    concurrency: 1,
    fromLine: 1,
    rejectsFile: `${target}.rejects.csv`,
    retries: 1,
    retryDelayMs: 20,
    requestTimeoutMs: 30_000,
    progress: quietProgress(),
    ...extra,
  } satisfies ImportOptions;
}

/** Rejects file rows as `line|field` (message checked separately where it matters). */
function rejectsOf(
  summary: ImportSummary,
): { line: number; id: string; field: string; message: string }[] {
  if (!summary.rejectsFile) return [];
  const [, ...rows] = readFileSync(summary.rejectsFile, 'utf8').trimEnd().split('\n');
  return rows.map((row) => {
    const match = /^(\d+),([^,]*),([^,]*),(.*)$/.exec(row);
    if (!match) throw new Error(`unexpected rejects row ${row}`);
    return { line: Number(match[1]), id: match[2]!, field: match[3]!, message: match[4]! };
  });
}

interface KolView {
  id: string;
  handle: string;
  platform: string;
  category: string;
  followers: number;
  verified: boolean;
  updatedAt: string;
}

async function kolsById(gateway: TestGateway, ids: string[]): Promise<(KolView | null)[]> {
  const reply = await postQuery<{ kols: (KolView | null)[] }, { ids: string[] }>(
    gateway.url,
    'query($ids: [ID!]!) { kols(ids: $ids) { id handle platform category followers verified updatedAt } }',
    { ids },
    { 'x-api-key': VIEWER_KEY },
  );
  if (reply.errors) throw new Error(JSON.stringify(reply.errors));
  return reply.data!.kols;
}

describe('npm run import', () => {
  let data: DataSources;
  let gateway: TestGateway;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kol-import-'));
    data = createEmbeddedDataSources();
    gateway = await startTestGateway({ data, env: GATEWAY_ENV });
  });

  afterAll(async () => {
    await gateway?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a CSV: good rows land with their fields, every bad row is in the rejects file with its line and field', async () => {
    const target = file('mixed.csv', [
      HEADER,
      csvRow('csv-1'), // line 2
      csvRow('csv-2', { followers: '-5' }), // 3: negative count
      csvRow('csv-3', { following: 'lots' }), // 4: text where a number belongs
      csvRow('csv-4', { posts: 'NaN' }), // 5: NaN
      csvRow('csv-5', { displayName: '' }), // 6: required field missing
      csvRow('csv-6', { displayName: '"Bad "quote"' }), // 7: bad CSV quoting
      'csv-7,tiktok,h7,Seven,beauty,1,2', // 8: too few fields
      csvRow('csv-8', { displayName: '"Eight, the ""great"""' }), // 9: quoting done right
      csvRow('csv-9', { followers: '10' }), // 10
      csvRow('csv-9', { followers: '20' }), // 11: duplicate id in the same batch, last wins
      csvRow('csv-10', { verified: 'maybe' }), // 12: not a boolean
      csvRow('csv-11', { updatedAt: 'yesterday' }), // 13: refused by the GraphQL layer itself
      csvRow('csv-12'), // 14: in the same batch as line 13
    ]);
    const summary = await runImport(options(gateway, target));

    expect(summary.stopped).toBeNull();
    expect(summary.applied).toBe(4);
    expect(summary.superseded).toBe(1);
    expect(summary.rejectedRows).toBe(8);
    expect(exitCodeOf(summary)).toBe(EXIT.imported);
    const rejects = rejectsOf(summary);
    expect(rejects.map((r) => `${r.line}|${r.field}`)).toEqual([
      '3|followers',
      '4|following',
      '5|posts',
      '6|displayName',
      '7|displayName',
      '8|',
      '12|verified',
      '13|updatedAt',
    ]);
    expect(rejects.find((r) => r.line === 7)!.message).toContain('bad CSV quoting');
    expect(rejects.find((r) => r.line === 8)!.message).toContain('7 fields');
    expect(rejects.find((r) => r.line === 3)!.id).toBe('csv-2');

    const [one, eight, nine, two, twelve] = await kolsById(gateway, [
      'csv-1',
      'csv-8',
      'csv-9',
      'csv-2',
      'csv-12',
    ]);
    expect(one).toMatchObject({
      id: 'csv-1',
      handle: 'csv-1',
      platform: 'tiktok',
      category: 'beauty',
      followers: 1000,
      verified: true,
    });
    expect(eight?.id).toBe('csv-8');
    expect(nine?.followers).toBe(20);
    expect(two).toBeNull();
    expect(twelve?.id).toBe('csv-12');
  });

  it('running the same file again is harmless, and older rows change nothing', async () => {
    const target = file('again.csv', [
      HEADER,
      csvRow('again-1'),
      csvRow('again-2'),
      csvRow('again-3', { posts: 'x' }),
    ]);
    const first = await runImport(options(gateway, target));
    expect([first.applied, first.unchanged, first.rejectedRows]).toEqual([2, 0, 1]);
    const before = await kolsById(gateway, ['again-1', 'again-2']);

    // Rows as new as the stored profiles are written again with the same values.
    const second = await runImport(options(gateway, target));
    expect([second.applied + second.unchanged, second.rejectedRows]).toEqual([2, 1]);
    expect(exitCodeOf(second)).toBe(EXIT.imported);
    expect(await kolsById(gateway, ['again-1', 'again-2'])).toEqual(before);
    expect(rejectsOf(second).map((r) => r.line)).toEqual([4]);

    const older = file('older.csv', [
      HEADER,
      csvRow('again-1', { followers: '5', updatedAt: '2025-06-01T00:00:00Z' }),
      csvRow('again-2', { followers: '6', updatedAt: '2025-06-01T00:00:00Z' }),
    ]);
    const third = await runImport(options(gateway, older));
    expect([third.applied, third.unchanged, third.rejectedRows]).toEqual([0, 2, 0]);
    expect(third.rejectsFile).toBeNull();
    expect(await kolsById(gateway, ['again-1', 'again-2'])).toEqual(before);
  });

  it('imports NDJSON: invalid JSON lines and non-objects are rejected by line, the rest land', async () => {
    const good = (id: string, extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        id,
        platform: 'youtube',
        handle: id,
        displayName: id,
        category: 'gaming',
        followers: 5,
        following: 1,
        posts: 2,
        verified: false,
        ...extra,
      });
    const target = file('rows.ndjson', [
      good('nd-1'),
      '{"id": "nd-2", "platform": ', // 2: invalid JSON
      '[1, 2]', // 3: not an object
      '',
      good('nd-3', { followers: '12' }), // 5: a string where an Int belongs
      good('nd-4', { nickname: 'x' }), // 6: unknown field
      good('nd-5'),
    ]);
    const summary = await runImport(options(gateway, target, { batchSize: 10 }));
    expect(summary.format).toBe('ndjson');
    expect(summary.applied).toBe(2);
    expect(rejectsOf(summary).map((r) => `${r.line}|${r.field}`)).toEqual([
      '2|',
      '3|',
      '5|followers',
      '6|nickname',
    ]);
    expect(rejectsOf(summary)[0]!.message).toContain('invalid JSON');
    const stored = await kolsById(gateway, ['nd-1', 'nd-5', 'nd-3']);
    expect(stored.map((k) => k?.id ?? null)).toEqual(['nd-1', 'nd-5', null]);
  });

  it('a wrong header imports nothing and says which column is wrong', async () => {
    const target = file('header.csv', [HEADER.replace('followers', 'followrs'), csvRow('hdr-1')]);
    const summary = await runImport(options(gateway, target));
    expect(summary.stopped?.reason).toBe('header');
    expect(summary.rowsSent).toBe(0);
    expect(exitCodeOf(summary)).toBe(EXIT.nothingImported);
    expect(rejectsOf(summary).map((r) => `${r.line}|${r.field}`)).toEqual([
      '1|followrs',
      '1|followers',
    ]);
    expect(await kolsById(gateway, ['hdr-1'])).toEqual([null]);
  });

  it('a file where every row is rejected exits non-zero', async () => {
    const target = file('all-bad.csv', [HEADER, csvRow('bad-1', { followers: '-1' })]);
    const summary = await runImport(options(gateway, target));
    expect(summary.applied + summary.unchanged).toBe(0);
    expect(exitCodeOf(summary)).toBe(EXIT.nothingImported);
  });

  it('a key without the admin role is refused as a whole', async () => {
    const target = file('viewer.csv', [HEADER, csvRow('viewer-1')]);
    const summary = await runImport(options(gateway, target, { apiKey: VIEWER_KEY }));
    expect(summary.stopped?.reason).toBe('refused');
    expect(summary.stopped?.message).toContain('admin');
    expect(exitCodeOf(summary)).toBe(EXIT.nothingImported);
  });

  it('a gateway that cannot be reached exits 3 and says where to resume', async () => {
    const target = file('nowhere.csv', [HEADER, csvRow('nowhere-1')]);
    const progress = quietProgress();
    const summary = await runImport(
      options(gateway, target, { url: 'http://127.0.0.1:9/graphql', retries: 1, progress }),
    );
    expect(summary.stopped).toMatchObject({ reason: 'unreachable', resumeFromLine: 1 });
    expect(exitCodeOf(summary)).toBe(EXIT.unreachable);
    expect(progress.lines.some((l) => l.includes('retrying'))).toBe(true);
  });

  it('Ctrl-C stops after the batches in flight and says where to resume', async () => {
    const target = file('interrupted.csv', [
      HEADER,
      ...Array.from({ length: 9 }, (_, i) => csvRow(`int-${i + 1}`)),
    ]);
    const interrupt = new AbortController();
    const progress = quietProgress();
    const summary = await runImport(
      options(gateway, target, {
        signal: interrupt.signal,
        progress: {
          ...progress,
          update(state) {
            progress.update(state);
            interrupt.abort();
          },
        },
      }),
    );
    expect(summary.stopped).toMatchObject({ reason: 'interrupted', resumeFromLine: 5 });
    expect(exitCodeOf(summary)).toBe(EXIT.interrupted);
    expect(formatSummary(summary, { file: target })).toContain('--from-line 5');
    const stored = await kolsById(gateway, ['int-3', 'int-4']);
    expect(stored.map((k) => k?.id ?? null)).toEqual(['int-3', null]);
  });

  it('usage errors exit 2 before anything is sent', async () => {
    expect(await main(['missing-file.csv'], {})).toBe(EXIT.usage);
    expect(await main([path.join(dir, 'x.csv'), '--batch', '10001'], {})).toBe(EXIT.usage);
    expect(await main([], {})).toBe(EXIT.usage);
  });
});

describe('npm run import while the gateway cannot reach its store', () => {
  it('splits the batch, retries single rows with back-off, then stops with where to resume', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kol-import-unavailable-'));
    const data = createEmbeddedDataSources();
    // The profile store is down: every write fails the way a lost Cassandra does.
    data.profiles.upsertMany = () => Promise.reject(new BackendUnavailableError('cassandra'));
    const gateway = await startTestGateway({ data, env: GATEWAY_ENV });
    try {
      const target = file('down.csv', [
        HEADER,
        csvRow('down-1'),
        csvRow('down-2'),
        csvRow('down-3'),
      ]);
      const progress = quietProgress();
      const summary = await runImport(options(gateway, target, { progress }));
      expect(summary.stopped).toMatchObject({ reason: 'unreachable', resumeFromLine: 1 });
      expect(summary.stopped?.message).toContain('UNAVAILABLE');
      expect(exitCodeOf(summary)).toBe(EXIT.unreachable);
      expect(progress.lines.some((l) => l.includes('in halves'))).toBe(true);
      expect(progress.lines.some((l) => l.includes('retrying'))).toBe(true);
    } finally {
      await gateway.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * A stand-in for a gateway from before `upsertKols(rows:)`: it answers the table form as such a
 * gateway's validation does and passes every other request on to the real gateway.
 */
async function gatewayWithoutTableForm(
  target: TestGateway,
): Promise<{ url: string; forms: string[]; close(): Promise<void> }> {
  const forms: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const table = body.includes('KolRowsInput');
      forms.push(table ? 'table' : 'objects');
      if (table) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            errors: [
              {
                message: 'Unknown type "KolRowsInput".',
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
              },
            ],
          }),
        );
        return;
      }
      void fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': String(req.headers['x-api-key'] ?? ''),
        },
        body,
      }).then(async (answer) => {
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(await answer.text());
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    forms,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('npm run import against a gateway without the table form', () => {
  it('sends the batches as objects once the gateway does not know `rows`, and every row lands', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kol-import-old-'));
    const data = createEmbeddedDataSources();
    const gateway = await startTestGateway({ data, env: GATEWAY_ENV });
    const old = await gatewayWithoutTableForm(gateway);
    try {
      const ids = Array.from({ length: 7 }, (_, i) => `old-${i + 1}`);
      const target = file('old.csv', [HEADER, ...ids.map((id) => csvRow(id))]);
      const progress = quietProgress();
      const summary = await runImport({ ...options(gateway, target, { progress }), url: old.url });
      expect(summary.stopped).toBeNull();
      expect(summary.applied).toBe(7);
      expect(old.forms).toEqual(['table', 'objects', 'objects', 'objects']);
      expect(progress.lines.some((l) => l.includes('no table form'))).toBe(true);
      expect((await data.profiles.getMany(ids)).every(Boolean)).toBe(true);
    } finally {
      await old.close();
      await gateway.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('npm run import against a small request body limit', () => {
  it('splits a batch the gateway finds too large and imports every row', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kol-import-body-'));
    const data = createEmbeddedDataSources();
    const gateway = await startTestGateway({
      data,
      env: { ...GATEWAY_ENV, BODY_LIMIT_BYTES: '1500' },
    });
    try {
      const ids = Array.from({ length: 6 }, (_, i) => `body-${i + 1}`);
      // Long names: six rows are over the limit in either request form (objects or table).
      const long = (id: string) => csvRow(id, { displayName: `Name ${id} ${'x'.repeat(120)}` });
      const target = file('body.csv', [HEADER, ...ids.map(long)]);
      const progress = quietProgress();
      const summary = await runImport(options(gateway, target, { batchSize: 6, progress }));
      expect(summary.stopped).toBeNull();
      expect(summary.applied).toBe(6);
      expect(progress.lines.some((l) => l.includes('too large'))).toBe(true);
      expect((await data.profiles.getMany(ids)).every(Boolean)).toBe(true);
    } finally {
      await gateway.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('npm run import with a gateway that goes away mid-file', () => {
  it('stops with how far it got, and --from-line finishes the file', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kol-import-outage-'));
    const data = createEmbeddedDataSources();
    const first = await startTestGateway({ data, env: GATEWAY_ENV });
    const rows = Array.from({ length: 20 }, (_, i) => csvRow(`out-${i + 1}`));
    rows[3] = csvRow('out-4', { followers: 'bad' }); // line 5, in the part sent before the outage
    rows[13] = csvRow('out-14', { followers: '-3' }); // line 15, in the part sent on resume
    const target = file('outage.csv', [HEADER, ...rows]);

    // The gateway goes away once the second batch is confirmed.
    let batches = 0;
    const progress = quietProgress();
    const stopping: Promise<void>[] = [];
    const summary = await runImport(
      options(first, target, {
        progress: {
          ...progress,
          update(state) {
            progress.update(state);
            batches++;
            if (batches === 2) {
              // Gone at once: no new connection is accepted, the kept-alive ones are cut.
              first.httpServer.close();
              first.httpServer.closeAllConnections();
              stopping.push(first.stop());
            }
          },
        },
      }),
    );
    await Promise.all(stopping);

    expect(summary.stopped?.reason).toBe('unreachable');
    const resume = summary.stopped!.resumeFromLine!;
    // Batch 1 is lines 2-4; batch 2 is line 5 (rejected here) and the rows of lines 6-8.
    expect(resume).toBe(9);
    expect(summary.lastLine).toBe(8);
    expect(exitCodeOf(summary)).toBe(EXIT.unreachable);
    const text = formatSummary(summary, { file: target });
    expect(text).toContain('every row before line 9 was handled');
    expect(text).toContain(`--from-line 9`);

    // Everything before the resume line is stored; nothing after it.
    const ids = rows.map((_, i) => `out-${i + 1}`);
    const before = await data.profiles.getMany(ids);
    expect(before.filter(Boolean).map((p) => p!.id)).toEqual(
      ids.slice(0, 7).filter((id) => id !== 'out-4'),
    );

    const second = await startTestGateway({ data, env: GATEWAY_ENV });
    try {
      const resumed = await runImport(options(second, target, { fromLine: resume }));
      expect(resumed.stopped).toBeNull();
      expect(resumed.applied).toBe(12);
      const after = await data.profiles.getMany(ids);
      expect(after.filter(Boolean).map((p) => p!.id)).toEqual(
        ids.filter((id) => id !== 'out-4' && id !== 'out-14'),
      );
      // The rejects file of a resumed run keeps the earlier part and adds the rest.
      expect(rejectsOf(resumed).map((r) => `${r.line}|${r.field}`)).toEqual([
        '5|followers',
        '15|followers',
      ]);
      expect(existsSync(`${target}.rejects.csv`)).toBe(true);
    } finally {
      await second.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
