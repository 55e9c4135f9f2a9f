/**
 * The registry over the real-mode store (Cassandra): two gateway processes, each with its own
 * Cassandra session on one keyspace, follow each other's promotions; a restart keeps the stage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RealDataSources } from '../../datasources/real';
import { ModelRegistry } from '../../inference';
import { openRealDataSources, realEnv, runId } from '../datasources/real-support';
import { MODELS_DIR } from './helpers';

const keyspace = `kol_test_registry_${runId()}`;
let first: { data: RealDataSources; cleanup: () => Promise<void> };
let second: { data: RealDataSources; cleanup: () => Promise<void> };

beforeAll(async () => {
  const env = await realEnv(['redis', 'cassandra']);
  first = await openRealDataSources(env, { CASSANDRA_KEYSPACE: keyspace });
  second = await openRealDataSources(env, { CASSANDRA_KEYSPACE: keyspace });
}, 120_000);

afterAll(async () => {
  await second?.data.close();
  await first?.data.close();
  await first?.cleanup();
});

async function until(check: () => boolean, ms: number): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('registry over Cassandra', () => {
  it('a promotion on one process is served by another within 5 s and survives a restart', async () => {
    const a = await ModelRegistry.load(MODELS_DIR, {
      store: first.data.registry,
      pollIntervalMs: 500,
    });
    const b = await ModelRegistry.load(MODELS_DIR, {
      store: second.data.registry,
      pollIntervalMs: 500,
    });
    try {
      a.promote('trust', '1.1.0', 'admin-key');
      a.setCanaryShare(0.4, 'success', 'admin-key');
      await a.whenSaved();
      await until(() => b.production('trust').version === '1.1.0', 5_000);
      await until(() => b.canaryShare('success') === 0.4, 5_000);
      const events = await b.events({ model: 'trust', limit: 5 });
      expect(events[0]).toMatchObject({
        action: 'PROMOTE',
        fromVersion: '1.0.0',
        toVersion: '1.1.0',
      });
    } finally {
      await a.close();
      await b.close();
    }
    const restarted = await ModelRegistry.load(MODELS_DIR, { store: second.data.registry });
    try {
      expect(restarted.production('trust').version).toBe('1.1.0');
      expect(restarted.rollback('trust', 'admin-key').version).toBe('1.0.0');
      await restarted.whenSaved();
    } finally {
      await restarted.close();
    }
  }, 60_000);
});
