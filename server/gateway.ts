import type { Logger } from 'pino';
import type { GatewayConfig } from '../config';
import { createEmbeddedDataSources } from '../datasources/embedded';
import type { DataSources } from '../datasources/types';
import { heuristicDemoScorer } from '../demo/heuristic-scores';
import { seedDemoData } from '../demo/seed';
import { startEmbeddedPipeline } from '../streaming/embedded';
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
  const data = await createDataSources(config);
  const background: Stoppable[] = [];
  try {
    const services = createServices({ config, data, feed, logger });
    if (!config.realBackends && config.DEMO_DATA) {
      const started = Date.now();
      const seeded = await seedDemoData(data, {
        count: config.DEMO_KOLS,
        now: new Date(),
        scorer: heuristicDemoScorer,
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
      background.push(
        startEmbeddedPipeline({
          dataSources: data,
          feed,
          logger,
          demo: config.DEMO_EVENTS
            ? {
                kolIds: seeded.kols.map((k) => k.profile.id),
                intervalMs: config.DEMO_EVENT_INTERVAL_MS,
              }
            : undefined,
        }),
      );
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

async function createDataSources(config: GatewayConfig): Promise<DataSources> {
  if (!config.realBackends) return createEmbeddedDataSources();
  throw new Error('real backends are not wired yet');
}
