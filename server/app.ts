import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express, type RequestHandler } from 'express';
import type { FormattedExecutionResult } from 'graphql';
import helmet from 'helmet';
import { collectDefaultMetrics, registry } from '../observability/metrics';
import { buildGatewaySchema } from '../resolvers/build-schema';
import { presentedKey } from './auth';
import { clientAddress } from './client-address';
import { createContext, type GatewayContext, type GatewayServices } from './context';
import { corsMiddleware } from './cors';
import { CompiledExecutor, instrumentSchema } from './execution';
import { bodyErrorHandler, notFoundHandler, sendGraphQLError } from './http-errors';
import { jsonBody } from './json-body';
import { metricsPlugin } from './metrics-plugin';
import { OperationPolicy } from './operation-policy';
import { ADMISSION, policyPlugin, type AdmittedContext } from './policy-plugin';
import { policySettings } from './policy-settings';
import { persistedHash } from './trusted-documents';
import { startWebSocketTransport, type WebSocketTransport } from './websocket';

export const GRAPHQL_PATH = '/graphql';

export interface RunningGateway {
  url: string;
  wsUrl: string;
  port: number;
  httpServer: Server;
  /** The /metrics listener when METRICS_PORT puts it on a port of its own. */
  metricsUrl?: string;
  /** The WebSocket side: fan-out statistics and the open subscription count. */
  webSocket: WebSocketTransport;
  /** Drains subscriptions and in-flight requests, then closes the port. */
  stop(): Promise<void>;
}

type HttpContext = GatewayContext & AdmittedContext;

/**
 * Serves GraphQL over HTTP and graphql-ws on one port, plus /health, /ready and /metrics, under one
 * operation policy (server/operation-policy.ts) for both transports.
 */
export async function startGateway(services: GatewayServices): Promise<RunningGateway> {
  const { config, logger } = services;
  collectDefaultMetrics();
  const schema = await buildGatewaySchema();
  instrumentSchema(schema);
  const settings = policySettings(config);
  const policy = new OperationPolicy(schema, settings, logger);
  const executor = new CompiledExecutor(schema, settings.executionTimeoutMs);

  const app = express();
  app.disable('x-powered-by');
  // GraphQL responses are not cacheable by URL; hashing every body for an ETag only costs CPU.
  app.set('etag', false);
  app.set('trust proxy', settings.trustProxy);
  app.use(helmet({ contentSecurityPolicy: config.sandbox ? false : undefined }));
  const cors = corsMiddleware(settings.corsOrigins);
  if (cors) app.use(cors);
  const httpServer = createServer(app);
  const webSocket = startWebSocketTransport({
    httpServer,
    path: GRAPHQL_PATH,
    policy,
    executor,
    services,
    logger,
  });

  const drainWebSockets: ApolloServerPlugin<HttpContext> = {
    async serverWillStart() {
      return {
        async drainServer() {
          await webSocket.dispose();
        },
      };
    },
  };

  const apollo = new ApolloServer<HttpContext>({
    gateway: {
      load: () =>
        Promise.resolve({
          executor: (request) =>
            executor.execute({
              document: request.document,
              operationName: request.operationName,
              variables: request.request.variables,
              contextValue: request.context,
              cacheKey: `${request.queryHash}:${request.operationName ?? ''}`,
            }),
        }),
      onSchemaLoadOrUpdate(callback) {
        callback({ apiSchema: schema, coreSupergraphSdl: '' });
        return () => undefined;
      },
      stop: () => Promise.resolve(),
    },
    introspection: config.introspection,
    validationRules: policy.validationRules,
    parseOptions: { maxTokens: settings.maxTokens },
    hideSchemaDetailsFromClientErrors: settings.production,
    includeStacktraceInErrorResponses: config.NODE_ENV === 'development',
    allowBatchedHttpRequests: false,
    persistedQueries: settings.apq && !policy.trusted ? {} : false,
    formatError: (formatted, error) => policy.formatError(formatted, error),
    stringifyResult: (value) => cappedJson(value, settings.maxResponseBytes, policy),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      drainWebSockets,
      // Cache control's per-field hook would make Apollo wrap every resolver of the schema.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      metricsPlugin(),
      policyPlugin(policy),
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
  const metricsApp = settings.metricsPort === undefined ? app : express();
  metricsApp.get('/metrics', metricsHandler(settings.metricsToken));

  app.use(
    GRAPHQL_PATH,
    admissionMiddleware(policy),
    jsonBody(settings.bodyLimitBytes),
    trustedDocumentMiddleware(policy),
    expressMiddleware(apollo, {
      context: ({ res }) => {
        const context: HttpContext = createContext(
          services,
          (res.locals.admission as Admitted).caller,
        );
        context[ADMISSION] = res.locals.admission as Admitted;
        return Promise.resolve(context);
      },
    }),
  );
  app.use(bodyErrorHandler(policy));
  app.use(notFoundHandler(policy));

  await listen(httpServer, config.PORT, config.HOST);
  const metricsServer =
    settings.metricsPort === undefined ? undefined : createServer(metricsOnly(metricsApp, policy));
  if (metricsServer) await listen(metricsServer, settings.metricsPort ?? 0, config.HOST);

  const { port } = httpServer.address() as AddressInfo;
  const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  return {
    url: `http://${host}:${port}${GRAPHQL_PATH}`,
    wsUrl: `ws://${host}:${port}${GRAPHQL_PATH}`,
    port,
    httpServer,
    ...(metricsServer && {
      metricsUrl: `http://${host}:${(metricsServer.address() as AddressInfo).port}/metrics`,
    }),
    webSocket,
    stop: async () => {
      await apollo.stop();
      if (metricsServer) await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
      await policy.close();
    },
  };
}

type Admitted = NonNullable<AdmittedContext[typeof ADMISSION]>;

/** Identifies and rate-limits the caller before the body is read or any document parsed. */
function admissionMiddleware(policy: OperationPolicy): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'OPTIONS') {
      next();
      return;
    }
    const ip = clientAddress(req, policy.settings.trustProxy);
    policy.admit(presentedKey(req.headers), ip, 'http').then(
      (admission) => {
        res.locals.admission = admission;
        next();
      },
      (error: unknown) => sendGraphQLError(res, policy, error),
    );
  };
}

/** With TRUSTED_DOCUMENTS_FILE, swaps in the listed document (or refuses) before Apollo sees the body. */
function trustedDocumentMiddleware(policy: OperationPolicy): RequestHandler {
  return (req, res, next) => {
    const trusted = policy.trusted;
    if (!trusted || req.method !== 'POST') {
      next();
      return;
    }
    const body = req.body as Record<string, unknown> | undefined;
    try {
      const query = policy.documentOf(body ?? {});
      if (body) {
        body.query = query;
        if (persistedHash(body) !== undefined) delete body.extensions;
      }
      next();
    } catch (error) {
      sendGraphQLError(res, policy, error);
    }
  };
}

function metricsHandler(token: string | undefined): RequestHandler {
  return (req, res) => {
    if (token !== undefined && req.headers.authorization !== `Bearer ${token}`) {
      res.status(401).json({
        errors: [{ message: 'metrics token required', extensions: { code: 'UNAUTHENTICATED' } }],
      });
      return;
    }
    registry.metrics().then(
      (body) => res.type(registry.contentType).send(body),
      () => res.status(500).end(),
    );
  };
}

function metricsOnly(metricsApp: Express, policy: OperationPolicy): Express {
  metricsApp.disable('x-powered-by');
  metricsApp.use(notFoundHandler(policy));
  return metricsApp;
}

/** Serialises a response, replacing it with one BAD_USER_INPUT error when over MAX_RESPONSE_BYTES. */
function cappedJson(
  value: FormattedExecutionResult,
  maxBytes: number,
  policy: OperationPolicy,
): string {
  const text = JSON.stringify(value);
  if (text.length <= maxBytes) return text;
  const message = `The response would be ${text.length} bytes, over the limit of ${maxBytes}; ask for less.`;
  return JSON.stringify({
    data: null,
    errors: [policy.formatError({ message, extensions: { code: 'BAD_USER_INPUT' } }, undefined)],
  });
}

async function listen(server: Server, port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
