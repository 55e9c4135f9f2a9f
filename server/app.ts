import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import express, { type Express, type RequestHandler } from 'express';
import type { FormattedExecutionResult } from 'graphql';
import { collectDefaultMetrics, registry } from '../observability/metrics';
import { buildGatewaySchema } from '../resolvers/build-schema';
import type { GatewayServices } from './context';
import { corsMiddleware, corsPolicy } from './cors';
import { CompiledExecutor, instrumentSchema } from './execution';
import { executeOperation } from './execution-plugin';
import { graphqlHttpHandler, type HttpContext } from './graphql-http';
import { bodyErrorHandler, notFoundHandler } from './http-errors';
import { jsonBodyReader } from './json-body';
import { OperationPolicy } from './operation-policy';
import { policySettings } from './policy-settings';
import { requestPlugin } from './request-plugin';
import { helmetMiddleware, securityHeaders } from './security-headers';
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
  const csp = { contentSecurityPolicy: !config.sandbox };
  app.use(helmetMiddleware(csp));
  const cors = corsPolicy(settings.corsOrigins);
  if (cors) app.use(corsMiddleware(cors));
  // The GraphQL route is set once Apollo has started (the port only listens after that).
  const route: { graphql?: (req: IncomingMessage, res: ServerResponse) => void } = {};
  const httpServer = createServer((req, res) => {
    if (route.graphql && isGraphQLPath(req.url)) route.graphql(req, res);
    else app(req, res);
  });
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
          executor: executeOperation(executor),
        }),
      onSchemaLoadOrUpdate(callback) {
        callback({ apiSchema: schema, coreSupergraphSdl: '' });
        return () => undefined;
      },
      stop: () => Promise.resolve(),
    },
    // The process entry point owns SIGTERM/SIGINT and stops the gateway in order (server, then the
    // pipeline and stores). Apollo's own handler would start a second, concurrent stop on the same
    // signal, which left `apollo.stop()` waiting until the process gave up after its grace period.
    stopOnTerminationSignals: false,
    introspection: config.introspection,
    validationRules: policy.validationRules,
    parseOptions: { maxTokens: settings.maxTokens },
    // The policy's error presentation drops schema suggestions in production on both transports;
    // Apollo's own option would only add a plugin hook per request doing the same.
    hideSchemaDetailsFromClientErrors: false,
    includeStacktraceInErrorResponses: config.NODE_ENV === 'development',
    allowBatchedHttpRequests: false,
    // The GraphQL route applies the same CSRF rule itself, cheaper (server/csrf.ts). With the
    // Sandbox landing page on, Apollo's check stays: Apollo answers the page before its check.
    csrfPrevention: config.sandbox,
    persistedQueries: settings.apq && !policy.trusted ? {} : false,
    formatError: (formatted, error) => policy.formatError(formatted, error),
    stringifyResult: (value) => cappedJson(value, settings.maxResponseBytes, policy),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      drainWebSockets,
      // Cache control's per-field hook would make Apollo wrap every resolver of the schema.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      // Federated tracing only serves subgraphs; off, it no longer runs a hook per request.
      ApolloServerPluginInlineTraceDisabled(),
      requestPlugin(policy, executor),
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
      () => {
        // Ready while the ranking index builds: every other operation is served meanwhile.
        const build = services.data.rankings.buildState?.();
        const building = build && (build.state === 'building' || build.state === 'elsewhere');
        res.json(building ? { status: 'ready', rankingIndex: build } : { status: 'ready' });
      },
      (error: unknown) =>
        res.status(503).json({
          status: 'unavailable',
          reason: error instanceof Error ? error.message : 'backend unavailable',
        }),
    );
  });
  const metricsApp = settings.metricsPort === undefined ? app : express();
  metricsApp.get('/metrics', metricsHandler(settings.metricsToken));

  route.graphql = graphqlHttpHandler({
    apollo,
    policy,
    services,
    readBody: jsonBodyReader(settings.bodyLimitBytes),
    securityHeaders: securityHeaders(csp),
    cors,
    csrfPrevention: !config.sandbox,
  });
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

/** The paths express's `app.use(GRAPHQL_PATH)` matched: any case, optionally followed by `/…` or `?…`. */
function isGraphQLPath(url: string | undefined): boolean {
  if (url === undefined || url.length < GRAPHQL_PATH.length) return false;
  const prefix = url.slice(0, GRAPHQL_PATH.length);
  if (prefix !== GRAPHQL_PATH && prefix.toLowerCase() !== GRAPHQL_PATH) return false;
  const next = url[GRAPHQL_PATH.length];
  return next === undefined || next === '/' || next === '?';
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
