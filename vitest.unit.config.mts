import { defineConfig } from 'vitest/config';
import base from './vitest.config.mjs';

/**
 * `npm run test:unit`: the tests that need no server and no build. By convention a test that needs
 * real Redis/Cassandra is named `*.real.test.ts`, one that needs Kafka `*.kafka.test.ts`, and
 * `test/e2e/` runs built processes; all of those are left to `npm test`.
 */
export const SERVER_TESTS = ['test/**/*.real.test.ts', 'test/**/*.kafka.test.ts', 'test/e2e/**'];

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    exclude: ['**/node_modules/**', ...SERVER_TESTS],
    globalSetup: [],
    // test/support/services.ts refuses to start servers in this run and names the convention.
    env: { KOL_UNIT_TESTS: '1' },
    hookTimeout: 30_000,
  },
});
