import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config';

describe('config', () => {
  it('defaults to the embedded mode on port 4000 with Sandbox and introspection in development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 4000,
      HOST: '127.0.0.1',
      realBackends: false,
      sandbox: true,
      introspection: true,
    });
  });

  it('turns Sandbox and introspection off in production unless asked', () => {
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({
      sandbox: false,
      introspection: false,
    });
    expect(loadConfig({ NODE_ENV: 'production', INTROSPECTION: 'true' })).toMatchObject({
      introspection: true,
    });
  });

  it('lists every invalid variable in one error', () => {
    expect(() => loadConfig({ PORT: 'abc', CANARY_SHARE: '2' })).toThrowError(ConfigError);
    try {
      loadConfig({ PORT: 'abc', CANARY_SHARE: '2' });
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT/);
      expect((error as Error).message).toMatch(/CANARY_SHARE/);
    }
  });

  it('selects the real mode only when all three backends are configured', () => {
    const real = loadConfig({
      CASSANDRA_CONTACT_POINTS: '127.0.0.1:9042',
      REDIS_URL: 'redis://127.0.0.1:6379',
      KAFKA_BROKERS: '127.0.0.1:9092',
    });
    expect(real.realBackends).toBe(true);
    expect(real.CASSANDRA_CONTACT_POINTS).toEqual(['127.0.0.1:9042']);
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/needs all of/);
  });
});
