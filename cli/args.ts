/** Command-line arguments of `npm run import`. */
import { parseArgs } from 'node:util';
import type { FileFormat } from './source';

export const DEFAULT_URL = 'http://127.0.0.1:4000/graphql';
export const DEFAULT_BATCH = 2_000;
/** The gateway's `upsertKols` limit per call. */
export const MAX_BATCH = 10_000;

export const USAGE = `Usage: npm run import -- FILE [options]

Imports KOL profiles from FILE (NDJSON: one KolInput object per line; or CSV with a header row
of KolInput field names) into a running gateway through the upsertKols mutation. Running it again
with the same file is harmless: stored rows are written again with the same values, and a row
older than the stored profile (by updatedAt) changes nothing.

Options:
  --url URL          GraphQL endpoint (default ${DEFAULT_URL}, or KOL_GATEWAY_URL)
  --api-key KEY      API key with the admin role (or KOL_API_KEY)
  --batch N          rows per upsertKols call, 1-${MAX_BATCH.toLocaleString('en-US')} (default ${DEFAULT_BATCH.toLocaleString('en-US')})
  --concurrency N    calls in flight at once (default 2)
  --from-line N      start at file line N (to resume a stopped import; a CSV header is still read)
  --rejects PATH     where to write the rejected rows (default FILE.rejects.csv)
  --format F         csv or ndjson (default: from the file name, else the first character)
  --retries N        retries when the gateway does not answer, with back-off (default 4)
  --timeout-ms N     time limit of one call (default 120000)
  --json             print the summary as one JSON object instead of text
  -h, --help         this text

Exit code: 0 when rows were imported (even if some were rejected), 1 when nothing could be
imported, 2 for a usage error, 3 when the gateway could not be reached, 130 when interrupted
with Ctrl-C (for 3 and 130 the message says the line to resume from).`;

export interface CliArgs {
  file: string;
  url: string;
  apiKey: string | undefined;
  batchSize: number;
  concurrency: number;
  fromLine: number;
  rejectsFile: string;
  format: FileFormat | undefined;
  retries: number;
  requestTimeoutMs: number;
  json: boolean;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function integer(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
) {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
    throw new UsageError(
      `--${name} must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')} (got ${value})`,
    );
  }
  return n;
}

/** Parses `argv` (without node and the script); `null` means help was asked for. */
export function parseCliArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): CliArgs | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        'api-key': { type: 'string' },
        batch: { type: 'string' },
        concurrency: { type: 'string' },
        'from-line': { type: 'string' },
        rejects: { type: 'string' },
        format: { type: 'string' },
        retries: { type: 'string' },
        'timeout-ms': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return null;
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0 ? 'FILE is missing' : `one FILE only (got ${positionals.join(' ')})`,
    );
  }
  const file = positionals[0]!;
  const format = values.format;
  if (format !== undefined && format !== 'csv' && format !== 'ndjson') {
    throw new UsageError(`--format must be csv or ndjson (got ${format})`);
  }
  const url = values.url ?? env.KOL_GATEWAY_URL ?? DEFAULT_URL;
  try {
    new URL(url);
  } catch {
    throw new UsageError(`--url is not a URL: ${url}`);
  }
  return {
    file,
    url,
    apiKey: values['api-key'] ?? (env.KOL_API_KEY || undefined),
    batchSize: integer('batch', values.batch, DEFAULT_BATCH, 1, MAX_BATCH),
    concurrency: integer('concurrency', values.concurrency, 2, 1, 16),
    fromLine: integer('from-line', values['from-line'], 1, 1),
    rejectsFile: values.rejects ?? `${file}.rejects.csv`,
    format,
    retries: integer('retries', values.retries, 4, 0, 20),
    requestTimeoutMs: integer('timeout-ms', values['timeout-ms'], 120_000, 100),
    json: values.json ?? false,
  };
}
