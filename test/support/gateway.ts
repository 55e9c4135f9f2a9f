import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import pino from 'pino';
import WebSocket from 'ws';
import { createGateway, type Gateway, type GatewayOverrides } from '../../app/gateway';
import { loadConfig } from '../../config';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import type { DataSources } from '../../datasources/types';
import { createInferenceService, type InferenceService } from '../../inference/service';

export type TestGateway = Gateway;

/**
 * The gateway built by the real composition root (app/gateway.ts) on a free loopback port, over the
 * given stores (embedded, in memory, seeded with a small demo set by default). No event generator
 * runs, so tests control every event (the embedded pipeline is there: `gateway.pipeline`).
 * `env` holds the environment variables to set on top of the test defaults.
 */
export async function startTestGateway(
  options: {
    data?: DataSources;
    kols?: number;
    env?: Record<string, string>;
    inference?: InferenceService;
    clock?: GatewayOverrides['clock'];
  } = {},
): Promise<TestGateway> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DEMO_DATA: options.data ? 'false' : 'true',
    DEMO_KOLS: String(options.kols ?? 40),
    DEMO_EVENTS: 'false',
    ...options.env,
  });
  return createGateway(config, {
    // In memory (no registry file) unless the test brings its own stores.
    data: options.data ?? createEmbeddedDataSources(options.clock ? { clock: options.clock } : {}),
    inference: options.inference ?? (await sharedInference()),
    logger: pino({ level: 'silent' }),
    demoEvents: false,
    ...(options.clock ? { clock: options.clock } : {}),
  });
}

let inferenceForTests: Promise<InferenceService> | undefined;

/**
 * The committed models, loaded once per test file. Tests that promote or roll back a version must
 * load their own service so that they do not change what other tests in the file see.
 */
export function sharedInference(): Promise<InferenceService> {
  inferenceForTests ??= createInferenceService({ modelsDir: 'models' });
  return inferenceForTests;
}

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: {
    message: string;
    extensions?: { code?: string; [key: string]: unknown };
    path?: unknown[];
  }[];
}

export async function postQuery<T, V>(
  url: string,
  document: TypedDocumentNode<T, V> | string,
  variables?: V,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const query = typeof document === 'string' ? document : print(document);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<T>;
}

export function wsClient(wsUrl: string): Client {
  return createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
}

/** Resolves with the first `count` results of a subscription, or rejects after `timeoutMs`. */
export function collect<T, V extends Record<string, unknown>>(
  client: Client,
  document: TypedDocumentNode<T, V>,
  variables: V,
  count: number,
  timeoutMs = 10_000,
  onSubscribed?: () => void,
): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const received: T[] = [];
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out after ${timeoutMs} ms with ${received.length}/${count} results`));
    }, timeoutMs);
    const unsubscribe = client.subscribe<T>(
      { query: print(document), variables },
      {
        next: (result) => {
          if (result.errors) {
            clearTimeout(timer);
            reject(new Error(JSON.stringify(result.errors)));
            return;
          }
          if (result.data) received.push(result.data);
          if (received.length >= count) {
            clearTimeout(timer);
            unsubscribe();
            resolve(received);
          }
        },
        error: (error) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
        },
        complete: () => undefined,
      },
    );
    onSubscribed?.();
  });
}

/** The item at `index` (default the first), failing the test with a clear message when it is missing. */
export function nth<T>(items: readonly T[], index = 0): T {
  const item = items[index];
  if (item === undefined)
    throw new Error(`expected an item at index ${index}, got ${items.length} items`);
  return item;
}
