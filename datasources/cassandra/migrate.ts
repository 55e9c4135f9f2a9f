import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { explainUnavailableAtStart, type CassandraSession } from './client';
import { text } from './rows';

export interface Migration {
  version: number;
  name: string;
  statements: string[];
  checksum: string;
}

export interface MigrationResult {
  applied: number[];
  alreadyApplied: number[];
  tookMs: number;
}

const FILE_PATTERN = /^(\d+)_([a-z0-9_]+)\.cql$/;

/**
 * Where the `.cql` files live: next to this module when running from source, or in the source tree
 * when running the compiled `dist/` build (tsc does not copy them).
 */
export function defaultMigrationsDir(): string {
  const candidates = [
    path.join(__dirname, 'migrations'),
    path.resolve(__dirname, '../../../datasources/cassandra/migrations'),
    path.resolve(process.cwd(), 'datasources/cassandra/migrations'),
  ];
  return candidates.find((dir) => existsSync(dir)) ?? candidates[0]!;
}

export async function loadMigrations(dir = defaultMigrationsDir()): Promise<Migration[]> {
  if (!existsSync(dir)) {
    throw new Error(
      `Cassandra migrations folder ${dir} not found: ship datasources/cassandra/migrations/*.cql ` +
        'with the build (or run from the repository root)',
    );
  }
  const files = (await readdir(dir)).filter((f) => FILE_PATTERN.test(f)).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE_PATTERN.exec(file)!;
    const source = await readFile(path.join(dir, file), 'utf8');
    migrations.push({
      version: Number(match[1]),
      name: match[2]!,
      statements: splitCql(source),
      checksum: createHash('sha256').update(source).digest('hex'),
    });
  }
  const versions = new Set<number>();
  for (const m of migrations) {
    if (versions.has(m.version))
      throw new Error(`duplicate migration version ${m.version} in ${dir}`);
    versions.add(m.version);
  }
  return migrations.sort((a, b) => a.version - b.version);
}

/** Splits a CQL script into statements, dropping `--` and `//` comments; quotes are respected. */
export function splitCql(source: string): string[] {
  const statements: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (quote) {
      current += ch;
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      current += ch;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (two === '--' || two === '//') {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end - 1;
      continue;
    }
    if (ch === ';') {
      if (current.trim()) statements.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) statements.push(current.trim());
  return statements.map((s) => s.replace(/\s+/g, ' '));
}

const LOCK_TTL_SECONDS = 120;

/**
 * Applies every migration not yet recorded in `schema_migrations`, in version order, under a
 * cluster-wide lock (a lightweight-transaction row with a TTL) so that gateway replicas starting
 * together do not run DDL concurrently. Statements are idempotent, so a run that died half way is
 * simply repeated.
 */
export async function applyMigrations(
  session: CassandraSession,
  options: MigrationOptions = {},
): Promise<MigrationResult> {
  try {
    return await migrate(session, options);
  } catch (error) {
    throw await explainUnavailableAtStart(session, error, { doing: 'apply the schema migrations' });
  }
}

interface MigrationOptions {
  dir?: string;
  logger?: Logger;
  lockWaitMs?: number;
}

async function migrate(
  session: CassandraSession,
  options: MigrationOptions,
): Promise<MigrationResult> {
  const started = Date.now();
  const migrations = await loadMigrations(options.dir);
  await session.write(
    `CREATE TABLE IF NOT EXISTS ${session.table('schema_migrations')} (` +
      'version int PRIMARY KEY, name text, checksum text, applied_at timestamp)',
    [],
  );
  await session.write(
    `CREATE TABLE IF NOT EXISTS ${session.table('schema_migrations_lock')} (` +
      'name text PRIMARY KEY, owner text)',
    [],
  );

  const pending = async (): Promise<{ todo: Migration[]; done: number[] }> => {
    const rows = await session.readAll(
      `SELECT version, checksum FROM ${session.table('schema_migrations')}`,
      [],
    );
    const applied = new Map(rows.map((r) => [Number(r.get('version')), text(r, 'checksum')]));
    for (const m of migrations) {
      const checksum = applied.get(m.version);
      if (checksum !== undefined && checksum !== m.checksum) {
        options.logger?.warn(
          { version: m.version, name: m.name },
          'an applied Cassandra migration was edited afterwards; add a new migration instead',
        );
      }
    }
    return {
      todo: migrations.filter((m) => !applied.has(m.version)),
      done: migrations.filter((m) => applied.has(m.version)).map((m) => m.version),
    };
  };

  let state = await pending();
  if (state.todo.length === 0) {
    return { applied: [], alreadyApplied: state.done, tookMs: Date.now() - started };
  }

  const owner = randomUUID();
  await acquireLock(session, owner, options.lockWaitMs ?? 60_000);
  try {
    state = await pending();
    for (const migration of state.todo) {
      const t0 = Date.now();
      for (const statement of migration.statements) await session.write(statement, []);
      await session.write(
        `INSERT INTO ${session.table('schema_migrations')} (version, name, checksum, applied_at) ` +
          'VALUES (?, ?, ?, ?)',
        [migration.version, migration.name, migration.checksum, new Date()],
      );
      options.logger?.info(
        { version: migration.version, name: migration.name, ms: Date.now() - t0 },
        'applied Cassandra migration',
      );
    }
  } finally {
    await session
      .writeConditional(
        `DELETE FROM ${session.table('schema_migrations_lock')} WHERE name = 'migrations' IF owner = ?`,
        [owner],
      )
      .catch(() => undefined);
  }
  return {
    applied: state.todo.map((m) => m.version),
    alreadyApplied: state.done,
    tookMs: Date.now() - started,
  };
}

async function acquireLock(
  session: CassandraSession,
  owner: string,
  waitMs: number,
): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const result = await session
      .writeConditional(
        `INSERT INTO ${session.table('schema_migrations_lock')} (name, owner) VALUES ('migrations', ?) ` +
          `IF NOT EXISTS USING TTL ${LOCK_TTL_SECONDS}`,
        [owner],
      )
      .catch(async (error: unknown) => {
        throw await explainUnavailableAtStart(session, error, {
          doing: 'take the schema-migration lock',
          lightweightTransaction: true,
        });
      });
    if (result.wasApplied()) return;
    if (Date.now() > deadline) {
      throw new Error(
        'Cassandra schema migrations are locked by another gateway instance; if none is running, ' +
          `wait ${LOCK_TTL_SECONDS} s for the lock to expire`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
