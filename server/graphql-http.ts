import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from '@apollo/server';
import { presentedKey } from './auth';
import { clientAddress } from './client-address';
import { createContext, type GatewayContext, type GatewayServices } from './context';
import type { CorsPolicy } from './cors';
import { csrfRefusal } from './csrf';
import { sendBodyError, sendGraphQLError } from './http-errors';
import type { BodyReader } from './json-body';
import type { Admission, OperationPolicy } from './operation-policy';
import { ADMISSION, type AdmittedContext } from './request-plugin';
import type { FlatHeaders } from './security-headers';
import { persistedHash } from './trusted-documents';

export type HttpContext = GatewayContext & AdmittedContext;

export interface GraphQLHttpOptions {
  apollo: ApolloServer<HttpContext>;
  policy: OperationPolicy;
  services: GatewayServices;
  readBody: BodyReader;
  /** Sent on every response of the route (helmet's, see securityHeaders). */
  securityHeaders: FlatHeaders;
  cors: CorsPolicy | undefined;
  /** Apply Apollo's CSRF prevention rule here (Apollo's own check is then off). */
  csrfPrevention: boolean;
}

/**
 * The GraphQL route on the bare Node request: admission (identity and request budgets) before the
 * body is read, the body, trusted documents, then Apollo Server's executeHTTPGraphQLRequest, and
 * the response written with one writeHead. Express stays for the other routes; on this one its
 * router, its response helpers and helmet's per-request middlewares were most of a small
 * request's CPU.
 */
export function graphqlHttpHandler(
  options: GraphQLHttpOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      if (!res.headersSent) sendBodyError(res, options.policy, error);
      else res.destroy();
    });
  };
}

async function handle(
  options: GraphQLHttpOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { policy } = options;
  const head = options.cors
    ? [...options.securityHeaders, ...options.cors.headersFor(req)]
    : options.securityHeaders;
  const preflight = req.method === 'OPTIONS';
  if (preflight && head.length > options.securityHeaders.length) {
    res.writeHead(204, head);
    res.end();
    return;
  }
  const admit = () =>
    policy.admit(presentedKey(req.headers), clientAddress(req, policy.settings.trustProxy), 'http');
  // Preflights carry no credentials and Apollo refuses them before any execution: they are
  // admitted only should Apollo ask for a context.
  let admission: Admission | undefined;
  let body: unknown;
  try {
    if (!preflight) admission = await admit();
  } catch (error) {
    sendWith(res, head, () => sendGraphQLError(res, policy, error));
    return;
  }
  try {
    body = await options.readBody(req, res);
  } catch (error) {
    sendWith(res, head, () => sendBodyError(res, policy, error));
    return;
  }
  if (policy.trusted && req.method === 'POST') {
    const payload = (body ?? {}) as Record<string, unknown>;
    try {
      const query = policy.documentOf(payload);
      if (body) {
        payload.query = query;
        if (persistedHash(payload) !== undefined) delete payload.extensions;
      }
    } catch (error) {
      sendWith(res, head, () => sendGraphQLError(res, policy, error));
      return;
    }
  }
  const refusal = options.csrfPrevention ? csrfRefusal(req.headers) : undefined;
  if (refusal) {
    sendWith(res, head, () => sendGraphQLError(res, policy, refusal));
    return;
  }
  const response = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: {
      method: (req.method ?? 'GET').toUpperCase(),
      headers: headerMapOf(req),
      search: searchOf(req.url),
      body,
    },
    context: async () => {
      const admitted = admission ?? (await admit());
      const context: HttpContext = createContext(options.services, admitted.caller);
      context[ADMISSION] = admitted;
      return context;
    },
  });
  await writeResponse(res, head, response);
}

function sendWith(res: ServerResponse, head: FlatHeaders, send: () => void): void {
  for (let i = 0; i < head.length; i += 2) res.setHeader(head[i]!, head[i + 1]!);
  send();
}

function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  const incoming = req.headers;
  for (const name in incoming) {
    const value = incoming[name];
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

function searchOf(url: string | undefined): string {
  const start = url?.indexOf('?') ?? -1;
  return start < 0 ? '' : url!.slice(start);
}

const CHARSET = /;\s*charset=/i;

async function writeResponse(
  res: ServerResponse,
  head: FlatHeaders,
  response: HTTPGraphQLResponse,
): Promise<void> {
  const out = head.slice();
  for (const [name, value] of response.headers) {
    // Text bodies are UTF-8; say so where Apollo's type does not (its landing page's text/html).
    const text =
      name === 'content-type' && !CHARSET.test(value) && response.body.kind === 'complete';
    out.push(name, text ? `${value}; charset=utf-8` : value);
  }
  const status = response.status ?? 200;
  if (response.body.kind === 'complete') {
    const text = response.body.string;
    out.push('content-length', String(Buffer.byteLength(text)));
    res.writeHead(status, out);
    res.end(text);
    return;
  }
  res.writeHead(status, out);
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
