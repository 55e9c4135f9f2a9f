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
    testTimeout: 20_000,
    hookTimeout: 240_000,
    pool: 'forks',
  },
});
