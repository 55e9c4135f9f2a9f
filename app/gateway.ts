import type { Logger } from 'pino';
import type { GatewayConfig } from '../config';
import type { Settings } from '../config/settings';
import { createEmbeddedDataSources } from '../datasources/embedded';
import { openRealDataSources } from '../datasources/real';
import { checkedDataSources } from '../datasources/shared/checked';
import type { DataSources } from '../datasources/types';
import { modelDemoScorer } from '../demo/model-scores';
import { seedDemoData } from '../demo/seed';
import { createInferenceService, type InferenceService } from '../inference/service';
import { createLogger } from '../observability/logger';
import { registry } from '../observability/metrics';
import { startGateway, type RunningGateway } from '../server/app';
import { createServices, type GatewayServices } from '../server/context';
import {
  startEmbeddedPipeline,
  type EmbeddedPipeline,
  type EmbeddedPipelineOptions,
} from '../streaming/embedded';
import { loadDriftReference } from '../streaming/rules/drift-reference';
import type { StreamScoringOptions } from '../streaming/scoring';
import { startKafkaAlertConsumer } from '../subscriptions/kafka-alert-consumer';
import { startKafkaMetricConsumer } from '../subscriptions/kafka-metric-consumer';
import { LiveFeed } from '../subscriptions/live-feed';
import { cursorKeyFor } from './cursor-secret';
import { listenError } from './listen-error';

export interface Gateway extends RunningGateway {
  services: GatewayServices;
  /** The in-process stream pipeline of the embedded mode (undefined in the real mode). */
  pipeline: EmbeddedPipeline | undefined;
}

/**
 * What a caller (a test, a benchmark) may supply instead of what the settings would build. Parts
 * supplied here are the caller's to close: `stop()` closes only what the gateway created itself.
 */
export interface GatewayOverrides {
  /** Stores to use instead of the embedded or real ones the settings select. */
  data?: DataSources;
  /** Loaded models instead of loading `settings.models.modelsDir`. */
  inference?: InferenceService;
  /** Time source of requests (`now`), the demo seed and the stores the gateway opens (default: the system clock). */
  clock?: () => Date;
  logger?: Logger;
  /** Run the embedded demo event generator when demo data is on (default `settings.demo.events`). */
  demoEvents?: boolean;
}

/** Something started alongside the HTTP server that must stop before the stores close. */
interface Stoppable {
  stop(): Promise<void>;
}

/**
 * The composition root of the gateway: stores (embedded or real), models, demo data and events,
 * live feeds and their Kafka consumers, and the HTTP/WebSocket transport. Everything started here
 * is stopped by `stop()` in reverse order, after in-flight requests and subscriptions drain.
 */
export async function createGateway(
  config: GatewayConfig,
  overrides: GatewayOverrides = {},
): Promise<Gateway> {
  const { settings } = config;
  const logger = overrides.logger ?? createLogger(settings.process.logLevel);
  const clock = overrides.clock ?? (() => new Date());
  const feed = new LiveFeed();
  const owned: Stoppable[] = [];
  const stopOwned = async (): Promise<void> => {
    for (const part of owned.reverse()) await part.stop().catch(() => undefined);
  };
  try {
    // Stores before models: the registry's stages and canary shares are kept in the store.
    const opened = overrides.data ?? (await openDataSources(settings, logger, clock));
    if (!overrides.data) owned.push({ stop: () => opened.close() });
    // Outside production every batch read is checked for one result per key, in key order.
    const data = settings.process.nodeEnv === 'production' ? opened : checkedDataSources(opened);
    const inference = overrides.inference ?? (await loadModels(settings, data, logger));
    if (!overrides.inference) owned.push({ stop: () => inference.close() });

    const cursorKey = await cursorKeyFor(settings);
    const services = {
      ...createServices({ config, data, feed, logger, inference, cursorKey }),
      clock,
    };
    await startRankingBuild(data, logger);
    const kolIds = settings.demo.enabled ? await seedDemo(services, settings, clock()) : [];
    // The embedded mode runs the stream pipeline in process (real deployments run `npm run worker`):
    // events reach it from the demo generator or from `gateway.pipeline.publish`.
    let pipeline: EmbeddedPipeline | undefined;
    if (settings.mode === 'embedded') {
      const demoEvents = settings.demo.enabled && (overrides.demoEvents ?? settings.demo.events);
      pipeline = startEmbeddedPipeline({
        dataSources: data,
        feed,
        logger: logger.child({ component: 'stream' }),
        registry,
        demo: demoEvents ? { kolIds, intervalMs: settings.demo.eventIntervalMs } : undefined,
        pipeline: {
          ...streamOptions(settings),
          driftReference: await loadDriftReference(settings.stream.driftReferenceFile),
          scoring: streamScoring(settings, inference),
        },
      });
      owned.push(pipeline);
    }
    if (settings.mode === 'real') {
      const consumerLogger = logger.child({ component: 'kafka' });
      owned.push(
        await startKafkaAlertConsumer({
          kafka: settings.kafka,
          replicaId: settings.process.replicaId,
          topic: settings.topics.alerts,
          alerts: data.alerts,
          feed,
          // Live subscribers get each alert as it is consumed, while its store write runs; offsets
          // are committed only once stored (measured p99 at 1,000 subscribers @ 100/s: 68 ms vs 88).
          publish: 'on-consume',
          logger: consumerLogger,
        }),
      );
      owned.push(
        await startKafkaMetricConsumer({
          kafka: settings.kafka,
          replicaId: settings.process.replicaId,
          topic: settings.topics.metrics,
          feed,
          logger: consumerLogger,
        }),
      );
    }
    const server = await startGateway(services).catch((error: unknown) => {
      throw listenError(error, settings.http, settings.security.metricsPort) ?? error;
    });
    return {
      ...server,
      services,
      pipeline,
      stop: async () => {
        await server.stop();
        await stopOwned();
      },
    };
  } catch (error) {
    await stopOwned();
    throw error;
  }
}

/** The committed models, following the registry state saved in the store (every replica and the worker). */
function loadModels(
  settings: Settings,
  data: DataSources,
  logger: Logger,
): Promise<InferenceService> {
  const registryLogger = logger.child({ component: 'model-registry' });
  return createInferenceService({
    modelsDir: settings.models.modelsDir,
    canaryShare: settings.models.canaryShare,
    store: data.registry,
    pollIntervalMs: settings.models.registryPollMs,
    onSyncError: (error) =>
      registryLogger.warn({ err: error }, 'registry state not read; serving the last one'),
  });
}

async function openDataSources(
  settings: Settings,
  logger: Logger,
  clock: () => Date,
): Promise<DataSources> {
  if (settings.mode === 'embedded') {
    return createEmbeddedDataSources({
      registryFile: settings.models.registryFile,
      trustMaxAgeMs: settings.scoring.maxAgeSeconds * 1000,
      clock,
    });
  }
  return openRealDataSources(
    { cassandra: settings.cassandra, redis: settings.redis, scoring: settings.scoring },
    logger.child({ component: 'datasources' }),
    { clock },
  );
}

/** The window, validation and idle settings the Kafka worker uses too (its drift reference as well). */
function streamOptions(settings: Settings): NonNullable<EmbeddedPipelineOptions['pipeline']> {
  const { stream } = settings;
  return {
    windows: { allowedLatenessMs: stream.allowedLatenessMs },
    validation: { maxClockSkewMs: stream.maxClockSkewMs, maxEventAgeMs: stream.maxEventAgeMs },
    idleGraceMs: stream.idleGraceMs,
  };
}

/** Continuous scoring in the pipeline with the versions the registry serves. */
function streamScoring(settings: Settings, inference: InferenceService): StreamScoringOptions {
  return {
    score: (kols, now) => inference.scoreStoredKols(kols, now),
    maxAgeSeconds: settings.scoring.maxAgeSeconds,
  };
}

/** Seeds the demo data set and returns the ids of its KOLs. */
/**
 * A ranking index that is not built (a new deployment, a Redis that lost it, a new index format)
 * starts building now, in the background, rather than in the first ranking request; rankings are
 * refused with UNAVAILABLE until it is done (`/ready` says how far it is).
 */
async function startRankingBuild(data: DataSources, logger: Logger): Promise<void> {
  if (!data.rankings.buildIfUnbuilt) return;
  try {
    const build = await data.rankings.buildIfUnbuilt();
    if (build.state === 'building') {
      logger.info(
        'ranking index not built: building it from the store of record in the background',
      );
    }
  } catch (error) {
    logger.warn({ err: error }, 'ranking index state unknown: the first ranking read checks again');
  }
}

async function seedDemo(
  services: GatewayServices,
  settings: Settings,
  now: Date,
): Promise<string[]> {
  const started = Date.now();
  const seeded = await seedDemoData(services.data, {
    count: settings.demo.kols,
    now,
    scorer: modelDemoScorer(services.inference),
  });
  services.logger.info(
    {
      kols: seeded.kols.length,
      metricPoints: seeded.metricPoints,
      scores: seeded.scores,
      ms: Date.now() - started,
    },
    'demo data loaded',
  );
  return seeded.kols.map((k) => k.profile.id);
}
