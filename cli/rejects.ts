/**
 * The rejects file: one CSV row per problem (`line,id,field,message`), in file-line order, so a
 * user can fix the named cells and import the file again (rows that already landed are unchanged
 * by the second run).
 */
import { closeSync, existsSync, openSync, unlinkSync, writeSync } from 'node:fs';
import type { Reject } from './source';

const HEADER = 'line,id,field,message\n';

function cell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface RejectsWriter {
  readonly path: string;
  /** Problems written so far. */
  readonly count: number;
  write(rejects: readonly Reject[]): void;
  /** Closes the file; a fresh run that wrote nothing removes the file of an earlier run. */
  close(): void;
}

/**
 * Opens lazily on the first reject. `append` (a resumed run) keeps the problems an earlier run
 * wrote for the lines before the resume point.
 */
export function rejectsWriter(path: string, append: boolean): RejectsWriter {
  let fd: number | undefined;
  let count = 0;
  return {
    path,
    get count() {
      return count;
    },
    write(rejects) {
      if (rejects.length === 0) return;
      if (fd === undefined) {
        const fresh = !append || !existsSync(path);
        fd = openSync(path, append ? 'a' : 'w');
        if (fresh) writeSync(fd, HEADER);
      }
      const sorted = [...rejects].sort((a, b) => a.line - b.line);
      writeSync(
        fd,
        sorted
          .map((r) => `${[r.line, r.id, r.field, r.message].map((v) => cell(v)).join(',')}\n`)
          .join(''),
      );
      count += rejects.length;
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      else if (!append && existsSync(path)) unlinkSync(path);
    },
  };
}
