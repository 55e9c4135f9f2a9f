import { describeDataSourceContract } from './contract';
import { openRealDataSources, realEnv } from './real-support';

// Each group of the contract gets a fresh keyspace and Redis prefix (created on the servers of
// scripts/services/up.sh, dropped afterwards).
describeDataSourceContract('real (Cassandra + Redis)', async () => {
  const env = await realEnv(['redis', 'cassandra']);
  return openRealDataSources(env);
});
