/**
 * Sends one batch of KolInput rows to the gateway's `upsertKols` mutation and reads its per-row
 * result. Transport failures are retried with back-off (the mutation is idempotent, so a batch that
 * may or may not have landed can be sent again); a rate limit is waited out; anything else that
 * refuses the whole call is reported as such.
 */
import { KOL_INPUT_FIELDS } from '../domain/kol-input';

const RESULT_FIELDS = `{
    applied
    skipped
    errors { index field message }
    superseded { index }
    tookMs
  }`;

/** The batch as a list of KolInput objects (every gateway takes this). */
export const UPSERT_KOLS = `mutation ImportKols($input: [KolInput!]!) {
  upsertKols(input: $input) ${RESULT_FIELDS}
}`;

/**
 * The batch as a table (`KolRowsInput`: field names once, a list of values per row): about half
 * the request, and the gateway skips GraphQL's coercion of every value (its row validation types
 * them, so a bad value is still that row's error).
 */
export const UPSERT_KOL_ROWS = `mutation ImportKolRows($rows: KolRowsInput!) {
  upsertKols(rows: $rows) ${RESULT_FIELDS}
}`;

/** The order of a table's fields: KolInput's, then any other key a row has (the gateway names it). */
const FIELD_ORDER: readonly string[] = KOL_INPUT_FIELDS.map((f) => f.name);

/** `{ fields, values }` of these rows: the fields any row has; a field a row lacks is null. */
export function kolRowsTable(rows: readonly unknown[]): { fields: string[]; values: unknown[][] } {
  const present = new Set<string>();
  for (const row of rows) for (const key in row as object) present.add(key);
  const fields = [
    ...FIELD_ORDER.filter((f) => present.has(f)),
    ...[...present].filter((f) => !FIELD_ORDER.includes(f)),
  ];
  const values = rows.map((row) => {
    const record = row as Record<string, unknown>;
    return fields.map((f) => record[f] ?? null);
  });
  return { fields, values };
}

/** A gateway from before the table form: its validation does not know `rows`. */
const NO_TABLE_FORM = /Unknown argument "rows"|Unknown type "KolRowsInput"/;

export interface RowError {
  /** Position in the batch that was handed to `upsertBatch`. */
  index: number;
  field: string | null;
  message: string;
}

export interface BatchOutcome {
  applied: number;
  skipped: number;
  errors: RowError[];
  /** Rows not used because a later row of the batch had the same id (last wins). */
  superseded: number;
  /** POSTs sent for the batch (more than one after a split or a retry). */
  requests: number;
  /** Wall time of those POSTs (request sent to answer read), and the gateway's own time of them. */
  requestMs: number;
  serverMs: number;
}

/** The gateway did not answer (after the retries): connection refused or reset, timeout, 502-504. */
export class GatewayUnreachableError extends Error {
  override readonly name = 'GatewayUnreachableError';
}

/** The gateway answered but refused the whole call (bad key, missing role, unknown mutation, ...). */
export class GatewayRefusedError extends Error {
  override readonly name = 'GatewayRefusedError';
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

export interface ClientOptions {
  url: string;
  apiKey?: string;
  /** Attempts after the first when the gateway cannot be reached. */
  retries: number;
  /** First back-off delay; doubled on each retry. */
  retryDelayMs: number;
  requestTimeoutMs: number;
  /** Called before waiting for a retry (for the progress output). */
  onRetry?: (reason: string, waitMs: number) => void;
  /** Called when a batch is split (for the progress output). */
  onNote?: (message: string) => void;
  /**
   * Send batches as a table (`rows`): on by default; switched off for the rest of the run, and the
   * batch sent again as objects, when the gateway does not know the table form.
   */
  form?: { table: boolean };
}

interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string; retryAfterSeconds?: number };
}

interface Reply {
  status: number;
  body: {
    data?: {
      upsertKols?: {
        applied: number;
        skipped: number;
        errors: RowError[];
        superseded: { index: number }[];
        tookMs?: number;
      } | null;
    } | null;
    errors?: GraphQLErrorBody[];
  } | null;
  text: string;
}

const MAX_RATE_LIMIT_WAITS = 30;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'request timed out';
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}

async function post(options: ClientOptions, rows: readonly unknown[]): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.apiKey) headers['x-api-key'] = options.apiKey;
  const request =
    options.form?.table !== false
      ? { query: UPSERT_KOL_ROWS, variables: { rows: kolRowsTable(rows) } }
      : { query: UPSERT_KOLS, variables: { input: rows } };
  const response = await fetch(options.url, {
    method: 'POST',
    headers,
    body: JSON.stringify(request),
    signal: AbortSignal.timeout(options.requestTimeoutMs),
  });
  const text = await response.text();
  let body: Reply['body'] = null;
  try {
    body = JSON.parse(text) as Reply['body'];
  } catch {
    body = null;
  }
  return { status: response.status, body, text };
}

const unavailable = (reply: Reply) =>
  !reply.body?.data?.upsertKols &&
  reply.body?.errors?.find((e) => e.extensions?.code === 'UNAVAILABLE');

/**
 * One POST with the transport retries and rate-limit waits applied; with `retryUnavailable`, an
 * UNAVAILABLE answer (a store down, the execution deadline passed) is retried like a lost one.
 */
async function postWithRetries(
  options: ClientOptions,
  rows: readonly unknown[],
  retryUnavailable: boolean,
): Promise<Reply> {
  let failures = 0;
  let rateLimitWaits = 0;
  for (;;) {
    let reason: string;
    try {
      const reply = await post(options, rows);
      const limited =
        reply.status === 429 ||
        reply.body?.errors?.find((e) => e.extensions?.code === 'RATE_LIMITED');
      if (limited && rateLimitWaits < MAX_RATE_LIMIT_WAITS) {
        rateLimitWaits++;
        const seconds =
          reply.body?.errors?.find((e) => e.extensions?.retryAfterSeconds !== undefined)?.extensions
            ?.retryAfterSeconds ?? 1;
        const waitMs = Math.min(60, Math.max(1, seconds)) * 1000;
        options.onRetry?.('rate limited by the gateway', waitMs);
        await sleep(waitMs);
        continue;
      }
      const down = retryUnavailable ? unavailable(reply) : undefined;
      if (down) reason = `UNAVAILABLE: ${down.message}`;
      else if (reply.status < 502 || reply.status > 504) return reply;
      else reason = `HTTP ${reply.status}`;
    } catch (error) {
      reason = describeFailure(error);
    }
    if (failures >= options.retries) {
      throw new GatewayUnreachableError(
        `no answer from ${options.url} (${reason}) after ${failures + 1} attempts`,
      );
    }
    const waitMs = options.retryDelayMs * 2 ** failures;
    failures++;
    options.onRetry?.(reason, waitMs);
    await sleep(waitMs);
  }
}

/**
 * graphql-js rejects the whole request when one row cannot be coerced to `KolInput` (text where an
 * Int belongs, a missing non-null field, an unknown field). Its message names the row:
 * `Variable "$input" got invalid value ... at "input[3].followers"; ...`.
 */
const COERCION =
  /Variable "\$input" got invalid value .* at "input\[(\d+)\](?:\.([A-Za-z_]\w*))?[^"]*"(?:; ?(.*))?$/s;
const NAMED_FIELD = /Field "([A-Za-z_]\w*)" (?:of required type|is not defined)/;

function coercionErrors(errors: readonly GraphQLErrorBody[]): RowError[] | null {
  const rows: RowError[] = [];
  for (const error of errors) {
    const match = COERCION.exec(error.message);
    if (!match) continue;
    const field = match[2] ?? NAMED_FIELD.exec(error.message)?.[1] ?? null;
    rows.push({ index: Number(match[1]), field, message: match[3]?.trim() || error.message });
  }
  return rows.length > 0 ? rows : null;
}

/** `Variable "$followers" got invalid value ...`: executors that name the field, not the row. */
const VARIABLE_FIELD = /^Variable "\$([A-Za-z_]\w*)"/;

function fieldOf(message: string): string | null {
  const variable = VARIABLE_FIELD.exec(message)?.[1];
  if (variable !== undefined && variable !== 'input') return variable;
  return NAMED_FIELD.exec(message)?.[1] ?? null;
}

function refusal(reply: Reply): GatewayRefusedError {
  const first = reply.body?.errors?.[0];
  const code = first?.extensions?.code ?? null;
  const hint =
    code === 'UNAUTHENTICATED'
      ? ' (pass an admin key with --api-key or KOL_API_KEY)'
      : code === 'FORBIDDEN'
        ? ' (upsertKols needs a key with the admin role)'
        : '';
  return new GatewayRefusedError(
    first
      ? `${first.message}${hint}`
      : `unexpected answer (HTTP ${reply.status}): ${reply.text.slice(0, 300)}`,
    code,
  );
}

/**
 * Upserts `rows` (at most the gateway's batch limit). When the GraphQL layer refuses the whole call
 * because of some rows' values, those rows are found — from graphql-js's `input[i]` paths, else by
 * sending each half on its own — and returned as errors while the rest land, so one bad cell never
 * costs its batch.
 */
export async function upsertBatch(
  options: ClientOptions,
  rows: readonly unknown[],
): Promise<BatchOutcome> {
  const outcome: BatchOutcome = {
    applied: 0,
    skipped: 0,
    errors: [],
    superseded: 0,
    requests: 0,
    requestMs: 0,
    serverMs: 0,
  };
  /** Sends the rows at these batch positions. */
  const send = async (positions: readonly number[]): Promise<void> => {
    if (positions.length === 0) return;
    const sent = performance.now();
    const reply = await postWithRetries(
      options,
      positions.map((i) => rows[i]),
      positions.length === 1,
    );
    outcome.requests++;
    outcome.requestMs += performance.now() - sent;
    const result = reply.body?.data?.upsertKols;
    if (result) {
      outcome.serverMs += result.tookMs ?? 0;
      outcome.applied += result.applied;
      outcome.superseded += result.superseded.length;
      outcome.skipped += result.skipped;
      for (const error of result.errors) {
        outcome.errors.push({ ...error, index: positions[error.index] ?? error.index });
      }
      return;
    }
    const errors = reply.body?.errors ?? [];
    if (options.form?.table !== false && errors.some((e) => NO_TABLE_FORM.test(e.message))) {
      options.form = { table: false };
      options.onNote?.('gateway: no table form of upsertKols (an older gateway); sending objects');
      return send(positions);
    }
    const located = coercionErrors(errors);
    const dropped = new Set<number>();
    for (const error of located ?? []) {
      const position = positions[error.index];
      if (position === undefined || dropped.has(position)) continue;
      dropped.add(position);
      outcome.errors.push({ ...error, index: position });
    }
    if (dropped.size > 0) return send(positions.filter((p) => !dropped.has(p)));
    const code = errors[0]?.extensions?.code;
    const tooLarge = reply.status === 413 && positions.length > 1;
    if (code === 'UNAVAILABLE' || tooLarge) {
      // Too much for the gateway's execution deadline or body limit, or a store down: halves are
      // sent on their own (a single row is retried with back-off, then the import stops).
      const why = tooLarge ? 'request body too large' : (errors[0]?.message ?? 'unavailable');
      options.onNote?.(
        `gateway: ${why} — sending these ${positions.length.toLocaleString('en-US')} rows in halves (a smaller --batch avoids this)`,
      );
      const half = Math.ceil(positions.length / 2);
      await send(positions.slice(0, half));
      await send(positions.slice(half));
      return;
    }
    if (code !== 'BAD_USER_INPUT') throw refusal(reply);
    if (positions.length === 1) {
      const message = errors[0]?.message ?? 'refused by the gateway';
      outcome.errors.push({
        index: positions[0]!,
        field: fieldOf(message),
        message,
      });
      return;
    }
    const half = Math.ceil(positions.length / 2);
    await send(positions.slice(0, half));
    await send(positions.slice(half));
  };
  await send(rows.map((_, i) => i));
  return outcome;
}
