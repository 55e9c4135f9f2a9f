/**
 * Real Redis / Kafka / Cassandra for integration tests. `startServices` runs
 * `bash scripts/services/up.sh <services>` (which reuses servers that are already healthy) unless
 * KOL_SKIP_SERVICES is set (CI jobs or developers that run the servers themselves), and returns the
 * environment the gateway needs to reach them (from scripts/services/env.sh). Only 127.0.0.1.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type ServiceName = 'redis' | 'kafka' | 'cassandra';

export const ALL_SERVICES: readonly ServiceName[] = ['redis', 'kafka', 'cassandra'];

export interface ServiceEnv {
  CASSANDRA_CONTACT_POINTS: string;
  CASSANDRA_LOCAL_DC: string;
  REDIS_URL: string;
  KAFKA_BROKERS: string;
}

export const REPO_ROOT = path.resolve(__dirname, '../..');

/** Generous: a first run may download Kafka and Cassandra; Cassandra alone can take 3 minutes. */
const UP_TIMEOUT_MS = 15 * 60_000;

const started = new Map<ServiceName, Promise<void>>();

/** The gateway environment for the local servers (ports honour REDIS_PORT etc. like up.sh). */
export async function serviceEnv(): Promise<ServiceEnv> {
  const env: ServiceEnv = {
    CASSANDRA_CONTACT_POINTS: `127.0.0.1:${process.env.CASSANDRA_PORT ?? '9042'}`,
    CASSANDRA_LOCAL_DC: 'datacenter1',
    REDIS_URL: `redis://127.0.0.1:${process.env.REDIS_PORT ?? '6379'}`,
    KAFKA_BROKERS: `127.0.0.1:${process.env.KAFKA_PORT ?? '9092'}`,
  };
  try {
    const { stdout } = await run('bash', [path.join(REPO_ROOT, 'scripts/services/env.sh')], {
      cwd: REPO_ROOT,
      timeout: 10_000,
    });
    for (const line of stdout.split('\n')) {
      const match = /^(?:export\s+)?([A-Z_]+)=(.*)$/.exec(line.trim());
      if (match && match[1]! in env) env[match[1] as keyof ServiceEnv] = unquote(match[2]!);
    }
  } catch {
    // env.sh missing or failing: the defaults above are what it prints.
  }
  return env;
}

function unquote(value: string): string {
  return value.replace(/^(['"])(.*)\1$/, '$2');
}

/**
 * Starts the given servers once per process (concurrent callers share the start) and returns the
 * gateway environment. Throws with up.sh's output when a server does not become healthy.
 */
export async function startServices(
  services: readonly ServiceName[] = ALL_SERVICES,
): Promise<ServiceEnv> {
  if (process.env.KOL_UNIT_TESTS === '1') {
    throw new Error(
      `this test needs real servers (${services.join(', ')}), but \`npm run test:unit\` runs only ` +
        'tests without them: name the file *.real.test.ts (Redis/Cassandra) or *.kafka.test.ts ' +
        '(Kafka) so that only `npm test` runs it',
    );
  }
  if (!process.env.KOL_SKIP_SERVICES) {
    const todo = services.filter((s) => !started.has(s));
    if (todo.length > 0) {
      const starting = upSh(todo);
      for (const s of todo) started.set(s, starting);
      starting.catch(() => {
        for (const s of todo) started.delete(s);
      });
    }
    await Promise.all(services.map((s) => started.get(s) ?? Promise.resolve()));
  }
  return serviceEnv();
}

async function upSh(services: readonly ServiceName[]): Promise<void> {
  try {
    await run('bash', [path.join(REPO_ROOT, 'scripts/services/up.sh'), ...services], {
      cwd: REPO_ROOT,
      timeout: UP_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message?: string };
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(
      `could not start ${services.join(', ')} with scripts/services/up.sh ` +
        `(set KOL_SKIP_SERVICES=1 to use servers you run yourself):\n${output || e.message}`,
    );
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by test/support/global-services.ts when it started the servers for the whole run. */
    kolServices?: { env: ServiceEnv; services: ServiceName[] };
  }
}

/**
 * For test files: the environment provided by the global setup when it is registered, otherwise
 * starts the servers from this worker.
 */
export async function servicesForTest(services: readonly ServiceName[]): Promise<ServiceEnv> {
  const { inject } = await import('vitest');
  const provided = inject('kolServices');
  if (provided && services.every((s) => provided.services.includes(s))) return provided.env;
  return startServices(services);
}
