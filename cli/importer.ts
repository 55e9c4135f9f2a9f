/**
 * The import run: file rows in batches to `upsertKols`, with a bounded number of batches in flight,
 * per-row problems mapped back to file lines, and a clean stop (with the line to resume from) when
 * the gateway goes away. Batches are confirmed in file order, so "everything before line N landed"
 * is always true of the resume line, whatever finished first.
 */
import {
  GatewayRefusedError,
  GatewayUnreachableError,
  upsertBatch,
  type BatchOutcome,
  type ClientOptions,
} from './gateway-client';
import type { ProgressReporter } from './progress';
import { rejectsWriter } from './rejects';
import { openSource, type FileFormat, type Reject } from './source';

export interface ImportOptions {
  file: string;
  url: string;
  apiKey?: string;
  /** Rows per `upsertKols` call. */
  batchSize: number;
  /** Batches sent at once. */
  concurrency: number;
  /** File line to start from (a CSV header is still read from the top). */
  fromLine: number;
  format?: FileFormat;
  rejectsFile: string;
  retries: number;
  retryDelayMs: number;
  requestTimeoutMs: number;
  progress: ProgressReporter;
  /** Aborted (Ctrl-C): no new batch is sent; those in flight are confirmed, then the run stops. */
  signal?: AbortSignal;
}

export type StopReason = 'unreachable' | 'refused' | 'header' | 'interrupted';

export interface ImportSummary {
  file: string;
  format: FileFormat;
  fromLine: number;
  /** Rows sent to the gateway and confirmed (applied + unchanged + rejected there). */
  rowsSent: number;
  /** Rows that created or changed a KOL. */
  applied: number;
  /** Rows the gateway left as they were (older than the stored profile). */
  unchanged: number;
  /** Rows not used because a later row of the same batch had the same id (last wins). */
  superseded: number;
  /** Rows rejected, by the file check or by the gateway (each line once). */
  rejectedRows: number;
  /** Problems written to the rejects file (a row can have several). */
  problems: number;
  rejectsFile: string | null;
  /** Last file line whose outcome is known. */
  lastLine: number;
  elapsedMs: number;
  /** `upsertKols` calls, their summed wall time and the gateway's own time of them (tookMs). */
  requests: { count: number; ms: number; serverMs: number };
  stopped: { reason: StopReason; message: string; resumeFromLine: number | null } | null;
}

interface Batch {
  /** First file line this batch covers (rows and rejects). */
  startLine: number;
  endLine: number;
  rows: unknown[];
  lines: number[];
  ids: (string | null)[];
  rejects: Reject[];
  result?: Promise<BatchOutcome>;
}

function newBatch(startLine: number): Batch {
  return { startLine, endLine: startLine, rows: [], lines: [], ids: [], rejects: [] };
}

function idOf(input: Record<string, unknown>): string | null {
  const id = input.id;
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : null;
}

/** Bounds the rejects held for one batch when a long stretch of the file has no good row. */
const MAX_PENDING_REJECTS = 10_000;

export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const startedAt = Date.now();
  const source = await openSource(options.file, {
    ...(options.format ? { format: options.format } : {}),
    fromLine: options.fromLine,
  });
  const rejects = rejectsWriter(options.rejectsFile, options.fromLine > 1);
  const client: ClientOptions = {
    url: options.url,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    retries: options.retries,
    retryDelayMs: options.retryDelayMs,
    requestTimeoutMs: options.requestTimeoutMs,
    form: { table: true },
    onNote: (message) => options.progress.note(message),
    onRetry: (reason, waitMs) =>
      options.progress.note(`gateway: ${reason}; retrying in ${(waitMs / 1000).toFixed(1)} s`),
  };
  const summary: ImportSummary = {
    file: options.file,
    format: source.format,
    fromLine: options.fromLine,
    rowsSent: 0,
    applied: 0,
    unchanged: 0,
    superseded: 0,
    rejectedRows: 0,
    problems: 0,
    rejectsFile: null,
    lastLine: options.fromLine - 1,
    elapsedMs: 0,
    requests: { count: 0, ms: 0, serverMs: 0 },
    stopped: null,
  };
  const inFlight: Batch[] = [];
  let current = newBatch(options.fromLine);

  const report = () =>
    options.progress.update({
      rows: summary.rowsSent,
      rejected: summary.rejectedRows,
      line: summary.lastLine,
      bytesRead: source.bytesRead(),
      sizeBytes: source.sizeBytes,
    });

  /** Waits for the oldest batch and books its outcome; throws what stopped it. */
  const confirmOldest = async () => {
    const batch = inFlight[0]!;
    const outcome = await batch.result!;
    inFlight.shift();
    const found = [...batch.rejects];
    for (const error of outcome.errors) {
      found.push({
        line: batch.lines[error.index] ?? batch.startLine,
        id: batch.ids[error.index] ?? null,
        field: error.field,
        message: error.message,
      });
    }
    rejects.write(found);
    summary.rowsSent += batch.rows.length;
    summary.applied += outcome.applied;
    summary.unchanged += outcome.skipped;
    summary.superseded += outcome.superseded;
    summary.requests.count += outcome.requests;
    summary.requests.ms += outcome.requestMs;
    summary.requests.serverMs += outcome.serverMs;
    summary.rejectedRows += new Set(found.map((r) => r.line)).size;
    summary.lastLine = batch.endLine;
    report();
  };

  const dispatch = async (batch: Batch) => {
    batch.result =
      batch.rows.length > 0
        ? upsertBatch(client, batch.rows)
        : Promise.resolve({
            applied: 0,
            skipped: 0,
            errors: [],
            superseded: 0,
            requests: 0,
            requestMs: 0,
            serverMs: 0,
          });
    // A failure is handled when the batch's turn comes; until then it must not count as unhandled.
    batch.result.catch(() => undefined);
    inFlight.push(batch);
    while (inFlight.length >= options.concurrency) await confirmOldest();
  };

  try {
    reading: for await (const items of source.batches) {
      for (const item of items) {
        if (item.kind === 'fatal') {
          rejects.write(item.rejects);
          summary.stopped = {
            reason: 'header',
            message: item.rejects.map((r) => r.message).join('; '),
            resumeFromLine: null,
          };
          break reading;
        }
        if (item.kind === 'reject') {
          current.rejects.push(item.reject);
          current.endLine = item.reject.line;
        } else {
          current.rows.push(item.input);
          current.lines.push(item.line);
          current.ids.push(idOf(item.input));
          current.endLine = item.line;
        }
        if (
          current.rows.length >= options.batchSize ||
          current.rejects.length >= MAX_PENDING_REJECTS
        ) {
          const full = current;
          current = newBatch(full.endLine + 1);
          await dispatch(full);
        }
        if (options.signal?.aborted) {
          while (inFlight.length > 0) await confirmOldest();
          summary.stopped = {
            reason: 'interrupted',
            message: 'interrupted',
            resumeFromLine: current.startLine,
          };
          break reading;
        }
      }
    }
    if (!summary.stopped) {
      if (current.rows.length > 0 || current.rejects.length > 0) await dispatch(current);
      while (inFlight.length > 0) await confirmOldest();
    }
  } catch (error) {
    if (!(error instanceof GatewayUnreachableError || error instanceof GatewayRefusedError)) {
      throw error;
    }
    const resumeFromLine = inFlight[0]?.startLine ?? current.startLine;
    summary.stopped = {
      reason: error instanceof GatewayUnreachableError ? 'unreachable' : 'refused',
      message: error.message,
      resumeFromLine,
    };
    // The batches still in flight are abandoned: they are sent again on resume.
    await Promise.allSettled(inFlight.flatMap((b) => (b.result ? [b.result] : [])));
  } finally {
    source.close();
    rejects.close();
    options.progress.stop();
  }
  summary.problems = rejects.count;
  summary.rejectsFile = rejects.count > 0 ? rejects.path : null;
  summary.elapsedMs = Date.now() - startedAt;
  summary.requests.ms = Math.round(summary.requests.ms);
  summary.requests.serverMs = Math.round(summary.requests.serverMs);
  return summary;
}
