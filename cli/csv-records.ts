/**
 * A streaming CSV record reader (RFC 4180: comma separated, `"` quoting with `""` as an escaped
 * quote, quoted fields may span lines) that keeps going after a malformed record. It works on
 * physical lines, so every record and every error carries the file line it starts on.
 *
 * Recovery: a record with bad quoting is reported and reading resumes on the line after the one the
 * record started on. A quote that is never closed (or would make a record longer than the limits
 * below), or a record spanning several lines that then has a different number of fields than the
 * first record (the header), is read as a stray opening quote: its first line is reported and the
 * lines it swallowed are read again as records of their own, so one bad quote costs one row, not
 * the rest of the file.
 */

export type CsvRecord =
  | { kind: 'record'; line: number; fields: string[] }
  /** `field`: position (from 0) of the field at fault. */
  | { kind: 'error'; line: number; field: number; message: string };

/** A record spanning more physical lines or characters than this is treated as a stray quote. */
export const MAX_RECORD_LINES = 1_000;
export const MAX_RECORD_CHARS = 1_000_000;

type Parsed =
  | { status: 'ok'; fields: string[] }
  | { status: 'open'; field: number }
  | { status: 'error'; field: number; message: string };

const STRAY_QUOTE =
  'bad CSV quoting: a quote opened in this field is not closed on its line (write a quote inside a quoted field as "")';

/** Parses one record from `text` (physical lines joined by `\n`). */
export function parseRecord(text: string): Parsed {
  const fields: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    if (text.charCodeAt(i) === 34 /* " */) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const close = text.indexOf('"', j);
        if (close < 0) return { status: 'open', field: fields.length };
        value += text.slice(j, close);
        if (text.charCodeAt(close + 1) === 34) {
          value += '"';
          j = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      fields.push(value);
      if (i >= n) return { status: 'ok', fields };
      if (text[i] !== ',') {
        return {
          status: 'error',
          field: fields.length - 1,
          message:
            'bad CSV quoting: text after the closing quote (write a quote inside a quoted field as "")',
        };
      }
      i++;
      continue;
    }
    const comma = text.indexOf(',', i);
    const end = comma < 0 ? n : comma;
    const value = text.slice(i, end);
    if (value.includes('"')) {
      return {
        status: 'error',
        field: fields.length,
        message:
          'bad CSV quoting: a quote inside an unquoted field (quote the whole field and write the quote as "")',
      };
    }
    fields.push(value);
    if (comma < 0) return { status: 'ok', fields };
    i = comma + 1;
  }
}

/**
 * The record reader as a push parser: lines go in as they are read, records come out as soon as
 * they are complete (a quoted field still open at the end of the lines given waits for the next
 * `push`). Lines are numbered from `firstLine`; blank lines outside quoted fields are skipped.
 */
export class CsvRecordReader {
  /** Lines not consumed yet: a record waiting for more lines, or lines read again after a stray quote. */
  private queue: { line: number; text: string }[] = [];
  private nextLine: number;
  private headerWidth: number | undefined;

  constructor(firstLine = 1) {
    this.nextLine = firstLine;
  }

  /** The records these lines complete. */
  push(lines: readonly string[]): CsvRecord[] {
    for (const text of lines) this.queue.push({ line: this.nextLine++, text });
    return this.drain(false);
  }

  /** The records left at the end of the input (an open quote is then an error). */
  end(): CsvRecord[] {
    return this.drain(true);
  }

  private drain(final: boolean): CsvRecord[] {
    const out: CsvRecord[] = [];
    const queue = this.queue;
    let head = 0;
    while (head < queue.length) {
      const start = queue[head]!;
      if (start.text === '' || start.text === '\r') {
        head++;
        continue;
      }
      let used = 1;
      let text = start.text;
      // The field whose quote ran past the first line, once it has.
      let openField: number | undefined;
      for (;;) {
        const parsed = parseRecord(text);
        const spansLines = used > 1;
        if (parsed.status === 'ok' && !(spansLines && parsed.fields.length !== this.headerWidth)) {
          this.headerWidth ??= parsed.fields.length;
          out.push({ kind: 'record', line: start.line, fields: parsed.fields });
          head += used;
          break;
        }
        if (parsed.status === 'open') {
          openField ??= parsed.field;
          if (used < MAX_RECORD_LINES && text.length < MAX_RECORD_CHARS) {
            const more = queue[head + used];
            if (more) {
              used++;
              text += `\n${more.text}`;
              continue;
            }
            if (!final) {
              this.queue = queue.slice(head);
              return out;
            }
          }
        }
        // Bad quoting. When the record had run over several lines, the quote that opened it is the
        // likelier mistake: report that line and read the following ones again on their own.
        if (spansLines || parsed.status === 'open') {
          out.push({
            kind: 'error',
            line: start.line,
            field: openField ?? 0,
            message: STRAY_QUOTE,
          });
        } else if (parsed.status === 'error') {
          out.push({
            kind: 'error',
            line: start.line,
            field: parsed.field,
            message: parsed.message,
          });
        }
        head++;
        break;
      }
    }
    this.queue = [];
    return out;
  }
}

/**
 * Yields the records of `lines` (physical lines without their terminators, numbered from
 * `firstLine`). Blank lines outside quoted fields are skipped.
 */
export async function* csvRecords(
  lines: AsyncIterable<string>,
  firstLine = 1,
): AsyncGenerator<CsvRecord> {
  const reader = new CsvRecordReader(firstLine);
  for await (const line of lines) yield* reader.push([line]);
  yield* reader.end();
}
