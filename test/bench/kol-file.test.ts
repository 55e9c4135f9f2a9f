/**
 * The benchmarks' KOL file must be what a careful user writes: every row valid, so the import and
 * scale benches measure imports, not rejects; the same rows for the same range.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kolId, writeKolCsv } from '../../bench/support/kol-file';
import { openSource } from '../../cli/source';
import { validateKolInputs } from '../../domain/kol-input';

const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-kol-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rowsOf(file: string): Promise<Record<string, unknown>[]> {
  const source = await openSource(file);
  const rows: Record<string, unknown>[] = [];
  for await (const item of source.items) {
    if (item.kind !== 'row') throw new Error(`unexpected ${JSON.stringify(item)}`);
    rows.push(item.input);
  }
  return rows;
}

describe('bench KOL file', () => {
  it('holds only rows the gateway accepts, with unique ids', async () => {
    const file = path.join(dir, 'a.csv');
    const now = new Date();
    const { bytes } = await writeKolCsv(file, 500, new Date(now.getTime() - 60_000));
    expect(bytes).toBe(readFileSync(file).length);
    const rows = await rowsOf(file);
    expect(rows).toHaveLength(500);
    const { valid, errors } = validateKolInputs(rows, now);
    expect(errors).toEqual([]);
    expect(new Set(valid.map((p) => p.id)).size).toBe(500);
    expect(valid[0]?.id).toBe(kolId(0));
  });

  it('writes the same rows for the same range, and ranges that continue each other', async () => {
    const at = new Date('2026-11-30T00:00:00Z');
    await writeKolCsv(path.join(dir, 'b1.csv'), 20, at, { from: 100 });
    await writeKolCsv(path.join(dir, 'b2.csv'), 20, at, { from: 100 });
    await writeKolCsv(path.join(dir, 'c.csv'), 20, at, { from: 120 });
    const first = await rowsOf(path.join(dir, 'b1.csv'));
    expect(await rowsOf(path.join(dir, 'b2.csv'))).toEqual(first);
    const next = await rowsOf(path.join(dir, 'c.csv'));
    expect(first.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => kolId(100 + i)));
    expect(next[0]?.id).toBe(kolId(120));
  });
});
