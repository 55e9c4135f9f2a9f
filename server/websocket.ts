import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import { createHash } from 'node:crypto';
import {
  getOperationAST,
  GraphQLError,
  OperationTypeNode,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
} from 'graphql';
import { handleProtocols, makeServer, type Context, type SubscribePayload } from 'graphql-ws';
import { LRUCache } from 'lru-cache';
import { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from 'pino';
import { activeSubscriptions } from '../observability/metrics';
import { gatewayError } from '../resolvers/errors';
import { presentedKey } from './auth';
import { createContext, type GatewayServices } from './context';
import type { CompiledExecutor } from './execution';
import { clientAddress } from './client-address';
import type { Admission, OperationPolicy } from './operation-policy';
import { CorkedWriter, SubscriptionFanout, type FrameSink } from './subscription-fanout';

/** Close codes this transport adds to graphql-ws's own (4400, 4403, 4408, 4409, 4429, 4500). */
export const WS_CLOSE = {
  /** A connection refused by the rate limits, or over the per-key socket cap. */
  rateLimited: 4429,
  /** The socket's send buffer passed WS_MAX_BUFFERED_BYTES: the client reads too slowly. */
  slowConsumer: 4503,
  /** No subscription for WS_IDLE_TIMEOUT_MS. */
  idle: 4000,
} as const;

const CONNECTION_INIT_TIMEOUT_MS = 3_000;
const MAX_SWEEP_MS = 10_000;
/** Parsed and validated documents kept per document text (Apollo's document store on HTTP). */
const VALIDATED_DOCUMENTS = 1000;

interface SocketState {
  socket: WebSocket;
  request: IncomingMessage;
  ip: string;
  admission?: Admission;
  ctx?: Context<Record<string, unknown>, SocketExtra>;
  /** Subscription-operation ids counted against the caps. */
  subscriptions: Set<string>;
  lastActive: number;
  missedPongs: number;
  closing: boolean;
}

/** The part of ws's underlying TCP socket the fan-out writes to. */
type TcpSocket = Pick<Socket, 'write' | 'cork' | 'uncork'>;

interface SocketExtra {
  state: SocketState;
}

/** What onSubscribe hands to execute/subscribe, which graphql-ws calls without the socket. */
interface OperationMeta {
  state: SocketState;
  id: string;
  cacheKey: string;
}

export interface WebSocketTransport {
  fanout: SubscriptionFanout;
  /** Open subscription operations on this replica. */
  subscriptionCount(): number;
  dispose(): Promise<void>;
}

/**
 * graphql-ws on the HTTP server's port, under the same operation policy as HTTP: the caller is
 * identified and rate-limited at `connection_init` (close 4403 before any document is read), every
 * `subscribe` is parsed, validated, costed and charged like an HTTP request, and a refused one gets
 * coded errors for that id only. Subscriptions go through the shared fan-out; frames are written
 * without waiting, and a socket whose buffer overflows is closed (4503) instead of slowing others.
 */
export function startWebSocketTransport(options: {
  httpServer: Server;
  path: string;
  policy: OperationPolicy;
  executor: CompiledExecutor;
  services: GatewayServices;
  logger: Logger;
}): WebSocketTransport {
  const { policy, executor, services, logger } = options;
  const settings = policy.settings;
  const wss = new WebSocketServer({
    server: options.httpServer,
    path: options.path,
    maxPayload: settings.bodyLimitBytes,
    perMessageDeflate: false,
    handleProtocols: (protocols) => handleProtocols(protocols) || false,
  });
  // ws re-emits the HTTP server's errors (a failed listen included) on the WebSocket server, and an
  // 'error' event nobody listens to is thrown: the HTTP listen reports that failure itself.
  wss.on('error', (error) => logger.debug({ err: error }, 'HTTP server error seen by WebSocket'));
  const states = new Set<SocketState>();
  const socketsPerKey = new Map<string, number>();
  const subscriptionsPerKey = new Map<string, number>();
  const meta = new WeakMap<ExecutionArgs, OperationMeta>();
  const fanout = new SubscriptionFanout((result) => formatResult(result));
  /** Valid documents by SHA-256 of their text: a repeated operation skips parse and validation. */
  const documents = new LRUCache<string, DocumentNode>({ max: VALIDATED_DOCUMENTS });
  let openSubscriptions = 0;

  const formatErrors = (errors: readonly unknown[]): GraphQLFormattedError[] =>
    errors.map((error) => {
      const formatted =
        error instanceof GraphQLError
          ? error.toJSON()
          : { message: error instanceof Error ? error.message : String(error) };
      return policy.formatError(formatted, error);
    });
  const asErrors = (errors: readonly unknown[]): GraphQLError[] =>
    formatErrors(errors).map(
      (f) => new GraphQLError(f.message, { extensions: f.extensions ?? {} }),
    );
  function formatResult(result: ExecutionResult): FormattedExecutionResult {
    return result.errors ? { ...result, errors: formatErrors(result.errors) } : result;
  }

  const count = (map: Map<string, number>, key: string, delta: number) => {
    const next = (map.get(key) ?? 0) + delta;
    if (next <= 0) map.delete(key);
    else map.set(key, next);
  };

  const close = (state: SocketState, code: number, reason: string) => {
    if (state.closing) return;
    state.closing = true;
    state.socket.close(code, reason);
  };

  const writer = new CorkedWriter<TcpSocket>();

  const sinkFor = (state: SocketState): FrameSink => ({
    write(frame) {
      if (state.closing || state.socket.readyState !== WebSocket.OPEN) return false;
      if (state.socket.bufferedAmount + frame.length > settings.wsMaxBufferedBytes) {
        close(state, WS_CLOSE.slowConsumer, 'Slow consumer: send buffer full');
        return false;
      }
      // Without permessage-deflate (off on this server) ws writes its frames synchronously, so a
      // prebuilt frame written straight to the TCP socket keeps the order of everything else.
      const tcp = (state.socket as unknown as { _socket?: TcpSocket })._socket;
      if (!tcp || state.socket.extensions !== '') return false;
      writer.write(tcp, frame);
      return true;
    },
  });

  const releaseSubscription = (state: SocketState, id: string) => {
    if (!state.subscriptions.delete(id)) return;
    openSubscriptions--;
    activeSubscriptions.dec();
    if (state.admission) count(subscriptionsPerKey, state.admission.budgetKey, -1);
    state.lastActive = Date.now();
  };

  const server = makeServer<Record<string, unknown>, SocketExtra>({
    schema: policy.schema,
    connectionInitWaitTimeout: CONNECTION_INIT_TIMEOUT_MS,
    onConnect: async (ctx) => {
      const state = ctx.extra.state;
      const params = ctx.connectionParams ?? {};
      const credential =
        (typeof params.apiKey === 'string' ? params.apiKey : undefined) ??
        presentedKey(params) ??
        presentedKey(state.request.headers);
      try {
        state.admission = await policy.admit(credential, state.ip, 'ws');
      } catch (error) {
        const code = error instanceof GraphQLError ? error.extensions.code : undefined;
        if (code === 'RATE_LIMITED') close(state, WS_CLOSE.rateLimited, 'Rate limited');
        return false;
      }
      const key = state.admission.budgetKey;
      if ((socketsPerKey.get(key) ?? 0) >= settings.wsMaxSocketsPerKey) {
        state.admission = undefined;
        close(state, WS_CLOSE.rateLimited, 'Too many sockets for this key');
        return false;
      }
      count(socketsPerKey, key, 1);
      state.ctx = ctx;
      return true;
    },
    onSubscribe: async (ctx, id, payload: SubscribePayload) => {
      const state = ctx.extra.state;
      const admission = state.admission;
      state.lastActive = Date.now();
      if (!admission) return asErrors([gatewayError('UNAUTHENTICATED', 'Not authenticated.')]);
      try {
        if (Object.keys(ctx.subscriptions).length > settings.wsMaxSubscriptionsPerSocket) {
          throw gatewayError(
            'RATE_LIMITED',
            `At most ${settings.wsMaxSubscriptionsPerSocket} operations per socket.`,
          );
        }
        await policy.chargeRequest(admission);
        const source = policy.documentOf(payload);
        const sourceHash = createHash('sha256').update(source).digest('base64url');
        let document = documents.get(sourceHash);
        if (!document) {
          document = policy.parse(source);
          const errors = policy.validate(document);
          if (errors.length > 0) return asErrors(errors);
          documents.set(sourceHash, document);
        }
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) {
          throw gatewayError('BAD_USER_INPUT', 'Name the operation to run (operationName).');
        }
        const variables = payload.variables ?? undefined;
        await policy.checkOperation(admission, document, operation, variables);
        if (
          operation.operation === OperationTypeNode.SUBSCRIPTION &&
          (subscriptionsPerKey.get(admission.budgetKey) ?? 0) >= settings.wsMaxSubscriptionsPerKey
        ) {
          throw gatewayError(
            'RATE_LIMITED',
            `At most ${settings.wsMaxSubscriptionsPerKey} subscriptions per key.`,
          );
        }
        const args: ExecutionArgs = {
          schema: policy.schema,
          document,
          operationName: payload.operationName ?? undefined,
          variableValues: variables,
          contextValue: createContext(services, admission.caller),
        };
        const cacheKey = `${sourceHash}:${payload.operationName ?? ''}`;
        meta.set(args, { state, id, cacheKey });
        return args;
      } catch (error) {
        return asErrors([error]);
      }
    },
    execute: (args) => {
      const info = meta.get(args);
      return executor.execute({
        document: args.document,
        operationName: args.operationName,
        variables: args.variableValues ?? undefined,
        contextValue: args.contextValue as object,
        cacheKey: info?.cacheKey ?? '',
      });
    },
    subscribe: async (args) => {
      const info = meta.get(args);
      if (!info?.state.admission) throw new Error('subscribe without onSubscribe');
      const { state, id } = info;
      const role = info.state.admission.caller.role;
      const key = fanout.keyOf(args, role) ?? `private:${Math.random()}`;
      const result = await fanout.join(key, args, id, sinkFor(state));
      if (Symbol.asyncIterator in result) {
        state.subscriptions.add(id);
        openSubscriptions++;
        activeSubscriptions.inc();
        count(subscriptionsPerKey, info.state.admission.budgetKey, 1);
      }
      return result;
    },
    onNext: (_ctx, _id, _payload, _args, result) => {
      const formatted = formatResult(result);
      const size = JSON.stringify(formatted).length;
      if (size <= settings.maxResponseBytes) return formatted;
      return {
        data: null,
        errors: formatErrors([
          gatewayError(
            'BAD_USER_INPUT',
            `The response would be ${size} bytes, over the limit of ${settings.maxResponseBytes}; ask for less.`,
          ),
        ]),
      };
    },
    onError: (_ctx, _id, _payload, errors) => formatErrors(errors),
    onComplete: (ctx, id) => releaseSubscription(ctx.extra.state, id),
    onClose: (ctx) => {
      const state = ctx.extra.state;
      for (const id of [...state.subscriptions]) releaseSubscription(state, id);
      if (state.admission) count(socketsPerKey, state.admission.budgetKey, -1);
      state.admission = undefined;
    },
  });

  wss.on('connection', (socket, request) => {
    const state: SocketState = {
      socket,
      request,
      ip: clientAddress(request, settings.trustProxy),
      subscriptions: new Set(),
      lastActive: Date.now(),
      missedPongs: 0,
      closing: false,
    };
    states.add(state);
    socket.on('pong', () => {
      state.missedPongs = 0;
    });
    socket.once('error', (error) => {
      logger.warn({ err: error.message }, 'WebSocket error');
      close(state, 4500, 'Internal server error');
    });
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) => {
          if (state.closing || socket.readyState !== WebSocket.OPEN) return;
          if (socket.bufferedAmount + data.length > settings.wsMaxBufferedBytes) {
            close(state, WS_CLOSE.slowConsumer, 'Slow consumer: send buffer full');
            return;
          }
          socket.send(data);
        },
        close: (code, reason) => close(state, code ?? 1000, reason ?? ''),
        onMessage: (handler) => {
          const failed = (error: unknown) => {
            logger.warn(
              { err: error instanceof Error ? error.message : String(error) },
              'WebSocket message failed',
            );
            close(state, 4500, 'Internal server error');
          };
          // Until the connection is acknowledged, messages are handled one after another, so a
          // subscribe sent right behind connection_init waits for the credential check.
          let queue: Promise<void> = Promise.resolve();
          socket.on('message', (data: Buffer) => {
            state.lastActive = Date.now();
            const text = data.toString('utf8');
            if (state.ctx?.acknowledged) {
              handler(text).catch(failed);
              return;
            }
            queue = queue.then(() => (state.closing ? undefined : handler(text))).catch(failed);
          });
        },
      },
      { state },
    );
    socket.once('close', (code, reason) => {
      states.delete(state);
      void closed(code, reason.toString());
    });
  });

  // One sweep for every socket: idle sockets (no subscription for wsIdleTimeoutMs) are closed, and
  // sockets that missed two pings in a row are dropped.
  const sweepMs = Math.max(50, Math.min(MAX_SWEEP_MS, Math.floor(settings.wsIdleTimeoutMs / 2)));
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const state of states) {
      if (state.closing) continue;
      if (state.missedPongs >= 2) {
        state.socket.terminate();
        continue;
      }
      const busy = state.ctx ? Object.keys(state.ctx.subscriptions).length > 0 : false;
      if (
        !busy &&
        settings.wsIdleTimeoutMs > 0 &&
        now - state.lastActive > settings.wsIdleTimeoutMs
      ) {
        close(state, WS_CLOSE.idle, 'Idle timeout');
        continue;
      }
      if (sweepMs >= 1000) {
        state.missedPongs++;
        state.socket.ping();
      }
    }
  }, sweepMs);
  sweep.unref();

  return {
    fanout,
    subscriptionCount: () => openSubscriptions,
    dispose: async () => {
      clearInterval(sweep);
      for (const state of states) close(state, 1001, 'Going away');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
