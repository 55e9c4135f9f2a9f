import type { Logger } from 'pino';
import { CassandraAlertStore } from './alerts';
import { connectCassandra, type CassandraSession, type CassandraSettings } from './client';
import { applyMigrations, type MigrationResult } from './migrate';
import { CassandraMetricStore } from './metrics';
import { CassandraProfileStore } from './profiles';
import { CassandraScoreStore } from './scores';

export { BackendUnavailableError } from '../errors';
export { CassandraAlertStore } from './alerts';
export {
  CassandraSession,
  connectCassandra,
  DEFAULT_REPLICATION,
  isCassandraUnavailable,
  type CassandraSettings,
  type ConsistencyName,
} from './client';
export { applyMigrations, loadMigrations, splitCql, type MigrationResult } from './migrate';
export { CassandraMetricStore } from './metrics';
export { CassandraProfileStore, segmentKey } from './profiles';
export { CassandraScoreStore } from './scores';

export interface CassandraStores {
  session: CassandraSession;
  profiles: CassandraProfileStore;
  metrics: CassandraMetricStore;
  scores: CassandraScoreStore;
  alerts: CassandraAlertStore;
  migrations: MigrationResult;
}

/** Connects, creates the keyspace when missing, applies pending migrations and builds the stores. */
export async function openCassandraStores(
  settings: CassandraSettings,
  options: { logger?: Logger; migrationsDir?: string } = {},
): Promise<CassandraStores> {
  const session = await connectCassandra(settings, options.logger);
  try {
    const migrations = await applyMigrations(session, {
      dir: options.migrationsDir,
      logger: options.logger,
    });
    return {
      session,
      profiles: new CassandraProfileStore(session),
      metrics: new CassandraMetricStore(session),
      scores: new CassandraScoreStore(session),
      alerts: new CassandraAlertStore(session),
      migrations,
    };
  } catch (error) {
    await session.close().catch(() => undefined);
    throw error;
  }
}
