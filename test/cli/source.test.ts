import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvRecordReader, type CsvRecord } from '../../cli/csv-records';
import { LineSplitter, openSource, type SourceItem } from '../../cli/source';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cli-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function split(chunks: readonly string[]): string[] {
  const splitter = new LineSplitter();
  return [...chunks.flatMap((c) => splitter.push(c)), ...splitter.end()];
}

describe('LineSplitter', () => {
  it('ends lines at \\n, \\r\\n and a lone \\r, also when \\r\\n falls across two chunks', () => {
    expect(split(['a\r\nb\nc\rd'])).toEqual(['a', 'b', 'c', 'd']);
    expect(split(['a\r', '\nb\r', '', 'c'])).toEqual(['a', 'b', 'c']);
    expect(split(['ab', 'c\n', 'de\r'])).toEqual(['abc', 'de']);
  });

  it('gives no empty last line for a final terminator, and keeps blank lines inside', () => {
    expect(split(['a\n\nb\n'])).toEqual(['a', '', 'b']);
    expect(split([''])).toEqual([]);
  });
});

describe('CsvRecordReader', () => {
  it('completes a quoted field that spans two pushes, numbered by its first line', () => {
    const reader = new CsvRecordReader();
    const out: CsvRecord[] = [...reader.push(['id,name', '1,"two'])];
    expect(out).toEqual([{ kind: 'record', line: 1, fields: ['id', 'name'] }]);
    out.push(...reader.push(['lines"', '3,c']), ...reader.end());
    expect(out.slice(1)).toEqual([
      { kind: 'record', line: 2, fields: ['1', 'two\nlines'] },
      { kind: 'record', line: 4, fields: ['3', 'c'] },
    ]);
  });

  it('reports a quote still open at the end and reads the lines it swallowed again', () => {
    const reader = new CsvRecordReader();
    const out = [...reader.push(['id,name', '1,"open', '2,b']), ...reader.end()];
    expect(out.map((r) => [r.kind, r.line])).toEqual([
      ['record', 1],
      ['error', 2],
      ['record', 3],
    ]);
  });
});

async function itemsOf(file: string, fromLine = 1): Promise<SourceItem[]> {
  const source = await openSource(file, { fromLine });
  const items: SourceItem[] = [];
  for await (const batch of source.batches) items.push(...batch);
  source.close();
  return items;
}

describe('openSource', () => {
  it('reads a CSV larger than one read chunk with a BOM and CRLF line ends, every line in order', async () => {
    const file = path.join(dir, 'big.csv');
    const header = 'id,platform,handle,displayName,category,followers,following,posts,verified';
    const rows = Array.from(
      { length: 5_000 },
      (_, i) => `k-${i},tiktok,h${i},"Name ""${i}"", with comma",food,${i},1,2,true`,
    );
    writeFileSync(file, `\uFEFF${[header, ...rows].join('\r\n')}\r\n`);
    const items = await itemsOf(file);
    expect(items).toHaveLength(5_000);
    expect(items.every((item, i) => item.kind === 'row' && item.line === i + 2)).toBe(true);
    expect(items[4_999]).toMatchObject({
      kind: 'row',
      input: {
        id: 'k-4999',
        displayName: 'Name "4999", with comma',
        followers: 4999,
        verified: true,
      },
    });
  });

  it('rejects a number column holding text with the field named, and starts at --from-line', async () => {
    const file = path.join(dir, 'bad.csv');
    writeFileSync(
      file,
      'id,platform,handle,displayName,category,followers,following,posts,verified\n' +
        'a,x,h,n,c,12k,1,2,true\nb,x,h,n,c,5,1,2,maybe\nc,x,h,n,c,5,1,2,no\n',
    );
    const items = await itemsOf(file);
    expect(
      items.map((i) => (i.kind === 'reject' ? `${i.reject.line}|${i.reject.field}` : i.kind)),
    ).toEqual(['2|followers', '3|verified', 'row']);
    const later = await itemsOf(file, 4);
    expect(later).toEqual([expect.objectContaining({ kind: 'row', line: 4 })]);
  });
});
