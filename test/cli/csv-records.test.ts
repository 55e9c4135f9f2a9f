import { describe, expect, it } from 'vitest';
import { csvRecords, parseRecord, type CsvRecord } from '../../cli/csv-records';
import { checkHeader } from '../../cli/source';

async function* linesOf(text: string): AsyncGenerator<string> {
  for (const line of text.split('\n')) yield line;
}

async function records(text: string): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const record of csvRecords(linesOf(text))) out.push(record);
  return out;
}

describe('parseRecord', () => {
  it('reads quoted fields with commas, escaped quotes and empty cells', () => {
    expect(parseRecord('a,"b, c","say ""hi""",,e')).toEqual({
      status: 'ok',
      fields: ['a', 'b, c', 'say "hi"', '', 'e'],
    });
  });

  it('names the field of a quoting error', () => {
    expect(parseRecord('a,"b"x,c')).toMatchObject({ status: 'error', field: 1 });
    expect(parseRecord('a,b,c"d')).toMatchObject({ status: 'error', field: 2 });
    expect(parseRecord('a,"open')).toEqual({ status: 'open', field: 1 });
  });
});

describe('csvRecords', () => {
  it('numbers records by the line they start on, across quoted line breaks', async () => {
    const out = await records('id,name\n1,"two\nlines"\n\n3,c');
    expect(out).toEqual([
      { kind: 'record', line: 1, fields: ['id', 'name'] },
      { kind: 'record', line: 2, fields: ['1', 'two\nlines'] },
      { kind: 'record', line: 5, fields: ['3', 'c'] },
    ]);
  });

  it('loses only the line of a quote that is never closed', async () => {
    const out = await records('id,name\n1,"open\n2,b\n3,c');
    expect(out).toEqual([
      { kind: 'record', line: 1, fields: ['id', 'name'] },
      expect.objectContaining({ kind: 'error', line: 2, field: 1 }),
      { kind: 'record', line: 3, fields: ['2', 'b'] },
      { kind: 'record', line: 4, fields: ['3', 'c'] },
    ]);
  });

  it('reads the lines a stray quote swallowed again when the record then breaks', async () => {
    const out = await records('id,name\n1,"stray\n2,b\n3,"c"x\n4,d');
    expect(out.map((r) => [r.kind, r.line])).toEqual([
      ['record', 1],
      ['error', 2],
      ['record', 3],
      ['error', 4],
      ['record', 5],
    ]);
  });

  it('treats a multi-line record with the wrong field count as a stray quote', async () => {
    const out = await records('id,name\n1,"x\n2,y",z\n3,c');
    expect(out.map((r) => [r.kind, r.line])).toEqual([
      ['record', 1],
      ['error', 2],
      ['error', 3],
      ['record', 4],
    ]);
  });
});

describe('checkHeader', () => {
  it('accepts the KolInput field names in any order', () => {
    const header = [
      'verified',
      'posts',
      'following',
      'followers',
      'category',
      'displayName',
      'handle',
      'platform',
      'id',
      'country',
    ];
    expect(checkHeader(header, 1)).toEqual([]);
  });

  it('names unknown, repeated and missing columns', () => {
    const problems = checkHeader(
      ['id', 'platform', 'handle', 'displayname', 'category', 'followers', 'followers', 'posts'],
      1,
    );
    expect(problems.map((p) => p.field)).toEqual([
      'displayname',
      'followers',
      'displayName',
      'following',
      'verified',
    ]);
    expect(problems[0]!.message).toContain('did you mean displayName?');
  });
});
