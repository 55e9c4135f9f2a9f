/**
 * Reads an import file (NDJSON, or CSV with a header row of KolInput field names) as a stream of
 * KolInput rows, each with the file line it starts on. Problems the file itself has (bad CSV
 * quoting, a line that is not a JSON object, a wrong header, a value of the wrong JSON type) come
 * out as rejects with their line; everything else about the values is the gateway's validation.
 */
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { coerceKolInputText, KOL_INPUT_FIELDS } from '../domain/kol-input';
import { csvRecords } from './csv-records';
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
function checked(line: number, input: Record<string, unknown>): SourceItem[] {
  const problems = shapeProblems(input);
  if (problems.length === 0) return [{ kind: 'row', line, input }];
  const id = idOf(input.id);
  return problems.map((p) => ({
    kind: 'reject',
    reject: { line, id, field: p.field, message: p.message },
  }));
}

async function* csvItems(
  lines: AsyncIterable<string>,
  fromLine: number,
): AsyncGenerator<SourceItem> {
  let header: string[] | undefined;
  for await (const record of csvRecords(lines)) {
    if (header === undefined) {
      if (record.kind === 'error') {
        yield {
          kind: 'fatal',
          rejects: [
            { line: record.line, id: null, field: null, message: `header: ${record.message}` },
          ],
        };
        return;
      }
      header = record.fields.map((f) => f.trim());
      const problems = checkHeader(header, record.line);
      if (problems.length > 0) {
        yield { kind: 'fatal', rejects: problems };
        return;
      }
      continue;
    }
    if (record.line < fromLine) continue;
    if (record.kind === 'error') {
      yield {
        kind: 'reject',
        reject: {
          line: record.line,
          id: null,
          field: header[record.field] ?? `column ${record.field + 1}`,
          message: record.message,
        },
      };
      continue;
    }
    const cells: Record<string, string> = {};
    header.forEach((column, i) => {
      cells[column] = record.fields[i] ?? '';
    });
    const id = idOf(cells.id);
    if (record.fields.length !== header.length) {
      yield {
        kind: 'reject',
        reject: {
          line: record.line,
          id,
          field: null,
          message: `row has ${record.fields.length} fields, the header has ${header.length}`,
        },
      };
      continue;
    }
    yield* checked(record.line, coerceKolInputText(cells));
  }
}

async function* ndjsonItems(
  lines: AsyncIterable<string>,
  fromLine: number,
): AsyncGenerator<SourceItem> {
  let line = 0;
  for await (const text of lines) {
    line++;
    if (line < fromLine) continue;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      yield {
        kind: 'reject',
        reject: { line, id: null, field: null, message: `invalid JSON: ${reason}` },
      };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield {
        kind: 'reject',
        reject: {
          line,
          id: null,
          field: null,
          message: 'each line must be one JSON object (a KolInput row)',
        },
      };
      continue;
    }
    yield* checked(line, value as Record<string, unknown>);
  }
}

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
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  const reader = createInterface({ input: stream, crlfDelay: Infinity });
  const fromLine = options.fromLine ?? 1;
  // Bytes of the lines handed on, not of the stream's read-ahead: what the progress and ETA need.
  let consumed = 0;
  async function* lines(): AsyncGenerator<string> {
    let first = true;
    for await (const line of reader) {
      consumed += Buffer.byteLength(line, 'utf8') + 1;
      yield first ? line.replace(/^\uFEFF/, '') : line;
      first = false;
    }
  }
  return {
    format,
    sizeBytes,
    bytesRead: () => Math.min(consumed, sizeBytes),
    items: format === 'csv' ? csvItems(lines(), fromLine) : ndjsonItems(lines(), fromLine),
    close: () => {
      reader.close();
      stream.destroy();
    },
  };
}
