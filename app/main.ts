/**
 * Entry point of the gateway: `npm start` (node dist/app/main.js). Reads the settings once; an
 * invalid environment (exit 2) or a port that cannot be opened (exit 1) ends the process with one
 * plain message, not a stack trace. Stops gracefully on SIGTERM / SIGINT.
 */
import 'reflect-metadata';
import { ConfigError, loadConfig, type GatewayConfig } from '../config';
import { createLogger } from '../observability/logger';
import { createGateway, type Gateway } from './gateway';
import { ListenError } from './listen-error';

/** Time allowed for subscriptions and requests to drain before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

function readConfig(): GatewayConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const { settings } = config;
  const logger = createLogger(settings.process.logLevel);
  let gateway: Gateway;
  try {
    gateway = await createGateway(config, { logger });
  } catch (error) {
    // Start-up failures (port, backends, models) carry a message that says what to fix.
    const message = error instanceof Error ? error.message : String(error);
    logger.fatal(message);
    if (error instanceof ListenError) process.stderr.write(`${message}\n`);
    process.exit(1);
  }
  logger.info(
    { url: gateway.url, mode: settings.mode, sandbox: settings.http.sandbox },
    `KOL Gateway ready at ${gateway.url}`,
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests and subscriptions');
    const timer = setTimeout(() => {
      logger.warn('drain took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    gateway.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

void main();
