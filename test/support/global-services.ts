/**
 * vitest globalSetup: starts Redis, Kafka and Cassandra once for the whole run (scripts/services/
 * up.sh; skipped when KOL_SKIP_SERVICES is set) and provides their environment to every test file
 * as `inject('kolServices')`. The servers are left running afterwards: they are shared with other
 * runs and developers; stop them with `npm run services:down`.
 *
 * Register in vitest.config.mts: `test: { globalSetup: ['test/support/global-services.ts'] }`.
 * Set KOL_SERVICES=redis,cassandra (for example) to start only some of them.
 */
import { ALL_SERVICES, startServices, type ServiceEnv, type ServiceName } from './services';

/** The part of vitest's TestProject used here (vitest/node is ESM-only; this file is CommonJS). */
interface ProvidingProject {
  provide(key: 'kolServices', value: { env: ServiceEnv; services: ServiceName[] }): void;
}

export default async function setup(project: ProvidingProject): Promise<void> {
  const wanted = (process.env.KOL_SERVICES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is ServiceName => (ALL_SERVICES as readonly string[]).includes(s));
  const services = wanted.length > 0 ? wanted : [...ALL_SERVICES];
  const env = await startServices(services);
  project.provide('kolServices', { env, services });
}
