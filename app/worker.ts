/**
 * Entry point of the stream worker: `npm run worker` (node dist/app/worker.js). Settings come from
 * the one environment loader (config/), with the same variable names as the gateway's: the same
 * topics (KAFKA_METRICS_TOPIC…), the same Redis key prefix, the same stores. Stops gracefully on
 * SIGTERM / SIGINT: the batch in progress finishes or stays uncommitted, then clients close.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';
import { ConfigError } from '../config/errors';
import { parseEnvironment } from '../config/load';
import type { Settings } from '../config/settings';
import { createEmbeddedDataSources } from '../datasources/embedded';
import { openRealDataSources } from '../datasources/real';
import type { DataSources } from '../datasources/types';
import { createInferenceService } from '../inference/service';
import { createKafka } from '../kafka/client';
import { createLogger } from '../observability/logger';
import { startKafkaWorker } from '../streaming/kafka-worker';
import { errorFields } from '../streaming/logger';
import { StreamMetrics } from '../streaming/metrics';
import { loadDriftReference } from '../streaming/rules/drift-reference';
import { openStateStore } from '../streaming/state/open';
import { startWorkerHttp } from '../streaming/worker-http';

type Logger = ReturnType<typeof createLogger>;

/**
 * The stores the worker writes to: the real Cassandra/Redis stores when configured, otherwise
 * in-process embedded stores (their contents are visible only through the worker's Kafka output).
 */
async function openDataSources(settings: Settings, logger: Logger): Promise<DataSources> {
  if (settings.mode === 'real') {
    const { cassandra, redis, scoring } = settings;
    return openRealDataSources(
      { cassandra, redis, scoring },
      logger.child({ component: 'datasources' }),
    );
  }
  logger.warn(
    {},
    'CASSANDRA_CONTACT_POINTS and REDIS_URL are not set: metrics, alerts and profiles are kept in ' +
      'this process only (their updates still go to Kafka)',
  );
  return createEmbeddedDataSources({ registryFile: settings.models.registryFile });
}

async function main(): Promise<void> {
  const { settings } = parseEnvironment(process.env, 'worker');
  const { stream } = settings;
  const logger = createLogger(settings.process.logLevel, { service: 'kol-stream-worker' });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kol_stream_worker_' });
  const data = await openDataSources(settings, logger);
  // The registry's saved state (stages, canary shares) is shared with the gateways and polled, so a
  // promotion made on any replica is served here within a poll interval.
  const inference = await createInferenceService({
    modelsDir: settings.models.modelsDir,
    canaryShare: settings.models.canaryShare,
    store: data.registry,
    pollIntervalMs: settings.models.registryPollMs,
  }).catch(async (err: unknown) => {
    await data.close().catch(() => undefined);
    throw err;
  });
  const stateStore = openStateStore(stream, settings.redis, logger);
  const kafka = createKafka(settings.kafka, { purpose: 'stream', logger });
  const worker = await startKafkaWorker({
    kafka,
    groupId: stream.groupId,
    topics: settings.topics,
    dataSources: data,
    stateStore,
    fromBeginning: stream.fromBeginning,
    createTopicsWithPartitions: stream.createTopicsPartitions,
    chunkSize: stream.chunkSize,
    sessionTimeoutMs: stream.sessionTimeoutMs,
    metrics: new StreamMetrics(registry),
    logger,
    pipeline: {
      windows: { allowedLatenessMs: stream.allowedLatenessMs },
      validation: { maxClockSkewMs: stream.maxClockSkewMs, maxEventAgeMs: stream.maxEventAgeMs },
      idleGraceMs: stream.idleGraceMs,
      driftReference: await loadDriftReference(stream.driftReferenceFile),
      scoring: {
        score: (kols, now) => inference.scoreStoredKols(kols, now),
        maxAgeSeconds: settings.scoring.maxAgeSeconds,
      },
    },
  });
  const http =
    stream.metricsPort > 0
      ? startWorkerHttp(registry, stream.metricsHost, stream.metricsPort)
      : undefined;
  logger.info(
    { groupId: stream.groupId, state: stateStore.name, mode: settings.mode },
    'stream worker started',
  );

  let shuttingDown = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'stream worker stopping');
    await worker.stop();
    await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
    await stateStore.close().catch(() => undefined);
    await inference.close().catch(() => undefined);
    await data.close().catch(() => undefined);
    logger.info({ stats: worker.stats }, 'stream worker stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    // A configuration error names every bad variable, one per line: print it as it is.
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`stream worker failed to start: ${JSON.stringify(errorFields(err))}\n`);
    process.exit(1);
  });
}
