import type { RawEnv } from './env';
import { parseEnvironment, type Environment } from './load';
import type { Settings } from './settings';

export { ConfigError } from './errors';
export { loadSettings, type Environment } from './load';
export type * from './settings';
export { API_ROLES, CONSISTENCY_LEVELS, LOG_LEVELS } from './settings';

/**
 * The flat configuration object of the gateway, kept while components move to `Settings` (the
 * `settings` field): new code takes the component's settings object instead.
 */
export interface GatewayConfig extends Omit<RawEnv, 'KAFKA_CLIENT_ID'> {
  KAFKA_CLIENT_ID: string;
  /** Introspection and Sandbox resolved against NODE_ENV (on in development, off in production). */
  introspection: boolean;
  sandbox: boolean;
  /** True when any real backend is configured; the embedded stores are used only when none is. */
  realBackends: boolean;
  /** Seed the demo data set: on by default in the embedded mode, opt-in (DEMO_DATA=true) in the real one. */
  demoData: boolean;
  /** The same configuration as typed settings per component. */
  settings: Settings;
}

/** The gateway's configuration; throws one `ConfigError` naming every invalid variable. */
export function loadConfig(env: Environment = process.env): GatewayConfig {
  const { raw, settings } = parseEnvironment(env, 'gateway');
  return legacyConfig(raw, settings);
}

function legacyConfig(raw: RawEnv, settings: Settings): GatewayConfig {
  return {
    ...raw,
    KAFKA_CLIENT_ID: settings.kafka.clientId,
    introspection: settings.http.introspection,
    sandbox: settings.http.sandbox,
    realBackends: settings.mode === 'real',
    demoData: settings.demo.enabled,
    settings,
  };
}
