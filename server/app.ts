import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { specifiedRules, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { activeSubscriptions, collectDefaultMetrics, registry } from '../observability/metrics';
import { buildGatewaySchema } from '../resolvers/build-schema';
import { createContext, type GatewayContext, type GatewayServices } from './context';
import { presentedKey } from './auth';
import { formatGatewayError } from './format-error';
import { depthLimitRule } from './limits';
import { metricsPlugin } from './metrics-plugin';
import { rateLimitPlugin } from './rate-limit-plugin';

export const GRAPHQL_PATH = '/graphql';

export interface RunningGateway {
  url: string;
  wsUrl: string;
  port: number;
  httpServer: Server;
  /** Drains subscriptions and in-flight requests, then closes the port. */
  stop(): Promise<void>;
}

/** Serves GraphQL over HTTP and graphql-ws on one port, plus /health, /ready and /metrics. */
export async function startGateway(services: GatewayServices): Promise<RunningGateway> {
  const { config, logger } = services;
  collectDefaultMetrics();
  const schema = await buildGatewaySchema();
  const app = express();
  const httpServer = createServer(app);
  const wsServer = new WebSocketServer({ server: httpServer, path: GRAPHQL_PATH });

  const wsCleanup = useServer<Record<string, unknown>, { context?: GatewayContext }>(
    {
      schema,
      validate: (schemaToCheck, document) =>
        validate(schemaToCheck, document, [
          ...specifiedRules,
          depthLimitRule(config.MAX_QUERY_DEPTH),
        ]),
      context: (ctx) => {
        const params = ctx.connectionParams ?? {};
        const key = typeof params.apiKey === 'string' ? params.apiKey : presentedKey(params);
        return createContext(
          services,
          services.apiKeys.identify(key ?? presentedKey(ctx.extra.request.headers)),
        );
      },
      onSubscribe: () => {
        activeSubscriptions.inc();
      },
      onComplete: () => {
        activeSubscriptions.dec();
      },
      onError: (_ctx, _id, _payload, errors) => {
        logger.warn({ errors: errors.map((e) => e.message) }, 'subscription error');
      },
    },
    wsServer,
  );

  const drainWebSockets: ApolloServerPlugin<GatewayContext> = {
    async serverWillStart() {
      return {
        async drainServer() {
          await wsCleanup.dispose();
        },
      };
    },
  };

  const apollo = new ApolloServer<GatewayContext>({
    schema,
    introspection: config.introspection,
    validationRules: [depthLimitRule(config.MAX_QUERY_DEPTH)],
    includeStacktraceInErrorResponses: config.NODE_ENV === 'development',
    formatError: (formatted, error) => formatGatewayError(formatted, error, logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      drainWebSockets,
      metricsPlugin(),
      rateLimitPlugin(),
      config.sandbox
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', (_req, res) => {
    services.data.ping().then(
      () => res.json({ status: 'ready' }),
      (error: unknown) =>
        res.status(503).json({
          status: 'unavailable',
          reason: error instanceof Error ? error.message : 'backend unavailable',
        }),
    );
  });
  app.get('/metrics', (_req, res) => {
    registry.metrics().then(
      (body) => res.type(registry.contentType).send(body),
      () => res.status(500).end(),
    );
  });
  app.use(
    GRAPHQL_PATH,
    express.json({ limit: '8mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) =>
        createContext(services, services.apiKeys.identify(presentedKey(req.headers))),
    }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.PORT, config.HOST, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  return {
    url: `http://${host}:${port}${GRAPHQL_PATH}`,
    wsUrl: `ws://${host}:${port}${GRAPHQL_PATH}`,
    port,
    httpServer,
    stop: () => apollo.stop(),
  };
}
