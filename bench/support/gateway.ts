/**
 * The gateway as the benchmarks run it: the composition root (app/gateway.ts) on a free loopback
 * port, production settings, no demo data unless asked, no rate limits, one admin key, and the
 * committed models loaded once per bench process. Pass `data` to serve other stores (real ones).
 */
import { createGateway, type Gateway } from '../../app/gateway';
import { loadConfig } from '../../config';
import type { DataSources } from '../../datasources/types';
import { benchInference } from './models';

export const BENCH_ADMIN_KEY = 'bench-admin-key';

export async function startBenchGateway(
  options: { data?: DataSources; env?: Record<string, string> } = {},
): Promise<Gateway> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    API_KEYS: `${BENCH_ADMIN_KEY}:admin`,
    ANONYMOUS_ROLE: 'admin',
    RATE_LIMIT_PER_MINUTE: '0',
    ...options.env,
  });
  return createGateway(config, {
    inference: await benchInference(),
    ...(options.data ? { data: options.data } : {}),
  });
}
