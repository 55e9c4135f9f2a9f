import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// type-graphql reads emitDecoratorMetadata, which vitest's default esbuild transform does not emit;
// SWC does, so the schema under test is built exactly as tsc builds it for `npm start`.
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    // type-graphql and Apollo load graphql's CommonJS build; tests must share that one copy, or
    // graphql-js rejects schema objects "from another module or realm".
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['reflect-metadata'],
    // Real Redis, Kafka and Cassandra, started (or reused) once per run for the integration suites;
    // KOL_SKIP_SERVICES=1 skips this for a quick unit-only run against servers you manage.
    globalSetup: ['test/support/global-services.ts'],
    testTimeout: 20_000,
    hookTimeout: 240_000,
    pool: 'forks',
  },
});
