import type { Logger } from 'pino';
import type { GatewayConfig } from '../config';
import { createEmbeddedDataSources } from '../datasources/embedded';
import { createRealDataSources } from '../datasources/real';
import type { DataSources } from '../datasources/types';
import { modelDemoScorer } from '../demo/model-scores';
import { createInferenceService } from '../inference/service';
import { seedDemoData } from '../demo/seed';
import { registry } from '../observability/metrics';
import { startEmbeddedPipeline } from '../streaming/embedded';
import { startKafkaAlertConsumer } from '../subscriptions/kafka-alerts';
import { startKafkaMetricConsumer } from '../subscriptions/kafka-metrics';
import { LiveFeed } from '../subscriptions/live-feed';
import { startGateway, type RunningGateway } from './app';
import { createServices, type GatewayServices } from './context';

export interface Gateway extends RunningGateway {
  services: GatewayServices;
}

/** Something started alongside the HTTP server that must stop before the stores close. */
interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Wires the whole gateway for a configuration: stores (embedded or real), demo data and events,
 * live feeds, and the HTTP/WebSocket server. Everything started here is stopped by `stop()`, in
 * reverse order, after in-flight requests and subscriptions drain.
 */
export async function createGateway(config: GatewayConfig, logger: Logger): Promise<Gateway> {
  const feed = new LiveFeed();
  // Models first: a corrupt or missing model file stops start-up before any backend is touched.
  const inference = await createInferenceService({
    modelsDir: config.MODELS_DIR,
    canaryShare: config.CANARY_SHARE,
  });
  const data = await createDataSources(config, logger).catch(async (error: unknown) => {
    await inference.close();
    throw error;
  });
  const background: Stoppable[] = [{ stop: () => inference.close() }];
  try {
    const services = createServices({ config, data, feed, logger, inference });
    if (config.demoData) await loadDemo(services, background);
    if (config.realBackends) {
      background.push(await startKafkaAlertConsumer({ config, alerts: data.alerts, feed, logger }));
      background.push(await startKafkaMetricConsumer({ config, feed, logger }));
    }
    const server = await startGateway(services);
    return {
      ...server,
      services,
      stop: async () => {
        await server.stop();
        for (const part of background.reverse()) await part.stop();
        await data.close();
      },
    };
  } catch (error) {
    for (const part of background.reverse()) await part.stop().catch(() => undefined);
    await data.close().catch(() => undefined);
    throw error;
  }
}

async function createDataSources(config: GatewayConfig, logger: Logger): Promise<DataSources> {
  if (!config.realBackends) return createEmbeddedDataSources();
  return createRealDataSources(config, logger.child({ component: 'datasources' }), {
    redisKeyPrefix: config.REDIS_KEY_PREFIX,
  });
}

/** Seeds the demo data set and, in the embedded mode, runs the demo events through the stream pipeline. */
async function loadDemo(services: GatewayServices, background: Stoppable[]): Promise<void> {
  const { config, data, feed, logger } = services;
  const started = Date.now();
  const seeded = await seedDemoData(data, {
    count: config.DEMO_KOLS,
    now: new Date(),
    scorer: modelDemoScorer(services.inference),
  });
  logger.info(
    {
      kols: seeded.kols.length,
      metricPoints: seeded.metricPoints,
      scores: seeded.scores,
      ms: Date.now() - started,
    },
    'demo data loaded',
  );
  if (config.realBackends) return; // real deployments get their events from Kafka (`npm run worker`)
  background.push(
    startEmbeddedPipeline({
      dataSources: data,
      feed,
      logger: logger.child({ component: 'stream' }),
      registry,
      demo: config.DEMO_EVENTS
        ? {
            kolIds: seeded.kols.map((k) => k.profile.id),
            intervalMs: config.DEMO_EVENT_INTERVAL_MS,
          }
        : undefined,
    }),
  );
}
