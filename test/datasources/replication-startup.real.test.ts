/**
 * Start-up against a keyspace whose replication does not fit the cluster or the settings, on the
 * shared single-node Cassandra: a factor above the live nodes (Unavailable) stops the start with
 * one line that says why and what to do; an existing keyspace with another replication than
 * CASSANDRA_REPLICATION is left alone, with one warning. Each test drops its own keyspace.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CassandraReplication } from '../../config/settings';
import { openRealDataSources as openStores } from '../../datasources/real';
import type { ServiceEnv } from '../support/services';
import { dropTestData, realEnv, storeSettings, testLogger } from './real-support';

function withReplication(env: ServiceEnv, replication: CassandraReplication) {
  const settings = storeSettings(env);
  return { ...settings, cassandra: { ...settings.cassandra, replication } };
}

/** A logger that keeps the message of every line at warn and above. */
function capturingLogger(): { logger: pino.Logger; messages: string[] } {
  const messages: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      messages.push((JSON.parse(chunk.toString()) as { msg: string }).msg);
      done();
    },
  });
  return { logger: pino({ level: 'warn' }, sink), messages };
}

describe('real stores: keyspace replication at start', () => {
  let env: ServiceEnv;
  const dropped: Array<{ keyspace: string; prefix: string }> = [];

  beforeAll(async () => {
    env = await realEnv(['redis', 'cassandra']);
  });

  afterAll(async () => {
    for (const { keyspace, prefix } of dropped) {
      await dropTestData(env, keyspace, env.REDIS_URL, prefix);
    }
  });

  it('stops with one line naming the consistency, the replicas, the replication and the fix', async () => {
    const replication = {
      strategy: 'NetworkTopologyStrategy' as const,
      factors: { [env.CASSANDRA_LOCAL_DC]: 3 },
    };
    const settings = withReplication(env, replication);
    const keyspace = settings.cassandra.keyspace;
    dropped.push({ keyspace, prefix: settings.redis.keyPrefix });
    const failure = await openStores(settings, testLogger()).then(
      () => new Error('expected the start to fail'),
      (error: unknown) => error as Error,
    );
    const { message } = failure;
    expect(message).not.toContain('\n');
    expect(message).toContain(`keyspace "${keyspace}"`);
    expect(message).toMatch(/consistency LOCAL_QUORUM needs 2 replicas but only 1 alive/);
    expect(message).toContain(`The keyspace has replication ${env.CASSANDRA_LOCAL_DC}:3`);
    expect(message).toContain(`live nodes per data centre: ${env.CASSANDRA_LOCAL_DC} 1`);
    expect(message).toContain('lower CASSANDRA_REPLICATION');
    expect(message).toContain(
      `ALTER KEYSPACE ${keyspace} WITH replication = {'class': 'NetworkTopologyStrategy', '${env.CASSANDRA_LOCAL_DC}': 1}`,
    );
    expect(message).toContain('CASSANDRA_WRITE_CONSISTENCY');
  });

  it('leaves an existing keyspace with another replication as it is, with one warning', async () => {
    const created = withReplication(env, { strategy: 'SimpleStrategy', factor: 1 });
    const keyspace = created.cassandra.keyspace;
    dropped.push({ keyspace, prefix: created.redis.keyPrefix });
    const first = await openStores(created, testLogger());
    await first.close();

    const { logger, messages } = capturingLogger();
    const configured = {
      strategy: 'NetworkTopologyStrategy' as const,
      factors: { [env.CASSANDRA_LOCAL_DC]: 1 },
    };
    const again = await openStores(
      { ...created, cassandra: { ...created.cassandra, replication: configured } },
      logger,
    );
    try {
      const rows = await again.cassandra.readAll(
        'SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?',
        [keyspace],
      );
      expect((rows[0]?.get('replication') as Record<string, string>).class).toMatch(
        /SimpleStrategy$/,
      );
    } finally {
      await again.close();
    }
    const warnings = messages.filter((m) => m.includes('already exists with replication'));
    expect(warnings).toEqual([
      `keyspace "${keyspace}" already exists with replication SimpleStrategy:1, not the configured ` +
        `CASSANDRA_REPLICATION=${env.CASSANDRA_LOCAL_DC}:1; an existing keyspace is not changed ` +
        `automatically: to apply the setting run ALTER KEYSPACE ${keyspace} WITH replication = ` +
        `{'class': 'NetworkTopologyStrategy', '${env.CASSANDRA_LOCAL_DC}': 1} and then nodetool ` +
        'repair -full on every node (or set CASSANDRA_REPLICATION to match the keyspace)',
    ]);

    const { logger: quiet, messages: none } = capturingLogger();
    const same = await openStores(created, quiet);
    await same.close();
    expect(none.filter((m) => m.includes('already exists'))).toEqual([]);
  });
});
