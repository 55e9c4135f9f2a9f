import {
  Client,
  ExecutionProfile,
  concurrent,
  errors as driverErrors,
  policies,
  types,
  type QueryOptions,
} from 'cassandra-driver';
import type { Logger } from 'pino';
import {
  formatReplication,
  replicationFromSchema,
  sameReplication,
} from '../../config/replication';
import type { CassandraReplication } from '../../config/settings';
import { mapConcurrent, withTimeout } from '../shared/async';
import { BackendUnavailableError, describeError } from '../shared/errors';

export type ConsistencyName = 'ONE' | 'LOCAL_ONE' | 'QUORUM' | 'LOCAL_QUORUM' | 'ALL';

/** Keyspace replication: one factor, or one per data center (NetworkTopologyStrategy). */
export type ReplicationSettings = CassandraReplication;

/** The CQL map literal of a replication setting. */
export function replicationCql(replication: ReplicationSettings): string {
  if (replication.strategy === 'SimpleStrategy') {
    return `{'class': 'SimpleStrategy', 'replication_factor': ${Math.floor(replication.factor)}}`;
  }
  const dcs = Object.entries(replication.factors).map(
    ([dc, factor]) => `'${dc.replace(/'/g, "''")}': ${Math.floor(factor)}`,
  );
  return `{'class': 'NetworkTopologyStrategy', ${dcs.join(', ')}}`;
}

export interface CassandraClientOptions {
  /** `host` or `host:port` (9042 when no port is given). */
  contactPoints: readonly string[];
  localDataCenter: string;
  keyspace: string;
  username?: string;
  password?: string;
  readConsistency: ConsistencyName;
  writeConsistency: ConsistencyName;
  /**
   * Replication of the keyspace when it has to be created (an existing keyspace is left as it is:
   * changing it is an operator's ALTER KEYSPACE plus a repair). Default SimpleStrategy, RF 1.
   */
  replication?: ReplicationSettings;
  /** Bound on the whole initial connection (every contact point), default 10 s. */
  connectTimeoutMs?: number;
  /** Client-side timeout of one request on one host, default 5 s. */
  requestTimeoutMs?: number;
  /** Grouping of independent writes (default DEFAULT_WRITE_BATCH). */
  writeBatch?: Partial<WriteBatchSettings>;
}

export const DEFAULT_REPLICATION: ReplicationSettings = { strategy: 'SimpleStrategy', factor: 1 };

const READ_PROFILE = 'kol-read';
const WRITE_PROFILE = 'kol-write';

/** Server-side error codes that mean "the data is fine, the cluster is not answering right now". */
const UNAVAILABLE_RESPONSE_CODES: ReadonlySet<number> = new Set([
  types.responseErrorCodes.serverError,
  types.responseErrorCodes.unavailableException,
  types.responseErrorCodes.overloaded,
  types.responseErrorCodes.isBootstrapping,
  types.responseErrorCodes.truncateError,
  types.responseErrorCodes.writeTimeout,
  types.responseErrorCodes.readTimeout,
  types.responseErrorCodes.readFailure,
  types.responseErrorCodes.writeFailure,
]);

/**
 * True for errors that come from the cluster or the network being unavailable (as opposed to a bad
 * statement or bad arguments, which are programming errors and stay as they are).
 */
export function isCassandraUnavailable(error: unknown): boolean {
  if (error instanceof driverErrors.ResponseError)
    return UNAVAILABLE_RESPONSE_CODES.has(error.code);
  if (error instanceof driverErrors.ArgumentError) return false;
  if (error instanceof driverErrors.NotSupportedError) return false;
  if (error instanceof driverErrors.DriverError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(ECONN|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)/.test(code);
}

const BUSY_RESPONSE_CODES: ReadonlySet<number> = new Set([
  types.responseErrorCodes.writeTimeout,
  types.responseErrorCodes.overloaded,
]);

/**
 * "Too busy right now": the node answered write timeout / overloaded, or did not answer within
 * the request timeout (the request may succeed when sent again).
 */
function isBusy(error: unknown): boolean {
  const cause = error instanceof BackendUnavailableError ? error.cause : error;
  if (cause instanceof driverErrors.ResponseError) {
    return BUSY_RESPONSE_CODES.has(cause.code);
  }
  if (cause instanceof driverErrors.OperationTimedOutError) return true;
  if (cause instanceof driverErrors.NoHostAvailableError) {
    const inner = Object.values((cause.innerErrors ?? {}) as Record<string, unknown>);
    return inner.length > 0 && inner.every(isBusy);
  }
  return false;
}

/** Runs an idempotent request, again (twice at most, after 0.2 s and 0.4 s) while the node is busy. */
async function whileBusy<T>(request: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      if (attempt >= 3 || !isBusy(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

export function toCassandraError(error: unknown): unknown {
  if (error instanceof BackendUnavailableError) return error;
  return isCassandraUnavailable(error) ? new BackendUnavailableError('cassandra', error) : error;
}

export type Params = readonly unknown[];

/** How `CassandraSession.writeBatched` groups independent writes (see there). */
export interface WriteBatchSettings {
  /** Statements per unlogged batch; 1 = one token-aware request per row (large clusters). */
  maxRows: number;
  /** Bound values per batch, estimated (the server refuses batches over 50 KB by default). */
  maxBytes: number;
  /** Batches in flight. */
  inFlight: number;
}

export const DEFAULT_WRITE_BATCH: WriteBatchSettings = {
  maxRows: 100,
  maxBytes: 24_000,
  inFlight: 12,
};

const CELL_BYTES = 20;

/**
 * An estimate of what bound values weigh in the server's batch size check, which counts the
 * mutation's cells (each with its timestamp and flags; a null is a tombstone cell): the UTF-8
 * bytes of strings plus CELL_BYTES per value.
 */
export function boundBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8') + CELL_BYTES;
  if (value === null || value === undefined || typeof value !== 'object') return CELL_BYTES + 8;
  if (value instanceof Date) return CELL_BYTES + 8;
  // A value already encoded (a blob, a pre-serialised collection) weighs its bytes.
  if (Buffer.isBuffer(value)) return value.length + CELL_BYTES;
  let total = CELL_BYTES;
  if (Array.isArray(value)) for (const item of value as unknown[]) total += boundBytes(item);
  else for (const item of Object.values(value)) total += boundBytes(item);
  return total;
}

export interface Statement {
  query: string;
  params: Params;
}

/**
 * The gateway's handle on Cassandra: one driver `Client` (token-aware, DC-aware, prepared statements
 * by default, consistency per read/write profile) plus the few access patterns the stores need.
 * Every method rejects with `BackendUnavailableError('cassandra')` when the cluster cannot answer.
 */
export class CassandraSession {
  readonly writeBatch: WriteBatchSettings;

  constructor(
    readonly client: Client,
    readonly keyspace: string,
    private readonly logger?: Logger,
    writeBatch: Partial<WriteBatchSettings> = {},
  ) {
    this.writeBatch = { ...DEFAULT_WRITE_BATCH, ...writeBatch };
  }

  /** `keyspace.table`, for statements that must not depend on the connection's current keyspace. */
  table(name: string): string {
    return `${this.keyspace}.${name}`;
  }

  async read(query: string, params: Params, fetchSize?: number): Promise<types.ResultSet> {
    return this.run(query, params, { executionProfile: READ_PROFILE, fetchSize });
  }

  async write(query: string, params: Params): Promise<types.ResultSet> {
    return this.run(query, params, { executionProfile: WRITE_PROFILE, isIdempotent: true });
  }

  /** A conditional (lightweight transaction) write: LOCAL_SERIAL, never retried blindly. */
  async writeConditional(query: string, params: Params): Promise<types.ResultSet> {
    return this.run(query, params, {
      executionProfile: WRITE_PROFILE,
      serialConsistency: types.consistencies.localSerial,
      isIdempotent: false,
    });
  }

  /** Logged batch: all statements apply or none do. */
  async batch(statements: readonly Statement[]): Promise<void> {
    if (statements.length === 0) return;
    try {
      await this.client.batch(
        statements.map((s) => ({ query: s.query, params: [...s.params] })),
        { prepare: true, executionProfile: WRITE_PROFILE, logged: true, isIdempotent: true },
      );
    } catch (error) {
      throw toCassandraError(error);
    }
  }

  /**
   * Unlogged batch: for statements on ONE partition (applied together by the replica that owns
   * it, with no batch log); across partitions prefer `writeConcurrent`.
   */
  async unloggedBatch(statements: readonly Statement[]): Promise<void> {
    if (statements.length === 0) return;
    try {
      await this.client.batch(
        statements.map((s) => ({ query: s.query, params: [...s.params] })),
        { prepare: true, executionProfile: WRITE_PROFILE, logged: false, isIdempotent: true },
      );
    } catch (error) {
      throw toCassandraError(error);
    }
  }

  /**
   * Many independent writes as unlogged batches of at most `writeBatch.maxRows` statements and
   * `writeBatch.maxBytes` of bound values (under the server's batch size failure threshold),
   * `writeBatch.inFlight` batches at a time; statements for one partition should be adjacent so
   * they share a batch. Why batches across partitions: on one node (or a few) the cost is per
   * request, not per row (measured here: 10-row batches ~6k rows/s, 100-row batches 15-20k rows/s,
   * one request per row 4-6k rows/s), and the coordinator applies every row locally. On a large
   * cluster a multi-partition batch loses token-aware routing (its coordinator forwards most rows,
   * one more hop each): set `maxRows: 1` there, which writes each row as its own token-aware
   * request with `inFlight * 8` requests in flight.
   */
  async writeBatched(statements: readonly Statement[]): Promise<void> {
    const { maxRows, maxBytes, inFlight } = this.writeBatch;
    if (maxRows <= 1) return this.writeConcurrent(statements, inFlight * 8);
    const batches: Statement[][] = [];
    let current: Statement[] = [];
    let bytes = 0;
    for (const statement of statements) {
      const size = boundBytes(statement.params);
      if (current.length > 0 && (current.length >= maxRows || bytes + size > maxBytes)) {
        batches.push(current);
        current = [];
        bytes = 0;
      }
      current.push(statement);
      bytes += size;
    }
    if (current.length > 0) batches.push(current);
    // A busy node's batch is sent again (the rows are idempotent) rather than failing an import.
    await mapConcurrent(batches, inFlight, (batch) =>
      whileBusy(async () => {
        if (batch.length === 1) await this.write(batch[0]!.query, batch[0]!.params);
        else await this.unloggedBatch(batch);
      }),
    );
  }

  /**
   * Runs many independent writes as one logical call: concurrently (bounded), failing on the first
   * error so the caller can retry the whole (idempotent) batch.
   */
  async writeConcurrent(statements: readonly Statement[], concurrencyLevel = 64): Promise<void> {
    if (statements.length === 0) return;
    if (statements.length === 1) {
      const only = statements[0]!;
      await this.write(only.query, only.params);
      return;
    }
    try {
      await concurrent.executeConcurrent(
        this.client,
        statements.map((s) => ({ query: s.query, params: [...s.params] })),
        { concurrencyLevel, executionProfile: WRITE_PROFILE, raiseOnFirstError: true },
      );
    } catch (error) {
      throw toCassandraError(error);
    }
  }

  /**
   * Runs one read per parameter list concurrently (bounded) and returns the result sets in the order
   * of `paramsList`: the read side of a batch-shaped store method, one logical call.
   */
  async readConcurrent(
    query: string,
    paramsList: readonly Params[],
    concurrencyLevel = 64,
  ): Promise<types.ResultSet[]> {
    return mapConcurrent(paramsList, concurrencyLevel, (params) => this.read(query, params));
  }

  /**
   * A multi-partition read: `query` starts with an `IN ?` on the partition key (first bind
   * marker), run for `ids` in chunks of `chunk` (concurrently, bounded), each chunk paged. One
   * statement per chunk instead of one per id; the rows of every chunk, in no particular order.
   */
  async readIn(
    query: string,
    ids: readonly string[],
    params: Params = [],
    options: { chunk?: number; concurrency?: number; fetchSize?: number } = {},
  ): Promise<types.Row[]> {
    const unique = [...new Set(ids)];
    const size = options.chunk ?? 100;
    const chunks: string[][] = [];
    for (let i = 0; i < unique.length; i += size) chunks.push(unique.slice(i, i + size));
    const pages = await mapConcurrent(chunks, options.concurrency ?? 16, (chunk) =>
      this.readAll(query, [chunk, ...params], options.fetchSize ?? 5_000),
    );
    return pages.flat();
  }

  /**
   * Pages through a (possibly long) result, `fetchSize` rows per round trip. `retryBusy`: a page
   * the node was too busy to answer is asked for again (twice at most), for long scans.
   */
  async *pages(
    query: string,
    params: Params,
    fetchSize: number,
    retryBusy = false,
  ): AsyncGenerator<types.Row[]> {
    let pageState: string | undefined;
    do {
      const options = { executionProfile: READ_PROFILE, fetchSize, pageState };
      const result = retryBusy
        ? await whileBusy(() => this.run(query, params, options))
        : await this.run(query, params, options);
      yield result.rows;
      pageState = result.pageState ?? undefined;
    } while (pageState);
  }

  async readAll(query: string, params: Params, fetchSize = 1000): Promise<types.Row[]> {
    const rows: types.Row[] = [];
    for await (const page of this.pages(query, params, fetchSize)) rows.push(...page);
    return rows;
  }

  async ping(): Promise<void> {
    await this.run('SELECT release_version FROM system.local', [], {
      executionProfile: READ_PROFILE,
    });
  }

  async close(): Promise<void> {
    await this.client.shutdown();
  }

  private async run(
    query: string,
    params: Params,
    options: QueryOptions,
  ): Promise<types.ResultSet> {
    try {
      return await this.client.execute(query, [...params], { prepare: true, ...options });
    } catch (error) {
      const mapped = toCassandraError(error);
      if (mapped instanceof BackendUnavailableError) {
        this.logger?.debug({ err: describeError(error) }, 'cassandra request failed');
      }
      throw mapped;
    }
  }
}

/** Builds the driver client: token-aware over DC-aware round robin, bounded timeouts, reconnection. */
export function createCassandraClient(settings: CassandraClientOptions, logger?: Logger): Client {
  const requestTimeout = settings.requestTimeoutMs ?? 5_000;
  const client = new Client({
    contactPoints: [...settings.contactPoints],
    localDataCenter: settings.localDataCenter,
    credentials:
      settings.username !== undefined
        ? { username: settings.username, password: settings.password ?? '' }
        : undefined,
    policies: {
      loadBalancing: new policies.loadBalancing.TokenAwarePolicy(
        new policies.loadBalancing.DCAwareRoundRobinPolicy(settings.localDataCenter),
      ),
      // A node that went away is retried every 0.25 s at first, then every 5 s at most, forever:
      // the stores recover by themselves when it comes back.
      reconnection: new policies.reconnection.ExponentialReconnectionPolicy(250, 5_000, false),
      retry: new policies.retry.RetryPolicy(),
    },
    socketOptions: {
      connectTimeout: Math.min(settings.connectTimeoutMs ?? 10_000, 5_000),
      readTimeout: requestTimeout,
      keepAlive: true,
      tcpNoDelay: true,
    },
    pooling: { heartBeatInterval: 5_000, warmup: true },
    queryOptions: {
      prepare: true,
      consistency: types.consistencies[consistencyKey(settings.readConsistency)],
      fetchSize: 1000,
    },
    profiles: [
      new ExecutionProfile(READ_PROFILE, {
        consistency: types.consistencies[consistencyKey(settings.readConsistency)],
        readTimeout: requestTimeout,
      }),
      new ExecutionProfile(WRITE_PROFILE, {
        consistency: types.consistencies[consistencyKey(settings.writeConsistency)],
        serialConsistency: types.consistencies.localSerial,
        readTimeout: requestTimeout,
      }),
    ],
  });
  client.on('hostDown', (host: { address: string }) =>
    logger?.warn({ host: host.address }, 'cassandra host down; the driver keeps reconnecting'),
  );
  client.on('hostUp', (host: { address: string }) =>
    logger?.info({ host: host.address }, 'cassandra host up'),
  );
  return client;
}

type ConsistencyKey = 'one' | 'localOne' | 'quorum' | 'localQuorum' | 'all';

function consistencyKey(name: ConsistencyName): ConsistencyKey {
  switch (name) {
    case 'ONE':
      return 'one';
    case 'LOCAL_ONE':
      return 'localOne';
    case 'QUORUM':
      return 'quorum';
    case 'LOCAL_QUORUM':
      return 'localQuorum';
    case 'ALL':
      return 'all';
  }
}

/**
 * Connects, creates the keyspace when missing and switches to it. Any failure becomes ONE line that
 * names Cassandra, the contact points, the reason and the fix (no stack, no driver dump).
 */
export async function connectCassandra(
  settings: CassandraClientOptions,
  logger?: Logger,
): Promise<CassandraSession> {
  const where = `Cassandra at ${settings.contactPoints.join(',')}`;
  const timeoutMs = settings.connectTimeoutMs ?? 10_000;
  const client = createCassandraClient(settings, logger);
  try {
    await withTimeout(client.connect(), timeoutMs, `no answer within ${timeoutMs / 1000} s`);
  } catch (error) {
    await client.shutdown().catch(() => undefined);
    throw new Error(startupMessage(where, error, settings.localDataCenter));
  }
  try {
    const configured = settings.replication ?? DEFAULT_REPLICATION;
    const existing = await keyspaceReplication(client, settings.keyspace);
    if (existing === undefined) {
      await client.execute(
        `CREATE KEYSPACE IF NOT EXISTS ${settings.keyspace} WITH replication = ${replicationCql(configured)}`,
      );
    } else if (!matches(configured, existing)) {
      logger?.warn(mismatchMessage(settings.keyspace, configured, existing));
    }
    await client.execute(`USE ${settings.keyspace}`);
  } catch (error) {
    await client.shutdown().catch(() => undefined);
    throw new Error(
      `${where} could not prepare keyspace "${settings.keyspace}" (${describeError(error)}): ` +
        'check CASSANDRA_KEYSPACE and the replication settings',
    );
  }
  return new CassandraSession(client, settings.keyspace, logger, settings.writeBatch);
}

type SchemaReplication = Readonly<Record<string, string>>;

/** A keyspace's replication map as system_schema lists it; undefined when there is no keyspace. */
async function keyspaceReplication(
  client: Client,
  keyspace: string,
): Promise<SchemaReplication | undefined> {
  const result = await client.execute(
    'SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?',
    [keyspace],
    { prepare: true },
  );
  return result.first()?.get('replication') as SchemaReplication | undefined;
}

function matches(configured: ReplicationSettings, existing: SchemaReplication): boolean {
  const actual = replicationFromSchema(existing);
  return actual !== undefined && sameReplication(configured, actual);
}

function describeSchemaReplication(existing: SchemaReplication | undefined): string {
  if (existing === undefined) return 'unknown';
  const known = replicationFromSchema(existing);
  return known === undefined ? JSON.stringify(existing) : formatReplication(known);
}

/**
 * CASSANDRA_REPLICATION only shapes a keyspace the gateway creates; an existing one keeps its
 * replication (changing it takes an ALTER plus a repair, an operator's decision), so say so.
 */
function mismatchMessage(
  keyspace: string,
  configured: ReplicationSettings,
  existing: SchemaReplication,
): string {
  return (
    `keyspace "${keyspace}" already exists with replication ${describeSchemaReplication(existing)}, ` +
    `not the configured CASSANDRA_REPLICATION=${formatReplication(configured)}; an existing keyspace ` +
    'is not changed automatically: to apply the setting run ' +
    `ALTER KEYSPACE ${keyspace} WITH replication = ${replicationCql(configured)} ` +
    'and then nodetool repair -full on every node (or set CASSANDRA_REPLICATION to match the keyspace)'
  );
}

interface UnavailableAnswer {
  consistency: string;
  required: number;
  alive: number;
}

/** Cassandra's Unavailable answer inside `error` (a driver error, possibly wrapped once or twice). */
function findUnavailable(error: unknown, depth = 0): UnavailableAnswer | undefined {
  if (depth > 4 || error === null || typeof error !== 'object') return undefined;
  if (error instanceof driverErrors.ResponseError) {
    if (error.code !== Number(types.responseErrorCodes.unavailableException)) return undefined;
    const fields = error as unknown as {
      consistencies?: number;
      required?: number;
      alive?: number;
    };
    return {
      consistency: consistencyName(fields.consistencies),
      required: fields.required ?? 0,
      alive: fields.alive ?? 0,
    };
  }
  if (error instanceof driverErrors.NoHostAvailableError) {
    const inner = Object.values((error.innerErrors ?? {}) as Record<string, unknown>);
    for (const cause of inner) {
      const found = findUnavailable(cause, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  return findUnavailable((error as { cause?: unknown }).cause, depth + 1);
}

/** `types.consistencies.localQuorum` -> `LOCAL_QUORUM`. */
function consistencyName(code: number | undefined): string {
  const key = Object.entries(types.consistencies).find(([, value]) => value === code)?.[0];
  return key === undefined ? 'unknown' : key.replace(/[A-Z]/g, '_$&').toUpperCase();
}

/** Nodes up per data centre, as the driver sees them. */
function liveNodes(client: Client): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const host of client.hosts.values()) {
    if (host.isUp()) counts[host.datacenter] = (counts[host.datacenter] ?? 0) + 1;
  }
  return counts;
}

/** The keyspace's replication with no factor above the data centre's live nodes. */
function fittingReplication(
  replication: ReplicationSettings,
  live: Readonly<Record<string, number>>,
): ReplicationSettings {
  const fit = (factor: number, nodes: number | undefined): number =>
    Math.max(1, Math.min(factor, nodes ?? factor));
  if (replication.strategy === 'SimpleStrategy') {
    const total = Object.values(live).reduce((sum, n) => sum + n, 0);
    return { strategy: 'SimpleStrategy', factor: fit(replication.factor, total) };
  }
  const factors = Object.entries(replication.factors).map(([dc, f]): [string, number] => [
    dc,
    fit(f, live[dc]),
  ]);
  return { strategy: 'NetworkTopologyStrategy', factors: Object.fromEntries(factors) };
}

export interface StartupStep {
  /** What was being done, after "Cassandra cannot …". */
  doing: string;
  /** A lightweight transaction needs a serial quorum whatever the consistency settings say. */
  lightweightTransaction?: boolean;
}

/**
 * At start, Cassandra's Unavailable answer (more replicas required than alive, typically a
 * replication factor above the nodes of a data centre) becomes ONE line naming the consistency,
 * required against alive replicas, the keyspace's replication and the fixes; without it the
 * operator sees only "temporarily unavailable". Any other error is returned unchanged.
 */
export async function explainUnavailableAtStart(
  session: CassandraSession,
  error: unknown,
  step: StartupStep,
): Promise<unknown> {
  const answer = findUnavailable(error);
  if (answer === undefined) return error;
  const existing = await keyspaceReplication(session.client, session.keyspace).catch(
    () => undefined,
  );
  return new Error(unavailableMessage(session, answer, step, existing));
}

function unavailableMessage(
  session: CassandraSession,
  answer: UnavailableAnswer,
  step: StartupStep,
  existing: SchemaReplication | undefined,
): string {
  const ks = session.keyspace;
  const live = liveNodes(session.client);
  const nodes = Object.entries(live).map(([dc, n]) => `${dc} ${n}`);
  const current = existing === undefined ? undefined : replicationFromSchema(existing);
  const alter =
    current === undefined
      ? `ALTER KEYSPACE ${ks} WITH replication = {…} (at most one replica per live node)`
      : `ALTER KEYSPACE ${ks} WITH replication = ${replicationCql(fittingReplication(current, live))}`;
  const consistency = step.lightweightTransaction
    ? 'lowering CASSANDRA_WRITE_CONSISTENCY does not help this step: it is a lightweight ' +
      'transaction, which always needs a quorum of the replicas'
    : 'or lower CASSANDRA_WRITE_CONSISTENCY / CASSANDRA_READ_CONSISTENCY (e.g. LOCAL_ONE)';
  return (
    `Cassandra cannot ${step.doing} in keyspace "${ks}": consistency ${answer.consistency} needs ` +
    `${answer.required} replicas but only ${answer.alive} alive. The keyspace has replication ` +
    `${describeSchemaReplication(existing)}; live nodes per data centre: ${nodes.join(', ') || 'none'}. ` +
    `Fix: if the keyspace holds no data yet, DROP KEYSPACE ${ks} and start with a lower ` +
    'CASSANDRA_REPLICATION (it applies only to a keyspace the migrations create); otherwise run ' +
    `${alter} and then nodetool repair -full, or add nodes; ${consistency}`
  );
}

function startupMessage(where: string, error: unknown, localDc: string): string {
  const reason = firstCause(error);
  if (error instanceof driverErrors.AuthenticationError || /authenticat/i.test(reason)) {
    return `${where} rejected the credentials (${reason}): fix CASSANDRA_USERNAME / CASSANDRA_PASSWORD`;
  }
  if (/localDataCenter|data ?center/i.test(reason)) {
    return (
      `${where} has no data center "${localDc}" (${reason}): ` +
      'fix CASSANDRA_LOCAL_DC (a single local node is usually "datacenter1")'
    );
  }
  return (
    `${where} is unreachable (${reason}): start it with "npm run services:up" ` +
    'or fix CASSANDRA_CONTACT_POINTS'
  );
}

/** The most specific reason in a driver error (NoHostAvailableError wraps one error per host). */
function firstCause(error: unknown): string {
  if (error instanceof driverErrors.NoHostAvailableError) {
    const inner: unknown = error.innerErrors;
    if (inner && typeof inner === 'object') {
      const first = Object.values(inner as Record<string, unknown>)[0];
      if (first !== undefined) return oneLine(describeError(first));
    }
  }
  return oneLine(describeError(error));
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
