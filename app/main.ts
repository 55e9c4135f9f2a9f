import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config';
import { createLogger } from '../observability/logger';
import { createGateway } from './gateway';

/** Time allowed for subscriptions and requests to drain before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const gateway = await createGateway(config, logger).catch((error: unknown) => {
    logger.fatal(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
  logger.info(
    { url: gateway.url, mode: config.realBackends ? 'real' : 'embedded', sandbox: config.sandbox },
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
