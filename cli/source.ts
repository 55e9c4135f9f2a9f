/**
 * Reads an import file (NDJSON, or CSV with a header row of KolInput field names) as a stream of
 * KolInput rows, each with the file line it starts on. Problems the file itself has (bad CSV
 * quoting, a line that is not a JSON object, a wrong header, a value of the wrong JSON type) come
 * out as rejects with their line; everything else about the values is the gateway's validation.
 */
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { StringDecoder } from 'node:string_decoder';
import { coerceKolInputText, KOL_INPUT_FIELDS } from '../domain/kol-input';
import { CsvRecordReader, type CsvRecord } from './csv-records';
import { shapeProblems } from './row-shape';

export type FileFormat = 'csv' | 'ndjson';

export interface Reject {
  line: number;
  /** The row's id when it could be read. */
  id: string | null;
  field: string | null;
  message: string;
}

export type SourceItem =
  | { kind: 'row'; line: number; input: Record<string, unknown> }
  | { kind: 'reject'; reject: Reject }
  /** The file cannot be imported at all (a wrong CSV header): nothing after it is read. */
  | { kind: 'fatal'; rejects: Reject[] };

export interface ImportSource {
  format: FileFormat;
  sizeBytes: number;
  /** Bytes of the file read so far (for progress and ETA). */
  bytesRead(): number;
  /** The items in file order, a read chunk's worth at a time (iterate this or `items`, not both). */
  batches: AsyncIterable<SourceItem[]>;
  /** The same items one by one. */
  items: AsyncIterable<SourceItem>;
  close(): void;
}

const FIELD_NAMES: readonly string[] = KOL_INPUT_FIELDS.map((f) => f.name);
const REQUIRED: readonly string[] = KOL_INPUT_FIELDS.filter((f) => f.required).map((f) => f.name);

/** `.csv` is CSV; `.ndjson`, `.jsonl`, `.json` are NDJSON; otherwise the first character decides. */
export function formatOf(file: string, firstLine: string | undefined): FileFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (/\.(nd)?jsonl?$|\.json$/.test(lower)) return 'ndjson';
  return firstLine
    ?.replace(/^\uFEFF/, '')
    .trimStart()
    .startsWith('{')
    ? 'ndjson'
    : 'csv';
}

/**
 * Checks a CSV header: every column a KolInput field, none twice, every required field present.
 * Returns the rejects (each naming the column at fault); empty when the header is usable.
 */
export function checkHeader(columns: readonly string[], line: number): Reject[] {
  const problems: Reject[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    if (!FIELD_NAMES.includes(column)) {
      const near = FIELD_NAMES.find((f) => f.toLowerCase() === column.toLowerCase());
      problems.push({
        line,
        id: null,
        field: column,
        message:
          column === ''
            ? 'empty column name in the header'
            : `unknown column ${JSON.stringify(column)}${near ? ` (did you mean ${near}?)` : ''}; columns are KolInput field names: ${FIELD_NAMES.join(', ')}`,
      });
    } else if (seen.has(column)) {
      problems.push({ line, id: null, field: column, message: `column ${column} appears twice` });
    }
    seen.add(column);
  }
  for (const required of REQUIRED) {
    if (!seen.has(required)) {
      problems.push({
        line,
        id: null,
        field: required,
        message: `required column ${required} is missing from the header`,
      });
    }
  }
  return problems;
}

function idOf(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** The row, or a reject per problem when the gateway could not even take it (see row-shape.ts). */
function check(line: number, input: Record<string, unknown>, out: SourceItem[]): void {
  const problems = shapeProblems(input);
  if (problems.length === 0) {
    out.push({ kind: 'row', line, input });
    return;
  }
  const id = idOf(input.id);
  for (const p of problems) {
    out.push({ kind: 'reject', reject: { line, id, field: p.field, message: p.message } });
  }
}

/** Turns lines into items; `done` once the file cannot be read further (a fatal header). */
interface ItemReader {
  push(lines: readonly string[]): SourceItem[];
  end(): SourceItem[];
  readonly done: boolean;
}

const TYPE_OF: ReadonlyMap<string, string> = new Map(KOL_INPUT_FIELDS.map((f) => [f.name, f.type]));
/** Field types whose CSV cells are passed on as text when they do not parse. */
const TEXT_KEPT: ReadonlySet<string> = new Set(['int', 'number', 'boolean']);

function csvItemReader(fromLine: number): ItemReader {
  const records = new CsvRecordReader();
  let header: string[] | undefined;
  let typed: string[] = [];
  let done = false;
  const convert = (batch: readonly CsvRecord[]): SourceItem[] => {
    const out: SourceItem[] = [];
    for (const record of batch) {
      if (done) break;
      if (header === undefined) {
        if (record.kind === 'error') {
          done = true;
          const message = `header: ${record.message}`;
          out.push({
            kind: 'fatal',
            rejects: [{ line: record.line, id: null, field: null, message }],
          });
          break;
        }
        header = record.fields.map((f) => f.trim());
        typed = header.filter((column) => TEXT_KEPT.has(TYPE_OF.get(column) ?? 'string'));
        const problems = checkHeader(header, record.line);
        if (problems.length > 0) {
          done = true;
          out.push({ kind: 'fatal', rejects: problems });
        }
        continue;
      }
      if (record.line < fromLine) continue;
      if (record.kind === 'error') {
        out.push({
          kind: 'reject',
          reject: {
            line: record.line,
            id: null,
            field: header[record.field] ?? `column ${record.field + 1}`,
            message: record.message,
          },
        });
        continue;
      }
      const cells: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) cells[header[i]!] = record.fields[i] ?? '';
      if (record.fields.length !== header.length) {
        out.push({
          kind: 'reject',
          reject: {
            line: record.line,
            id: idOf(cells.id),
            field: null,
            message: `row has ${record.fields.length} fields, the header has ${header.length}`,
          },
        });
        continue;
      }
      const input = coerceKolInputText(cells);
      // A cell of a number or boolean column that did not parse stays text: only then can the row
      // have a shape problem (every other column is text, and the header has no unknown column).
      if (typed.some((column) => typeof input[column] === 'string')) check(record.line, input, out);
      else out.push({ kind: 'row', line: record.line, input });
    }
    return out;
  };
  return {
    push: (lines) => convert(records.push(lines)),
    end: () => convert(records.end()),
    get done() {
      return done;
    },
  };
}

function ndjsonItemReader(fromLine: number): ItemReader {
  let line = 0;
  const convert = (lines: readonly string[]): SourceItem[] => {
    const out: SourceItem[] = [];
    for (const text of lines) {
      line++;
      if (line < fromLine || text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        out.push({
          kind: 'reject',
          reject: { line, id: null, field: null, message: `invalid JSON: ${reason}` },
        });
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        out.push({
          kind: 'reject',
          reject: {
            line,
            id: null,
            field: null,
            message: 'each line must be one JSON object (a KolInput row)',
          },
        });
        continue;
      }
      check(line, value as Record<string, unknown>, out);
    }
    return out;
  };
  return { push: convert, end: () => [], done: false };
}

/**
 * Splits decoded text into physical lines the way readline does (`\n`, `\r\n` or a lone `\r`
 * ends a line; the last line needs no terminator), across chunk boundaries.
 */
export class LineSplitter {
  private rest = '';

  push(text: string): string[] {
    let all = this.rest + text;
    // A chunk ending in \r may be the first half of \r\n.
    const heldCr = all.endsWith('\r');
    if (heldCr) all = all.slice(0, -1);
    const lines = all.split(LINE_END);
    this.rest = lines.pop()! + (heldCr ? '\r' : '');
    return lines;
  }

  end(): string[] {
    const last = this.rest.endsWith('\r') ? this.rest.slice(0, -1) : this.rest;
    this.rest = '';
    return last === '' ? [] : [last];
  }
}

const LINE_END = /\r\n|\n|\r/;

async function firstLineOf(file: string): Promise<string | undefined> {
  const stream = createReadStream(file, { encoding: 'utf8', end: 64 * 1024 });
  const reader = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of reader) {
      if (line.trim() !== '') return line;
    }
    return undefined;
  } finally {
    reader.close();
    stream.destroy();
  }
}

/**
 * Opens `file` for import. Rows before `fromLine` are skipped (a CSV header is still read).
 * Throws when the file cannot be read.
 */
export async function openSource(
  file: string,
  options: { format?: FileFormat; fromLine?: number } = {},
): Promise<ImportSource> {
  const sizeBytes = statSync(file).size;
  const format = options.format ?? formatOf(file, await firstLineOf(file));
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  const fromLine = options.fromLine ?? 1;
  // Bytes of the chunks whose items were handed on, not of the stream's read-ahead: what the
  // progress and ETA need.
  let consumed = 0;
  async function* chunks(): AsyncGenerator<SourceItem[]> {
    const decoder = new StringDecoder('utf8');
    const splitter = new LineSplitter();
    const reader = format === 'csv' ? csvItemReader(fromLine) : ndjsonItemReader(fromLine);
    let first = true;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const lines = splitter.push(decoder.write(chunk));
      if (first && lines.length > 0) {
        lines[0] = lines[0]!.replace(/^\uFEFF/, '');
        first = false;
      }
      const items = reader.push(lines);
      consumed += chunk.length;
      if (items.length > 0) yield items;
      if (reader.done) return;
    }
    const lines = splitter.push(decoder.end());
    lines.push(...splitter.end());
    if (first && lines.length > 0) lines[0] = lines[0]!.replace(/^\uFEFF/, '');
    const items = [...reader.push(lines), ...reader.end()];
    if (items.length > 0) yield items;
  }
  const batches = chunks();
  async function* items(): AsyncGenerator<SourceItem> {
    for await (const batch of batches) yield* batch;
  }
  return {
    format,
    sizeBytes,
    bytesRead: () => Math.min(consumed, sizeBytes),
    batches,
    items: items(),
    close: () => {
      stream.destroy();
    },
  };
}
