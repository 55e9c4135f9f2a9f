/**
 * Entry point of the stream worker: `npm run worker` (node dist/streaming/main.js).
 * Configuration: streaming/config.ts (environment). Stops gracefully on SIGTERM / SIGINT: the batch
 * in progress finishes or stays uncommitted, then clients close.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { loadConfig } from '../config';
import { createEmbeddedDataSources } from '../datasources/embedded';
import { createRealDataSources } from '../datasources/real';
import type { DataSources } from '../datasources/types';
import { createLogger } from '../observability/logger';
import { loadWorkerConfig, type WorkerConfig } from './config';
import { createKafka } from './kafka';
import { startKafkaWorker } from './kafka-worker';
import { errorFields, type StreamLogger } from './logger';
import { StreamMetrics } from './metrics';
import { parseReferenceHistograms, type Histogram } from './rules/psi';
import { FileStateStore } from './state/file';
import { MemoryStateStore } from './state/memory';
import { RedisStateStore } from './state/redis';
import type { StreamStateStore } from './state/types';

/**
 * The stores the worker writes to: the real Cassandra/Redis stores when configured, otherwise
 * in-process embedded stores (their contents are visible only through the worker's Kafka output).
 */
export async function createWorkerDataSources(
  config: WorkerConfig,
  logger: ReturnType<typeof createLogger>,
): Promise<DataSources> {
  if (config.realStores) return createRealDataSources(loadConfig(process.env), logger);
  logger.warn(
    {},
    'CASSANDRA_CONTACT_POINTS and REDIS_URL are not set: metrics, alerts and profiles are kept in ' +
      'this process only (their updates still go to Kafka)',
  );
  return createEmbeddedDataSources();
}

export function createStateStore(config: WorkerConfig, logger: StreamLogger): StreamStateStore {
  switch (config.state) {
    case 'redis':
      return RedisStateStore.connect(config.REDIS_URL!);
    case 'file':
      return new FileStateStore(config.STREAM_STATE_DIR!);
    case 'memory':
      logger.warn(
        {},
        'stream state is kept in memory: a restarted worker loses open buckets and may count ' +
          're-delivered events twice (set REDIS_URL or STREAM_STATE_DIR)',
      );
      return new MemoryStateStore();
  }
}

async function loadDriftReference(path: string | undefined): Promise<Record<string, Histogram>> {
  if (!path) return {};
  return parseReferenceHistograms(JSON.parse(await readFile(path, 'utf8')));
}

function startMetricsServer(registry: Registry, host: string, port: number): Server {
  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      registry
        .metrics()
        .then((body) => {
          res.writeHead(200, { 'content-type': registry.contentType });
          res.end(body);
        })
        .catch(() => {
          res.writeHead(500);
          res.end();
        });
    } else if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  server.listen(port, host);
  return server;
}

async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const logger = createLogger(config.LOG_LEVEL, { service: 'kol-stream-worker' });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kol_stream_worker_' });
  const data = await createWorkerDataSources(config, logger);
  const stateStore = createStateStore(config, logger);
  const kafka = createKafka({
    brokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID,
    logger,
  });
  const worker = await startKafkaWorker({
    kafka,
    groupId: config.groupId,
    topics: config.topics,
    dataSources: data,
    stateStore,
    fromBeginning: config.STREAM_FROM_BEGINNING,
    createTopicsWithPartitions: config.STREAM_CREATE_TOPICS_PARTITIONS,
    chunkSize: config.STREAM_CHUNK_SIZE,
    sessionTimeoutMs: config.STREAM_SESSION_TIMEOUT_MS,
    metrics: new StreamMetrics(registry),
    logger,
    pipeline: {
      windows: { allowedLatenessMs: config.STREAM_ALLOWED_LATENESS_MS },
      validation: {
        maxClockSkewMs: config.STREAM_MAX_CLOCK_SKEW_MS,
        maxEventAgeMs: config.STREAM_MAX_EVENT_AGE_MS,
      },
      idleGraceMs: config.STREAM_IDLE_GRACE_MS,
      driftReference: await loadDriftReference(config.STREAM_DRIFT_REFERENCE),
    },
  });
  const http =
    config.STREAM_METRICS_PORT > 0
      ? startMetricsServer(registry, config.STREAM_METRICS_HOST, config.STREAM_METRICS_PORT)
      : undefined;
  logger.info(
    { groupId: config.groupId, state: stateStore.name, realStores: config.realStores },
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
    await data.close().catch(() => undefined);
    logger.info({ stats: worker.stats }, 'stream worker stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`stream worker failed to start: ${JSON.stringify(errorFields(err))}\n`);
    process.exit(1);
  });
}
